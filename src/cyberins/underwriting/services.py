"""投保 → 核保 → 报价: drafts, submission through the rules, referral decisions, quotes."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import User
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import create_in_state, transition
from cyberins.healthchecks.queries import latest_rating_check
from cyberins.products.models import ProductVersion, VersionStatus
from cyberins.terms import local_date
from cyberins.underwriting import notices, rules
from cyberins.underwriting.answers import validate_answers
from cyberins.underwriting.models import Application, ApplicationStatus, Quote, QuoteStatus
from cyberins.underwriting.pricing import price_application

A = ApplicationStatus
DEFAULT_AUTHORITY = ("0.80", "1.20")


def apply_latest_health_check(application: Application) -> tuple[str, ...]:
    """Copy grade and premium modifier of the applicant's latest complete check; return its triggers."""
    check = latest_rating_check(application.applicant)
    if check is None:
        application.health_grade, application.health_modifier = "", Decimal(1)
        return ()
    application.health_grade = check.grade
    application.health_modifier = check.premium_modifier or Decimal(1)
    return tuple(str(t["code"]) for t in check.triggers)


def _locked(application: Application) -> Application:
    """The application row locked for this transaction, with what the use cases read from it.

    Only the application's own row, FOR NO KEY UPDATE: joined rows (the applicant, the product version)
    stay unlocked, and other transactions' foreign-key checks on the application do not wait for it.
    """
    related = ("applicant", "insurer", "product_version__product")
    locked = Application.objects.select_for_update(of=("self",), no_key=True)
    return locked.select_related(*related).get(pk=application.pk)


def _require_state(application: Application, *states: str) -> None:
    if application.status not in states:
        raise InvalidState(
            "underwriting.wrong_state",
            _("This application is %(status)s; the action is not possible now."),
            field="status",
            status=application.get_status_display(),
        )


@audited
def do_create_application(
    *,
    actor: User,
    version: ProductVersion,
    answers: dict[str, Any],
    previous_policy_number: str = "",
    submit: bool = False,
) -> Application:
    """A draft; with ``submit`` validated in full and submitted in the same transaction, so invalid
    answers report every fault (missing answers included) and leave neither a draft nor an audit record."""
    require_role(actor, Role.APPLICANT)
    if actor.organisation is None or actor.organisation.kind != OrganisationKind.INSURED:
        raise DomainError("underwriting.not_an_insured", _("Only an insured enterprise can apply."))
    if version.status != VersionStatus.PUBLISHED:
        raise InvalidState(
            "underwriting.version_not_published",
            _("This product version is not on sale."),
            field="product_version",
        )
    cleaned = validate_answers(version.questionnaire, answers, partial=not submit)
    application = Application(
        applicant=actor.organisation,
        insurer=version.product.insurer,
        product_version=version,
        created_by=actor,
        answers=cleaned,
        previous_policy_number=previous_policy_number,
    )
    if not submit:
        create_in_state(application, A.DRAFT, actor=actor)
        return application
    # Created and submitted in one statement: nobody can see the row before it is in its final state.
    now = timezone.now()
    target, reasons = _run_rules(application, now)
    create_in_state(application, target, actor=actor, now=now, details={"reasons": reasons})
    if application.status == A.ACCEPTED:
        issue_quote(actor=actor, application=application)
    return application


def _run_rules(application: Application, now: datetime) -> tuple[str, list[str]]:
    """Rate the cleaned answers and the latest health check: (the state they lead to, reason codes)."""
    triggers = apply_latest_health_check(application)
    reasons = rules.evaluate(application.answers, grade=application.health_grade, triggers=triggers)
    verdict = rules.outcome(reasons)
    application.reasons = [r.as_dict() for r in reasons]
    application.submitted_at = now
    if verdict != "refer":
        application.decided_at = now
    target = {"accept": A.ACCEPTED, "refer": A.REFERRED, "decline": A.DECLINED}[verdict]
    return target, [r.code for r in reasons]


@audited
def do_save_draft(*, actor: User, application: Application, answers: dict[str, Any]) -> Application:
    require_role(actor, Role.APPLICANT)
    _require_state(application, A.DRAFT)
    merged = {**application.answers, **answers}
    application.answers = validate_answers(application.product_version.questionnaire, merged, partial=True)
    application.save(update_fields=["answers"])
    return application


@audited
def do_submit_application(
    *, actor: User, application: Application, answers: dict[str, Any] | None = None
) -> Application:
    """Validate fully, run the rules: accept (and quote), refer to an underwriter, or decline."""
    require_role(actor, Role.APPLICANT)
    application = _locked(application)
    _require_state(application, A.DRAFT)
    merged = {**application.answers, **(answers or {})}
    application.answers = validate_answers(application.product_version.questionnaire, merged)
    now = timezone.now()
    target, reasons = _run_rules(application, now)
    application.save(
        update_fields=["answers", "health_grade", "health_modifier", "reasons", "submitted_at", "decided_at"]
    )
    transition(application, target, actor=actor, now=now, details={"reasons": reasons})
    if application.status == A.ACCEPTED:
        issue_quote(actor=actor, application=application)
    return application


def _authority(application: Application) -> tuple[Decimal, Decimal]:
    low, high = application.product_version.rating.get("authority", DEFAULT_AUTHORITY)
    return Decimal(low), Decimal(high)


@audited
def do_decide_referral(
    *, actor: User, application: Application, approve: bool, adjustment: Any = "1", note: str = ""
) -> Application:
    """The underwriter approves (optionally loading or discounting within authority) or declines."""
    require_role(actor, Role.UNDERWRITER)
    application = _locked(application)
    _require_state(application, A.REFERRED)
    try:
        factor = Decimal(str(adjustment))
    except InvalidOperation:
        factor = Decimal("NaN")
    low, high = _authority(application)
    if not factor.is_finite() or not low <= factor <= high:
        raise DomainError(
            "underwriting.outside_authority",
            _("The adjustment must be between %(low)s and %(high)s."),
            field="adjustment",
            low=low,
            high=high,
        )
    now = timezone.now()
    transition(
        application,
        A.ACCEPTED if approve else A.DECLINED,
        actor=actor,
        now=now,
        reason=note.strip(),
        changes={"adjustment": factor, "underwriter_note": note.strip(), "decided_at": now},
    )
    notices.referral_decided(application, now=now)
    if approve:
        issue_quote(actor=actor, application=application)
    return application


def issue_quote(*, actor: User, application: Application, supersede: bool = False) -> Quote:
    """Price every plan; with ``supersede`` (a requote) earlier active quotes are superseded.

    The new quote is left on ``application.current_quote`` for the response.
    """
    _require_state(application, A.ACCEPTED)
    options, reference = price_application(
        application.product_version,
        application.answers,
        grade=application.health_grade,
        health_modifier=application.health_modifier,
        adjustment=application.adjustment,
    )
    if supersede:
        for old in application.quotes.select_for_update().filter(status=QuoteStatus.ACTIVE):
            transition(old, QuoteStatus.SUPERSEDED, actor=actor)
    valid_until = local_date(timezone.now()) + timedelta(days=application.product_version.quote_validity_days)
    quote = Quote.objects.create(
        application=application, options=options, assumption_set=reference, valid_until=valid_until
    )
    record_change(
        actor=actor,
        obj=quote,
        action="quote.issue",
        after={"premiums": {o["plan"]: o["premium"] for o in options}, "valid_until": valid_until},
    )
    application.current_quote = quote  # type: ignore[attr-defined]
    notices.quote_issued(quote, now=timezone.now())
    return quote


@audited
def do_requote(*, actor: User, application: Application) -> Quote:
    """A fresh quote at today's prices, e.g. after the last one expired."""
    require_role(actor, Role.APPLICANT, Role.UNDERWRITER)
    return issue_quote(actor=actor, application=_locked(application), supersede=True)


@audited
def do_mark_bound(*, actor: User, application: Application, quote: Quote, plan_code: str) -> Application:
    """Binding closes underwriting: the quote is accepted for one plan and the application is bound.

    Called by ``policies`` when it issues the policy, in the same transaction, so that underwriting's
    rows change only through underwriting's own service.
    """
    if quote.application_id != application.pk:
        raise DomainError(
            "underwriting.quote_of_another_application",
            _("This quote belongs to another application."),
            field="quote",
        )
    now = timezone.now()
    transition(quote, QuoteStatus.ACCEPTED, actor=actor, now=now, changes={"accepted_plan": plan_code})
    transition(application, A.BOUND, actor=actor, now=now, details={"quote": quote.pk, "plan": plan_code})
    return application
