"""Scope: the allow-list of assets an organisation declared and authorised.

A target outside the scope is refused before any name lookup or packet. An asset declared
as a bare host (name, IP address or network) authorises every port on it (the discovery sweep
of risky ports); an asset declared as ``host:port`` or as a URL authorises that port only.
Host names are matched by name: a declared name is scanned at whatever address it resolves
to at scan time, and the scan connects to that one resolved address.
"""

from __future__ import annotations

import ipaddress
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
