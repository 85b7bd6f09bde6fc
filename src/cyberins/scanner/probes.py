"""Read-only exposure probes: does a datastore or control plane answer without credentials?

Each probe opens its own connection through :func:`cyberins.scanner.net.connect` (so the scope
and target policy already checked by the engine apply), sends the smallest read-only request that
answers the question, and reports the product and version where the protocol reveals them. No
password is ever guessed: the only identities used are the ones a protocol defines as anonymous
(``USER anonymous`` on FTP, an anonymous LDAP bind) and PostgreSQL's default ``postgres`` role in
a startup message, to which a server either answers "authentication OK" (trust) or names the
authentication it requires; the probe then terminates the session without a query.

=============  ===========================================================================
Memcached      ``version`` and ``stats`` (text protocol)
MongoDB        OP_MSG ``hello``, ``buildInfo``, ``listDatabases {nameOnly: true}``
PostgreSQL     startup message → AuthenticationOk (trust) or the authentication requested
MySQL/MariaDB  the handshake greeting (version)
Elasticsearch  ``GET /`` and ``GET /_cat/indices``; OpenSearch by ``version.distribution``
CouchDB        ``GET /`` and ``GET /_all_dbs``
Docker API     ``GET /version``
Kubernetes     ``GET /version``, ``GET /api/v1/namespaces``; kubelet ``GET /pods``
etcd           ``GET /version``, ``GET /v2/keys``, v3 ``POST /v3/kv/range`` (count only)
FTP            ``USER anonymous`` (no password is sent)
SMB            SMB1 NEGOTIATE offering only NT LM 0.12 (is SMBv1 enabled?)
LDAP           anonymous simple bind, one rootDSE search (base scope), unbind
=============  ===========================================================================
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import struct
from dataclasses import dataclass, field
from typing import Any

from cyberins.scanner import bson, net
from cyberins.scanner.http import USER_AGENT, HttpResponse, parse_response
from cyberins.scanner.software import Software


@dataclass
class Exposure:
    """What an exposure probe learnt about one service."""

    product: str
    #: "none" (answered without credentials), "required", or "unknown" (the probe did not complete)
    auth: str
    evidence: str
    software: list[Software] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------------


async def _open(
    ip: str, port: int, timeout: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    try:
        return await net.connect(ip, port, timeout)
    except (net.Unreachable, OSError):
        return None


def _dechunk(body: bytes) -> bytes:
    out = b""
    rest = body
    while rest:
        size_line, sep, rest = rest.partition(b"\r\n")
        if not sep:
            break
        try:
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return body
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2 :]
    return out


def json_body(response: HttpResponse) -> Any:
    body = response.body
    if (response.header("transfer-encoding") or "").lower() == "chunked":
        body = _dechunk(body)
    try:
        return json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return None


async def http_request(
    ip: str,
    port: int,
    path: str,
    timeout: float,
    *,
    tls: bool = False,
    hostname: str | None = None,
    method: str = "GET",
    body: bytes = b"",
) -> HttpResponse | None:
    """One HTTP/1.1 request (``Connection: close``); ``None`` if no HTTP answer came back."""
    host = hostname or ip
    host_header = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host_header}",
        f"User-Agent: {USER_AGENT}",
        "Accept: application/json",
        "Connection: close",
    ]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii", "replace") + body
    context = net.lenient_tls_context() if tls else None
    reply = await net.exchange(ip, port, request, timeout, tls=context, server_hostname=host)
    return parse_response(reply.data)


# --- Memcached ------------------------------------------------------------------------------------

MEMCACHED_VERSION = b"version\r\n"


async def memcached(ip: str, port: int, timeout: float) -> Exposure:
    reply = await net.exchange(ip, port, b"stats\r\n", timeout, idle=0.2)
    text = reply.data.decode("utf-8", "replace")
    if "STAT pid" in text or "STAT version" in text:
        stats = dict(re.findall(r"STAT (\w+) (\S+)", text))
        version = stats.get("version", "")
        software = [Software("memcached:memcached", version, f"stats version {version}")] if version else []
        items = stats.get("curr_items", "?")
        return Exposure(
            "Memcached",
            "none",
            f"Memcached {version} answered stats without authentication (curr_items {items})",
            software,
        )
    if "unauthenticated" in text.lower() or text.startswith(("ERROR", "CLIENT_ERROR")):
        return Exposure("Memcached", "required", f"Memcached refused stats: {text.strip()[:60]}")
    return Exposure("Memcached", "unknown", "Memcached stats did not answer")


# --- MongoDB --------------------------------------------------------------------------------------

OP_MSG = 2013


def op_msg(document: dict[str, Any], request_id: int = 1) -> bytes:
    body = struct.pack("<I", 0) + b"\x00" + bson.encode(document)
    return struct.pack("<iiii", 16 + len(body), request_id, 0, OP_MSG) + body


MONGODB_HELLO = op_msg({"hello": 1, "$db": "admin"})


def parse_op_msg(data: bytes) -> dict[str, Any] | None:
    """The body document of an OP_MSG reply, or ``None``."""
    if len(data) < 21:
        return None
    length, _, _, opcode = struct.unpack_from("<iiii", data)
    if opcode != OP_MSG or length > len(data) or data[20] != 0:
        return None
    try:
        document, _ = bson.decode(data, 21)
    except bson.BsonError:
        return None
    return document


async def _mongo_command(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    document: dict[str, Any],
    rid: int,
    timeout: float,
) -> dict[str, Any] | None:
    writer.write(op_msg(document, rid))
    await asyncio.wait_for(writer.drain(), timeout)
    head = await asyncio.wait_for(reader.readexactly(4), timeout)
    (length,) = struct.unpack("<i", head)
    if not 21 <= length <= 16 * 1024 * 1024:
        return None
    rest = await asyncio.wait_for(reader.readexactly(length - 4), timeout)
    return parse_op_msg(head + rest)


async def mongodb(ip: str, port: int, timeout: float) -> Exposure:
    opened = await _open(ip, port, timeout)
    if opened is None:
        return Exposure("MongoDB", "unknown", "MongoDB did not accept a connection")
    reader, writer = opened
    try:
        hello = await _mongo_command(reader, writer, {"hello": 1, "$db": "admin"}, 1, timeout)
        build = await _mongo_command(reader, writer, {"buildInfo": 1, "$db": "admin"}, 2, timeout)
        listing = await _mongo_command(
            reader, writer, {"listDatabases": 1, "nameOnly": True, "$db": "admin"}, 3, timeout
        )
    except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError):
        return Exposure("MongoDB", "unknown", "MongoDB commands did not complete")
    finally:
        await net.close(writer)
    software = []
    version = str((build or {}).get("version", ""))
    if re.match(r"\d+\.\d+", version):
        software.append(Software("mongodb:mongodb", version, f"buildInfo version {version}"))
    label = f"MongoDB {version}".strip()
    wire = (hello or {}).get("maxWireVersion")
    if listing and listing.get("ok") in (1, 1.0, True) and "databases" in listing:
        names = [str(d.get("name")) for d in listing["databases"] if isinstance(d, dict)]
        return Exposure(
            "MongoDB",
            "none",
            f"{label} listed {len(names)} databases without authentication ({', '.join(names[:5])})",
            software,
        )
    if listing is not None:
        code = listing.get("code")
        return Exposure(
            "MongoDB",
            "required",
            f"{label} requires authentication (listDatabases: code {code}, {listing.get('codeName', '')}; "
            f"maxWireVersion {wire})",
            software,
        )
    return Exposure("MongoDB", "unknown", f"{label} gave no listDatabases reply", software)


# --- PostgreSQL -----------------------------------------------------------------------------------

#: SSLRequest (protocol code 80877103): a server answers one byte, S or N, before any authentication
POSTGRES_SSL_REQUEST = struct.pack(">ii", 8, 80877103)
#: AuthenticationRequest codes (PostgreSQL protocol 3.0)
POSTGRES_AUTH = {
    0: "none (trust)",
    2: "Kerberos V5",
    3: "cleartext password",
    5: "MD5 password",
    7: "GSSAPI",
    9: "SSPI",
    10: "SASL (SCRAM-SHA-256)",
}


def postgres_startup(user: str = "postgres", database: str = "postgres") -> bytes:
    params = b""
    for key, value in (("user", user), ("database", database), ("application_name", "cyberins-healthcheck")):
        params += key.encode() + b"\x00" + value.encode() + b"\x00"
    params += b"\x00"
    return struct.pack(">ii", 8 + len(params), 196608) + params


async def postgresql(ip: str, port: int, timeout: float) -> Exposure:
    """Startup as ``postgres``: trust answers AuthenticationOk; then Terminate, no query is sent."""
    opened = await _open(ip, port, timeout)
    if opened is None:
        return Exposure("PostgreSQL", "unknown", "PostgreSQL did not accept a connection")
    reader, writer = opened
    params: dict[str, str] = {}
    auth: int | None = None
    error = ""
    try:
        writer.write(postgres_startup())
        await asyncio.wait_for(writer.drain(), timeout)
        for _ in range(64):
            head = await asyncio.wait_for(reader.readexactly(5), timeout)
            kind, length = head[:1], struct.unpack(">i", head[1:])[0]
            if not 4 <= length <= 65536:
                break
            payload = await asyncio.wait_for(reader.readexactly(length - 4), timeout)
            if kind == b"R":
                auth = struct.unpack(">i", payload[:4])[0]
                if auth != 0:
                    break
            elif kind == b"S":
                key, _, value = payload.rstrip(b"\x00").partition(b"\x00")
                params[key.decode("utf-8", "replace")] = value.decode("utf-8", "replace")
            elif kind == b"E":
                fields = {
                    part[:1].decode(): part[1:].decode("utf-8", "replace")
                    for part in payload.split(b"\x00")
                    if part
                }
                error = f"{fields.get('C', '')} {fields.get('M', '')}".strip()
                break
            elif kind == b"Z":
                break
    except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.write(b"X\x00\x00\x00\x04")  # Terminate
            await asyncio.wait_for(writer.drain(), timeout)
        await net.close(writer)
    software = []
    version = params.get("server_version", "")
    match = re.match(r"(\d+(?:\.\d+)?)", version)
    if match:
        software.append(Software("postgresql:postgresql", match.group(1), f"server_version {version}"))
    if auth == 0:
        return Exposure(
            "PostgreSQL",
            "none",
            f"PostgreSQL {version} accepted the role postgres without a password "
            "(trust authentication)".replace("  ", " "),
            software,
        )
    if auth is not None:
        method = POSTGRES_AUTH.get(auth, f"method {auth}")
        return Exposure("PostgreSQL", "required", f"PostgreSQL requires authentication: {method}", software)
    if error:
        return Exposure("PostgreSQL", "required", f"PostgreSQL refused the startup: {error[:120]}", software)
    return Exposure("PostgreSQL", "unknown", "PostgreSQL startup did not complete", software)


# --- HTTP datastores and control planes -----------------------------------------------------------


def _ok_json(response: HttpResponse | None) -> Any:
    return json_body(response) if response is not None and response.status == 200 else None


async def elasticsearch(ip: str, port: int, timeout: float, *, tls: bool, hostname: str | None) -> Exposure:
    root = await http_request(ip, port, "/", timeout, tls=tls, hostname=hostname)
    data = _ok_json(root)
    if not isinstance(data, dict):
        status = root.status if root is not None else "no answer"
        return Exposure("Elasticsearch", "required", f"GET / answered {status} (authentication required)")
    found = data.get("version")
    version: dict[str, Any] = found if isinstance(found, dict) else {}
    number = str(version.get("number", ""))
    opensearch = version.get("distribution") == "opensearch"
    product = "OpenSearch" if opensearch else "Elasticsearch"
    software = []
    if re.match(r"\d+\.\d+\.\d+$", number):
        cpe = "amazon:opensearch" if opensearch else "elastic:elasticsearch"
        software.append(Software(cpe, number, f"GET / version.number {number}"))
    indices = await http_request(ip, port, "/_cat/indices?h=index", timeout, tls=tls, hostname=hostname)
    listed = ""
    if indices is not None and indices.status == 200:
        names = [n for n in indices.body.decode("utf-8", "replace").split() if n]
        listed = f"; GET /_cat/indices listed {len(names)} indices"
    return Exposure(
        product,
        "none",
        f"{product} {number} answered GET / without credentials{listed}".replace("  ", " "),
        software,
    )


async def couchdb(ip: str, port: int, timeout: float, *, tls: bool, hostname: str | None) -> Exposure:
    root = _ok_json(await http_request(ip, port, "/", timeout, tls=tls, hostname=hostname))
    version = str(root.get("version", "")) if isinstance(root, dict) else ""
    software = [Software("apache:couchdb", version, f"GET / version {version}")] if version else []
    dbs = await http_request(ip, port, "/_all_dbs", timeout, tls=tls, hostname=hostname)
    listing = _ok_json(dbs)
    if isinstance(listing, list):
        return Exposure(
            "CouchDB",
            "none",
            f"CouchDB {version} listed {len(listing)} databases (GET /_all_dbs) without credentials",
            software,
        )
    status = dbs.status if dbs is not None else "no answer"
    return Exposure("CouchDB", "required", f"CouchDB {version}: GET /_all_dbs answered {status}", software)


def classify_version(data: Any) -> str | None:
    """Which control plane a ``GET /version`` JSON document comes from."""
    if not isinstance(data, dict):
        return None
    if "etcdserver" in data and "etcdcluster" in data:
        return "etcd"
    if "ApiVersion" in data and "Version" in data:
        return "docker"
    if "gitVersion" in data and "major" in data:
        return "kubernetes"
    return None


async def control_plane(
    ip: str, port: int, timeout: float, *, tls: bool, hostname: str | None, kubelet: bool = False
) -> Exposure | None:
    """Docker Engine API, Kubernetes API server or kubelet, or etcd on an HTTP port; else ``None``."""
    if kubelet:
        pods = await http_request(ip, port, "/pods", timeout, tls=tls, hostname=hostname)
        listing = _ok_json(pods)
        if isinstance(listing, dict) and listing.get("kind") == "PodList":
            count = len(listing.get("items") or [])
            return Exposure(
                "Kubernetes kubelet", "none", f"kubelet listed {count} pods (GET /pods) without credentials"
            )
        if pods is not None and pods.status in (401, 403):
            return Exposure("Kubernetes kubelet", "required", f"kubelet GET /pods answered {pods.status}")
    data = _ok_json(await http_request(ip, port, "/version", timeout, tls=tls, hostname=hostname))
    kind = classify_version(data)
    if not isinstance(data, dict):
        return None
    if kind == "docker":
        version = str(data.get("Version", ""))
        software = [Software("docker:docker", version, f"GET /version {version}")] if version else []
        return Exposure(
            "Docker Engine API",
            "none",
            f"Docker Engine {version} API {data.get('ApiVersion')} answered GET /version without credentials "
            "(the API gives root on the host)",
            software,
        )
    if kind == "etcd":
        version = str(data.get("etcdserver", ""))
        software = [Software("etcd:etcd", version, f"GET /version etcdserver {version}")] if version else []
        keys = await http_request(ip, port, "/v2/keys", timeout, tls=tls, hostname=hostname)
        if _ok_json(keys) is not None:
            return Exposure(
                "etcd", "none", f"etcd {version} answered GET /v2/keys without credentials", software
            )
        probe = json.dumps({"key": "AA==", "range_end": "AA==", "count_only": True}).encode()
        ranged = await http_request(
            ip, port, "/v3/kv/range", timeout, tls=tls, hostname=hostname, method="POST", body=probe
        )
        answer = _ok_json(ranged)
        if isinstance(answer, dict) and "header" in answer and "error" not in answer:
            count = answer.get("count", "0")
            return Exposure(
                "etcd",
                "none",
                f"etcd {version} answered a v3 range read (count {count}) without credentials",
                software,
            )
        status = ranged.status if ranged is not None else "no answer"
        return Exposure("etcd", "required", f"etcd {version} refused reads (v3 range: {status})", software)
    if kind == "kubernetes":
        version = str(data.get("gitVersion", "")).lstrip("v")
        clean = re.match(r"\d+\.\d+\.\d+", version)
        software = (
            [Software("kubernetes:kubernetes", clean.group(0), f"GET /version {version}")] if clean else []
        )
        namespaces = await http_request(ip, port, "/api/v1/namespaces", timeout, tls=tls, hostname=hostname)
        listing = _ok_json(namespaces)
        if isinstance(listing, dict) and listing.get("kind") == "NamespaceList":
            count = len(listing.get("items") or [])
            return Exposure(
                "Kubernetes API",
                "none",
                f"Kubernetes {version} API listed {count} namespaces without credentials",
                software,
            )
        status = namespaces.status if namespaces is not None else "no answer"
        return Exposure(
            "Kubernetes API",
            "required",
            f"Kubernetes {version} API: GET /api/v1/namespaces answered {status}",
            software,
        )
    return None
