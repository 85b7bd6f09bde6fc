"""The insured's history as the underwriter's workbench shows it: previous policies, claims, ...

Underwriting sits below ``policies`` (and a future ``claims`` app) in the layers, so it cannot read
them; each of those apps registers a source here from its ``AppConfig.ready`` instead. A source takes
the viewing user and the insured organisation and returns what that user may see (scoped reads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from cyberins.accounts.models import Organisation


@dataclass(frozen=True)
class HistoryEntry:
    kind: str  # "policy", "claim", ...
    reference: str
    url: str
    status: str | Promise
    summary: str | Promise = ""


@dataclass(frozen=True)
class HistorySource:
    kind: str
    label: str | Promise
    entries: Callable[[Any, Organisation], list[HistoryEntry]]
    #: one line over all of the kind the user may see (e.g. claims: count, claimed, paid), or None
    overview: Callable[[Any, Organisation], str | Promise] | None = None


_SOURCES: dict[str, HistorySource] = {}


def register(source: HistorySource) -> None:
    """Add (or replace, on a second ``ready``) the source of one kind of history."""
    _SOURCES[source.kind] = source


def insured_history(
    user: Any, organisation: Organisation
) -> list[tuple[HistorySource, list[HistoryEntry], str | Promise]]:
    """Each registered source with the entries ``user`` may see of ``organisation`` and its overview."""
    return [
        (
            source,
            source.entries(user, organisation),
            source.overview(user, organisation) if source.overview else "",
        )
        for source in _SOURCES.values()
    ]
