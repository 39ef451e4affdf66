"""The "turn on 2FA" security message as an admin action on accounts."""

from django.contrib import admin, messages
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zgoda.accounts.api import users_with_twofa

from .. import app_settings
from ..internal.flows import invitations
from ..models import InvitationCandidate


class TwoFactorFilter(admin.SimpleListFilter):
    title = gettext_lazy("logowanie dwuetapowe")
    parameter_name = "twofa"

    def lookups(self, request, model_admin):
        return [("off", gettext_lazy("wyłączone")), ("on", gettext_lazy("włączone"))]

    def queryset(self, request, queryset):
        if self.value() == "off":
            return queryset.filter(sms_2fa__isnull=True)
        if self.value() == "on":
            return queryset.filter(sms_2fa__isnull=False)
        return queryset


@admin.register(InvitationCandidate)
class InvitationCandidateAdmin(admin.ModelAdmin):
    list_display = ("email", "is_active", "has_2fa", "last_invited")
    list_filter = (TwoFactorFilter, "is_active")
    search_fields = ("email",)
    # An account's own page here shows what the invitation needs, never the password's hash
    # or the permissions (those are the accounts admin's).
    fields = readonly_fields = ("email", "is_active", "date_joined", "last_login", "has_2fa", "last_invited")
    actions = ["send_invitation"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            last_invited_at=Max("twofa_invitations__sent_at"),
            twofa_on=Exists(users_with_twofa().filter(user_id=OuterRef("pk"))),
        )

    @admin.display(boolean=True, description=gettext_lazy("2FA"), ordering="twofa_on")
    def has_2fa(self, obj):
        return obj.twofa_on

    @admin.display(description=gettext_lazy("ostatnie zaproszenie"), ordering="last_invited_at")
    def last_invited(self, obj):
        return obj.last_invited_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("consent.add_securityinvitation"):
            actions.pop("send_invitation", None)
        return actions

    @admin.action(description=gettext_lazy("Wyślij wiadomość o bezpieczeństwie: włącz 2FA"))
    def send_invitation(self, request, queryset):
        base_url = request.build_absolute_uri("/").rstrip("/")
        sent = invitations.send(list(queryset), sent_by=request.user.get_username(), base_url=base_url)
        skipped = queryset.count() - len(sent)
        messages.success(request, _("Wysłano: %(sent)d.") % {"sent": len(sent)})
        if skipped:
            messages.warning(request, _(
                "Pominięto %(skipped)d: mają już 2FA, są nieaktywni, nie mają adresu e-mail "
                "albo dostali wiadomość w ciągu ostatnich %(days)d dni."
            ) % {"skipped": skipped, "days": app_settings.invitation_interval_days()})
