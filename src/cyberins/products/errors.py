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
    INVALID_PLAN_NAME = "products.invalid_plan_name", _("Enter a plan name of at most %(max)s characters.")
    NOT_A_DRAFT = "products.not_a_draft", _("Only a draft version can be edited.")
    NO_PLANS = "products.no_plans", _("Add at least one plan before filing.")
    NO_QUESTIONNAIRE = "products.no_questionnaire", _("The version has no questionnaire.")
    PLAN_WITHOUT_COVERAGE = "products.plan_without_coverage", _("Plan %(plan)s has no coverage.")
    VERSION_NOT_AVAILABLE = "products.version_not_available", _("This product version is not available.")
    # the draft editor (draft_checks, draft_edits)
    DUPLICATE_KEY = "products.duplicate_key", _("The key %(key)s is used twice.")
    DUPLICATE_SERVICE = "products.duplicate_service", _("Plan %(plan)s lists this service twice.")
    DUPLICATE_WARRANTY = (
        "products.duplicate_warranty",
        _("A version has at most one warranty of each standard kind."),
    )
    INVALID_BOUNDS = "products.invalid_bounds", _("The lower bound must not exceed the upper bound.")
    INVALID_KEY = (
        "products.invalid_key",
        _("Use a unique key: letters, digits and underscores, starting with a letter (at most 40)."),
    )
    INVALID_NUMBER = "products.invalid_number", _("Enter a number from %(min)s to %(max)s.")
    INVALID_TEXT = "products.invalid_text", _("Enter a text of at most %(max)s characters.")
    NO_CHOICES = "products.no_choices", _("List at least one option.")
    PINNED_QUESTION = (
        "products.pinned_question",
        _("The question %(key)s is read by pricing and the underwriting rules: keep it, of type %(type)s."),
    )
    UNKNOWN_CHOICE = "products.unknown_choice", _("Choose one of the listed options.")
    UNKNOWN_RATING_KEY = (
        "products.unknown_rating_key",
        _("This table names an answer the questionnaire does not offer."),
    )
    UNKNOWN_SERVICE = "products.unknown_service", _("This service is not in the price book.")
