"""Organisations, users, roles, API tokens and the audit trail."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit_model import AuditRecord
from cyberins.accounts.periodic_model import PeriodicRun
from cyberins.accounts.registration_model import Registration
from cyberins.accounts.roles import OrganisationKind, Role

__all__ = ["ApiToken", "AuditRecord", "Organisation", "PeriodicRun", "Registration", "StatusChange", "User"]


class Organisation(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation
    """One party on the platform; every user belongs to exactly one."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    #: the registered English name, printed on English documents (the Chinese name otherwise)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    unified_social_credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, help_text=_("统一社会信用代码")
    )
    province = models.CharField(_("province"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    industry = models.CharField(_("industry (GB/T 4754 section)"), max_length=1, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The scoping rule (accounts.scoping) reads these lookups: the organisation itself is its own stake.
    scope_lookups: ClassVar[tuple[str, ...]] = ("pk",)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering: ClassVar[list[str]] = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def english_name(self) -> str:
        return self.name_en or self.name


class User(AbstractUser):
    """A person acting for one organisation, holding one or more roles of that organisation's kind."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    roles = models.JSONField(_("roles"), default=list, blank=True)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation",)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def primary_role(self) -> str | None:
        return self.roles[0] if self.roles else None

    @property
    def primary_role_label(self) -> str:
        return str(Role(self.primary_role).label) if self.primary_role else ""


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("user__organisation",)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class StatusChange(models.Model):
    """One move of one state field of any entity, written by :func:`cyberins.accounts.transitions.transition`.

    Generic (content type + object id) so every stateful entity shares one history table; the
    actor's organisation is copied so the history stays scoped if the user later moves or leaves.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=64)
    from_state = models.CharField(_("from"), max_length=32)
    to_state = models.CharField(_("to"), max_length=32)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    actor_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor's organisation"),
    )
    reason = models.TextField(_("reason"), blank=True)

    scope_lookups: ClassVar[tuple[str, ...]] = ("actor_organisation",)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering: ClassVar[list[str]] = ["at", "pk"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.object_id} {self.field} {self.from_state} → {self.to_state}"

    @staticmethod
    def content_type_of(obj: models.Model) -> ContentType:
        return ContentType.objects.get_for_model(obj, for_concrete_model=True)
