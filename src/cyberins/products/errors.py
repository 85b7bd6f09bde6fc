"""The error codes of the products app (listed in docs/errors.md; a test keeps both in step)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class ProductsError(ErrorCode):
    INCONSISTENT_LIMITS = (
        "products.inconsistent_limits",
        _("Plan %(plan)s: each sub-limit must lie above its deductible and within the sum."),
    )
    INVALID_TRANSITION = (
        "products.invalid_transition",
        _("A version in status “%(status)s” does not allow this action."),
    )
    INVALID_DECISION_DAYS = (
        "products.invalid_decision_days",
        _("Enter the claim decision term as whole days from 1 to 60."),
    )
    INVALID_FIGURE = "products.invalid_figure", _("Enter an amount of zero or more.")
    NOT_A_DRAFT = "products.not_a_draft", _("Only a draft version can be edited.")
    NO_PLANS = "products.no_plans", _("Add at least one plan before filing.")
    NO_QUESTIONNAIRE = "products.no_questionnaire", _("The version has no questionnaire.")
    PLAN_WITHOUT_COVERAGE = "products.plan_without_coverage", _("Plan %(plan)s has no coverage.")
    VERSION_NOT_AVAILABLE = "products.version_not_available", _("This product version is not available.")
