from __future__ import annotations

from django.contrib.auth.password_validation import validate_password

from cyberins.accounts.audit import audited, record_change
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind, Role


@audited
def create_platform_admin(*, username: str, email: str, password: str, organisation_name: str) -> User:
    """Create (or reset the password of) a platform administrator; validates the password first."""
    user = User.objects.filter(username=username).first() or User(username=username)
    validate_password(password, user)
    platform = Organisation.objects.filter(kind=OrganisationKind.PLATFORM).first()
    if platform is None:
        platform = Organisation.objects.create(kind=OrganisationKind.PLATFORM, name=organisation_name)
    created = user.pk is None
    user.email = email or user.email
    user.organisation = platform
    user.roles = [Role.PLATFORM_ADMIN]
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    record_change(
        actor=None,
        obj=user,
        action="user.create_admin" if created else "user.reset_admin",
        after={"username": username, "roles": user.roles},
    )
    return user
