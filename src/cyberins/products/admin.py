from django.contrib import admin

from cyberins.accounts.admin import AuditedAdmin
from cyberins.products.models import (
    Plan,
    PlanCoverage,
    PlanService,
    Product,
    ProductVersion,
    WarrantyTemplate,
)


class FrozenOnceFiledMixin:
    """A filed or published version (and its plans) is immutable, in the back office too."""

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        version = getattr(obj, "version", obj)
        return super().has_change_permission(request, obj) and (  # type: ignore[misc]
            version is None or version.is_editable  # type: ignore[attr-defined]
        )

    has_delete_permission = has_change_permission


@admin.register(Product)
class ProductAdmin(AuditedAdmin):
    list_display = ("code", "name", "insurer")


class PlanInline(admin.TabularInline):
    model = Plan
    extra = 0


class WarrantyInline(admin.StackedInline):
    model = WarrantyTemplate
    extra = 0


@admin.register(ProductVersion)
class ProductVersionAdmin(FrozenOnceFiledMixin, AuditedAdmin):
    """Status changes go through the release workflow (pages/API), never a plain edit."""

    list_display = ("product", "number", "status", "published_at")
    list_filter = ("status", "product")
    readonly_fields = ("status", "filed_at", "published_at", "withdrawn_at")
    inlines = (PlanInline, WarrantyInline)


class PlanCoverageInline(admin.TabularInline):
    model = PlanCoverage
    extra = 0


class PlanServiceInline(admin.TabularInline):
    model = PlanService
    extra = 0


@admin.register(Plan)
class PlanAdmin(FrozenOnceFiledMixin, AuditedAdmin):
    list_display = ("version", "code", "name", "sum_insured")
    inlines = (PlanCoverageInline, PlanServiceInline)
