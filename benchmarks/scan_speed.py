"""Speed: one assessment of 20 loopback services against ``nmap -sV`` on the same ports.

Run with ``uv run python benchmarks/scan_speed.py``. It starts the demo lab (outdated Apache, Redis
without a password, an expired and a hardened HTTPS site) and 16 more services speaking their real
protocols (the test suite's responders: Memcached, MongoDB, PostgreSQL, MySQL, FTP, SMB, VNC, LDAP,
RDP, SSH, Elasticsearch, Docker, etcd, nginx, IIS), all on 127.0.0.1 and admitted for this run only.
It then times our assessment of the 20 ``127.0.0.1:port`` targets (nmap off, as the platform runs
without it) and ``nmap -sV -Pn -n`` (default version intensity) of the same ports, and prints both
times and the ratio. nmap stays optional: without it the script says so and exits 0.
Not part of the test suite (it takes as long as nmap does).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test suite's protocol responders

from tests.loopback import Server
from tests.scanner import responders as r
from tests.scanner.conftest import greeting_handler, http_handler, rdp_handler

from cyberins.healthchecks.lab import Lab
from cyberins.scanner import ScanOptions, Scope, TargetPolicy, assess
from cyberins.scanner.nmap import parse_xml

#: the ratio the issue asks for (our assessment at least 10× faster than nmap -sV)
TARGET_RATIO = 10.0


def _smb2(conn: socket.socket) -> None:
    if conn.recv(1024)[4:8] == b"\xfeSMB":  # an SMB2 NEGOTIATE response header (MS-SMB2 2.2.4)
        message = b"\xfeSMB" + bytes([64, 0]) + bytes(58) + bytes([65, 0, 1, 0, 0x10, 0x02]) + bytes(58)
        conn.sendall(len(message).to_bytes(4, "big") + message)


def _vnc(conn: socket.socket) -> None:
    conn.sendall(b"RFB 003.008\n")
    if conn.recv(12).startswith(b"RFB 003.00"):
        conn.sendall(b"\x01\x02")  # one security type: VNC authentication


def more_services() -> list[Server]:
    es_root = {"name": "n1", "cluster_name": "lab", "version": {"number": "7.10.2"}}
    etcd = {
        "/version": r.json_route(200, {"etcdserver": "3.5.9", "etcdcluster": "3.5.0"}),
        "/v2/keys": r.json_route(200, {"action": "get", "node": {"dir": True}}),
    }
    docker = {"/version": r.json_route(200, {"Version": "24.0.7", "ApiVersion": "1.43"})}
    return [
        Server(r.memcached_handler("1.6.21")),
        Server(r.mongodb_handler("4.4.29", auth=False)),
        Server(r.postgresql_handler(method="trust", version="17.2")),
        Server(greeting_handler(r.mysql_greeting("8.0.36"))),
        Server(
            r.ftp_handler(b"220 ProFTPD 1.3.8 Server ready.\r\n", b"230 Anonymous access granted.\r\n", [])
        ),
        Server(greeting_handler(b"220 (vsFTPd 2.3.4)\r\n")),
        Server(_smb2),
        Server(_vnc),
        Server(r.ldap_handler(anonymous=True)),
        Server(rdp_handler),
        Server(greeting_handler(b"SSH-2.0-OpenSSH_7.4\r\n")),
        Server(r.http_router({"/": r.json_route(200, es_root)})),
        Server(r.http_router(docker, common=(("Api-Version", "1.43"), ("Server", "Docker/24.0.7 (linux)")))),
        Server(r.http_router(etcd)),
        Server(http_handler((("Server", "nginx/1.18.0"),))),
        Server(http_handler((("Server", "Microsoft-IIS/7.5"),))),
    ]


def main() -> int:
    # nmap's probes are not the protocols the responders expect: their complaints are not our results
    threading.excepthook = lambda _args: None
    with Lab(dict.fromkeys(("outdated_web", "redis", "expired_tls", "hardened_site"), 0)) as lab:
        servers = more_services()
        try:
            ports = sorted([*lab.ports.values(), *(s.port for s in servers)])
            targets = [f"127.0.0.1:{port}" for port in ports]
            policy = TargetPolicy.from_settings(",".join(targets))
            options = ScanOptions(use_nmap=False, policy=policy, ca_file=str(lab.ca_file))
            started = time.perf_counter()
            result = assess(Scope.from_declared(targets), targets, options=options)
            ours = time.perf_counter() - started
            print(f"services: {len(ports)} on 127.0.0.1")
            print(
                f"our assessment: {ours:.2f} s (grade {result.grade}, {len(result.findings)} findings, "
                f"complete: {result.complete})"
            )
            binary = shutil.which("nmap")
            if binary is None:
                print("nmap is not installed: nothing to compare (it stays optional)")
                return 0
            command = [binary, "-sV", "-Pn", "-n", "-p", ",".join(map(str, ports)), "-oX", "-", "127.0.0.1"]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            theirs = time.perf_counter() - started
            found = parse_xml(done.stdout) if done.returncode == 0 else {}
            named = sum(1 for s in found.values() if s.product)
            print(f"nmap -sV: {theirs:.2f} s (exit {done.returncode}, product named on {named} ports)")
            ratio = theirs / ours
            verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
            print(f"ratio: {ratio:.1f}x faster than nmap -sV (target >= {TARGET_RATIO:g}x: {verdict})")
            return 0
        finally:
            for server in servers:
                server.close()


if __name__ == "__main__":
    raise SystemExit(main())
