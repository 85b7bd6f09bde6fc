"""Microsoft SQL Server version from the TDS PRELOGIN answer, and its end of support."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cyberins.scanner import ScanOptions, Scope, Target, assess
from cyberins.scanner.findings import Confidence
from cyberins.scanner.tds import PRELOGIN, parse_prelogin_version, release_of
from tests.loopback import LOOPBACK, Server

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def prelogin_response(major: int, minor: int, build: int) -> bytes:
    """What SQL Server sends back ([MS-TDS] 2.2.6.5): VERSION, ENCRYPTION, INSTOPT, terminator."""
    header_length = 3 * 5 + 1
    options = (
        struct.pack(">BHH", 0x00, header_length, 6)
        + struct.pack(">BHH", 0x01, header_length + 6, 1)
        + struct.pack(">BHH", 0x02, header_length + 7, 1)
        + b"\xff"
    )
    payload = options + struct.pack(">BBHH", major, minor, build, 0) + b"\x00" + b"\x00"
    return struct.pack(">BBHHBB", 0x04, 0x01, 8 + len(payload), 0, 1, 0) + payload


def sql_server(major: int, minor: int, build: int, seen: list[bytes]):  # type: ignore[no-untyped-def]
    def handle(conn: socket.socket) -> None:
        request = conn.recv(4096)
        seen.append(request)
        if request[:1] == b"\x12":  # PRELOGIN: answer; anything else (a login) is never sent
            conn.sendall(prelogin_response(major, minor, build))

    return handle


@pytest.fixture
def sql2012() -> Iterator[tuple[Server, list[bytes]]]:
    seen: list[bytes] = []
    server = Server(sql_server(11, 0, 7001, seen))
    yield server, seen
    server.close()


def test_the_prelogin_request_is_well_formed() -> None:
    packet_type, status, length = struct.unpack(">BBH", PRELOGIN[:4])
    assert (packet_type, status, length) == (0x12, 0x01, len(PRELOGIN))


@pytest.mark.parametrize(
    ("version", "release"),
    [
        ((10, 50, 6000), "SQL Server 2008 R2"),
        ((15, 0, 2000), "SQL Server 2019"),
        ((16, 0, 1000), "SQL Server 2022"),
    ],
)
def test_the_version_option_is_read(version: tuple[int, int, int], release: str) -> None:
    text = parse_prelogin_version(prelogin_response(*version))
    assert text == ".".join(map(str, version))
    assert release_of(text)[0] == release  # type: ignore[index]


def test_a_non_tds_answer_has_no_version() -> None:
    assert parse_prelogin_version(b"HTTP/1.1 400 Bad Request\r\n\r\n") is None
    assert parse_prelogin_version(b"\x04\x01\x00\x08\x00\x00\x01\x00") is None  # no options


def test_an_old_sql_server_is_identified_and_end_of_life(sql2012: tuple[Server, list[bytes]]) -> None:
    server, seen = sql2012
    options = ScanOptions(timeout=1.0, use_nmap=False)
    target = Target(LOOPBACK, server.port, service="mssql")
    result = assess(Scope.from_declared([server.target]), [target], now=NOW, options=options)
    (service,) = result.targets[0].services
    assert service.service == "mssql"
    assert service.software == ("Microsoft SQL Server 11.0.7001",)
    exposed = [f for f in result.findings if f.check == "datastore.exposed"]
    assert exposed
    assert exposed[0].confidence is Confidence.CONFIRMED  # identified by its answer, not the port number
    (eol,) = [f for f in result.findings if f.check == "software.eol"]
    assert "SQL Server 2012" in eol.evidence
    assert "2022-07-12" in eol.evidence  # extended support ended (Microsoft lifecycle, endoflife.date)
    assert [r[:1] for r in seen if r] == [b"\x12"]  # one PRELOGIN, no login attempted
