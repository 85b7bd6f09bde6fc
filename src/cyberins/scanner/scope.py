"""Scope: the allow-list of assets an organisation declared and authorised.

A target outside the scope is refused before any name lookup or packet. An asset declared
as a bare host (name, IP address or network) authorises every port on it (the discovery sweep
of risky ports); an asset declared as ``host:port`` or as a URL authorises that port only.
Host names are matched by name: a declared name is scanned at whatever address it resolves
to at scan time, and the scan connects to that one resolved address.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

_DEFAULT_URL_PORTS = {"http": 80, "https": 443}


class TargetError(ValueError):
    """A target or asset string that cannot be parsed."""


def normalise_host(host: str) -> str:
    host = host.strip().strip("[]").rstrip(".").lower()
    if not host:
        raise TargetError("empty host")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    labels = host.split(".")
    if any(not label or len(label) > 63 for label in labels) or not all(
        ch.isalnum() or ch in "-_" for label in labels for ch in label
    ):
        raise TargetError(f"invalid host name: {host!r}")
    return host


def _split_host_port(text: str) -> tuple[str, int | None]:
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
        if rest and not rest.startswith(":"):
            raise TargetError(f"invalid target: {text!r}")
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    else:  # a bare host, or an IPv6 address without brackets
        host, port_text = text, ""
    if not port_text:
        return normalise_host(host), None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise TargetError(f"invalid port in {text!r}")
    return normalise_host(host), int(port_text)


@dataclass(frozen=True)
class Target:
    """What to scan: a host, optionally one port, a service hint and a URL path."""

    host: str
    port: int | None = None
    #: expected service on the port (e.g. ``"rdp"``, ``"https"``); probed first
    service: str | None = None
    path: str = "/"

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return False
        return True

    def label(self, port: int | None = None) -> str:
        port = self.port if port is None else port
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if port is None else f"{host}:{port}"

    def __str__(self) -> str:
        return self.label()


def parse_target(text: str) -> Target:
    """Parse ``host``, ``host:port``, ``[v6]:port`` or ``http(s)://host[:port]/path``."""
    if "://" in text:
        parts = urlsplit(text.strip())
        if parts.scheme not in _DEFAULT_URL_PORTS or not parts.hostname:
            raise TargetError(f"unsupported URL: {text!r}")
        try:
            url_port = parts.port or _DEFAULT_URL_PORTS[parts.scheme]
        except ValueError as exc:
            raise TargetError(f"invalid port in {text!r}") from exc
        return Target(normalise_host(parts.hostname), url_port, parts.scheme, parts.path or "/")
    host, port = _split_host_port(text)
    return Target(host, port)


@dataclass(frozen=True)
class Asset:
    """One declared asset: a host name, an IP address or network, with optional ports."""

    host: str
    ports: frozenset[int] = frozenset()

    def matches_host(self, host: str) -> bool:
        if "/" in self.host:
            try:
                return ipaddress.ip_address(host) in ipaddress.ip_network(self.host, strict=False)
            except ValueError:
                return False
        return self.host == host

    def allows(self, host: str, port: int | None) -> bool:
        if not self.matches_host(host):
            return False
        return not self.ports or port is None or port in self.ports


def parse_asset(text: str) -> Asset:
    """Parse a declared asset: anything :func:`parse_target` takes, or a CIDR network."""
    if "/" in text and "://" not in text:
        try:
            return Asset(str(ipaddress.ip_network(text.strip(), strict=False)))
        except ValueError as exc:
            raise TargetError(f"invalid network: {text!r}") from exc
    target = parse_target(text)
    return Asset(target.host, frozenset() if target.port is None else frozenset({target.port}))


@dataclass(frozen=True)
class Scope:
    """The authorised allow-list. ``authorisation`` references the recorded authorisation."""

    assets: tuple[Asset, ...]
    authorisation: str | None = None

    @classmethod
    def from_declared(cls, declared: Iterable[str | Asset], authorisation: str | None = None) -> Scope:
        assets = tuple(item if isinstance(item, Asset) else parse_asset(item) for item in declared)
        return cls(assets, authorisation)

    def permits(self, host: str, port: int | None = None) -> bool:
        """Whether ``host`` (and ``port``, if given) is declared and authorised."""
        host = normalise_host(host)
        if port is None:
            return any(a.matches_host(host) for a in self.assets)
        return any(a.allows(host, port) for a in self.assets)

    def declared_ports(self, host: str) -> frozenset[int]:
        ports: set[int] = set()
        for asset in self.assets:
            if asset.matches_host(host):
                ports |= asset.ports
        return frozenset(ports)

    def host_fully_authorised(self, host: str) -> bool:
        return any(a.matches_host(host) and not a.ports for a in self.assets)


# --- what may be scanned at all ------------------------------------------------------------------
#
# The scope above says what an organisation declared; the policy below says what the platform
# agrees to touch at all. An applicant must not be able to point the scanner at the platform's own
# network (loopback, RFC 1918, the cloud metadata service, ...): a scan result is a read-out of
# whatever answered, so a scan of an internal address leaks internal services to the applicant.

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

SCAN_ALLOW_VARIABLE = "CYBERINS_SCAN_ALLOW"

#: why a target is refused (code → English label; the apps translate the codes themselves)
REFUSAL_CLASSES: dict[str, str] = {
    "loopback": "loopback address",
    "private": "private network address (RFC 1918 / IPv6 unique local)",
    "shared": "shared address space (100.64.0.0/10, carrier-grade NAT)",
    "link_local": "link-local address",
    "metadata": "cloud metadata service",
    "multicast": "multicast address",
    "reserved": "reserved or unspecified address",
    "documentation": "documentation address or name",
    "benchmarking": "benchmarking address (198.18.0.0/15, 2001:2::/48)",
    "internal_name": "internal host name",
    "platform": "the platform's own host",
}


def _networks(*pairs: tuple[str, str]) -> tuple[tuple[IPNetwork, str], ...]:
    return tuple((ipaddress.ip_network(text), category) for text, category in pairs)


# Most specific first: the first network containing the address names its class.
_V4_CLASSES = _networks(
    ("169.254.169.254/32", "metadata"),  # AWS, GCP, Azure, Oracle, Huawei, OpenStack
    ("169.254.170.2/32", "metadata"),  # AWS ECS task metadata
    ("169.254.0.23/32", "metadata"),  # Tencent Cloud
    ("100.100.100.200/32", "metadata"),  # Alibaba Cloud
    ("0.0.0.0/8", "reserved"),  # "this network"
    ("127.0.0.0/8", "loopback"),
    ("10.0.0.0/8", "private"),
    ("172.16.0.0/12", "private"),
    ("192.168.0.0/16", "private"),
    ("100.64.0.0/10", "shared"),
    ("169.254.0.0/16", "link_local"),
    ("192.0.0.0/24", "reserved"),  # IETF protocol assignments
    ("192.0.2.0/24", "documentation"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("198.18.0.0/15", "benchmarking"),
    ("192.88.99.0/24", "reserved"),  # former 6to4 relay anycast
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),  # includes 255.255.255.255
)
_V6_CLASSES = _networks(
    ("fd00:ec2::254/128", "metadata"),  # AWS IPv6 instance metadata
    ("::1/128", "loopback"),
    ("::/128", "reserved"),
    ("fc00::/7", "private"),
    ("fec0::/10", "private"),  # deprecated site-local
    ("fe80::/10", "link_local"),
    ("ff00::/8", "multicast"),
    ("2001:db8::/32", "documentation"),
    ("3fff::/20", "documentation"),
    ("2001:2::/48", "benchmarking"),
    ("64:ff9b:1::/48", "private"),  # local-use NAT64
    ("100::/64", "reserved"),  # discard-only
)
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")

#: names of cloud metadata services (compared exactly, after normalisation)
METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
        "metadata.azure.internal",
        "metadata.packet.net",
        "metadata.platformequinix.com",
    }
)
#: suffixes of names that never denote a public host (RFC 6761, RFC 6762, RFC 8375, ICANN .internal)
_INTERNAL_SUFFIXES = (".internal", ".local", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp")
_DOCUMENTATION_SUFFIXES = (".example", ".test", ".invalid")


def _embedded_v4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address carried by an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 address."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _SIX_TO_FOUR:
        return address.sixtofour
    return None


def classify_address(address: IPAddress | str) -> str | None:
    """The refusal class of an address (a key of :data:`REFUSAL_CLASSES`), or None if it is public."""
    if isinstance(address, str):
        address = ipaddress.ip_address(address.strip("[]"))
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "link_local"
        embedded = _embedded_v4(address)
        if embedded is not None:
            return classify_address(embedded)
    table = _V4_CLASSES if isinstance(address, ipaddress.IPv4Address) else _V6_CLASSES
    for network, category in table:
        if address in network:
            return category
    if isinstance(address, ipaddress.IPv6Address) and address not in _GLOBAL_UNICAST_V6:
        return "reserved"
    return None if address.is_global else "reserved"


def classify_name(name: str) -> str | None:
    """The refusal class of a host name by its name alone (before any lookup), or None."""
    name = normalise_host(name)
    if name in METADATA_NAMES:
        return "metadata"
    if name == "localhost" or name.endswith(".localhost"):
        return "loopback"
    if name.endswith(_DOCUMENTATION_SUFFIXES) or name in {"example", "test", "invalid"}:
        return "documentation"
    if "." not in name or name.endswith(_INTERNAL_SUFFIXES):
        return "internal_name"  # a single label resolves through the platform's own search domains
    return None


@dataclass(frozen=True)
class AllowEntry:
    """An operator's explicit admission: a network, optionally one port on it."""

    network: IPNetwork
    port: int | None = None

    def admits(self, address: IPAddress, port: int | None) -> bool:
        if self.port is not None and port != self.port:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return address.version == self.network.version and address in self.network

    def __str__(self) -> str:
        if self.port is None:
            return str(self.network)
        host = str(self.network.network_address)
        return f"[{host}]:{self.port}" if self.network.version == 6 else f"{host}:{self.port}"


def parse_allow_list(text: str) -> tuple[AllowEntry, ...]:
    """Parse ``CYBERINS_SCAN_ALLOW``: comma-separated CIDR networks, addresses or ``address:port``."""
    entries: list[AllowEntry] = []
    for item in (part.strip() for part in text.replace(";", ",").split(",")):
        if not item:
            continue
        try:
            if "/" in item:
                entries.append(AllowEntry(ipaddress.ip_network(item, strict=False)))
                continue
            host, port = _split_host_port(item)
            entries.append(AllowEntry(ipaddress.ip_network(host), port))
        except (ValueError, TargetError) as exc:
            message = f"invalid scan allow-list entry {item!r}: expected CIDR or address:port"
            raise TargetError(message) from exc
    return tuple(entries)


@dataclass(frozen=True)
class Refusal:
    """Why a target may not be scanned: a class from :data:`REFUSAL_CLASSES` and what was refused."""

    category: str
    subject: str

    @property
    def label(self) -> str:
        return REFUSAL_CLASSES[self.category]

    def __str__(self) -> str:
        return f"target_not_allowed: {self.subject} ({self.label})"


@dataclass(frozen=True)
class TargetPolicy:
    """What the platform agrees to scan at all, whatever an organisation declared.

    By default every non-public address class and internal name is refused; ``allow`` admits
    networks (or single ``address:port`` services) explicitly; ``own_hosts`` are the platform's
    own host names and addresses. ``refuse_special=False`` (``cyberins scan --allow-private``)
    turns the address and name classes off; the platform's own hosts stay refused.
    """

    allow: tuple[AllowEntry, ...] = ()
    own_hosts: frozenset[str] = frozenset()
    refuse_special: bool = True

    @classmethod
    def from_settings(cls, allow: str = "", own_hosts: Iterable[str] = ()) -> TargetPolicy:
        names = set()
        for host in own_hosts:
            host = host.strip().lower().rstrip(".")
            if host and host != "*":
                names.add(host if host.startswith(".") else normalise_host(host))
        return cls(parse_allow_list(allow), frozenset(names))

    @classmethod
    def from_environment(cls) -> TargetPolicy:
        """The default policy of the pure scanner: ``CYBERINS_SCAN_ALLOW`` from the environment."""
        return cls.from_settings(os.environ.get(SCAN_ALLOW_VARIABLE, ""))

    @classmethod
    def permissive(cls) -> TargetPolicy:
        return cls(refuse_special=False)

    def admitted(self, address: IPAddress, port: int | None) -> bool:
        return any(entry.admits(address, port) for entry in self.allow)

    def _own(self, host: str) -> bool:
        return any(host == own or (own.startswith(".") and (host.endswith(own) or host == own[1:]))
                   for own in self.own_hosts)  # fmt: skip

    def check_address(self, address: IPAddress | str, port: int | None = None) -> Refusal | None:
        """None if ``address`` (and ``port``, when known) may be scanned, else the refusal."""
        if isinstance(address, str):
            address = ipaddress.ip_address(address.strip("[]"))
        if self.admitted(address, port):
            return None
        category = classify_address(address) if self.refuse_special else None
        if category is None and self._own(str(address)):
            category = "platform"
        return Refusal(category, str(address)) if category else None

    def check_name(self, name: str) -> Refusal | None:
        """Refusal of a host name by its name alone; its addresses are checked after resolution."""
        name = normalise_host(name)
        if self._own(name):
            return Refusal("platform", name)
        category = classify_name(name) if self.refuse_special else None
        return Refusal(category, name) if category else None

    def check_host(self, host: str, port: int | None = None) -> Refusal | None:
        """Check a declared host (name, address or CIDR network) before anything is resolved."""
        host = host.strip()
        if "/" in host:
            return self.check_network(ipaddress.ip_network(host, strict=False), port)
        host = normalise_host(host)
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return self.check_name(host)
        return self.check_address(address, port)

    def check_network(self, network: IPNetwork, port: int | None = None) -> Refusal | None:
        """A declared network is refused if any part of it is, unless an allow entry covers all of it."""
        if any(
            (entry.port is None or entry.port == port)
            and entry.network.version == network.version
            and network.subnet_of(entry.network)  # type: ignore[arg-type]
            for entry in self.allow
        ):
            return None
        if not self.refuse_special:
            return None
        table = _V4_CLASSES if network.version == 4 else _V6_CLASSES
        for other, category in table:
            if network.overlaps(other):
                return Refusal(category, str(network))
        if network.version == 6 and any(
            network.overlaps(other) for other in (_NAT64, _SIX_TO_FOUR, ipaddress.ip_network("::ffff:0:0/96"))
        ):
            return Refusal("reserved", str(network))
        for own in self.own_hosts:
            try:
                if ipaddress.ip_address(own) in network:
                    return Refusal("platform", str(network))
            except ValueError:
                continue
        refusal = self.check_address(network.network_address, port)
        return Refusal(refusal.category, str(network)) if refusal else None
