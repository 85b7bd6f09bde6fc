"""The error codes of the underwriting app (listed in docs/errors.md; a test keeps both in step)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cyberins.accounts.errors import ErrorCode


class UnderwritingError(ErrorCode):
    QUOTE_OF_ANOTHER_APPLICATION = (
        "underwriting.quote_of_another_application",
        _("This quote belongs to another application."),
    )
    QUESTIONNAIRE_CONTRADICTORY = (
        "questionnaire.contradictory",
        _("“None of these” cannot be chosen together with a type of information."),
    )
    QUESTIONNAIRE_REVENUE_UNCONFIRMED = (
        "questionnaire.revenue_unconfirmed",
        _("The revenue is unusually high for the number of employees and was not confirmed."),
    )
    QUESTIONNAIRE_STAFF_EXCEEDS_EMPLOYEES = (
        "questionnaire.staff_exceeds_employees",
        _("Security staff cannot exceed the employees."),
    )
    QUESTIONNAIRE_INVALID = "questionnaire.invalid", _("Some answers are missing or invalid.")
    QUESTIONNAIRE_NOT_A_NUMBER = "questionnaire.not_a_number", _("Enter a number.")
    QUESTIONNAIRE_NOT_AN_OBJECT = "questionnaire.not_an_object", _("The answers must be an object.")
    QUESTIONNAIRE_REQUIRED = "questionnaire.required", _("Name at least one system to insure.")
    QUESTIONNAIRE_TOO_LARGE = "questionnaire.too_large", _("The value must be at most %(max)s.")
    QUESTIONNAIRE_TOO_LONG = "questionnaire.too_long", _("Use at most %(max)s characters.")
    QUESTIONNAIRE_TOO_MANY = "questionnaire.too_many", _("At most %(max)s systems.")
    QUESTIONNAIRE_TOO_SMALL = "questionnaire.too_small", _("The value must be at least %(min)s.")
    QUESTIONNAIRE_UNKNOWN_CHOICE = "questionnaire.unknown_choice", _("Choose one of the listed options.")
    QUESTIONNAIRE_UNKNOWN_QUESTION = (
        "questionnaire.unknown_question",
        _("This question is not part of the form."),
    )
    NOT_AN_INSURED = "underwriting.not_an_insured", _("Only an insured enterprise can apply.")
    OUTSIDE_AUTHORITY = (
        "underwriting.outside_authority",
        _("The adjustment must be between %(low)s and %(high)s."),
    )
    VERSION_NOT_PUBLISHED = "underwriting.version_not_published", _("This product version is not on sale.")
    WRONG_STATE = (
        "underwriting.wrong_state",
        _("This application is %(status)s; the action is not possible now."),
    )
