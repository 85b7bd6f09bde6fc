"""Back-office views. Read-only: every change goes through the services (and the audit trail)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cyberins.healthchecks.models import (
    Asset,
    Finding,
    HealthCheck,
    RemediationEvent,
    RemediationItem,
    ScanAuthorisation,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Asset)
class AssetAdmin(ReadOnlyAdmin):
    list_display = ("name", "organisation", "kind", "address", "declared_at", "retired_at")
    list_filter = ("kind",)
    search_fields = ("name", "address", "organisation__name")


@admin.register(ScanAuthorisation)
class ScanAuthorisationAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "organisation",
        "authorised_by",
        "authorised_at",
        "valid_until",
        "revoked_at",
    )
    search_fields = ("reference", "organisation__name", "authorised_by")


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    can_delete = False
    fields = ("severity", "target", "check_id", "title_zh", "cves", "kev", "due_at")
    readonly_fields = fields


@admin.register(HealthCheck)
class HealthCheckAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "kind", "status", "score", "grade", "requested_at")
    list_filter = ("kind", "status", "grade")
    search_fields = ("organisation__name", "service_order_ref")
    inlines = (FindingInline,)


class RemediationEventInline(admin.TabularInline):
    model = RemediationEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "actor", "health_check", "note")
    readonly_fields = fields


@admin.register(RemediationItem)
class RemediationItemAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "organisation", "status", "notified_at", "due_at", "closed_at")
    list_filter = ("status",)
    inlines = (RemediationEventInline,)
