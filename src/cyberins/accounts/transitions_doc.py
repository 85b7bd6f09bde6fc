"""The tables of docs/transitions.md, generated from the declared ``WORKFLOW`` of every model.

Regenerate after changing a table: ``uv run python -m cyberins.accounts.transitions_doc``
(a test fails while the document and the declarations differ).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db import models

# The models are imported when used: as a script this module configures Django first.

BEGIN = "<!-- BEGIN GENERATED WORKFLOWS: uv run python -m cyberins.accounts.transitions_doc -->"
END = "<!-- END GENERATED WORKFLOWS -->"
DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "transitions.md"


def stateful_models() -> list[type[models.Model]]:
    """Every installed model that declares its own ``WORKFLOW``, by app and name."""
    from django.apps import apps

    from cyberins.accounts.transitions import StateMachine

    found = [m for m in apps.get_models() if isinstance(m.__dict__.get("WORKFLOW"), StateMachine)]
    return sorted(found, key=lambda m: m._meta.label)


def render() -> str:
    """The generated part of the document: one table per entity."""
    from cyberins.accounts.transitions import StateMachine, audit_name

    parts = [BEGIN, ""]
    for model in stateful_models():
        machine: StateMachine = model.__dict__["WORKFLOW"]
        parts.append(f"### {model.__name__} (`{model._meta.label}.{machine.field}`)")
        parts.append("")
        if machine.states:
            parts.append("States: " + ", ".join(f"`{s}`" for s in machine.states) + ".")
        if machine.stamps:
            stamps = ", ".join(f"`{state}` → `{stamp}`" for state, stamp in machine.stamps.items())
            parts.append(f"Time stamped on entering: {stamps}.")
        parts.append("")
        parts.append("| from | to | who may move | audit action | guard |")
        parts.append("|---|---|---|---|---|")
        for move in machine.moves:
            for source, target, who, guard in machine.rows_of(move):
                action = f"`{audit_name(model)}.{move.action}`"
                parts.append(f"| `{source}` | `{target}` | {who} | {action} | {guard or '—'} |")
        parts.append("")
    parts.append(END)
    return "\n".join(parts)


def splice(document: str, generated: str) -> str:
    """``document`` with the text between the markers replaced by ``generated``."""
    head, _begin, rest = document.partition(BEGIN)
    _old, _end, tail = rest.partition(END)
    return head + generated + tail


def main() -> None:
    DOCUMENT.write_text(splice(DOCUMENT.read_text(encoding="utf-8"), render()), encoding="utf-8")


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cyberins.conf.settings")
    django.setup()
    main()
