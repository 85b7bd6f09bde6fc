"""Built-in service identification: read-only protocol probes and banner classification.

Each probe opens its own connection, sends at most one small, well-formed request (or nothing)
and reads the reply with a timeout. The probe for the service expected on the port (or named by
the target's hint) goes first; the others then run at once and the first of them, in a fixed
order, that recognises the service wins (see :func:`identify`). RDP, SMB and
Redis are recognised by their protocol replies, not by port, so they are found on any port.
"""

from __future__ import annotations

import asyncio
import re
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from cyberins.scanner import net
from cyberins.scanner.directory_probes import LDAP_ANONYMOUS_BIND, SMB1_NEGOTIATE, ldap_messages
from cyberins.scanner.http import HttpResponse, build_request, parse_response
from cyberins.scanner.probes import MEMCACHED_VERSION, MONGODB_HELLO, POSTGRES_SSL_REQUEST, parse_op_msg
from cyberins.scanner.software import Software, parse_banner
from cyberins.scanner.tds import PRELOGIN, parse_prelogin_version, release_of, sql_server_software

#: well-known port → the service expected there
PORT_SERVICES: dict[int, str] = {
    21: "ftp",
    22: "ssh",
    23: "telnet",
    25: "smtp",
    80: "http",
    389: "ldap",
    443: "https",
    445: "smb",
    1433: "mssql",
    2375: "docker",
    2376: "docker",
    2379: "etcd",
    3306: "mysql",
    3389: "rdp",
    5432: "postgresql",
    5900: "vnc",
    5984: "couchdb",
    6443: "kubernetes",
    6379: "redis",
    8000: "http",
    8080: "http",
    8443: "https",
    9200: "elasticsearch",
    10250: "kubelet",
    11211: "memcached",
    27017: "mongodb",
}
#: services recognised only by their port when no probe recognises them (they do not greet)
PORT_ONLY = frozenset({"mssql", "postgresql", "mongodb"})

# X.224 Connection Request carrying an RDP Negotiation Request (MS-RDPBCGR 2.2.1.1)
RDP_REQUEST = bytes.fromhex("030000130ee000000000000100080003000000")


def _smb2_negotiate() -> bytes:
    header = b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ16s", 64, 0, 0, 0, 1, 0, 0, 0, 0xFEFF, 0, 0, b"")
    dialects = (0x0202, 0x0210, 0x0300, 0x0302)
    body = struct.pack("<HHHHI16sQ", 36, len(dialects), 1, 0, 0, b"cyberins-probe!!", 0)
    body += b"".join(struct.pack("<H", d) for d in dialects)
    message = header + body
    return struct.pack(">I", len(message)) + message


SMB_REQUEST = _smb2_negotiate()
REDIS_REQUEST = b"INFO server\r\n"


@dataclass
class ServiceInfo:
    """What a service turned out to be."""

    name: str
    tls: bool = False
    banner: str = ""
    http: HttpResponse | None = None
    software: list[Software] = field(default_factory=list)
    #: extra facts (``redis_auth``: "none"/"required", ``vnc_security``: ...)
    facts: dict[str, str] = field(default_factory=dict)
    #: the service was recognised only by its port number
    port_only: bool = False


@dataclass(frozen=True)
class ProbeOptions:
    timeout: float = 3.0
    hostname: str | None = None
    path: str = "/"


def printable(data: bytes, limit: int = 160) -> str:
    text = data[:limit].decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text).strip()


def classify_greeting(data: bytes) -> ServiceInfo | None:
    """A service that speaks first: SSH, FTP, SMTP, Telnet, VNC, MySQL."""
    text = data.decode("utf-8", "replace")
    banner = printable(data)
    if text.startswith("SSH-"):
        return ServiceInfo("ssh", banner=banner, software=parse_banner(text.splitlines()[0]))
    if data[:1] == b"\xff" and len(data) > 1 and data[1] in (0xFB, 0xFC, 0xFD, 0xFE):
        return ServiceInfo("telnet", banner=banner)
    if text.startswith("RFB "):
        return ServiceInfo("vnc", banner=banner)
    if text.startswith("220"):
        if re.search(r"ftp", text, re.IGNORECASE) or not re.search(r"smtp|mail", text, re.IGNORECASE):
            return ServiceInfo("ftp", banner=banner, software=parse_banner(text.splitlines()[0]))
        return ServiceInfo("smtp", banner=banner)
    if len(data) > 5 and data[3] == 0 and data[4] in (0x0A, 0xFF):
        version = data[5:].split(b"\x00", 1)[0].decode("ascii", "replace") if data[4] == 0x0A else ""
        info = ServiceInfo("mysql", banner=banner)
        mariadb = re.search(r"(?:5\.5\.5-)?(\d+\.\d+\.\d+)-MariaDB(.*)", version, re.IGNORECASE)
        match = re.match(r"(\d+\.\d+\.\d+)", version)
        if mariadb:
            backport = bool(re.search(r"deb|ubuntu|el\d", mariadb.group(2), re.IGNORECASE))
            info.software.append(Software("mariadb:mariadb", mariadb.group(1), version, backport))
            info.facts["product"] = "MariaDB"
        elif match:
            backport = bool(re.search(r"deb|ubuntu|el\d", version, re.IGNORECASE))
            info.software.append(Software("oracle:mysql", match.group(1), version, backport))
            info.facts["product"] = "MySQL"
        if data[4] == 0xFF:
            info.facts["mysql_error"] = printable(data[7:], 100)
        return info
    return None


def _from_http(response: HttpResponse, *, tls: bool) -> ServiceInfo:
    name = "https" if tls else "http"
    body = response.body[:4096].decode("utf-8", "replace")
    if "You Know, for Search" in body or '"cluster_name"' in body:
        name = "elasticsearch"
    elif "security_exception" in body and "REST request" in body:
        name = "elasticsearch"  # Elasticsearch/OpenSearch with security on: 401 before anything
    elif re.search(r'"couchdb"\s*:\s*"Welcome"', body):
        name = "couchdb"
    elif response.header("api-version") and (
        (response.header("server") or "").startswith("Docker/") or response.header("docker-experimental")
    ):
        name = "docker"
    info = ServiceInfo(
        name, tls=tls, http=response, banner=f"HTTP {response.status} {response.reason}".strip()
    )
    for header in ("server", "x-powered-by"):
        for value in response.header_all(header):
            info.software.extend(parse_banner(value))
    if name == "elasticsearch":
        match = re.search(r'"number"\s*:\s*"(\d+\.\d+\.\d+)"', body)
        if match and not re.search(r'"distribution"\s*:\s*"opensearch"', body):
            info.software.append(Software("elastic:elasticsearch", match.group(1), "GET / version.number"))
        info.facts["elasticsearch_auth"] = "none" if response.status == 200 else "required"
    return info


def classify_redis(data: bytes) -> ServiceInfo | None:
    text = data.decode("utf-8", "replace")
    if "redis_version:" in text:
        info = ServiceInfo("redis", banner=printable(data), facts={"redis_auth": "none"})
        match = re.search(r"redis_version:(\d+\.\d+\.\d+)", text)
        if match:
            info.software.append(
                Software("redis:redis", match.group(1), f"INFO redis_version:{match.group(1)}")
            )
        return info
    if text.startswith(("-NOAUTH", "-DENIED", "-ERR operation not permitted", "-WRONGPASS")):
        return ServiceInfo("redis", banner=printable(data), facts={"redis_auth": "required"})
    return None


def classify_memcached(data: bytes) -> ServiceInfo | None:
    match = re.match(rb"VERSION (\d+\.\d+\.\d+)\S*\r\n", data)
    if match:
        version = match.group(1).decode()
        return ServiceInfo(
            "memcached",
            banner=printable(data),
            software=[Software("memcached:memcached", version, f"VERSION {version}")],
        )
    if data.startswith(b"CLIENT_ERROR unauthenticated"):
        return ServiceInfo("memcached", banner=printable(data), facts={"memcached_auth": "required"})
    return None


def classify_mongodb(data: bytes) -> ServiceInfo | None:
    document = parse_op_msg(data)
    if document is not None and ("maxWireVersion" in document or "isWritablePrimary" in document):
        wire = document.get("maxWireVersion")
        return ServiceInfo("mongodb", banner=f"MongoDB hello (maxWireVersion {wire})")
    return None


def classify_mssql(data: bytes) -> ServiceInfo | None:
    version = parse_prelogin_version(data)
    if version is None:
        return None
    release = release_of(version)
    name = f"Microsoft SQL Server {version}" + (f" ({release[0]})" if release else "")
    return ServiceInfo("mssql", banner=name, software=[sql_server_software(version)])


def classify_postgresql(data: bytes) -> ServiceInfo | None:
    if data in (b"S", b"N"):
        return ServiceInfo("postgresql", banner=f"PostgreSQL SSLRequest answered {data.decode()}")
    return None


def classify_rdp(data: bytes) -> ServiceInfo | None:
    # TPKT version 3, then an X.224 Connection Confirm (code 0xD0)
    if len(data) >= 7 and data[0] == 3 and data[1] == 0 and data[5] & 0xF0 == 0xD0:
        return ServiceInfo("rdp", banner="X.224 Connection Confirm")
    return None


def classify_ldap(data: bytes) -> ServiceInfo | None:
    messages = ldap_messages(data)
    if messages and messages[0][0] == 0x61:  # BindResponse
        return ServiceInfo("ldap", banner="LDAP BindResponse")
    return None


def classify_smb(data: bytes) -> ServiceInfo | None:
    if len(data) >= 8 and data[0] == 0 and data[4:8] in (b"\xfeSMB", b"\xffSMB"):
        return ServiceInfo("smb", banner=f"SMB{'2/3' if data[4] == 0xFE else '1'} negotiate response")
    return None


async def identify(
    ip: str, port: int, hint: str | None, options: ProbeOptions
) -> tuple[ServiceInfo | None, str]:
    """Identify the service on an open port.

    Returns ``(info, note)``. ``info`` is ``None`` when no probe got any answer (every probe
    timed out or broke): the caller reports the service as incomplete, never as passing.
    """
    timeout = options.timeout
    hostname = options.hostname or ip
    expected = hint or PORT_SERVICES.get(port)
    tls_context = net.lenient_tls_context()

    async def greeting() -> tuple[ServiceInfo | None, net.Reply]:
        reply = await net.exchange(ip, port, None, timeout)
        return (classify_greeting(reply.data) if reply.data else None), reply

    async def tls() -> tuple[ServiceInfo | None, net.Reply]:
        request = build_request(hostname, port, options.path, default_port=443)
        reply = await net.exchange(ip, port, request, timeout, tls=tls_context, server_hostname=hostname)
        if reply.error or not reply.tls:
            return None, reply
        response = parse_response(reply.data)
        info = (
            _from_http(response, tls=True)
            if response
            else ServiceInfo("tls", tls=True, banner=printable(reply.data))
        )
        # a completed handshake is an answer even if nothing followed it
        return info, net.Reply(reply.data or b"\x16", tls=True)

    async def http() -> tuple[ServiceInfo | None, net.Reply]:
        reply = await net.exchange(ip, port, build_request(hostname, port, options.path), timeout)
        response = parse_response(reply.data)
        if response:
            return _from_http(response, tls=False), reply
        return classify_redis(reply.data) or (classify_greeting(reply.data) if reply.data else None), reply

    async def send(
        payload: bytes, classify: Callable[[bytes], ServiceInfo | None]
    ) -> tuple[ServiceInfo | None, net.Reply]:
        reply = await net.exchange(ip, port, payload, timeout)
        return (classify(reply.data) if reply.data else None), reply

    probes: dict[str, Callable[[], Awaitable[tuple[ServiceInfo | None, net.Reply]]]] = {
        "greeting": greeting,
        "tls": tls,
        "http": http,
        "rdp": lambda: send(RDP_REQUEST, classify_rdp),
        "redis": lambda: send(REDIS_REQUEST, classify_redis),
        "smb": lambda: send(SMB_REQUEST, classify_smb),
        "smb1": lambda: send(SMB1_NEGOTIATE, classify_smb),
        "ldap": lambda: send(LDAP_ANONYMOUS_BIND, classify_ldap),
        "memcached": lambda: send(MEMCACHED_VERSION, classify_memcached),
        "mongodb": lambda: send(MONGODB_HELLO, classify_mongodb),
        "postgresql": lambda: send(POSTGRES_SSL_REQUEST, classify_postgresql),
        "mssql": lambda: send(PRELOGIN, classify_mssql),
    }
    first = {
        "ftp": "greeting", "ssh": "greeting", "telnet": "greeting", "smtp": "greeting", "vnc": "greeting",
        "mysql": "greeting", "http": "http", "https": "tls", "tls": "tls", "elasticsearch": "http",
        "rdp": "rdp", "redis": "redis", "smb": "smb", "memcached": "memcached", "mongodb": "mongodb",
        "postgresql": "postgresql", "docker": "http", "etcd": "http", "couchdb": "http",
        "kubernetes": "tls", "kubelet": "tls", "ldap": "ldap", "mssql": "mssql",
    }.get(expected or "", "greeting")  # fmt: skip
    fallbacks = (
        "greeting",
        "tls",
        "http",
        "rdp",
        "redis",
        "smb",
        "smb1",
        "memcached",
        "mongodb",
        "postgresql",
        "ldap",
        "mssql",
    )
    order = [first, *(p for p in fallbacks if p != first)]
    answered = False
    notes: list[str] = []
    # The first probe goes alone (the expected service's, or the greeting: a service that speaks
    # first, or answers where it is expected, is sent nothing else); then the others run at once,
    # each on its own connection, and are read in order, so the first in ``order`` that recognises
    # the service still wins (a TLS port answering plain HTTP with an error stays HTTPS). The wait
    # is two probe timeouts at most rather than the sum of them: a client-speaks-first service on
    # an unexpected port no longer waits out the TLS, HTTP, RDP... timeouts one after the other.
    for batch in (order[:1], order[1:]):
        running = {name: asyncio.ensure_future(probes[name]()) for name in batch}
        try:
            for name in batch:
                info, reply = await running[name]
                if info is not None:
                    if expected:
                        info.facts.setdefault("expected", expected)
                    return info, f"identified by the {name} probe"
                answered = answered or reply.answered
                notes.append(
                    f"{name}: "
                    + ("timed out" if reply.timed_out else reply.error or f"{len(reply.data)} bytes")
                )
        finally:
            for task in running.values():
                task.cancel()
            await asyncio.gather(*running.values(), return_exceptions=True)
    if expected in PORT_ONLY:
        return ServiceInfo(
            expected, port_only=True, banner=f"TCP {port} open"
        ), "recognised by port number only"
    if answered:
        return ServiceInfo("unknown", banner=""), "; ".join(notes)
    return None, "no probe got an answer (" + "; ".join(notes) + ")"
