"""The draft editor's page forms: rows of inputs ↔ the lists and tables ``draft_edits`` takes.

The forms only collect (blank rows and rows ticked for removal are left out); every check lives in
``draft_edits`` / ``draft_checks`` so that the page and the API give the same coded errors. Each
parser returns the rows and, per row, its index on the page, so an error names the row shown.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from cyberins.products.draft_checks import GRADES, MAP_MODIFIERS
from cyberins.products.models import ProductVersion

MAX_ROWS = 200
BLANK_ROWS = 2


def row_count(post: QueryDict, prefix: str) -> int:
    try:
        return min(max(int(post.get(f"{prefix}-rows", "0")), 0), MAX_ROWS)
    except ValueError:
        return 0


def _rows(post: QueryDict, prefix: str, key: str) -> list[tuple[int, dict[str, str]]]:
    """(page index, that row's inputs) of the rows kept, in the order of their ``position`` input."""
    found: list[tuple[float, int, dict[str, str]]] = []
    for index in range(row_count(post, prefix)):
        row: dict[str, str] = {
            name[len(f"{prefix}-{index}-") :]: str(value)
            for name, value in post.items()
            if name.startswith(f"{prefix}-{index}-")
        }
        if row.get("delete") or not row.get(key, "").strip():
            continue
        try:
            position = float(row.get("position") or index)
        except ValueError:
            position = index
        found.append((position, index, row))
    return [(index, row) for _position, index, row in sorted(found, key=lambda r: (r[0], r[1]))]


def service_rows(version: ProductVersion) -> list[dict[str, Any]]:
    return [
        {
            "plan": s.plan.code,
            "service": s.service.code,
            "rule": s.rule,
            "months": s.months,
            "quantity": s.quantity,
            "included": s.included,
            "own_vendor_allowed": s.own_vendor_allowed,
        }
        for plan in version.plans.prefetch_related("services__service")
        for s in plan.services.all()
    ]


def parse_services(post: QueryDict) -> tuple[list[dict[str, Any]], list[int]]:
    kept = _rows(post, "s", "service")
    rows = [
        {
            **row,
            "included": bool(row.get("included")),
            "own_vendor_allowed": bool(row.get("own_vendor_allowed")),
        }
        for _index, row in kept
    ]
    return rows, [index for index, _row in kept]


def warranty_rows(version: ProductVersion) -> list[dict[str, Any]]:
    return [
        {"kind": w.kind, **w.params, "text_zh": w.text_zh, "text_en": w.text_en}
        for w in version.warranties.all()
    ]


def parse_warranties(post: QueryDict) -> tuple[list[dict[str, Any]], list[int]]:
    kept = _rows(post, "w", "kind")
    params = ("extra_deductible_ratio", "first_inspection_within_months", "vulnerability_scan_after_months")
    rows = [
        {
            "kind": row["kind"],
            "params": {k: row[k] for k in params if row.get(k, "").strip()},
            "text_zh": row.get("text_zh", ""),
            "text_en": row.get("text_en", ""),
        }
        for _index, row in kept
    ]
    return rows, [index for index, _row in kept]


def choices_text(choices: list[dict[str, str]]) -> str:
    """One option a line: ``value | 中文 | English``."""
    return "\n".join(f"{c['value']} | {c['zh']} | {c['en']}" for c in choices)


def _choices(raw: str) -> list[dict[str, str]]:
    found = []
    for line in raw.splitlines():
        if line.strip():
            parts = [part.strip() for part in line.split("|")] + ["", ""]
            found.append({"value": parts[0], "zh": parts[1], "en": parts[2]})
    return found


def question_rows(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **q,
            "label_zh": q["label"]["zh"],
            "label_en": q["label"]["en"],
            "choices": choices_text(q.get("choices", [])),
        }
        for q in questions
    ]


def parse_questionnaire(post: QueryDict) -> tuple[list[dict[str, Any]], list[int]]:
    questions = []
    kept = _rows(post, "q", "key")
    for _index, row in kept:
        question: dict[str, Any] = {
            "key": row["key"].strip(),
            "type": row.get("type", ""),
            "required": bool(row.get("required")),
            "label": {"zh": row.get("label_zh", ""), "en": row.get("label_en", "")},
            "section": row.get("section", ""),
        }
        for name in ("min", "max", "max_length"):
            if row.get(name, "").strip():
                question[name] = row[name].strip()
        if question["type"] in ("choice", "multichoice"):
            question["choices"] = _choices(row.get("choices", ""))
        questions.append(question)
    return questions, [index for index, _row in kept]


def rating_tables(version: ProductVersion, rating: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The modifier tables keyed on answers, each with one input per offered answer."""
    options = {q["key"]: q.get("choices", []) for q in version.questionnaire}
    mods = (rating if rating is not None else version.rating).get("modifiers", {})
    tables = [
        {
            "name": "grade",
            "rows": [{"value": g, "label": g, "factor": mods.get("grade", {}).get(g, "")} for g in GRADES],
        }
    ]
    for name, key in MAP_MODIFIERS.items():
        table = mods.get(name, {})
        rows = [
            {"value": c["value"], "label": c["zh"], "label_en": c["en"], "factor": table.get(c["value"], "")}
            for c in options.get(key, [])
        ]
        tables.append({"name": name, "rows": rows})
    return tables


def staff_text(thresholds: list[list[Any]]) -> str:
    return "\n".join(f"{threshold} {factor}" for threshold, factor in thresholds)


def parse_rating(post: QueryDict, version: ProductVersion) -> dict[str, Any]:
    """The posted tables over the version's rating (keys the page does not show are kept)."""
    modifiers: dict[str, Any] = {}
    for table in rating_tables(version):
        entries = {
            row["value"]: post.get(f"mod-{table['name']}-{row['value']}", "").strip() for row in table["rows"]
        }
        if any(entries.values()):
            modifiers[table["name"]] = {value: factor for value, factor in entries.items() if factor}
    staff = [line.split() for line in post.get("security_staff", "").splitlines() if line.strip()]
    if staff:
        modifiers["security_staff"] = staff
    return version.rating | {
        "segment": post.get("segment", ""),
        "calibrated": bool(post.get("calibrated")),
        "modifiers": modifiers,
        "modifier_bounds": [post.get("modifier_bounds_low", ""), post.get("modifier_bounds_high", "")],
        "authority": [post.get("authority_low", ""), post.get("authority_high", "")],
        "frequency_scale": post.get("frequency_scale", ""),
        "vat_rate": post.get("vat_rate", ""),
        "loadings": {
            "risk_load_method": post.get("risk_load_method", ""),
            "risk_load_factor": post.get("risk_load_factor", ""),
        },
    }
