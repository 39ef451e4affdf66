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


# --- Staff-assisted recovery (internal/flows/recovery.py): an action on the account ----------

from django.contrib import messages  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.translation import gettext_lazy, ngettext  # noqa: E402

from .internal.flows import recovery as recoveries  # noqa: E402
from .models import AssistedRecovery  # noqa: E402


@admin.action(description=gettext_lazy("Odzyskiwanie konta (utracony telefon i kody): wyślij link potwierdzający"),
              permissions=["change"])
def start_assisted_recovery(modeladmin, request, queryset):
    started = 0
    for user in queryset[:20]:  # one by one, deliberately: each is a person who asked for help
        if recoveries.start(request, user, translation.get_language() or "pl") is not None:
            started += 1
    skipped = min(queryset.count(), 20) - started
    if started:
        messages.success(request, ngettext(
            "Wysłano link do %(n)d konta. Po potwierdzeniu i 24 godzinach 2FA zostanie wyzerowane.",
            "Wysłano linki do %(n)d kont. Po potwierdzeniu i 24 godzinach 2FA zostanie wyzerowane.", started,
        ) % {"n": started})
    if skipped:
        messages.warning(request, ngettext(
            "%(n)d konto pominięte: bez adresu e-mail, nieaktywne albo odzyskiwanie już trwa.",
            "%(n)d kont pominiętych: bez adresu e-mail, nieaktywne albo odzyskiwanie już trwa.", skipped,
        ) % {"n": skipped})


_User = get_user_model()
if admin.site.is_registered(_User):
    _user_admin = admin.site._registry[_User]
    _user_admin.actions = [*(_user_admin.actions or []), start_assisted_recovery]


@admin.register(AssistedRecovery)
class AssistedRecoveryAdmin(ReadOnlyAdmin):
    list_display = ("user", "state", "started_by", "started_at", "confirmed_at", "ready_at", "ended_at")
    list_filter = ("state",)
    search_fields = ("user__email",)
    actions = ["cancel_selected"]

    @admin.action(description=gettext_lazy("Anuluj wybrane odzyskiwania"))
    def cancel_selected(self, request, queryset):
        cancelled = sum(recoveries.cancel(r, request, reason="staff") for r in queryset)
        messages.success(request, ngettext("Anulowano %(n)d odzyskiwanie.", "Anulowano %(n)d odzyskiwań.",
                                           cancelled) % {"n": cancelled})


# allauth.mfa's authenticators: staff see which factors an account has, never their (encrypted)
# secrets, and neither add nor edit them (staff-assisted recovery is the way to reset them).
from allauth.mfa.models import Authenticator  # noqa: E402

if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")


# allauth's sessions (the "log out everywhere" page's rows): staff may look, nobody adds or
# edits one by hand (a session is made by logging in).
from allauth.usersessions.models import UserSession  # noqa: E402

if admin.site.is_registered(UserSession):
    admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin):
    list_display = ("user", "created_at", "last_seen_at", "ip", "user_agent")
    search_fields = ("user__email",)
    fields = ("user", "created_at", "last_seen_at", "ip", "user_agent")
