"""A small authoritative DNS server on loopback (UDP and TCP) for the demo lab and the tests.

It answers from dnspython zones, signs the zones that ask for it (Ed25519, RFC 8080) and returns
the signatures when the question sets the DO bit, so the email and DNS security check can be run
end to end without a single packet leaving the machine. No Django here: the scanner tests use it.

Zones (``.test`` is reserved for testing, RFC 6761):

=============== ======================================================================
good.test       mail domain done right: MX, SPF -all, DMARC reject, DKIM, CAA, signed
bad.test        SPF +all, DMARC p=none, no DKIM, MX to a name that does not resolve,
                no CAA, unsigned
expired.test    like good.test but its signatures expired (validation fails)
parked.test     receives no mail (null MX), says so in SPF and DMARC, CAA, signed
=============== ======================================================================
"""

from __future__ import annotations

import socketserver
import struct
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import dns.dnssec
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.zone
from cryptography.hazmat.primitives.asymmetric import ed25519

LOOPBACK = "127.0.0.1"
_SOA = (
    "@ 3600 IN SOA ns.{o} hostmaster.{o} 1 7200 900 1209600 300\n"
    "@ 3600 IN NS ns.{o}\nns 3600 IN A 127.0.0.1\n"
)
_DKIM = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
GOOD = (
    _SOA
    + "@ IN MX 10 mail\nmail IN A 127.0.0.1\nwww IN A 127.0.0.1\n"
    + '@ IN TXT "v=spf1 mx -all"\n'
    + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@{o}"\n'
    + f'selector1._domainkey IN TXT "{_DKIM}"\n'
    + '@ IN CAA 0 issue "letsencrypt.org"\n'
)
BAD = (
    _SOA
    + "@ IN MX 10 gone\nwww IN A 127.0.0.1\n"
    + '@ IN TXT "v=spf1 +all"\n'
    + '_dmarc IN TXT "v=DMARC1; p=none"\n'
)
PARKED = (
    _SOA + '@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=reject"\n@ IN CAA 0 issue ";"\n'
)
#: zone name → (zone text, signature validity: None unsigned, else the (inception, expiration) offset)
ZONES: Mapping[str, tuple[str, tuple[timedelta, timedelta] | None]] = {
    "good.test": (GOOD, (timedelta(days=-1), timedelta(days=3650))),
    "bad.test": (BAD, None),
    "expired.test": (GOOD, (timedelta(days=-60), timedelta(days=-30))),
    "parked.test": (PARKED, (timedelta(days=-1), timedelta(days=3650))),
}


def build_zone(origin: str, text: str, validity: tuple[timedelta, timedelta] | None) -> dns.zone.Zone:
    zone = dns.zone.from_text(text.format(o=origin + "."), origin=origin, relativize=False)
    if validity is not None:
        key = ed25519.Ed25519PrivateKey.generate()
        dnskey = dns.dnssec.make_dnskey(key.public_key(), dns.dnssec.Algorithm.ED25519, flags=257)
        now = datetime.now(UTC)
        dns.dnssec.sign_zone(
            zone, keys=[(key, dnskey)], inception=now + validity[0], expiration=now + validity[1]
        )
    return zone


class Authority:
    """Answers DNS messages from a set of zones (no recursion, no wildcards, no CNAME chasing);
    a name outside them does not exist."""

    def __init__(self, zones: Mapping[str, tuple[str, tuple[timedelta, timedelta] | None]] = ZONES) -> None:
        self.zones = {dns.name.from_text(o): build_zone(o, text, v) for o, (text, v) in zones.items()}

    def respond(self, wire: bytes, limit: int | None) -> bytes:
        query = dns.message.from_wire(wire)
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        question = query.question[0]
        origin, zone = next(
            ((o, z) for o, z in self.zones.items() if question.name.is_subdomain(o)), (None, None)
        )
        if zone is None or origin is None:  # like a resolver for names no one serves: no such name
            response.set_rcode(dns.rcode.NXDOMAIN)
            return response.to_wire()
        dnssec = bool(query.ednsflags & dns.flags.DO)
        node = zone.get_node(question.name)
        rdataset = node.get_rdataset(dns.rdataclass.IN, question.rdtype) if node else None
        if node is not None and rdataset is not None:
            name, rdtype = question.name, question.rdtype
            response.find_rrset(response.answer, name, dns.rdataclass.IN, rdtype, create=True).update(
                rdataset
            )
            sigs = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.RRSIG, rdtype) if dnssec else None
            if sigs is not None:
                rrsig = response.find_rrset(
                    response.answer, name, dns.rdataclass.IN, dns.rdatatype.RRSIG, rdtype, create=True
                )
                rrsig.update(sigs)
        else:
            if node is None and not any(n.is_subdomain(question.name) for n in zone.nodes):
                response.set_rcode(dns.rcode.NXDOMAIN)
            response.authority.append(zone.find_rrset(origin, "SOA"))
        try:
            return response.to_wire(max_size=limit or 65535)
        except dns.exception.TooBig:
            truncated = dns.message.make_response(query)
            truncated.flags |= dns.flags.TC
            return truncated.to_wire()


class LoopbackDns:
    """The server on ``127.0.0.1`` at a free port, UDP and TCP; ``address`` is ``host:port``."""

    def __init__(self, zones: Mapping[str, tuple[str, tuple[timedelta, timedelta] | None]] = ZONES) -> None:
        self.authority = Authority(zones)
        authority = self.authority

        class Udp(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                data, sock = self.request
                query = dns.message.from_wire(data)
                limit = max(512, query.payload) if query.edns >= 0 else 512
                sock.sendto(authority.respond(data, limit), self.client_address)

        class Tcp(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                header = self.request.recv(2)
                if len(header) < 2:
                    return
                (length,) = struct.unpack("!H", header)
                data = b""
                while len(data) < length and (chunk := self.request.recv(length - len(data))):
                    data += chunk
                answer = authority.respond(data, None)
                self.request.sendall(struct.pack("!H", len(answer)) + answer)

        for _ in range(20):  # the UDP port picked by the kernel may be taken for TCP
            udp = socketserver.ThreadingUDPServer((LOOPBACK, 0), Udp)
            try:
                tcp = socketserver.ThreadingTCPServer((LOOPBACK, udp.server_address[1]), Tcp)
            except OSError:
                udp.server_close()
                continue
            break
        else:
            raise OSError("no free port for the loopback DNS server")
        udp.daemon_threads = tcp.daemon_threads = True
        self.servers = (udp, tcp)
        self.port: int = udp.server_address[1]
        self.address = f"{LOOPBACK}:{self.port}"

    def start(self) -> LoopbackDns:
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True, name="lab-dns").start()
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


__all__ = ["ZONES", "Authority", "LoopbackDns"]
