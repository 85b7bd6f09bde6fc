"""A minimal BSON codec (bsonspec.org 1.1) for the MongoDB probe: enough to send a command and read its reply.

Encodes str, bool, int (int32/int64), float, None, dict and list; decodes every type a command
reply carries (binary, ObjectId, dates and timestamps are returned as raw values).
"""

from __future__ import annotations

import struct
from typing import Any


class BsonError(ValueError):
    pass


def _cstring(text: str) -> bytes:
    raw = text.encode()
    if b"\x00" in raw:
        raise BsonError("NUL in a key")
    return raw + b"\x00"


def _element(key: str, value: Any) -> bytes:
    name = _cstring(key)
    if isinstance(value, bool):
        return b"\x08" + name + (b"\x01" if value else b"\x00")
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return b"\x10" + name + struct.pack("<i", value)
        return b"\x12" + name + struct.pack("<q", value)
    if isinstance(value, float):
        return b"\x01" + name + struct.pack("<d", value)
    if isinstance(value, str):
        raw = value.encode() + b"\x00"
        return b"\x02" + name + struct.pack("<i", len(raw)) + raw
    if value is None:
        return b"\x0a" + name
    if isinstance(value, dict):
        return b"\x03" + name + encode(value)
    if isinstance(value, (list, tuple)):
        return b"\x04" + name + encode({str(i): v for i, v in enumerate(value)})
    raise BsonError(f"cannot encode {type(value).__name__}")


def encode(document: dict[str, Any]) -> bytes:
    body = b"".join(_element(k, v) for k, v in document.items())
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def decode(data: bytes, offset: int = 0) -> tuple[dict[str, Any], int]:
    """The document at ``offset`` and the offset after it."""
    try:
        return _decode(data, offset)
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise BsonError(str(exc)) from exc


def _decode(data: bytes, offset: int) -> tuple[dict[str, Any], int]:
    (size,) = struct.unpack_from("<i", data, offset)
    end = offset + size
    if size < 5 or end > len(data) or data[end - 1] != 0:
        raise BsonError("bad document length")
    pos = offset + 4
    result: dict[str, Any] = {}
    while pos < end - 1:
        kind = data[pos]
        nul = data.index(b"\x00", pos + 1)
        key = data[pos + 1 : nul].decode()
        pos = nul + 1
        value: Any
        if kind == 0x01:
            (value,) = struct.unpack_from("<d", data, pos)
            pos += 8
        elif kind in (0x02, 0x0D, 0x0E):
            (length,) = struct.unpack_from("<i", data, pos)
            value = data[pos + 4 : pos + 4 + length - 1].decode("utf-8", "replace")
            pos += 4 + length
        elif kind in (0x03, 0x04):
            value, pos = _decode(data, pos)
            if kind == 0x04:
                value = list(value.values())
        elif kind == 0x05:
            (length,) = struct.unpack_from("<i", data, pos)
            value = data[pos + 5 : pos + 5 + length]
            pos += 5 + length
        elif kind == 0x07:
            value = data[pos : pos + 12].hex()
            pos += 12
        elif kind == 0x08:
            value = data[pos] != 0
            pos += 1
        elif kind in (0x09, 0x11, 0x12):
            (value,) = struct.unpack_from("<q", data, pos)
            pos += 8
        elif kind in (0x0A, 0x06, 0xFF, 0x7F):
            value = None
        elif kind == 0x0B:
            first = data.index(b"\x00", pos)
            second = data.index(b"\x00", first + 1)
            value = data[pos:first].decode("utf-8", "replace")
            pos = second + 1
        elif kind == 0x10:
            (value,) = struct.unpack_from("<i", data, pos)
            pos += 4
        elif kind == 0x13:
            value = data[pos : pos + 16]
            pos += 16
        else:
            raise BsonError(f"unsupported BSON type 0x{kind:02x}")
        result[key] = value
    return result, end
