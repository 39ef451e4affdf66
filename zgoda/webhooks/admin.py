"""Subscriptions (the secret shown once, on creation), and read-only events with their
deliveries and attempts; "resend" queues a new delivery of the same event (same id)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from zgoda.lib.admin import ReadOnlyAdmin

from .forms import SubscriptionForm
from .internal import secret as secrets
from .internal.flows import events as event_flows
from .models import Attempt, Delivery, Event, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ("__str__", "url", "event_list", "active", "sandbox", "disabled_reason", "created_at")
    list_filter = ("active", "sandbox")
    readonly_fields = ("disabled_reason", "api_key_id", "sandbox", "created_at")

    @admin.display(description=_("zdarzenia"))
    def event_list(self, obj):
        return ", ".join(obj.events or [])

    def save_model(self, request, obj, form, change):
        secret = None
        if not change:
            secret = secrets.new_secret()
            obj.secret_encrypted = secrets.encrypt(secret)
        if change and "active" in form.changed_data and obj.active:
            obj.disabled_reason = ""
        super().save_model(request, obj, form, change)
        if secret:
            messages.warning(request, _("Sekret podpisu tej subskrypcji (pokazujemy go tylko teraz, skopiuj go do "
                                        "sklepu): %(secret)s") % {"secret": secret})


class DeliveryInline(admin.StackedInline):  # stacked: readable on a phone
    model = Delivery
    fields = ("subscription", "status", "attempts", "next_attempt_at", "resend", "created_at", "finished_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class AttemptInline(admin.StackedInline):
    model = Attempt
    fields = ("number", "started_at", "status_code", "duration_ms", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ResendMixin:
    def has_resend_permission(self, request):
        return request.user.has_perm("webhooks.change_subscription")


@admin.register(Event)
class EventAdmin(ResendMixin, ReadOnlyAdmin):
    list_display = ("id", "type", "created_at", "delivery_states")
    list_filter = ("type",)
    search_fields = ("=id",)
    fields = ("id", "type", "created_at", "payload")
    readonly_fields = fields
    inlines = [DeliveryInline]
    actions = ["resend_events"]

    @admin.display(description=_("doręczenia"))
    def delivery_states(self, obj):
        return ", ".join(sorted(d.get_status_display() for d in obj.deliveries.all()))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("deliveries")

    @admin.action(description=_("Wyślij ponownie (to samo zdarzenie, ten sam identyfikator)"),
                  permissions=["resend"])
    def resend_events(self, request, queryset):
        queued = sum(event_flows.resend(event) for event in queryset)
        self.message_user(request, ngettext("Zlecono %(count)d ponowne doręczenie.",
                                            "Zlecono %(count)d ponownych doręczeń.", queued) % {"count": queued})


@admin.register(Delivery)
class DeliveryAdmin(ResendMixin, ReadOnlyAdmin):
    list_display = ("event", "subscription", "status", "attempts", "next_attempt_at", "resend", "created_at")
    list_filter = ("status", "event__type")
    fields = ("event", "subscription", "status", "attempts", "next_attempt_at", "resend", "created_at",
              "finished_at")
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["resend_deliveries"]

    @admin.action(description=_("Wyślij ponownie do tej subskrypcji (ten sam identyfikator)"),
                  permissions=["resend"])
    def resend_deliveries(self, request, queryset):
        queued = sum(event_flows.resend(d.event, [d.subscription])
                     for d in queryset.select_related("event", "subscription"))
        self.message_user(request, ngettext("Zlecono %(count)d ponowne doręczenie.",
                                            "Zlecono %(count)d ponownych doręczeń.", queued) % {"count": queued})
