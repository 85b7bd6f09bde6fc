"""Use cases that change organisations, users and tokens. Each runs in one transaction and audits."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change, snapshot
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import ApiToken, Organisation, User
from cyberins.accounts.prepared import Prepared
from cyberins.accounts.roles import ROLES_OF_KIND, Role
from cyberins.accounts.scoping import require_role
from cyberins.accounts.tokens import digest, new_token

#: Who may edit an organisation's own profile (besides the platform administrator).
PROFILE_EDITORS = (Role.APPLICANT, Role.PROVIDER_MANAGER, Role.UNDERWRITER)
PROFILE_FIELDS = ("name", "short_name", "name_en", "province", "city", "address", "phone", "industry")


def check_roles_fit(*, kind: str, roles: list[str]) -> None:
    allowed = ROLES_OF_KIND[kind]
    for role in roles:
        if role not in allowed:
            raise DomainError(
                "accounts.role_not_for_kind",
                _("The role %(role)s does not belong to this kind of organisation."),
                field="roles",
                role=role,
            )


@audited
def do_update_organisation_profile(
    *, actor: User, organisation: Organisation, changes: dict[str, Any]
) -> Organisation:
    """Edit the profile fields of an organisation the actor can already see (callers scope first)."""
    require_role(actor, *PROFILE_EDITORS)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError("accounts.field_not_editable", _("This field cannot be changed."), field=field)
    if "name" in changes:
        name = str(changes["name"]).strip()
        if not name:
            raise DomainError("accounts.name_required", _("The name is required."), field="name")
        if Organisation.objects.filter(name=name).exclude(pk=organisation.pk).exists():
            raise DomainError(
                "accounts.name_taken", _("Another organisation already has this name."), field="name"
            )
        changes = {**changes, "name": name}
    before = snapshot(organisation, changes)
    for field, value in changes.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save(update_fields=list(changes))
    record_change(actor=actor, obj=organisation, action="organisation.update", before=before, after=changes)
    return organisation


@audited
def do_create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; the clear secret is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise DomainError(
            "accounts.token_name_invalid", _("Give the token a name of 1 to 100 characters."), field="name"
        )
    prefix, secret = new_token()
    token = ApiToken.objects.create(user=actor, name=name, prefix=prefix, digest=digest(secret))
    record_change(actor=actor, obj=token, action="api_token.create", after={"name": name, "prefix": prefix})
    return token, secret


@audited
def do_revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        raise InvalidState("accounts.token_already_revoked", _("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_change(
        actor=actor,
        obj=token,
        action="api_token.revoke",
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at},
    )
    return token


#: every API request runs this read: compiled once (accounts/prepared.py); the digest is unique
_ACTIVE_TOKEN: Prepared[ApiToken] = Prepared(
    lambda digest_: ApiToken.objects.select_related("user__organisation").filter(
        digest=digest_, revoked_at__isnull=True
    ),
    "\x00digest",
)


def authenticate_token(secret: str) -> User | None:
    """The active user behind an active token, or None. Marks the token as used (at most once a minute)."""
    found = _ACTIVE_TOKEN(digest(secret))
    if not found:
        return None
    token = found[0]
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
