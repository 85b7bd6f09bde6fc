from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import record_change
from cyberins.accounts.models import ApiToken, AuditRecord, Organisation, StatusChange, User
from cyberins.accounts.roles import ROLES_OF_KIND, Role


class AuditedAdmin(admin.ModelAdmin):
    """Back-office edits go into the audit trail like every other change (same transaction)."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            before = {name: form.initial.get(name) for name in form.changed_data} if change else None
            super().save_model(request, obj, form, change)
            after = {name: form.cleaned_data.get(name) for name in form.changed_data}
            record_change(
                actor=request.user,
                obj=obj,
                action="admin.change" if change else "admin.add",
                before=before,
                after=_jsonable(after),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record_change(actor=request.user, obj=obj, action="admin.delete", before={"repr": str(obj)})
            super().delete_model(request, obj)


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Related objects and querysets by their keys; passwords never."""
    plain: dict[str, Any] = {}
    for name, value in values.items():
        if "password" in name:
            plain[name] = "(changed)"
        elif isinstance(value, models.Model):
            plain[name] = value.pk
        elif isinstance(value, models.QuerySet):
            plain[name] = sorted(value.values_list("pk", flat=True))
        else:
            plain[name] = value
    return plain


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "province", "city", "is_active")
    list_filter = ("kind", "province", "is_active")
    search_fields = ("name", "short_name", "name_en", "unified_social_credit_code")


class UserRolesForm(UserChangeForm):
    """Roles ticked from a list (not typed as JSON), each checked against the organisation's kind."""

    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("organisation")
        roles = data.get("roles") or []
        if organisation is not None:
            allowed = ROLES_OF_KIND.get(organisation.kind, frozenset())
            wrong = [role for role in roles if role not in allowed]
            if wrong:
                self.add_error(
                    "roles",
                    _("The role %(role)s does not belong to this kind of organisation.")
                    % {"role": Role(wrong[0]).label},
                )
        return data


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    form = UserRolesForm
    list_display = ("username", "display_name", "organisation", "roles", "is_active")
    list_filter = ("organisation__kind", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Cyberins", {"fields": ("organisation", "roles", "display_name")}),
    )  # type: ignore[misc]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only and written by services only."""

    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_name", "hash")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Read-only: status history is written by ``transition`` only."""

    list_display = ("at", "content_type", "object_id", "field", "from_state", "to_state", "actor")
    list_filter = ("content_type", "to_state")
    search_fields = ("object_id", "actor__username", "reason")
    list_select_related = ("content_type", "actor")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
