from django.contrib import admin

from cyberins.accounts.admin import AuditedAdmin
from cyberins.policies.models import Policy, PolicyNumbering
from cyberins.underwriting.admin import ReadOnlyAdmin


@admin.register(PolicyNumbering)
class PolicyNumberingAdmin(AuditedAdmin):
    """Each insurer's policy-number format: ``pattern`` uses {prefix}, {year}, {seq} and {insurer}."""

    list_display = ("insurer", "year", "prefix", "pattern", "next_seq")
    list_filter = ("insurer",)


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    """Read-only here: policies change through binding, payments, endorsements and cancellation."""

    list_display = ("number", "insured", "insurer", "plan", "sum_insured", "premium", "first_day", "status")
    list_filter = ("status", "insurer")
    search_fields = ("number", "insured__name")
