from django.contrib import admin

from cyberins.notifications.models import Notification, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("organisation", "url", "is_active", "created_at")
    list_filter = ("is_active",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event_id", "kind", "endpoint", "status", "attempts", "created_at", "delivered_at")
    list_filter = ("status", "kind")
    readonly_fields = ("endpoint", "event_id", "kind", "body", "status", "attempts", "log", "delivered_at")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "created_at", "read_at", "email_status", "email_attempts")
    list_filter = ("kind", "email_status")
    readonly_fields = ("recipient", "kind", "params", "link", "created_at", "dedupe_key", "email_status")
