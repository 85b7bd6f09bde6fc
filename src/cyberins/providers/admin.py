from django.contrib import admin

from cyberins.accounts.admin import AuditedAdmin
from cyberins.providers.models import (
    Certification,
    Engagement,
    Engineer,
    Offer,
    PriceBookEntry,
    ProviderProfile,
    ServedRegion,
    ServiceItem,
)


class PriceInline(admin.TabularInline):
    model = PriceBookEntry
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(AuditedAdmin):
    list_display = (
        "code",
        "name",
        "unit",
        "remote_allowed",
        "accept_within_minutes",
        "accept_within_working_days",
    )
    inlines = (PriceInline,)


class RegionInline(admin.TabularInline):
    model = ServedRegion
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class EngineerInline(admin.TabularInline):
    model = Engineer
    extra = 0


@admin.register(ProviderProfile)
class ProviderProfileAdmin(AuditedAdmin):
    list_display = ("legal_name", "credit_code", "hotline", "capacity", "remote")
    search_fields = ("legal_name", "credit_code")
    inlines = (RegionInline, CertificationInline, EngineerInline)


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    can_delete = False
    readonly_fields = tuple(f.name for f in Offer._meta.fields)


@admin.register(Engagement)
class EngagementAdmin(AuditedAdmin):
    """Read-only here: engagements change only through their use cases (offers, work, rating)."""

    list_display = ("reference", "service", "status", "provider", "needed_by")
    list_filter = ("status", "kind")
    readonly_fields = tuple(f.name for f in Engagement._meta.fields)
    inlines = (OfferInline,)

    def has_add_permission(self, request: object) -> bool:
        return False
