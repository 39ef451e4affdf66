"""Words for the staff: what a request's result and a purge's counts mean, instead of the
"app.category" keys and JSON the flows record."""

from django.apps import apps
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CATEGORIES = {
    "account": gettext_lazy("konto"), "audit_events": gettext_lazy("zdarzenia dziennika audytu"),
    "assisted_recoveries": gettext_lazy("odzyskiwania konta"), "authenticators": gettext_lazy("metody logowania"),
    "code_challenges": gettext_lazy("logowania kodem SMS"), "codes": gettext_lazy("kody SMS"),
    "trusted_devices": gettext_lazy("zaufane urządzenia"), "sessions": gettext_lazy("sesje"),
    "user_sessions": gettext_lazy("sesje logowania"), "email_addresses": gettext_lazy("adresy e-mail"),
    "messages": gettext_lazy("wiadomości SMS"), "inbound": gettext_lazy("SMS-y przychodzące"),
    "recipients": gettext_lazy("odbiorcy kampanii"), "clicks": gettext_lazy("kliknięcia"),
    "conversions": gettext_lazy("konwersje"), "events": gettext_lazy("zdarzenia"),
    "attempts": gettext_lazy("próby doręczenia"), "webhook_events": gettext_lazy("zdarzenia webhooków"),
    "marketing_consents": gettext_lazy("zgody marketingowe"), "pending_consents": gettext_lazy("zgody czekające"),
    "ledger_details": gettext_lazy("szczegóły w rejestrze zgód"), "security_invitations": gettext_lazy("zaproszenia do 2FA"),
    "optout_numbers": gettext_lazy("numery w linkach wypisu"), "optout_links": gettext_lazy("linki wypisu"),
    "account_links": gettext_lazy("linki do danych konta"), "privacy_requests": gettext_lazy("wnioski RODO"),
    "portal_audit_events": gettext_lazy("wizyty w portalu prywatności"), "requests": gettext_lazy("wnioski"),
    "idempotency_responses": gettext_lazy("zapamiętane odpowiedzi API"), "oidc_tokens": gettext_lazy("tokeny logowania"),
    "oidc_expired_tokens": gettext_lazy("wygasłe tokeny logowania"), "oidc_logins": gettext_lazy("logowania w sklepach"),
    "admin_log": gettext_lazy("dziennik panelu"),
}


def category(key: str) -> str:
    """"sms.messages" → "SMS: wiadomości SMS"."""
    app, _dot, what = key.partition(".")
    config = next((c for c in apps.get_app_configs() if c.label == app), None)
    words = str(CATEGORIES.get(what, what.replace("_", " ")))
    return f"{config.verbose_name}: {words}" if config else words


def result_lines(result) -> str:
    """A request's result as lines a person reads."""
    if not result:
        return "–"
    lines = []
    for key, value in sorted(result.items()):
        if key == "subjects":
            lines.append(_("Znalezione osoby: %(n)s") % {"n": value})
        elif key == "withdrawn":
            lines.append(_("Zgoda marketingowa wycofana") if value else _("Zgody marketingowej nie było"))
        elif key == "left":
            lines.append(_("Nie usunięto: %(what)s") % {"what": ", ".join(category(k) for k in sorted(value))})
        elif isinstance(value, (int, float)):
            lines.append(f"{category(key)}: {value}")
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines)))
