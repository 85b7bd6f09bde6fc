from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cyberins.underwriting.models import Application, Quote


class ReadOnlyAdmin(admin.ModelAdmin):
    """Applications and quotes change only through the underwriting services (rules, decisions, audit)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "applicant", "insurer", "product_version", "status", "health_grade", "submitted_at")
    list_filter = ("status", "insurer")
    search_fields = ("applicant__name",)


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ("pk", "application", "status", "valid_until", "accepted_plan", "created_at")
    list_filter = ("status",)
