"""One catalogue of error codes: every code the source raises is in an app's enumeration, the
enumerations are what docs/errors.md lists, and the OpenAPI schema names them."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from django.test import Client

from cyberins.api.error_codes import DOCUMENT, all_codes, entries, render_markdown

SOURCE = Path(__file__).resolve().parents[2] / "src" / "cyberins"
RAISERS = {"DomainError", "InvalidState", "Forbidden", "NotFound", "TermsError"}


def raised_codes() -> set[str]:
    """Every literal code passed to a coded error in the source (questionnaire errors add a prefix)."""
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in RAISERS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                codes.add(first.value)
            elif name == "_error" and path.name == "answers.py" and len(node.args) > 1:
                second = node.args[1]
                if isinstance(second, ast.Constant) and isinstance(second.value, str):
                    codes.add(f"questionnaire.{second.value}")
    return codes


def test_every_code_raised_in_the_source_is_in_the_catalogue() -> None:
    found = raised_codes()
    assert len(found) > 80
    missing = found - set(all_codes())
    assert not missing, f"add these codes to their app's errors.py enumeration: {sorted(missing)}"


def test_codes_are_unique_and_each_has_both_meanings() -> None:
    codes = all_codes()
    assert len(codes) == len(set(codes))
    for entry in entries():
        assert entry.en.strip(), entry
        assert entry.zh.strip(), entry
        assert entry.zh != entry.en or entry.code.startswith("terms."), f"{entry.code} has no Chinese text"


def test_docs_errors_md_matches_the_enumerations() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render_markdown(), (
        "docs/errors.md is stale: run `uv run python -m cyberins.api.error_codes`"
    )


def test_the_openapi_error_schema_lists_every_code(db: None) -> None:
    schema = json.loads(Client().get("/api/openapi.json").content)
    assert schema["components"]["schemas"]["ErrorOut"]["properties"]["code"]["enum"] == all_codes()
