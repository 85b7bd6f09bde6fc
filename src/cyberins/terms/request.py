"""An adjustment request as JSON-like data (``cyberins adjust``): parsed into terms objects, answered as data.

The format is documented in ``docs/terms.md`` ("The ``cyberins adjust`` command"). Every bad
input raises :class:`~cyberins.terms.errors.TermsError` whose ``field`` is the full path of the
value at fault in the request (``policy.coverages[1].sub_limit``, ``lines[0].claimed``), so an
auditor can find it in the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .adjustment import ClaimAdjustment, MitigationCost, adjust_claim
from .errors import TermsError
from .explanation import explanation_table
from .loss import LossLine
from .money import parse_amount
from .period import PolicyPeriod
from .policy_terms import CoverageTerms, PolicyTerms
from .text import Text
from .warranties import FindingEvidence, RemediationWarranty

__all__ = ["adjust_request", "adjustment_data", "parse_request"]

_TOP = {"policy", "incident_at", "lines", "findings", "mitigation", "paid_by_coverage"}
_POLICY = {
    "first_day",
    "last_day",
    "aggregate_limit",
    "per_occurrence_limit",
    "coverages",
    "remediation_warranty",
}
_COVERAGE = {
    "coverage",
    "sub_limit",
    "deductible",
    "waiting_period_hours",
    "erodes_aggregate",
    "participation",
    "per_occurrence_limit",
}
_LINE = {"coverage", "claimed", "assessed", "outage_hours", "hourly_income_loss", "daily_income_loss"}
_FINDING = {"notified_at", "due_at", "remediated_at", "directly_related", "reference"}
_MITIGATION = {"claimed", "assessed", "description"}


def _join(prefix: str, field: str) -> str:
    if not prefix:
        return field
    if not field:
        return prefix
    return f"{prefix}{field}" if field.startswith("[") else f"{prefix}.{field}"


@contextmanager
def _within(prefix: str) -> Iterator[None]:
    """Re-raise a TermsError of a nested constructor with the field's full path in the request."""
    try:
        yield
    except TermsError as error:
        raise TermsError(error.code, _join(prefix, error.field), error.message) from None


def _object(value: object, field: str, allowed: set[str], required: Sequence[str] = ()) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise TermsError(
            "terms.invalid_request", field, Text("须为 JSON 对象。", "A JSON object is required.")
        )
    for key in value:
        if key not in allowed:
            raise TermsError(
                "terms.unknown_field",
                _join(field, str(key)),
                Text(f"未知字段：{key}。", f"Unknown field: {key}."),
            )
    for key in required:
        if key not in value or value[key] is None:
            raise TermsError(
                "terms.missing_field", _join(field, key), Text(f"缺少字段：{key}。", f"Missing field: {key}.")
            )
    return value


def _list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TermsError(
            "terms.invalid_request", field, Text("须为 JSON 数组。", "A JSON array is required.")
        )
    return value


def _number(value: object, field: str) -> Decimal:
    """A JSON number or numeric string as a Decimal (hours, ratios, shares)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TermsError("terms.invalid_number", field, Text("须为数值。", "A number is required."))
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except ArithmeticError:
        raise TermsError("terms.invalid_number", field, Text("须为数值。", "A number is required.")) from None
    if not number.is_finite():
        raise TermsError(
            "terms.invalid_number", field, Text("须为有限数值。", "A finite number is required.")
        )
    return number


def _amount(value: object, field: str) -> Decimal:
    # JSON numbers arrive as Decimal (parse_float=Decimal); parse_amount accepts Decimal, int, str.
    return parse_amount(value, field)  # type: ignore[arg-type]


def _day(value: object, field: str) -> date:
    try:
        if isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise TermsError(
        "terms.invalid_date",
        field,
        Text("需要 ISO 日期（YYYY-MM-DD）。", "An ISO date (YYYY-MM-DD) is required."),
    )


def _moment(value: object, field: str) -> datetime:
    moment = None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if moment is None:
        raise TermsError(
            "terms.invalid_datetime",
            field,
            Text("需要带时区的 ISO 日期时间。", "An ISO datetime with a UTC offset is required."),
        )
    if moment.tzinfo is None:
        raise TermsError(
            "terms.naive_datetime",
            field,
            Text("时间必须带时区（例如 +08:00）。", "The datetime must carry a UTC offset (e.g. +08:00)."),
        )
    return moment


def _boolean(value: object, field: str, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise TermsError(
            "terms.invalid_request", field, Text("须为 true 或 false。", "Must be true or false.")
        )
    return value


def _optional_amount(value: object, field: str) -> Decimal | None:
    return None if value is None else _amount(value, field)


def _coverage(value: object, field: str) -> CoverageTerms:
    data = _object(value, field, _COVERAGE, ("coverage", "sub_limit"))
    coverage = data["coverage"]
    if not isinstance(coverage, str):
        raise TermsError(
            "terms.unknown_coverage",
            f"{field}.coverage",
            Text("须为保险责任代码。", "A coverage code is required."),
        )
    values = {
        "sub_limit": _amount(data["sub_limit"], f"{field}.sub_limit"),
        "deductible": _amount(data.get("deductible", 0), f"{field}.deductible"),
        "waiting_period_hours": _number(data.get("waiting_period_hours", 0), f"{field}.waiting_period_hours"),
        "erodes_aggregate": _boolean(data.get("erodes_aggregate"), f"{field}.erodes_aggregate", True),
        "participation": _number(data.get("participation", 0), f"{field}.participation"),
        "per_occurrence_limit": _optional_amount(
            data.get("per_occurrence_limit"), f"{field}.per_occurrence_limit"
        ),
    }
    with _within(field):
        return CoverageTerms(coverage, **values)  # type: ignore[arg-type]  # the code is normalised


def _policy(value: object) -> PolicyTerms:
    data = _object(value, "policy", _POLICY, ("first_day", "last_day", "aggregate_limit", "coverages"))
    with _within("policy"):
        period = PolicyPeriod(_day(data["first_day"], "first_day"), _day(data["last_day"], "last_day"))
    coverages = tuple(
        _coverage(item, f"policy.coverages[{i}]")
        for i, item in enumerate(_list(data["coverages"], "policy.coverages"))
    )
    warranty = None
    if data.get("remediation_warranty") is not None:
        raw = _object(data["remediation_warranty"], "policy.remediation_warranty", {"extra_deductible_ratio"})
        with _within("policy.remediation_warranty"):
            ratio = _number(raw.get("extra_deductible_ratio", "0.10"), "extra_deductible_ratio")
            warranty = RemediationWarranty(ratio)
    with _within("policy"):
        return PolicyTerms(
            period=period,
            aggregate_limit=_amount(data["aggregate_limit"], "aggregate_limit"),
            coverages=coverages,
            remediation_warranty=warranty,
            per_occurrence_limit=_optional_amount(data.get("per_occurrence_limit"), "per_occurrence_limit"),
        )


def _line(value: object, field: str) -> LossLine:
    data = _object(value, field, _LINE, ("coverage", "claimed"))
    hourly, daily = data.get("hourly_income_loss"), data.get("daily_income_loss")
    if hourly is not None or daily is not None:
        # business interruption from an income rate: assessed = rate x outage hours
        if data["coverage"] != "business_interruption" or data.get("assessed") is not None:
            raise TermsError(
                "terms.income_loss_rate_required",
                f"{field}.{'hourly_income_loss' if hourly is not None else 'daily_income_loss'}",
                Text(
                    "收入损失率仅用于营业中断，且不与核定金额同时给出。",
                    "An income rate is for business interruption only, instead of the assessed amount.",
                ),
            )
        if data.get("outage_hours") is None:
            raise TermsError(
                "terms.outage_hours_required",
                f"{field}.outage_hours",
                Text("营业中断须给出大于零的停机小时数。", "Business interruption needs outage hours > 0."),
            )
        with _within(field):
            return LossLine.business_interruption(
                claimed=_amount(data["claimed"], "claimed"),
                outage_hours=_number(data["outage_hours"], "outage_hours"),
                hourly_income_loss=None if hourly is None else _number(hourly, "hourly_income_loss"),
                daily_income_loss=None if daily is None else _number(daily, "daily_income_loss"),
            )
    if data.get("assessed") is None:
        raise TermsError(
            "terms.missing_field",
            f"{field}.assessed",
            Text("缺少字段：assessed。", "Missing field: assessed."),
        )
    outage = data.get("outage_hours")
    return LossLine(
        data["coverage"],
        claimed=_amount(data["claimed"], f"{field}.claimed"),
        assessed=_amount(data["assessed"], f"{field}.assessed"),
        outage_hours=None if outage is None else _number(outage, f"{field}.outage_hours"),
    )


def _finding(value: object, field: str) -> FindingEvidence:
    data = _object(value, field, _FINDING, ("due_at", "directly_related"))
    notified, remediated = data.get("notified_at"), data.get("remediated_at")
    reference = data.get("reference", "")
    if not isinstance(reference, str):
        raise TermsError(
            "terms.invalid_request", f"{field}.reference", Text("须为字符串。", "A string is required.")
        )
    return FindingEvidence(
        notified_at=None if notified is None else _moment(notified, f"{field}.notified_at"),
        due_at=_moment(data["due_at"], f"{field}.due_at"),
        remediated_at=None if remediated is None else _moment(remediated, f"{field}.remediated_at"),
        directly_related=_boolean(data["directly_related"], f"{field}.directly_related", False),
        reference=reference,
    )


def _mitigation(value: object, field: str) -> MitigationCost:
    data = _object(value, field, _MITIGATION, ("claimed", "assessed"))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise TermsError(
            "terms.invalid_request", f"{field}.description", Text("须为字符串。", "A string is required.")
        )
    return MitigationCost(
        _amount(data["claimed"], f"{field}.claimed"),
        _amount(data["assessed"], f"{field}.assessed"),
        description,
    )


def parse_request(data: object) -> dict[str, Any]:
    """The keyword arguments of :func:`~cyberins.terms.adjustment.adjust_claim` from a JSON request."""
    request = _object(data, "", _TOP, ("policy", "incident_at", "lines"))
    paid = request.get("paid_by_coverage") or {}
    if not isinstance(paid, dict):
        raise TermsError(
            "terms.invalid_request",
            "paid_by_coverage",
            Text("须为 JSON 对象。", "A JSON object is required."),
        )
    lines = _list(request["lines"], "lines")
    if not lines:
        raise TermsError(
            "terms.missing_field", "lines", Text("至少需要一条损失明细。", "Give at least one loss line.")
        )
    return {
        "terms": _policy(request["policy"]),
        "lines": [_line(item, f"lines[{i}]") for i, item in enumerate(lines)],
        "incident_at": _moment(request["incident_at"], "incident_at"),
        "findings": [
            _finding(item, f"findings[{i}]")
            for i, item in enumerate(_list(request.get("findings"), "findings"))
        ],
        "mitigation": [
            _mitigation(item, f"mitigation[{i}]")
            for i, item in enumerate(_list(request.get("mitigation"), "mitigation"))
        ],
        "paid_by_coverage": paid,
    }


def _text(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def adjustment_data(adjustment: ClaimAdjustment) -> dict[str, Any]:
    """The adjustment as JSON-ready data: amounts as strings with two decimals (exact, no float)."""
    lines = [
        {
            "coverage": str(line.coverage),
            "claimed": str(line.claimed),
            "assessed": str(line.assessed),
            "waiting_period_deduction": str(line.waiting_period_deduction),
            "deductible": str(line.deductible),
            "warranty_deductible": str(line.warranty_deductible),
            "participation_deduction": str(line.participation_deduction),
            "occurrence_limit_reduction": str(line.occurrence_limit_reduction),
            "sub_limit_reduction": str(line.sub_limit_reduction),
            "aggregate_reduction": str(line.aggregate_reduction),
            "payable": str(line.payable),
        }
        for line in adjustment.lines
    ]
    mitigation = [
        {
            "description": cost.description,
            "claimed": str(cost.claimed),
            "assessed": str(cost.assessed),
            "limit_reduction": str(cost.limit_reduction),
            "payable": str(cost.payable),
        }
        for cost in adjustment.mitigation
    ]
    explanation = [
        {
            "item": _text(row.item),
            "step": row.step,
            "reason": _text(row.reason),
            "before": str(row.before),
            "deducted": str(row.deducted),
            "after": str(row.after),
        }
        for row in explanation_table(adjustment)
    ]
    return {
        "warranty_breached": adjustment.warranty_breached,
        "extra_deductible_ratio": str(adjustment.extra_deductible_ratio),
        "lines": lines,
        "mitigation": mitigation,
        "totals": {
            "claimed": str(adjustment.total_claimed),
            "assessed": str(adjustment.total_assessed),
            "deductible": str(adjustment.total_deductible),
            "warranty_deductible": str(adjustment.total_warranty_deductible),
            "participation": str(adjustment.total_participation),
            "loss_payable": str(adjustment.total_loss_payable),
            "mitigation_payable": str(adjustment.total_mitigation_payable),
            "payable": str(adjustment.total_payable),
        },
        "paid_by_coverage": {str(code): str(amount) for code, amount in adjustment.paid_by_coverage.items()},
        "aggregate_remaining": str(adjustment.aggregate_remaining),
        "explanation": explanation,
    }


def adjust_request(data: object) -> dict[str, Any]:
    """Parse a JSON request, adjust the claim and return the answer (raises TermsError on bad input)."""
    return adjustment_data(adjust_claim(**parse_request(data)))
