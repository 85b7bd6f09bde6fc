"""Microsoft SQL Server: the version from a TDS PRELOGIN exchange ([MS-TDS] 2.2.6.5), no login.

The server answers PRELOGIN before any authentication with its VERSION option: major, minor and
build (``UL_VERSION``: 1 + 1 + 2 bytes big-endian, then a 2-byte sub-build), e.g. ``15.0.2000``
for SQL Server 2019 RTM. The release name and the endoflife.date cycle follow from major.minor.
"""

from __future__ import annotations

import struct

from cyberins.scanner.software import Software

#: major.minor → (release name, endoflife.date ``mssqlserver`` cycle). Builds before the final
#: service pack are mapped to it too: its end of support is the release's last one.
SQL_SERVER_RELEASES: dict[str, tuple[str, str]] = {
    "8.0": ("SQL Server 2000", "8.0-sp4"),
    "9.0": ("SQL Server 2005", "9.0-sp4"),
    "10.0": ("SQL Server 2008", "10.0-sp4"),
    "10.50": ("SQL Server 2008 R2", "10.50-sp3"),
    "11.0": ("SQL Server 2012", "11.0-sp4"),
    "12.0": ("SQL Server 2014", "12.0-sp3"),
    "13.0": ("SQL Server 2016", "13.0-sp3"),
    "14.0": ("SQL Server 2017", "14.0"),
    "15.0": ("SQL Server 2019", "15.0"),
    "16.0": ("SQL Server 2022", "16.0"),
    "17.0": ("SQL Server 2025", "17.0"),
}


def _packet(packet_type: int, payload: bytes) -> bytes:
    # header: type, status 0x01 (end of message), length, SPID 0, packet id 1, window 0
    return struct.pack(">BBHHBB", packet_type, 0x01, 8 + len(payload), 0, 1, 0) + payload


def _prelogin_payload() -> bytes:
    # options VERSION (0x00, 6 bytes) and ENCRYPTION (0x01, 1 byte: 0x02 = not supported), terminator
    options_length = 2 * 5 + 1
    tokens = struct.pack(">BHH", 0x00, options_length, 6) + struct.pack(">BHH", 0x01, options_length + 6, 1)
    return tokens + b"\xff" + b"\x00" * 6 + b"\x02"


PRELOGIN = _packet(0x12, _prelogin_payload())


def parse_prelogin_version(data: bytes) -> str | None:
    """``major.minor.build`` from a PRELOGIN response (TDS packet type 0x04), or None."""
    if len(data) < 8 or data[0] != 0x04:
        return None
    payload = data[8 : struct.unpack(">H", data[2:4])[0]]
    position = 0
    while position + 5 <= len(payload) and payload[position] != 0xFF:
        token, offset, length = struct.unpack(">BHH", payload[position : position + 5])
        if token == 0x00 and length >= 6 and offset + 6 <= len(payload):
            major, minor, build = struct.unpack(">BBH", payload[offset : offset + 4])
            return f"{major}.{minor}.{build}"
        position += 5
    return None


def sql_server_software(version: str) -> Software:
    return Software("microsoft:sql_server", version, f"TDS PRELOGIN version {version}")


def release_of(version: str) -> tuple[str, str] | None:
    """``(release name, endoflife.date cycle)`` of a ``major.minor.build`` version."""
    major_minor = ".".join(version.split(".")[:2])
    return SQL_SERVER_RELEASES.get(major_minor)
