"""What the platform agrees to scan: the scanner's target policy, configured from the settings.

``CYBERINS_SCAN_ALLOW`` (``settings.SCAN_ALLOW``) admits networks or single ``address:port``
services; the platform's own host names (``ALLOWED_HOSTS``, the hosts of
``CSRF_TRUSTED_ORIGINS``) are always refused. The same policy refuses an asset when it is declared
and its targets again when the scan runs (after the names are resolved).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import DomainError
from cyberins.scanner import REFUSAL_CLASSES, Refusal, TargetError, TargetPolicy

REFUSAL_LABELS: dict[str, Promise] = {
    "loopback": _("a loopback address"),
    "private": _("a private network address (RFC 1918 / IPv6 unique local)"),
    "shared": _("a shared address (100.64.0.0/10, carrier-grade NAT)"),
    "link_local": _("a link-local address"),
    "metadata": _("a cloud metadata service"),
    "multicast": _("a multicast address"),
    "reserved": _("a reserved or unspecified address"),
    "documentation": _("a documentation address or name"),
    "benchmarking": _("a benchmarking address"),
    "internal_name": _("an internal host name"),
    "platform": _("this platform's own host"),
}
assert set(REFUSAL_LABELS) == set(REFUSAL_CLASSES)


def own_hosts() -> list[str]:
    """The platform's own host names: ``ALLOWED_HOSTS`` and the hosts of ``CSRF_TRUSTED_ORIGINS``."""
    hosts = list(settings.ALLOWED_HOSTS)
    hosts += [urlsplit(origin).hostname or "" for origin in settings.CSRF_TRUSTED_ORIGINS]
    return [host for host in hosts if host and host != "*"]


def scan_policy() -> TargetPolicy:
    try:
        return TargetPolicy.from_settings(getattr(settings, "SCAN_ALLOW", ""), own_hosts())
    except TargetError as exc:
        raise ImproperlyConfigured(f"CYBERINS_SCAN_ALLOW: {exc}") from exc


def refusal_error(refusal: Refusal) -> DomainError:
    return DomainError(
        "healthchecks.target_not_allowed",
        _("%(address)s cannot be scanned: it is %(reason)s."),
        field="address",
        address=refusal.subject,
        reason=REFUSAL_LABELS[refusal.category],
    )


def target_reason(target: Mapping[str, Any]) -> str:
    """A stored target result's reason in the current language (a refusal is translated)."""
    refusal = target.get("refusal")
    if refusal and refusal.get("category") in REFUSAL_LABELS:
        return refusal_error(Refusal(refusal["category"], refusal["subject"])).render_message()
    return str(target.get("reason", ""))


def check_target_allowed(host: str, ports: Iterable[int] = (), *, policy: TargetPolicy | None = None) -> None:
    """Raise the coded ``target_not_allowed`` error if the policy refuses ``host`` on any of ``ports``."""
    policy = policy or scan_policy()
    checked: list[int | None] = [*ports] or [None]
    for port in checked:
        refusal = policy.check_host(host, port)
        if refusal is not None:
            raise refusal_error(refusal)
