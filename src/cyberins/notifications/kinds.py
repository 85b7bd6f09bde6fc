"""The kinds of notification: each names its subject and body (translatable, with %(param)s
placeholders) once, so a notification stores only its kind and parameters and is rendered in the
reader's language when it is shown or mailed."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    subject: Promise
    body: Promise


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        Kind(
            "referral_approved",
            _("Referral approved"),
            _("Application %(number)s was approved"),
            _("The underwriter approved application %(number)s. %(note)s"),
        ),
        Kind(
            "referral_declined",
            _("Referral declined"),
            _("Application %(number)s was declined"),
            _("The underwriter declined application %(number)s. %(note)s"),
        ),
        Kind(
            "quote_issued",
            _("Quote issued"),
            _("A quote is ready for application %(number)s"),
            _(
                "The quote for application %(number)s is ready: premium from %(premium)s yuan, "
                "valid until %(valid_until)s. Choose a plan and accept it before then."
            ),
        ),
        Kind(
            "remediation_notice",
            _("Remediation notice"),
            _("Remediation notice: %(count)s findings to fix by %(deadline)s"),
            _(
                "The insurer formally notifies you of %(count)s security findings of health check "
                "%(check)s. Fix them at your own cost by %(deadline)s. Under the remediation warranty, an "
                "incident proven to result from a finding left unfixed carries an extra deductible of 10%% "
                "on both the security-service and the loss payments."
            ),
        ),
        Kind(
            "policy_issued",
            _("Policy issued"),
            _("Policy %(number)s was issued"),
            _(
                "Policy %(number)s was issued: cover from %(first_day)s to %(last_day)s, premium "
                "%(premium)s yuan in %(instalments)s instalment(s)."
            ),
        ),
        Kind(
            "instalment_due",
            _("Instalment due"),
            _("Instalment %(sequence)s of policy %(number)s is due on %(due_on)s"),
            _("Instalment %(sequence)s of policy %(number)s, %(amount)s yuan, is due on %(due_on)s."),
        ),
        Kind(
            "instalment_overdue",
            _("Instalment overdue"),
            _("Instalment %(sequence)s of policy %(number)s is overdue"),
            _(
                "Instalment %(sequence)s of policy %(number)s, %(amount)s yuan, was due on %(due_on)s and "
                "is not paid. The cover depends on payment."
            ),
        ),
        Kind(
            "policy_expiring",
            _("Policy expiring"),
            _("Policy %(number)s expires on %(last_day)s"),
            _("Policy %(number)s ends at 24:00 on %(last_day)s. Apply for renewal to stay covered."),
        ),
        Kind(
            "incident_reported",
            _("Incident reported"),
            _("Incident %(number)s was reported"),
            _("Incident report %(number)s on policy %(policy)s was received: %(summary)s"),
        ),
        Kind(
            "offer_waiting",
            _("Offer waiting"),
            _("An emergency-response offer is waiting: %(number)s"),
            _("Your company is offered the emergency response to %(number)s. Answer by %(deadline)s."),
        ),
        Kind(
            "provider_dispatched",
            _("Provider dispatched"),
            _("A response team was dispatched to incident %(number)s"),
            _("%(provider)s accepted the emergency response to incident %(number)s."),
        ),
        Kind(
            "incident_stage",
            _("Incident stage changed"),
            _("Incident %(number)s: %(stage)s"),
            _("Incident %(number)s moved to the stage “%(stage)s”. %(note)s"),
        ),
        Kind(
            "sla_at_risk",
            _("Deadline at risk"),
            _("Incident %(number)s: %(clock)s %(state)s"),
            _("The clock “%(clock)s” of incident %(number)s is %(state)s; it is due at %(due)s."),
        ),
        Kind(
            "registration_waiting",
            _("Registration waiting"),
            _("Registration of %(name)s waits for approval"),
            _("%(name)s registered and confirmed its email address; approve or reject it."),
        ),
    ]
}
