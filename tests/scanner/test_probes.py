"""Exposure probes against loopback responders and the real servers that are installed."""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import Iterator

import pytest

from cyberins.scanner import Action, AssessmentResult, ScanOptions, Scope, Severity, Target, assess, bson
from cyberins.scanner.findings import Confidence, Finding
from tests.loopback import Handler

from . import responders as r
from .conftest import HARDENED_HEADERS, NOW, Pki, Server, greeting_handler, server_context

LOOPBACK = "127.0.0.1"


def scan(
    pki: Pki, server: Server | int, service: str | None = None, *, timeout: float = 1.0
) -> AssessmentResult:
    port = server if isinstance(server, int) else server.port
    target = Target(LOOPBACK, port, service=service)
    options = ScanOptions(timeout=timeout, use_nmap=False, ca_file=str(pki.ca))
    return assess(Scope.from_declared([f"{LOOPBACK}:{port}"]), [target], now=NOW, options=options)


def only(result: AssessmentResult, check: str) -> Finding:
    (finding,) = [f for f in result.findings if f.check == check]
    return finding


def checks(result: AssessmentResult) -> set[str]:
    return {f.check for f in result.findings}


def declines(result: AssessmentResult) -> set[str]:
    return {t.code for t in result.triggers if t.action is Action.DECLINE}


def software(result: AssessmentResult) -> list[str]:
    return [s for t in result.targets for service in t.services for s in service.software]


@pytest.fixture
def serve() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.close()


def start(started: list[Server], handler: Handler, tls: ssl.SSLContext | None = None) -> Server:
    server = Server(handler, tls)
    started.append(server)
    return server


def assert_unauthenticated(result: AssessmentResult, *words: str) -> Finding:
    finding = only(result, "datastore.unauthenticated")
    assert finding.severity is Severity.CRITICAL
    assert finding.confidence is Confidence.CONFIRMED
    for word in words:
        assert word in finding.evidence
    assert result.score.score <= 39
    assert result.grade == "F"
    assert "unauth_datastore" in declines(result)
    assert result.complete
    return finding


def assert_protected(result: AssessmentResult, check: str = "datastore.exposed") -> Finding:
    assert "datastore.unauthenticated" not in checks(result)
    assert "unauth_datastore" not in declines(result)
    assert result.complete
    return only(result, check)


# --- BSON ---------------------------------------------------------------------------------------


def test_bson_matches_the_specification_example() -> None:
    # bsonspec.org: {"hello": "world"}
    raw = b"\x16\x00\x00\x00\x02hello\x00\x06\x00\x00\x00world\x00\x00"
    assert bson.encode({"hello": "world"}) == raw
    assert bson.decode(raw) == ({"hello": "world"}, len(raw))
    document = {"a": 1, "b": 2**40, "c": 1.5, "d": True, "e": None, "f": {"g": [1, "x"]}}
    assert bson.decode(bson.encode(document))[0] == document
    with pytest.raises(bson.BsonError):
        bson.decode(raw[:-3])


# --- Memcached ----------------------------------------------------------------------------------


def test_memcached_without_authentication_is_found_on_any_port(pki: Pki, serve: list[Server]) -> None:
    server = start(serve, r.memcached_handler("1.6.21"))
    result = scan(pki, server)  # no hint: recognised by its reply to ``version``
    assert result.targets[0].services[0].service == "memcached"
    finding = assert_unauthenticated(result, "Memcached 1.6.21", "curr_items 1532")
    assert finding.cwe == "CWE-306"
    assert software(result) == ["Memcached 1.6.21"]
    assert result.score.score == 39


def test_memcached_with_authentication_is_only_exposed(pki: Pki, serve: list[Server]) -> None:
    server = start(serve, r.memcached_handler(sasl=True))
    result = scan(pki, server, "memcached")
    assert_protected(result)
    assert (result.score.score, result.grade) == (92, "A")


# --- MongoDB ------------------------------------------------------------------------------------


def test_mongodb_listing_databases_without_authentication(pki: Pki, serve: list[Server]) -> None:
    server = start(serve, r.mongodb_handler("4.4.29", auth=False))
    result = scan(pki, server, "mongodb")
    assert result.targets[0].services[0].service == "mongodb"
    assert_unauthenticated(result, "MongoDB 4.4.29", "listed 3 databases", "customers")
    # the version is read (buildInfo) and its end of life judged: 4.4 ended 2024-02-29
    eol = only(result, "software.eol")
    assert "MongoDB 4.4.29" in eol.title.en
    assert "eol_software" in eol.tags


def test_mongodb_with_authentication(pki: Pki, serve: list[Server]) -> None:
    server = start(serve, r.mongodb_handler("7.0.14", auth=True))
    result = scan(pki, server, "mongodb")
    finding = assert_protected(result)
    assert "code 13" in finding.evidence
    assert "Unauthorized" in finding.evidence
    assert software(result) == ["MongoDB 7.0.14"]


# --- PostgreSQL ---------------------------------------------------------------------------------


def test_postgresql_trust_authentication_responder(pki: Pki, serve: list[Server]) -> None:
    server = start(serve, r.postgresql_handler(method="trust", version="9.6.24"))
    result = scan(pki, server)  # no hint: recognised by its answer to an SSLRequest
    assert result.targets[0].services[0].service == "postgresql"
    assert_unauthenticated(result, "PostgreSQL 9.6.24", "trust")
    assert "software.eol" in checks(result)  # 9.6 ended 2021-11-11


@pytest.mark.parametrize(
    ("method", "words"),
    [("md5", "MD5 password"), ("scram", "SCRAM-SHA-256"), ("reject", "28000 no pg_hba.conf entry")],
)
def test_postgresql_asking_for_credentials(pki: Pki, serve: list[Server], method: str, words: str) -> None:
    server = start(serve, r.postgresql_handler(method=method))
    finding = assert_protected(scan(pki, server, "postgresql"))
    assert words in finding.evidence


def _libpq_without_password(port: int) -> bool | None:
    """Whether libpq logs in as postgres without a password (None: nothing listens)."""
    import psycopg

    with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.5):
        try:
            psycopg.connect(
                host=LOOPBACK, port=port, user="postgres", dbname="postgres", connect_timeout=3
            ).close()
        except psycopg.OperationalError:
            return False
        return True
    return None


def test_the_real_postgresql_is_judged_as_libpq_sees_it(pki: Pki) -> None:
    """The machine's PostgreSQL (127.0.0.1:5432): trust auth must be found as such, a password must not."""
    trust = _libpq_without_password(5432)
    if trust is None:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    result = scan(pki, 5432, timeout=3.0)
    assert result.targets[0].services[0].service == "postgresql"
    assert any(s.startswith("PostgreSQL ") for s in software(result))
    if trust:
        assert_unauthenticated(result, "trust authentication")
    else:
        assert_protected(result)


# --- MySQL / MariaDB ----------------------------------------------------------------------------


def test_mariadb_greeting_version_is_read(pki: Pki, serve: list[Server]) -> None:
    server = start(serve, greeting_handler(r.mysql_greeting("5.5.5-10.3.39-MariaDB-0+deb10u2")))
    result = scan(pki, server)
    assert result.targets[0].services[0].service == "mysql"
    finding = assert_protected(result)
    assert finding.evidence.startswith("MariaDB on TCP")
    assert software(result) == ["MariaDB 10.3.39"]
    # a Debian build: end of life reported, but a distribution may support it (no pricing tag, no cap)
    eol = only(result, "software.eol")
    assert eol.confidence is Confidence.BACKPORT
    assert "eol_software" not in eol.tags
    assert eol.score_cap is None


def test_mysql_greeting_version_is_read(pki: Pki, serve: list[Server]) -> None:
    server = start(serve, greeting_handler(r.mysql_greeting("8.4.3")))
    result = scan(pki, server, "mysql")
    assert_protected(result)
    assert software(result) == ["MySQL 8.4.3"]


# --- Elasticsearch / OpenSearch -----------------------------------------------------------------

ES_ROOT = {
    "name": "node-1",
    "cluster_name": "docker-cluster",
    "cluster_uuid": "x6m5bYhKQ9GhLq7wJm2f2Q",
    "version": {
        "number": "7.10.2",
        "build_flavor": "default",
        "build_type": "docker",
        "lucene_version": "8.7.0",
    },
    "tagline": "You Know, for Search",
}
ES_SECURED = {
    "error": {
        "root_cause": [
            {
                "type": "security_exception",
                "reason": "missing authentication credentials for REST request [/]",
            }
        ],
        "type": "security_exception",
        "reason": "missing authentication credentials for REST request [/]",
    },
    "status": 401,
}


def test_elasticsearch_open(pki: Pki, serve: list[Server]) -> None:
    routes = {
        "/": r.json_route(200, ES_ROOT),
        "/_cat/indices?h=index": r.text_route(200, "customers\norders\n"),
    }
    result = scan(pki, start(serve, r.http_router(routes)))
    assert result.targets[0].services[0].service == "elasticsearch"
    assert_unauthenticated(result, "Elasticsearch 7.10.2", "listed 2 indices")
    assert "Elasticsearch 7.10.2" in software(result)


def test_opensearch_open_is_named_as_such(pki: Pki, serve: list[Server]) -> None:
    root = {
        **ES_ROOT,
        "version": {"distribution": "opensearch", "number": "2.11.1"},
        "tagline": "The OpenSearch Project: https://opensearch.org/",
    }
    result = scan(pki, start(serve, r.http_router({"/": r.json_route(200, root)})), "elasticsearch")
    assert_unauthenticated(result, "OpenSearch 2.11.1")
    assert software(result) == ["OpenSearch 2.11.1"]


def test_elasticsearch_with_security(pki: Pki, serve: list[Server]) -> None:
    secured = r.json_route(401, ES_SECURED, ("WWW-Authenticate", 'Basic realm="security" charset="UTF-8"'))
    result = scan(pki, start(serve, r.http_router({}, default=secured)))
    assert result.targets[0].services[0].service == "elasticsearch"
    assert_protected(result)


# --- CouchDB ------------------------------------------------------------------------------------

COUCH_ROOT = {
    "couchdb": "Welcome",
    "version": "3.3.3",
    "git_sha": "40afbcfc7",
    "features": ["access-ready", "partitioned"],
    "vendor": {"name": "The Apache Software Foundation"},
}


def test_couchdb_listing_databases_without_credentials(pki: Pki, serve: list[Server]) -> None:
    routes = {
        "/": r.json_route(200, COUCH_ROOT),
        "/_all_dbs": r.json_route(200, ["_replicator", "_users", "orders"]),
    }
    result = scan(pki, start(serve, r.http_router(routes)))
    assert result.targets[0].services[0].service == "couchdb"
    assert_unauthenticated(result, "CouchDB 3.3.3", "listed 3 databases")


def test_couchdb_with_authentication(pki: Pki, serve: list[Server]) -> None:
    denied = r.json_route(401, {"error": "unauthorized", "reason": "You are not a server admin."})
    routes = {"/": r.json_route(200, COUCH_ROOT), "/_all_dbs": denied}
    finding = assert_protected(scan(pki, start(serve, r.http_router(routes)), "couchdb"))
    assert "answered 401" in finding.evidence


# --- Docker Engine API --------------------------------------------------------------------------

DOCKER_HEADERS = (
    ("Api-Version", "1.43"),
    ("Docker-Experimental", "false"),
    ("Ostype", "linux"),
    ("Server", "Docker/24.0.7 (linux)"),
)
DOCKER_VERSION = {
    "Platform": {"Name": "Docker Engine - Community"},
    "Version": "24.0.7",
    "ApiVersion": "1.43",
    "MinAPIVersion": "1.12",
    "GitCommit": "311b9ff",
    "GoVersion": "go1.20.10",
    "Os": "linux",
    "Arch": "amd64",
    "KernelVersion": "6.1.0-13-amd64",
}


def test_docker_engine_api_without_tls(pki: Pki, serve: list[Server]) -> None:
    routes = {"/version": r.json_route(200, DOCKER_VERSION)}
    router = r.http_router(
        routes, default=r.json_route(404, {"message": "page not found"}), common=DOCKER_HEADERS
    )
    result = scan(pki, start(serve, router))
    assert result.targets[0].services[0].service == "docker"
    assert_unauthenticated(result, "Docker Engine 24.0.7", "root on the host")
    assert "Docker Engine 24.0.7" in software(result)


# --- etcd ---------------------------------------------------------------------------------------

ETCD_VERSION = {"etcdserver": "3.5.9", "etcdcluster": "3.5.0"}
ETCD_RANGE = {
    "header": {
        "cluster_id": "14841639068965178418",
        "member_id": "10276657743932975437",
        "revision": "7",
        "raft_term": "2",
    },
    "count": "5",
}


def test_etcd_v3_reads_without_authentication(pki: Pki, serve: list[Server]) -> None:
    routes = {"/version": r.json_route(200, ETCD_VERSION), "POST /v3/kv/range": r.json_route(200, ETCD_RANGE)}
    result = scan(pki, start(serve, r.http_router(routes, chunked=True)), "etcd")
    assert result.targets[0].services[0].service == "etcd"
    assert_unauthenticated(result, "etcd 3.5.9", "count 5")


def test_etcd_v2_keys_without_authentication(pki: Pki, serve: list[Server]) -> None:
    keys = {"action": "get", "node": {"dir": True, "nodes": [{"key": "/registry", "dir": True}]}}
    routes = {
        "/version": r.json_route(200, {"etcdserver": "3.3.27", "etcdcluster": "3.3.0"}),
        "/v2/keys": r.json_route(200, keys),
    }
    assert_unauthenticated(scan(pki, start(serve, r.http_router(routes))), "etcd 3.3.27", "/v2/keys")


def test_etcd_with_authentication(pki: Pki, serve: list[Server]) -> None:
    denied = {
        "error": "etcdserver: user name is empty",
        "code": 16,
        "message": "etcdserver: user name is empty",
    }
    routes = {"/version": r.json_route(200, ETCD_VERSION), "POST /v3/kv/range": r.json_route(401, denied)}
    finding = assert_protected(scan(pki, start(serve, r.http_router(routes))), "controlplane.exposed")
    assert "etcd 3.5.9 refused reads" in finding.evidence


# --- Kubernetes ---------------------------------------------------------------------------------

K8S_VERSION = {
    "major": "1",
    "minor": "27",
    "gitVersion": "v1.27.4",
    "gitCommit": "fa3d7990104d7c1f16943a67f11b154b71f6a132",
    "goVersion": "go1.20.6",
    "compiler": "gc",
    "platform": "linux/amd64",
}
K8S_FORBIDDEN = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "message": 'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces"',
    "reason": "Forbidden",
    "code": 403,
}


def test_kubernetes_api_anonymous_listing(pki: Pki, serve: list[Server]) -> None:
    listing = {
        "kind": "NamespaceList",
        "apiVersion": "v1",
        "items": [{"metadata": {"name": "default"}}, {"metadata": {"name": "kube-system"}}],
    }
    routes = {"/version": r.json_route(200, K8S_VERSION), "/api/v1/namespaces": r.json_route(200, listing)}
    server = start(
        serve, r.http_router(routes, default=r.json_route(403, K8S_FORBIDDEN)), server_context(pki.leaf)
    )
    result = scan(pki, server, "kubernetes")
    assert result.targets[0].services[0].service == "kubernetes"
    assert_unauthenticated(result, "Kubernetes 1.27.4", "listed 2 namespaces")


def test_kubernetes_api_with_authentication(pki: Pki, serve: list[Server]) -> None:
    routes = {"/version": r.json_route(200, K8S_VERSION)}
    server = start(
        serve, r.http_router(routes, default=r.json_route(403, K8S_FORBIDDEN)), server_context(pki.leaf)
    )
    finding = assert_protected(scan(pki, server), "controlplane.exposed")
    assert "answered 403" in finding.evidence


def test_kubelet_listing_pods(pki: Pki, serve: list[Server]) -> None:
    pods = {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": [{"metadata": {"name": "web-0"}}]}
    server = start(serve, r.http_router({"/pods": r.json_route(200, pods)}), server_context(pki.leaf))
    result = scan(pki, server, "kubelet")
    assert result.targets[0].services[0].service == "kubelet"
    assert_unauthenticated(result, "kubelet listed 1 pods")


# --- anonymous FTP ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_reply", "confidence"),
    [
        (b"230 Login successful.\r\n", Confidence.CONFIRMED),
        (b"331 Anonymous login ok, send your complete email address as your password\r\n", Confidence.BANNER),
    ],
)
def test_anonymous_ftp(pki: Pki, serve: list[Server], user_reply: bytes, confidence: Confidence) -> None:
    seen: list[bytes] = []
    server = start(serve, r.ftp_handler(b"220-Welcome\r\n220 ProFTPD Server ready.\r\n", user_reply, seen))
    result = scan(pki, server)
    finding = only(result, "ftp.anonymous")
    assert finding.confidence is confidence
    assert finding.severity is Severity.HIGH
    assert [t.code for t in result.triggers if t.action is Action.REFER] == ["anonymous_access"]
    assert b"USER anonymous" in seen
    assert not any(line.upper().startswith(b"PASS") for line in seen)  # never a password


def test_ftp_refusing_anonymous_has_only_the_cleartext_finding(pki: Pki, serve: list[Server]) -> None:
    seen: list[bytes] = []
    reply = b"530 This FTP server does not allow anonymous logins.\r\n"
    result = scan(pki, start(serve, r.ftp_handler(b"220 (vsFTPd 3.0.5)\r\n", reply, seen)))
    assert checks(result) == {"cleartext.ftp"}
    assert seen[0] == b"USER anonymous"


# --- no false positives -------------------------------------------------------------------------


def test_a_well_configured_web_application_with_a_version_endpoint_stays_clean(
    pki: Pki, serve: list[Server]
) -> None:
    """An application's own ``/version`` JSON, on a current nginx with good headers: nothing to report."""
    headers = (*HARDENED_HEADERS, ("Server", "nginx/1.31.4"))
    routes = {
        "/": (200, (*headers, ("Content-Type", "text/html")), b"<!doctype html><title>shop</title>"),
        "/version": r.json_route(200, {"version": "2.3.1", "commit": "abc123", "major": "2"}, *headers),
    }
    server = start(serve, r.http_router(routes), server_context(pki.leaf))
    result = scan(pki, server)
    assert result.findings == ()
    assert (result.score.score, result.grade) == (100, "A")
    assert result.triggers == ()


# --- SMBv1 and LDAP -----------------------------------------------------------------------------


def test_smbv1_negotiation_is_reported(pki: Pki, serve: list[Server]) -> None:
    result = scan(pki, start(serve, r.smb_handler(smb1=True)), "smb")
    assert checks(result) == {"remote.smb", "remote.smb.v1"}
    assert "NT LM 0.12" in only(result, "remote.smb.v1").evidence
    assert result.grade == "D"
    assert [t.code for t in result.triggers] == ["remote_access"]


def test_smb2_only_server_has_no_smbv1_finding(pki: Pki, serve: list[Server]) -> None:
    result = scan(pki, start(serve, r.smb_handler(smb1=False)), "smb")
    assert checks(result) == {"remote.smb"}
    assert result.complete


def test_anonymous_ldap_bind_reads_the_root_dse(pki: Pki, serve: list[Server]) -> None:
    result = scan(pki, start(serve, r.ldap_handler(anonymous=True)), "ldap")
    assert result.targets[0].services[0].service == "ldap"
    finding = only(result, "ldap.anonymous")
    assert "dc=yuanhai,dc=example" in finding.evidence
    assert finding.severity is Severity.MEDIUM


def test_ldap_refusing_anonymous_binds(pki: Pki, serve: list[Server]) -> None:
    result = scan(pki, start(serve, r.ldap_handler(anonymous=False)), "ldap")
    assert checks(result) == {"ldap.exposed"}
    assert "resultCode 48" in only(result, "ldap.exposed").evidence


def test_the_real_mariadb_server_greeting(pki: Pki, mariadb_port: int) -> None:
    """Debian's mariadbd: recognised by its greeting, version read, a Debian build, not 'unauthenticated'."""
    result = scan(pki, mariadb_port, timeout=3.0)
    assert result.targets[0].services[0].service == "mysql"
    (version,) = software(result)
    assert version.startswith("MariaDB 1")
    finding = assert_protected(result)
    assert finding.evidence.startswith("MariaDB on TCP")
    for f in result.findings:
        if f.check.startswith("software."):
            assert f.confidence is Confidence.BACKPORT  # "-MariaDB-0+deb12u1": a distribution build
