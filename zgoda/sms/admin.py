from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from zgoda.lib.admin import ReadOnlyAdmin

from . import app_settings, stats
from .models import InboundMessage, Message, ProviderHealth, SendAttempt


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "to", "status", "provider", "attempts", "segments", "encoding", "cost")
    list_filter = ("kind", "status", "provider")
    search_fields = ("to", "provider_message_id")


@admin.register(SendAttempt)
class SendAttemptAdmin(ReadOnlyAdmin):
    list_display = ("finished_at", "provider", "outcome", "message", "error")
    list_filter = ("provider", "outcome")


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider", "sender", "text")
    list_filter = ("provider",)
    search_fields = ("sender", "text")


@admin.register(ProviderHealth)
class ProviderAdmin(ReadOnlyAdmin):
    """The gateways page: one row per provider, and a page per provider."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("Bramki SMS"),
            "opts": self.model._meta,
            "providers": stats.all_provider_stats(),
            "currency": app_settings.currency(),
        }
        return TemplateResponse(request, "sms/admin/providers.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise Http404
        kinds = dict(app_settings.provider_entries())
        known = set(kinds) | set(SendAttempt.objects.values_list("provider", flat=True).distinct()[:1000])
        if object_id not in known:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": _("Bramka SMS %(name)s") % {"name": object_id},
            "opts": self.model._meta,
            "provider": stats.provider_stats(object_id, kinds.get(object_id, "")),
            "configured": object_id in kinds,
            "currency": app_settings.currency(),
        }
        return TemplateResponse(request, "sms/admin/provider.html", context)
