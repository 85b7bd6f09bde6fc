"""The one place the scanner opens connections (so scope enforcement has a single choke point).

Every probe goes through :func:`connect`; callers pass an IP address that the engine resolved
*after* checking the scope. Replies are read with hard timeouts and size limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from dataclasses import dataclass

READ_LIMIT = 65536


class Unreachable(Exception):
    """The TCP connection could not be established (refused, timed out, unreachable)."""

    def __init__(self, reason: str, *, refused: bool = False, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.refused = refused
        self.timed_out = timed_out


def lenient_tls_context() -> ssl.SSLContext:
    """A client context that talks to anything (legacy versions included) and verifies nothing.

    It is used to *observe* a service, never to trust it; certificate validation happens in
    :mod:`cyberins.scanner.tls` on the collected chain.
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with contextlib.suppress(ValueError, ssl.SSLError):
        ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    with contextlib.suppress(ssl.SSLError):
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    return ctx


async def connect(
    ip: str,
    port: int,
    timeout: float,
    *,
    tls: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Open a TCP (optionally TLS) connection to an already authorised address."""
    try:
        return await asyncio.wait_for(
            asyncio.open_connection(
                ip,
                port,
                ssl=tls,
                server_hostname=(server_hostname or ip) if tls else None,
                limit=READ_LIMIT,
            ),
            timeout,
        )
    except ConnectionRefusedError as exc:
        raise Unreachable("connection refused", refused=True) from exc
    except TimeoutError as exc:
        raise Unreachable("timed out", timed_out=True) from exc


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(writer.wait_closed(), 1.0)


@dataclass(frozen=True)
class Reply:
    """What a probe got back."""

    data: bytes = b""
    #: nothing arrived before the timeout
    timed_out: bool = False
    #: the connection failed or broke (reset, TLS failure, refused mid-scan)
    error: str | None = None
    #: a TLS handshake completed
    tls: bool = False

    @property
    def answered(self) -> bool:
        return bool(self.data)


async def read_reply(reader: asyncio.StreamReader, timeout: float, *, idle: float = 0.3) -> Reply:
    """Read until EOF, ``READ_LIMIT``, the first timeout (nothing) or a short idle gap after data."""
    chunks: list[bytes] = []
    size = 0
    wait = timeout
    timed_out = False
    while size < READ_LIMIT:
        try:
            chunk = await asyncio.wait_for(reader.read(READ_LIMIT - size), wait)
        except TimeoutError:
            timed_out = not chunks
            break
        except (ConnectionError, ssl.SSLError, OSError) as exc:
            if not chunks:
                return Reply(error=type(exc).__name__)
            break
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        wait = idle
    data = b"".join(chunks)
    return Reply(data=data, timed_out=timed_out)


async def exchange(
    ip: str,
    port: int,
    payload: bytes | None,
    timeout: float,
    *,
    tls: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
    idle: float = 0.3,
) -> Reply:
    """Connect, optionally send ``payload``, and read the reply."""
    try:
        reader, writer = await connect(ip, port, timeout, tls=tls, server_hostname=server_hostname)
    except Unreachable as exc:
        return Reply(timed_out=exc.timed_out, error=None if exc.timed_out else exc.reason)
    except (ssl.SSLError, ConnectionError, OSError) as exc:
        return Reply(error=f"{type(exc).__name__}: {exc}")
    try:
        if payload:
            writer.write(payload)
            try:
                await asyncio.wait_for(writer.drain(), timeout)
            except (ConnectionError, OSError, TimeoutError) as exc:
                return Reply(error=type(exc).__name__, tls=tls is not None)
        reply = await read_reply(reader, timeout, idle=idle)
        return Reply(reply.data, reply.timed_out, reply.error, tls=tls is not None)
    finally:
        await close(writer)
