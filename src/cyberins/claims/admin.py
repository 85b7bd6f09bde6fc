from django.contrib import admin
from django.http import HttpRequest

from cyberins.claims.models import Claim, HandlerAuthority, LossLine


@admin.register(HandlerAuthority)
class HandlerAuthorityAdmin(admin.ModelAdmin):
    """The insurer sets each claims handler's authority limit here."""

    list_display = ("user", "limit")
    search_fields = ("user__username",)


class LineInline(admin.TabularInline):
    model = LossLine
    extra = 0
    can_delete = False
    readonly_fields = ("coverage", "claimed", "assessed", "reductions", "payable")
    fields = readonly_fields


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (and their audit records)."""

    list_display = ("number", "policy", "incident", "status", "payable", "penalty_applied")
    list_filter = ("status",)
    search_fields = ("number",)
    inlines = (LineInline,)

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
