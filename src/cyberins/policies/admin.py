from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cyberins.accounts.admin import AuditedAdmin
from cyberins.policies.models import Policy, PolicyNumbering


@admin.register(PolicyNumbering)
class PolicyNumberingAdmin(AuditedAdmin):
    """Each insurer's policy-number format: ``pattern`` uses {prefix}, {year}, {seq} and {insurer}."""

    list_display = ("insurer", "year", "prefix", "pattern", "next_seq")
    list_filter = ("insurer",)


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """Read-only here: policies change through binding, payments, endorsements and cancellation."""

    list_display = ("number", "insured", "insurer", "plan", "sum_insured", "premium", "first_day", "status")
    list_filter = ("status", "insurer")
    search_fields = ("number", "insured__name")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
