"""The claim's documents: the settlement letter (赔款通知书) and the loss-adjustment report (公估报告),
mapped from a claim onto the pure renderers of :mod:`cyberins.documents`.

Both print the explanation table stored by the assessment (the steps the insured sees on the
claim page), not a new computation, so paper and page always agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from cyberins.accounts.errors import InvalidState
from cyberins.accounts.models import AuditRecord
from cyberins.accounts.roles import Role
from cyberins.claims.errors import ClaimsError as E
from cyberins.claims.models import Claim
from cyberins.claims.services.common import ZERO, direct_paid, error, totals
from cyberins.documents import (
    ClaimAmounts,
    ClaimPayment,
    InsuredSystem,
    Insurer,
    LossAdjustmentReport,
    ReviewLevel,
    SettlementLetter,
    render_loss_adjustment_report,
    render_settlement_letter,
)
from cyberins.terms import CoverageCode, ExplanationRow, Text, get_coverage, local_date

Language = Literal["zh", "en"]
#: states in which the amount is agreed: the letter exists
LETTER_STATES = ("approved", "paid", "closed")
#: states in which an assessment exists: the report exists
REPORT_STATES = ("assessed", *LETTER_STATES)

#: who may read them: the insured and the insurer's people (not the provider, who sees only its payments)
LETTER_ROLES = (Role.APPLICANT, Role.CLAIMS_HANDLER, Role.UNDERWRITER, Role.ACTUARY)
REPORT_ROLES = (Role.CLAIMS_HANDLER, Role.UNDERWRITER, Role.ACTUARY)
SERVICE_PURPOSE = Text(
    "应急响应服务费（直赔服务单位）", "Emergency response fees (paid directly to the provider)"
)
INSURED_PURPOSE = Text("损失赔款", "Loss payment")


def language_of(value: str | None) -> Language:
    """``en``/``en-us`` → English; anything else → Chinese (the default language)."""
    return "en" if (value or "").lower().startswith("en") else "zh"


def _renderer_language(lang: Language) -> str:
    return "en" if lang == "en" else "zh-hans"


def _insurer(claim: Claim) -> Insurer:
    org = claim.insurer
    return Insurer(name_zh=org.name, name_en=org.english_name, address_zh=org.address)


def _product(claim: Claim) -> Text:
    product = claim.policy.product_version.product
    return Text(product.official_name, product.name_en or product.official_name)


def _amounts(claim: Claim) -> ClaimAmounts:
    figures = totals(claim)
    return ClaimAmounts(figures["claimed"], figures["assessed"], claim.payable)


def explanation_rows(claim: Claim) -> tuple[ExplanationRow, ...]:
    """The stored explanation table (``Claim.assessment``) as the documents' rows."""
    rows: list[ExplanationRow] = []
    for line in claim.assessment.get("lines", []):
        item = get_coverage(CoverageCode(line["coverage"])).name
        for step in line["steps"]:
            rows.append(
                ExplanationRow(
                    item=item,
                    step=step["code"],
                    reason=Text(step["why_zh"], step["why_en"]),
                    before=Decimal(step["before"]),
                    deducted=Decimal(step["deducted"]),
                    after=Decimal(step["after"]),
                )
            )
    return tuple(rows)


def _service_payable(claim: Claim) -> Decimal:
    return sum(
        (line.payable or ZERO for line in claim.lines.filter(coverage=CoverageCode.RESPONSE_SERVICE)), ZERO
    )


def settlement_payments(claim: Claim) -> tuple[ClaimPayment, ...]:
    """Who is paid what: the provider directly for its fees (直赔, when authorised), the insured the rest.

    What was already paid directly counts; otherwise the response-service payable is planned for the
    provider. The two always add up to the approved payable.
    """
    to_provider = ZERO
    if claim.provider is not None:
        planned = _service_payable(claim) if claim.direct_payment_authorised else ZERO
        to_provider = min(max(direct_paid(claim), planned), claim.payable)
    payments = []
    if to_provider > 0 and claim.provider is not None:
        payments.append(ClaimPayment(claim.provider.name, to_provider, SERVICE_PURPOSE))
    if claim.payable - to_provider > 0:
        payments.append(ClaimPayment(claim.policy.insured_name, claim.payable - to_provider, INSURED_PURPOSE))
    return tuple(payments)


def settlement_letter(claim: Claim) -> SettlementLetter:
    if claim.status not in LETTER_STATES or claim.approved_at is None:
        raise error(E.NO_LETTER, "status", InvalidState)
    incident = claim.incident
    return SettlementLetter(
        insurer=_insurer(claim),
        letter_number=f"PK-{claim.number}",
        letter_date=local_date(claim.approved_at),
        claim_number=claim.number,
        policy_number=claim.policy.number,
        insured_name=claim.policy.insured_name,
        insured_address=claim.policy.insured_address,
        product_name=_product(claim),
        incident_at=incident.occurred_at,
        incident_summary=Text(incident.summary, incident.summary),
        amounts=_amounts(claim),
        explanation=explanation_rows(claim),
        payments=settlement_payments(claim),
        warranty_penalty_applied=claim.penalty_applied,
        contact=_contact(claim),
    )


def _contact(claim: Claim) -> str:
    """The adjuster who assessed the claim and the insurer's telephone, as far as they are known."""
    adjuster = str(claim.assessed_by) if claim.assessed_by else ""
    return " · ".join(part for part in (adjuster, claim.insurer.phone) if part)


def _systems(claim: Claim) -> tuple[InsuredSystem, ...]:
    out = []
    for system in claim.policy.systems:
        kind = str(system.get("type") or "")
        users, devices = system.get("users"), system.get("devices")
        zh = "，".join(
            x for x in (kind, f"{users} 名用户" if users else "", f"{devices} 台设备" if devices else "") if x
        )
        en = ", ".join(
            x for x in (kind, f"{users} users" if users else "", f"{devices} devices" if devices else "") if x
        )
        out.append(InsuredSystem(str(system.get("name", "")), Text(zh, en)))
    return tuple(out)


def _reviews(claim: Claim) -> tuple[ReviewLevel, ...]:
    """The review levels: the assessor (编制), then every approval (审核) with its note."""
    levels = []
    if claim.assessed_by is not None and claim.assessed_at is not None:
        levels.append(
            ReviewLevel(Text("编制", "Prepared by"), _name(claim.assessed_by), local_date(claim.assessed_at))
        )
    for approval in claim.approvals.select_related("approver"):
        opinion = Text(approval.note, approval.note) if approval.note else Text("同意", "Agreed")
        levels.append(
            ReviewLevel(
                Text("审核", "Approved by"), _name(approval.approver), local_date(approval.at), opinion
            )
        )
    return tuple(levels)


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def report_revision(claim: Claim) -> int:
    """0 for the first assessment; each later assessment of the claim is a corrected version (R1, R2 ...)."""
    assessments = AuditRecord.objects.filter(
        object_type=claim._meta.label_lower, object_id=str(claim.pk), action="claim.assess"
    ).count()
    return max(assessments - 1, 0)


def adjustment_report(claim: Claim) -> LossAdjustmentReport:
    if claim.status not in REPORT_STATES or claim.assessed_at is None:
        raise error(E.NO_REPORT, "status", InvalidState)
    incident, policy = claim.incident, claim.policy
    revision = report_revision(claim)
    cause = incident.root_cause or incident.summary
    if incident.exploited_cve:
        cause = f"{cause} ({incident.exploited_cve})"
    penalty = claim.penalty_applied
    return LossAdjustmentReport(
        adjuster=_insurer(claim).name_zh,
        report_number=f"GG-{claim.number}",
        report_date=local_date(claim.assessed_at),
        insurer=_insurer(claim),
        claim_number=claim.number,
        policy_number=policy.number,
        insured_name=policy.insured_name,
        insured_address=policy.insured_address,
        insured_business=Text(claim.insured.name, claim.insured.name),
        product_name=_product(claim),
        policy_period=Text(policy.period.wording_zh(), policy.period.wording_en()),
        sum_insured=policy.sum_insured,
        incident_at=incident.occurred_at,
        reported_at=incident.reported_at,
        amounts=_amounts(claim),
        scope=Text(
            f"对事故 {incident.number} 的原因、保险责任及损失金额进行核定和理算。",
            f"The cause, the policy liability and the amount of the loss of incident {incident.number}.",
        ),
        systems=_systems(claim),
        course_of_events=Text(incident.summary, incident.summary),
        cause=Text(cause, cause),
        liability=Text(
            "事故发生在保险期间内；整改通知的隐患逾期未整改且与事故直接相关，适用额外 10% 免赔。"
            if penalty
            else "事故发生在保险期间内，按保险合同约定理算。",
            "The incident falls within the policy period; a notified hidden risk, overdue and directly"
            " related to the incident, adds the 10% deductible."
            if penalty
            else "The incident falls within the policy period; adjusted under the policy terms.",
        ),
        explanation=explanation_rows(claim),
        conclusion=Text(
            f"建议赔付人民币 {claim.payable:,} 元。", f"We recommend payment of CNY {claim.payable:,}."
        ),
        reviews=_reviews(claim),
        warranty_penalty_applied=penalty,
        revision=revision,
        revision_note=Text("重新理算后的更正版本", "Corrected after a new assessment") if revision else None,
    )


def letter_pdf(claim: Claim, lang: str) -> bytes:
    return render_settlement_letter(settlement_letter(claim), _renderer_language(language_of(lang)))


def report_pdf(claim: Claim, lang: str) -> bytes:
    return render_loss_adjustment_report(adjustment_report(claim), _renderer_language(language_of(lang)))
