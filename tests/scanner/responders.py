"""Faithful protocol responders on 127.0.0.1 for the exposure probes.

Each answers the way the real server does on the wire (message framing, status codes, headers and
bodies copied from the products' documented replies); none implements more than the probe needs.
The real servers are used where Debian packages them and they are installed (redis-server, the
machine's PostgreSQL, mariadbd): see ``test_probes.py``.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
from collections.abc import Callable, Mapping
from typing import Any

from cyberins.scanner import bson

Route = tuple[int, tuple[tuple[str, str], ...], bytes]
REASONS = {200: "OK", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}


def _read_http(conn: socket.socket) -> tuple[str, str, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    length = next(
        (int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0
    )
    while len(body) < length:
        chunk = conn.recv(4096)
        if not chunk:
            break
        body += chunk
    method, path, _ = lines[0].split(" ", 2)
    return method, path, body


def json_route(status: int, document: Any, *headers: tuple[str, str]) -> Route:
    return status, (("Content-Type", "application/json"), *headers), json.dumps(document).encode()


def text_route(status: int, text: str, *headers: tuple[str, str]) -> Route:
    return status, (("Content-Type", "text/plain; charset=utf-8"), *headers), text.encode()


#: what Go's net/http answers for an unknown path (Docker, etcd, Kubernetes are Go servers)
NOT_FOUND = text_route(404, "404 page not found\n")


def http_router(
    routes: Mapping[str, Route | Callable[[bytes], Route]],
    *,
    default: Route | None = None,
    common: tuple[tuple[str, str], ...] = (),
    chunked: bool = False,
) -> Callable[[socket.socket], None]:
    """An HTTP/1.1 server answering ``METHOD path`` (or ``path``) from ``routes``."""

    def handle(conn: socket.socket) -> None:
        request = _read_http(conn)
        if request is None:
            return
        method, path, body = request
        route = routes.get(f"{method} {path}", routes.get(path, default or NOT_FOUND))
        status, headers, payload = route(body) if callable(route) else route
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'OK')}"]
        lines += [f"{k}: {v}" for k, v in (*common, *headers)]
        if chunked:
            lines.append("Transfer-Encoding: chunked")
            payload = f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n\r\n"
        else:
            lines.append(f"Content-Length: {len(payload)}")
        lines.append("Connection: close")
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)

    return handle


# --- Memcached (text protocol, doc/protocol.txt) --------------------------------------------------


def memcached_handler(version: str = "1.6.21", *, sasl: bool = False) -> Callable[[socket.socket], None]:
    """Memcached's text protocol: ``version``/``stats``; with authentication on, CLIENT_ERROR before it."""

    def handle(conn: socket.socket) -> None:
        buffer = b""
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                return
            buffer += chunk
            while b"\n" in buffer:
                line, _, buffer = buffer.partition(b"\n")
                command = line.strip().split(b" ")[0]
                if sasl:
                    conn.sendall(b"CLIENT_ERROR unauthenticated\r\n")
                elif command == b"version":
                    conn.sendall(f"VERSION {version}\r\n".encode())
                elif command == b"stats":
                    stats = {"pid": 4242, "uptime": 86400, "version": version, "curr_connections": 2,
                             "curr_items": 1532, "total_items": 9001, "bytes": 524288}  # fmt: skip
                    conn.sendall(
                        b"".join(f"STAT {k} {v}\r\n".encode() for k, v in stats.items()) + b"END\r\n"
                    )
                elif command == b"quit":
                    return
                else:
                    conn.sendall(b"ERROR\r\n")

    return handle


# --- MongoDB (OP_MSG, wire protocol 3.6+) ---------------------------------------------------------


def _op_msg_reply(document: dict[str, Any], response_to: int) -> bytes:
    body = struct.pack("<I", 0) + b"\x00" + bson.encode(document)
    return struct.pack("<iiii", 16 + len(body), 7000 + response_to, response_to, 2013) + body


def mongodb_handler(version: str = "4.4.29", *, auth: bool) -> Callable[[socket.socket], None]:
    def handle(conn: socket.socket) -> None:
        while True:
            head = b""
            while len(head) < 16:
                chunk = conn.recv(16 - len(head))
                if not chunk:
                    return
                head += chunk
            length, request_id, _, opcode = struct.unpack("<iiii", head)
            rest = b""
            while len(rest) < length - 16:
                chunk = conn.recv(length - 16 - len(rest))
                if not chunk:
                    return
                rest += chunk
            if opcode != 2013 or rest[4] != 0:
                return  # MongoDB closes the connection on a message it cannot parse
            command, _ = bson.decode(rest, 5)
            name = next(iter(command))
            reply: dict[str, Any]
            if name in ("hello", "isMaster", "ismaster"):
                reply = {"helloOk": True, "isWritablePrimary": True, "topologyVersion": {"counter": 0},
                         "maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000,
                         "maxWriteBatchSize": 100000, "localTime": 0, "logicalSessionTimeoutMinutes": 30,
                         "connectionId": 17, "minWireVersion": 0, "maxWireVersion": 9, "readOnly": False,
                         "ok": 1.0}  # fmt: skip
            elif name == "buildInfo":
                reply = {"version": version, "gitVersion": "1c1c76aeca21c5983dc178920f5052c298db616c",
                         "versionArray": [int(p) for p in version.split(".")] + [0], "bits": 64,
                         "maxBsonObjectSize": 16777216, "ok": 1.0}  # fmt: skip
            elif name == "listDatabases" and not auth:
                reply = {
                    "databases": [{"name": "admin"}, {"name": "config"}, {"name": "customers"}],
                    "ok": 1.0,
                }
            else:
                reply = {"ok": 0.0, "errmsg": f"command {name} requires authentication", "code": 13,
                         "codeName": "Unauthorized"}  # fmt: skip
            conn.sendall(_op_msg_reply(reply, request_id))

    return handle


# --- PostgreSQL (frontend/backend protocol 3.0) ---------------------------------------------------


def _pg(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack(">i", len(payload) + 4) + payload


def postgresql_handler(*, method: str, version: str = "9.6.24") -> Callable[[socket.socket], None]:
    """``method``: "trust" (AuthenticationOk, parameters, ReadyForQuery), "md5", "scram" or "reject"."""

    def read_exact(conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise ConnectionError
            data += chunk
        return data

    def handle(conn: socket.socket) -> None:
        with contextlib.suppress(ConnectionError):
            while True:
                length, code = struct.unpack(">ii", read_exact(conn, 8))
                payload = read_exact(conn, length - 8)
                if code == 80877103:  # SSLRequest: this server has no TLS
                    conn.sendall(b"N")
                    continue
                if code != 196608 or b"user\x00" not in payload:
                    # what PostgreSQL answers to anything that is not a startup packet
                    fields = b"SFATAL\x00C08P01\x00Minvalid length of startup packet\x00\x00"
                    conn.sendall(_pg(b"E", fields))
                    return
                break
            if method == "trust":
                out = _pg(b"R", struct.pack(">i", 0))
                for key, value in (("server_version", version), ("server_encoding", "UTF8"),
                                   ("client_encoding", "UTF8"), ("DateStyle", "ISO, MDY")):  # fmt: skip
                    out += _pg(b"S", key.encode() + b"\x00" + value.encode() + b"\x00")
                out += _pg(b"K", struct.pack(">ii", 4242, 12345)) + _pg(b"Z", b"I")
                conn.sendall(out)
            elif method == "md5":
                conn.sendall(_pg(b"R", struct.pack(">i", 5) + b"\x01\x02\x03\x04"))
            elif method == "scram":
                conn.sendall(_pg(b"R", struct.pack(">i", 10) + b"SCRAM-SHA-256\x00\x00"))
            else:
                fields = b'SFATAL\x00VFATAL\x00C28000\x00Mno pg_hba.conf entry for host "127.0.0.1"\x00\x00'
                conn.sendall(_pg(b"E", fields))
            with contextlib.suppress(OSError):
                conn.recv(64)  # Terminate or close

    return handle


# --- MySQL / MariaDB (protocol 10 handshake) ------------------------------------------------------


def mysql_greeting(server_version: str) -> bytes:
    payload = (
        b"\x0a"
        + server_version.encode()
        + b"\x00"
        + struct.pack("<I", 31)
        + b"abcdefgh\x00"
        + struct.pack("<H", 0xF7FE)
        + b"\x21"
        + struct.pack("<H", 0x0002)
        + struct.pack("<H", 0x81BF)
        + b"\x15"
        + b"\x00" * 10
        + b"ijklmnopqrst\x00"
        + b"mysql_native_password\x00"
    )
    return struct.pack("<I", len(payload))[:3] + b"\x00" + payload


# --- FTP --------------------------------------------------------------------------------------


def ftp_handler(greeting: bytes, user_reply: bytes, seen: list[bytes]) -> Callable[[socket.socket], None]:
    """An FTP control connection; every command received is appended to ``seen``."""

    def handle(conn: socket.socket) -> None:
        conn.sendall(greeting)
        buffer = b""
        while True:
            chunk = conn.recv(1024)
            if not chunk:
                return
            buffer += chunk
            while b"\r\n" in buffer:
                line, _, buffer = buffer.partition(b"\r\n")
                verb = line.split(b" ")[0].upper()
                seen.append(line)
                if verb == b"USER":
                    conn.sendall(user_reply)
                elif verb == b"QUIT":
                    conn.sendall(b"221 Goodbye.\r\n")
                    return
                else:
                    conn.sendall(b"530 Please login with USER and PASS.\r\n")

    return handle


# --- SMB (MS-SMB2 2.2.4 / MS-CIFS 2.2.4.52.2) ---------------------------------------------------


def smb_handler(*, smb1: bool) -> Callable[[socket.socket], None]:
    """An SMB server: SMB2 NEGOTIATE answered; SMB1 NEGOTIATE answered (NT LM 0.12) only if ``smb1``."""

    def handle(conn: socket.socket) -> None:
        request = conn.recv(4096)
        if request[4:8] == b"\xfeSMB":
            header = b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ16s", 64, 0, 0, 0, 1, 1, 0, 0, 0xFEFF, 0, 0, b"")
            body = struct.pack(
                "<HHHH16sIIII", 65, 1, 0x0302, 0, b"lab-server-guid!", 0x2F, 8388608, 8388608, 8388608
            )
            message = header + body + bytes(16)
        elif request[4:8] == b"\xffSMB" and smb1:
            header = b"\xffSMB" + struct.pack(
                "<BIBHH8sHHHHH", 0x72, 0, 0x98, 0xC853, 0, b"", 0, 0, 0xFEFF, 0, 0
            )
            words = struct.pack("<HBHHIIIIQhB", 0, 3, 50, 1, 16644, 65536, 0, 0xE3FD, 0, 0, 8)
            message = header + b"\x11" + words + struct.pack("<H", 8) + b"\x01\x02\x03\x04\x05\x06\x07\x08"
        else:
            return  # an SMB2-only server drops an SMB1 negotiation
        conn.sendall(struct.pack(">I", len(message)) + message)

    return handle


# --- LDAP (RFC 4511, BER) -----------------------------------------------------------------------


def _ber(tag: int, content: bytes) -> bytes:
    size = len(content)
    length = bytes([size]) if size < 0x80 else bytes([0x82]) + size.to_bytes(2, "big")
    return bytes([tag]) + length + content


def ldap_handler(*, anonymous: bool) -> Callable[[socket.socket], None]:
    """OpenLDAP's answers: BindResponse (success, or inappropriateAuthentication 48), rootDSE entry."""

    def message(message_id: int, op: bytes) -> bytes:
        return _ber(0x30, _ber(0x02, bytes([message_id])) + op)

    def result(tag: int, code: int, text: str = "") -> bytes:
        return _ber(tag, _ber(0x0A, bytes([code])) + _ber(0x04, b"") + _ber(0x04, text.encode()))

    def handle(conn: socket.socket) -> None:
        while True:
            data = conn.recv(4096)
            if not data or data[0] != 0x30:
                return
            message_id = data[4]
            op = data[5]
            if op == 0x60:  # BindRequest
                if anonymous:
                    conn.sendall(message(message_id, result(0x61, 0)))
                else:
                    conn.sendall(message(message_id, result(0x61, 48, "anonymous bind disallowed")))
            elif op == 0x63:  # SearchRequest (rootDSE)
                values = {
                    "namingContexts": ["dc=yuanhai,dc=example"],
                    "supportedLDAPVersion": ["3"],
                }
                attributes = b"".join(
                    _ber(
                        0x30,
                        _ber(0x04, k.encode()) + _ber(0x31, b"".join(_ber(0x04, v.encode()) for v in vs)),
                    )
                    for k, vs in values.items()
                )
                entry = _ber(0x64, _ber(0x04, b"") + _ber(0x30, attributes))
                conn.sendall(message(message_id, entry) + message(message_id, result(0x65, 0)))
            elif op == 0x42:  # UnbindRequest
                return

    return handle
