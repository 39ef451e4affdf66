from django.contrib import admin

from zgoda.lib.admin import ReadOnlyAdmin

from .models import AuditEvent, SmsTwoFactor, TrustedDevice


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "event", "user", "ip", "user_agent")
    list_filter = ("event",)
    search_fields = ("user__email", "ip")
    date_hierarchy = "created_at"


@admin.register(SmsTwoFactor)
class SmsTwoFactorAdmin(ReadOnlyAdmin):
    list_display = ("user", "phone", "enabled_at", "phone_confirmed_at")
    search_fields = ("user__email", "phone")


@admin.register(TrustedDevice)
class TrustedDeviceAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "ip", "created_at", "last_seen_at", "revoked_at")
    list_filter = ("revoked_at",)
