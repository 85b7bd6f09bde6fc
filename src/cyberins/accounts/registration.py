"""Self-registration of an insured enterprise: the organisation and its first user are created inactive,
the email address is verified by a signed link, and the platform operator approves (or rejects)."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.errors import AccountsError, DomainError, InvalidState
from cyberins.accounts.models import Organisation, Registration, User
from cyberins.accounts.registration_model import RegistrationStatus
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.transitions import transition
from cyberins.network.credit_code import CreditCodeError, validate_credit_code

SALT = "cyberins.registration.verify-email"
#: how long the emailed link stays valid
LINK_VALID = timedelta(days=3)


def _error(code: AccountsError, field: str) -> DomainError:
    return DomainError(code, code.meaning, field=field)


@audited
@transaction.atomic
def do_register_enterprise(
    *,
    name: str,
    credit_code: str,
    province: str,
    city: str,
    contact_name: str,
    contact_phone: str,
    email: str,
    username: str,
    password: str,
    now: datetime,
) -> Registration:
    name, username, email = name.strip(), username.strip(), email.strip()
    if not name:
        raise _error(AccountsError.NAME_REQUIRED, "name")
    if Organisation.objects.filter(name=name).exists():
        raise _error(AccountsError.NAME_TAKEN, "name")
    try:
        code = validate_credit_code(credit_code)
    except CreditCodeError as exc:
        raise _error(AccountsError.CREDIT_CODE_INVALID, "credit_code") from exc
    if Organisation.objects.filter(unified_social_credit_code=code).exists():
        raise _error(AccountsError.CREDIT_CODE_TAKEN, "credit_code")
    if not username or User.objects.filter(username=username).exists():
        raise _error(AccountsError.USERNAME_TAKEN, "username")
    if not email or User.objects.filter(email__iexact=email).exists():
        raise _error(AccountsError.EMAIL_TAKEN, "email")
    if not contact_name.strip():
        raise _error(AccountsError.CONTACT_REQUIRED, "contact_name")
    organisation = Organisation.objects.create(
        kind=OrganisationKind.INSURED,
        name=name,
        unified_social_credit_code=code,
        province=province.strip(),
        city=city.strip(),
        phone=contact_phone.strip(),
        is_active=False,
    )
    user = User(
        username=username,
        email=email,
        organisation=organisation,
        roles=[Role.APPLICANT],
        display_name=contact_name.strip(),
        is_active=False,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(AccountsError.PASSWORD_WEAK, " ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    registration = Registration.objects.create(
        organisation=organisation,
        user=user,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        submitted_at=now,
    )
    record_change(actor=None, obj=registration, action="registration.submit", after={"name": name}, now=now)
    transaction.on_commit(partial(send_verification, registration.pk, translation.get_language()))
    return registration


def verification_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=SALT)


def send_verification(registration_id: int, language: str | None = None) -> None:
    registration = Registration.objects.select_related("user").get(pk=registration_id)
    link = settings.CYBERINS_PUBLIC_URL.rstrip("/") + reverse(
        "verify_email", args=[verification_token(registration)]
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        send_mail(
            _("Confirm your email address for Cyberins"),
            _(
                "Open this link to confirm the email address of %(name)s's registration; the platform "
                "operator then reviews it:\n\n%(link)s"
            )
            % {"name": registration.organisation.name, "link": link},
            settings.DEFAULT_FROM_EMAIL,
            [registration.user.email],
        )


@audited
@transaction.atomic
def do_verify_email(*, token: str, now: datetime) -> Registration:
    try:
        pk = signing.loads(token, salt=SALT, max_age=LINK_VALID)
    except signing.BadSignature as exc:
        raise _error(AccountsError.LINK_INVALID, "token") from exc
    registration = Registration.objects.select_for_update().filter(pk=pk).first()
    if registration is None:
        raise _error(AccountsError.LINK_INVALID, "token")
    if registration.status == RegistrationStatus.SUBMITTED:
        transition(registration, RegistrationStatus.VERIFIED, actor=None, now=now)
    return registration


@audited
@transaction.atomic
def do_decide_registration(
    *, actor: User, registration: Registration, approve: bool, reason: str = "", now: datetime
) -> Registration:
    require_role(actor, Role.PLATFORM_ADMIN)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if approve and registration.status != RegistrationStatus.VERIFIED:
        raise InvalidState(AccountsError.NOT_VERIFIED, AccountsError.NOT_VERIFIED.meaning, field="status")
    if not approve and not reason.strip():
        raise _error(AccountsError.REASON_REQUIRED, "reason")
    target = RegistrationStatus.APPROVED if approve else RegistrationStatus.REJECTED
    transition(
        registration, target, actor=actor, now=now, reason=reason.strip(), changes={"reason": reason.strip()}
    )
    if approve:
        Organisation.objects.filter(pk=registration.organisation_id).update(is_active=True)
        User.objects.filter(pk=registration.user_id).update(is_active=True)
    return registration
