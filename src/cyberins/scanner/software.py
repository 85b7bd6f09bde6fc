"""Software identification: product/version from banners, version ordering, CPE aliasing.

A product is named by its NVD CPE ``vendor:product``. Names other tools use are aliased to it
(nmap reports ``igor_sysoev:nginx``, NVD files nginx under ``f5:nginx``). A distribution suffix
(``OpenSSH_9.2p1 Debian-2+deb12u10``, ``Apache/2.4.6 (CentOS)``) marks the build as possibly
carrying backported fixes: matches against such builds get a lower confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

#: other names → the NVD CPE vendor:product
CPE_ALIASES: dict[str, str] = {
    "igor_sysoev:nginx": "f5:nginx",
    "nginx:nginx": "f5:nginx",
    "apache:httpd": "apache:http_server",
    "apache:apache_http_server": "apache:http_server",
    "vsftpd:vsftpd": "vsftpd_project:vsftpd",
    "beasts:vsftpd": "vsftpd_project:vsftpd",
    "openssh:openssh": "openbsd:openssh",
    "redislabs:redis": "redis:redis",
    "mysql:mysql": "oracle:mysql",
    "microsoft:iis": "microsoft:internet_information_services",
    "microsoft:internet_information_server": "microsoft:internet_information_services",
}

#: CPE vendor:product → (display name, endoflife.date product id or None)
PRODUCTS: dict[str, tuple[str, str | None]] = {
    "openbsd:openssh": ("OpenSSH", None),
    "apache:http_server": ("Apache HTTP Server", "apache-http-server"),
    "f5:nginx": ("nginx", "nginx"),
    "vsftpd_project:vsftpd": ("vsftpd", None),
    "proftpd:proftpd": ("ProFTPD", None),
    "redis:redis": ("Redis", "redis"),
    "oracle:mysql": ("MySQL", "mysql"),
    "php:php": ("PHP", "php"),
    "openssl:openssl": ("OpenSSL", "openssl"),
    "apache:tomcat": ("Apache Tomcat", "tomcat"),
    "microsoft:internet_information_services": ("Microsoft IIS", None),
    "elastic:elasticsearch": ("Elasticsearch", "elasticsearch"),
    "amazon:opensearch": ("OpenSearch", "opensearch"),
    "memcached:memcached": ("Memcached", "memcached"),
    "mongodb:mongodb": ("MongoDB", "mongodb"),
    "postgresql:postgresql": ("PostgreSQL", "postgresql"),
    "mariadb:mariadb": ("MariaDB", "mariadb"),
    "apache:couchdb": ("CouchDB", "apache-couchdb"),
    "docker:docker": ("Docker Engine", "docker-engine"),
    "etcd:etcd": ("etcd", "etcd"),
    "kubernetes:kubernetes": ("Kubernetes", "kubernetes"),
    "microsoft:sql_server": ("Microsoft SQL Server", "mssqlserver"),
}

_DISTRO = re.compile(
    r"debian|ubuntu|deb\d+u\d+|\+deb|centos|red ?hat|rhel|\.el\d|fedora|suse|amzn|alpine|raspbian",
    re.IGNORECASE,
)


def canonical_cpe(vendor_product: str) -> str:
    key = vendor_product.lower()
    return CPE_ALIASES.get(key, key)


_PRE_RELEASE = ("dev", "alpha", "a", "beta", "b", "pre", "rc")


@total_ordering
class Version:
    """A version ordered the way NVD ranges mean it: ``7.4 < 7.4p1 < 7.7 < 9.3p2``; ``1.0rc1 < 1.0``."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        items: list[tuple[int, int, str]] = []
        for token in re.findall(r"\d+|[a-zA-Z]+", self.text):
            if token.isdigit():
                items.append((3, int(token), ""))
            elif token.lower() in _PRE_RELEASE:
                items.append((0, 0, token.lower()))
            else:
                items.append((2, 0, token.lower()))
        self.key = tuple(items)

    def _padded(self, length: int) -> tuple[tuple[int, int, str], ...]:
        return self.key + ((1, 0, ""),) * (length - len(self.key))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        n = max(len(self.key), len(other.key))
        return self._padded(n) == other._padded(n)

    def __lt__(self, other: Version) -> bool:
        n = max(len(self.key), len(other.key))
        return self._padded(n) < other._padded(n)

    def __hash__(self) -> int:
        return hash(tuple(i for i in self.key if i != (3, 0, "")))

    def __repr__(self) -> str:
        return f"Version({self.text!r})"


@dataclass(frozen=True)
class Software:
    """A product/version seen on a service."""

    cpe: str  # canonical vendor:product
    version: str
    #: the raw string it was read from (banner, header, nmap)
    source: str
    #: distribution build: fixes may be backported without a version change
    backport: bool = False

    @property
    def name(self) -> str:
        return PRODUCTS.get(self.cpe, (self.cpe.split(":")[-1], None))[0]

    @property
    def eol_product(self) -> str | None:
        return PRODUCTS.get(self.cpe, ("", None))[1]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


_VERSION = r"(\d+(?:\.\d+)*[a-z]?\d*)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("openbsd:openssh", re.compile(r"OpenSSH[_-]" + r"(\d+(?:\.\d+)*(?:p\d+)?)(?P<rest>[^\r\n]*)", re.I)),
    ("vsftpd_project:vsftpd", re.compile(r"vsFTPd " + _VERSION + r"(?P<rest>)", re.I)),
    ("proftpd:proftpd", re.compile(r"ProFTPD " + _VERSION + r"(?P<rest>[^\r\n]*)", re.I)),
    ("apache:http_server", re.compile(r"Apache/" + r"(\d+\.\d+(?:\.\d+)?)(?P<rest>[^\r\n]*)", re.I)),
    ("f5:nginx", re.compile(r"nginx/" + r"(\d+\.\d+(?:\.\d+)?)(?P<rest>[^\r\n]*)", re.I)),
    ("microsoft:internet_information_services", re.compile(r"Microsoft-IIS/(\d+\.\d+)(?P<rest>)", re.I)),
    ("php:php", re.compile(r"PHP/" + r"(\d+\.\d+(?:\.\d+)?)(?P<rest>[^\s;,]*)", re.I)),
    ("openssl:openssl", re.compile(r"OpenSSL/" + r"(\d+\.\d+\.\d+[a-z]*)(?P<rest>[^\s;,]*)", re.I)),
)


def parse_banner(text: str) -> list[Software]:
    """Every known product/version in a banner or header value (``Server``, SSH/FTP greeting)."""
    found: list[Software] = []
    for cpe, pattern in _PATTERNS:
        match = pattern.search(text)
        if match:
            rest = match.group("rest") or ""
            backport = bool(_DISTRO.search(rest)) or bool(_DISTRO.search(text))
            found.append(Software(cpe, match.group(1), text.strip()[:200], backport))
    return found


def from_cpe(cpe: str, version: str | None = None, source: str = "") -> Software | None:
    """A :class:`Software` from a CPE 2.2 (``cpe:/a:v:p:ver``) or 2.3 string, with aliasing."""
    if cpe.startswith("cpe:2.3:"):
        parts = cpe.split(":")[3:]
    elif cpe.startswith("cpe:/"):
        parts = cpe[5:].split(":")[1:]
    else:
        return None
    if len(parts) < 2:
        return None
    ver = version or (parts[2] if len(parts) > 2 and parts[2] not in ("*", "-", "") else None)
    if not ver:
        return None
    backport = bool(_DISTRO.search(ver)) or bool(_DISTRO.search(source))
    clean = re.match(r"\d+(?:\.\d+)*(?:p\d+|[a-z])?", ver)
    return Software(
        canonical_cpe(f"{parts[0]}:{parts[1]}"), clean.group(0) if clean else ver, source or cpe, backport
    )


def from_display(text: str) -> Software | None:
    """The :class:`Software` behind ``str(software)`` (``"nginx 1.18.0"``, ``"Apache HTTP Server 2.4.49"``),
    the form a health check stores. A product not in :data:`PRODUCTS` is shown by its CPE product
    alone, so its vendor is unknown: it comes back as ``"*:product"`` (see :meth:`CveRecord.affects`).
    The distribution suffix is not stored, so ``backport`` is always false."""
    name, _sep, version = text.strip().rpartition(" ")
    if not name or not version or not version[0].isdigit():
        return None
    by_name = {display.lower(): cpe for cpe, (display, _eol) in PRODUCTS.items()}
    cpe = by_name.get(name.lower()) or f"*:{name.lower()}"
    return Software(cpe, version, text.strip())
