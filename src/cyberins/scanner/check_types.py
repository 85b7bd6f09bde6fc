"""The shape of a catalogued check, and the score caps (shared by the catalogue's subject modules)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cyberins.scanner.findings import Severity, Text

CAP_CRITICAL_EXPOSURE = 39
CAP_REMOTE_ACCESS = 59
CAP_TLS = 79


@dataclass(frozen=True)
class Check:
    id: str
    title: Text
    advice: Text
    severity: Severity
    cwe: str | None = None
    score_cap: int | None = None
    tags: frozenset[str] = field(default_factory=frozenset)
    observatory: int | None = None


def define(
    id: str,
    zh: str,
    en: str,
    advice_zh: str,
    advice_en: str,
    severity: Severity,
    cwe: str | None = None,
    cap: int | None = None,
    tags: tuple[str, ...] = (),
    observatory: int | None = None,
) -> Check:
    return Check(
        id, Text(zh, en), Text(advice_zh, advice_en), severity, cwe, cap, frozenset(tags), observatory
    )
