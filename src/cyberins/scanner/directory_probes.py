"""Read-only probes of file and directory services: anonymous FTP, SMBv1 negotiation, anonymous LDAP bind.

Like :mod:`cyberins.scanner.probes`, they never send a password and connect only through ``net.connect``
(so the target policy applies); they report an :class:`~cyberins.scanner.probes.Exposure`.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import struct

from cyberins.scanner import net
from cyberins.scanner.probes import Exposure, _open

# --- FTP --------------------------------------------------------------------------------------

_ANONYMOUS_OK = re.compile(r"anonymous|guest|e-?mail|ident", re.IGNORECASE)


async def _ftp_reply(reader: asyncio.StreamReader, timeout: float) -> str:
    """One (possibly multi-line) FTP reply."""
    lines: list[str] = []
    while len(lines) < 50:
        line = (await asyncio.wait_for(reader.readline(), timeout)).decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            break
        lines.append(line)
        if re.match(r"\d{3} ", line) and (len(lines) == 1 or line[:3] == lines[0][:3]):
            break
    return "\n".join(lines)


async def ftp_anonymous(ip: str, port: int, timeout: float) -> Exposure:
    """``USER anonymous`` and nothing more: 230 is anonymous access; 331 asking for an e-mail offers it."""
    opened = await _open(ip, port, timeout)
    if opened is None:
        return Exposure("FTP", "unknown", "FTP did not accept a connection")
    reader, writer = opened
    try:
        greeting = await _ftp_reply(reader, timeout)
        if not greeting.startswith("220"):
            return Exposure("FTP", "unknown", f"no FTP greeting ({greeting[:40]})")
        writer.write(b"USER anonymous\r\n")
        await asyncio.wait_for(writer.drain(), timeout)
        reply = await _ftp_reply(reader, timeout)
        with contextlib.suppress(Exception):
            writer.write(b"QUIT\r\n")
            await asyncio.wait_for(writer.drain(), timeout)
    except (TimeoutError, ConnectionError, OSError, ValueError):
        return Exposure("FTP", "unknown", "FTP USER exchange did not complete")
    finally:
        await net.close(writer)
    first = reply.splitlines()[0] if reply else ""
    if first.startswith("230"):
        return Exposure("FTP", "none", f"USER anonymous logged in without a password: {first[:80]}")
    if first.startswith("331") and _ANONYMOUS_OK.search(first):
        return Exposure(
            "FTP", "offered", f"USER anonymous accepted, the server asks for an e-mail: {first[:80]}"
        )
    return Exposure("FTP", "required", f"USER anonymous answered: {first[:80]}")


# --- SMBv1 ----------------------------------------------------------------------------------------


def _smb1_negotiate() -> bytes:
    """An SMB_COM_NEGOTIATE offering only the NT LM 0.12 dialect (MS-CIFS 2.2.4.52.1)."""
    header = b"\xffSMB" + struct.pack("<BIBHH8sHHHHH", 0x72, 0, 0x18, 0xC853, 0, b"", 0, 0, 0xFEFF, 0, 0)
    dialects = b"\x02NT LM 0.12\x00"
    message = header + b"\x00" + struct.pack("<H", len(dialects)) + dialects
    return struct.pack(">I", len(message)) + message


SMB1_NEGOTIATE = _smb1_negotiate()


def smb1_accepted(data: bytes) -> bool:
    """An SMB1 NEGOTIATE response with status 0 that selected a dialect (index 0, not 0xFFFF)."""
    if len(data) < 4 + 32 + 3 or data[4:8] != b"\xffSMB" or data[8] != 0x72:
        return False
    status = struct.unpack_from("<I", data, 9)[0]
    word_count = data[36]
    if status != 0 or word_count == 0:
        return False
    (dialect,) = struct.unpack_from("<H", data, 37)
    return dialect != 0xFFFF


async def smb1(ip: str, port: int, timeout: float) -> Exposure:
    reply = await net.exchange(ip, port, SMB1_NEGOTIATE, timeout, idle=0.2)
    if smb1_accepted(reply.data):
        return Exposure("SMB", "smb1", "SMBv1 (NT LM 0.12) negotiated: SMB1_COM_NEGOTIATE accepted")
    if reply.data[4:8] == b"\xffSMB":
        return Exposure("SMB", "no-smb1", "SMB1 NEGOTIATE answered without selecting a dialect")
    return Exposure("SMB", "no-smb1", "SMB1 NEGOTIATE refused (connection closed or no SMB1 reply)")


# --- LDAP (anonymous bind, rootDSE) ----------------------------------------------------------------


def _ber(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        length = bytes([size])
    else:
        raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def _ber_int(value: int) -> bytes:
    return _ber(0x02, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True))


#: BindRequest: version 3, empty name, simple authentication, empty password (anonymous, RFC 4513 5.1.1)
LDAP_ANONYMOUS_BIND = _ber(0x30, _ber_int(1) + _ber(0x60, _ber_int(3) + _ber(0x04, b"") + _ber(0x80, b"")))
ROOT_DSE_ATTRIBUTES = ("namingContexts", "vendorName", "vendorVersion", "supportedLDAPVersion")
#: SearchRequest for the rootDSE: base "", scope base, (objectClass=*), a few attributes
LDAP_ROOT_DSE = _ber(
    0x30,
    _ber_int(2)
    + _ber(
        0x63,
        _ber(0x04, b"")
        + _ber(0x0A, b"\x00")
        + _ber(0x0A, b"\x00")
        + _ber_int(0)
        + _ber_int(10)
        + _ber(0x01, b"\x00")
        + _ber(0x87, b"objectClass")
        + _ber(0x30, b"".join(_ber(0x04, a.encode()) for a in ROOT_DSE_ATTRIBUTES)),
    ),
)


def ber_read(data: bytes, offset: int = 0) -> tuple[int, bytes, int]:
    """``(tag, content, next offset)`` of the TLV at ``offset``; ``ValueError`` if truncated."""
    if offset + 2 > len(data):
        raise ValueError("truncated")
    tag, first = data[offset], data[offset + 1]
    pos = offset + 2
    if first & 0x80:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise ValueError("bad length")
        size = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    else:
        size = first
    if pos + size > len(data):
        raise ValueError("truncated")
    return tag, data[pos : pos + size], pos + size


def ldap_messages(data: bytes) -> list[tuple[int, bytes]]:
    """``(protocolOp tag, its content)`` of each complete LDAPMessage in ``data``."""
    found = []
    offset = 0
    while offset < len(data):
        try:
            tag, message, offset = ber_read(data, offset)
            if tag != 0x30:
                break
            _, _, inner = ber_read(message)  # messageID
            op_tag, op, _ = ber_read(message, inner)
        except ValueError:
            break
        found.append((op_tag, op))
    return found


def ldap_result_code(op: bytes) -> int | None:
    try:
        tag, code, _ = ber_read(op)
    except ValueError:
        return None
    return int.from_bytes(code, "big") if tag == 0x0A else None


def _ldap_attributes(entry: bytes) -> dict[str, list[str]]:
    attributes: dict[str, list[str]] = {}
    _, _, pos = ber_read(entry)  # objectName
    _, listing, _ = ber_read(entry, pos)
    offset = 0
    while offset < len(listing):
        _, partial, offset = ber_read(listing, offset)
        _, name, inner = ber_read(partial)
        _, values, _ = ber_read(partial, inner)
        items, cursor = [], 0
        while cursor < len(values):
            _, value, cursor = ber_read(values, cursor)
            items.append(value.decode("utf-8", "replace"))
        attributes[name.decode("utf-8", "replace")] = items
    return attributes


async def ldap_anonymous(ip: str, port: int, timeout: float) -> Exposure:
    """An anonymous simple bind and one rootDSE read (base scope), then unbind."""
    opened = await _open(ip, port, timeout)
    if opened is None:
        return Exposure("LDAP", "unknown", "LDAP did not accept a connection")
    reader, writer = opened
    attributes: dict[str, list[str]] = {}
    try:
        writer.write(LDAP_ANONYMOUS_BIND)
        await asyncio.wait_for(writer.drain(), timeout)
        bind = ldap_messages((await net.read_reply(reader, timeout, idle=0.2)).data)
        if not bind or bind[0][0] != 0x61:
            return Exposure("LDAP", "unknown", "no BindResponse")
        code = ldap_result_code(bind[0][1])
        if code != 0:
            return Exposure("LDAP", "required", f"anonymous bind refused (resultCode {code})")
        writer.write(LDAP_ROOT_DSE)
        await asyncio.wait_for(writer.drain(), timeout)
        for tag, op in ldap_messages((await net.read_reply(reader, timeout, idle=0.2)).data):
            if tag == 0x64:
                with contextlib.suppress(ValueError):
                    attributes = _ldap_attributes(op)
        with contextlib.suppress(Exception):
            writer.write(_ber(0x30, _ber_int(3) + _ber(0x42, b"")))  # UnbindRequest
            await asyncio.wait_for(writer.drain(), timeout)
    except (TimeoutError, ConnectionError, OSError):
        return Exposure("LDAP", "unknown", "LDAP exchange did not complete")
    finally:
        await net.close(writer)
    contexts = ", ".join(attributes.get("namingContexts", [])) or "none listed"
    vendor = " ".join(attributes.get("vendorName", []) + attributes.get("vendorVersion", [])).strip()
    return Exposure(
        "LDAP",
        "none",
        f"anonymous bind accepted; rootDSE namingContexts: {contexts}"
        + (f"; vendor: {vendor}" if vendor else ""),
    )
