"""Security e-mails: what happened to the account, when, from which device and address, and
what to do if it was not the account's owner. Always by e-mail to the account, never by SMS
(an old number may belong to someone else by now); always through the task queue, whose
arguments are ids only: the device, address and time are read from the audit event.

Zgoda's own events go through `send_security_email`; allauth's account notices (password,
e-mail addresses) reach `queue_account_notice` from the adapter (ACCOUNT_EMAIL_NOTIFICATIONS).
"""

from allauth.account import app_settings as allauth_account_settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ...models import AuditEvent
from . import audit

# event: (subject, what happened, what to do if it was not you)
SECURITY_EVENTS = {
    "phone_changed": (
        _("Zmieniono numer telefonu do logowania"),
        _("Numer telefonu, na który wysyłamy kody logowania, został zmieniony. Na stary numer nie wyślemy już żadnego kodu."),
        _("Jeśli to nie Ty: od razu zmień hasło (albo zresetuj je na stronie logowania), wyloguj wszystkie sesje i ustaw z powrotem swój numer."),
    ),
    "twofa_disabled": (
        _("Wyłączono logowanie dwuetapowe"),
        _("Logowanie dwuetapowe SMS zostało wyłączone: do zalogowania wystarczy teraz samo hasło."),
        _("Jeśli to nie Ty: od razu zmień hasło (albo zresetuj je na stronie logowania), wyloguj wszystkie sesje i włącz logowanie dwuetapowe ponownie."),
    ),
    "recovery_code_used": (
        _("Użyto kodu odzyskiwania"),
        _("Do Twojego konta zalogowano się (lub potwierdzono zmianę) jednym z kodów odzyskiwania. Ten kod jest już zużyty."),
        _("Jeśli to nie Ty: ktoś zna Twoje hasło i kody odzyskiwania. Zmień hasło, wyloguj wszystkie sesje i wygeneruj nowe kody odzyskiwania."),
    ),
    "recovery_codes_generated": (
        _("Nowe kody odzyskiwania"),
        _("Dla Twojego konta wygenerowano nowe kody odzyskiwania; poprzednie przestały działać."),
        _("Jeśli to nie Ty: zmień hasło, wyloguj wszystkie sesje i wygeneruj kody jeszcze raz."),
    ),
    "authenticator_added": (
        _("Dodano aplikację uwierzytelniającą"),
        _("Do Twojego konta dodano aplikację uwierzytelniającą: jej kody pozwalają teraz zalogować się zamiast kodu SMS."),
        _("Jeśli to nie Ty: zmień hasło, wyloguj wszystkie sesje i usuń tę aplikację w ustawieniach bezpieczeństwa."),
    ),
    "authenticator_removed": (
        _("Usunięto aplikację uwierzytelniającą"),
        _("Z Twojego konta usunięto aplikację uwierzytelniającą (albo kody odzyskiwania)."),
        _("Jeśli to nie Ty: zmień hasło, wyloguj wszystkie sesje i dodaj aplikację ponownie."),
    ),
}


def security_emails_enabled() -> bool:
    return bool(allauth_account_settings.EMAIL_NOTIFICATIONS)


def send_security_email(user_id: int, event: str, audit_event_id: int | None = None) -> None:
    """Queue the security e-mail `event` (a key of SECURITY_EVENTS) to the account.

    `audit_event_id` names the audit event of what happened: its time, IP and browser go into
    the e-mail. Call it inside the transaction that made the change: the task row is written
    in it (database queue), so a rolled-back change sends nothing."""
    if event not in SECURITY_EVENTS:
        raise ValueError(f"unknown security e-mail {event!r}")
    if not security_emails_enabled():
        return
    from ...tasks import send_security_email as task

    task.enqueue(int(user_id), event, int(audit_event_id) if audit_event_id else None, _language())


def record_and_send(request, user_id: int, event: str, audit_event: str, **details) -> AuditEvent:
    """Record the audit event (time, IP, browser of `request`) and queue its security e-mail."""
    recorded = audit.record_with_id(audit_event, request, user_id=user_id, **details)
    send_security_email(user_id, event, recorded.pk)
    return recorded


def queue_account_notice(request, template_prefix: str, user, context=None, email=None) -> None:
    """allauth's own account notice (its template `template_prefix`) through the task queue.

    The audit event keeps what the task needs (the template, the address it goes to and the
    template's context) until the task has sent it; the task then keeps only the template."""
    if not security_emails_enabled() or user is None or getattr(user, "pk", None) is None:
        return
    if template_prefix.startswith("mfa/"):
        return  # the authenticator app and recovery codes: our receivers of allauth.mfa's signals send these
    if request is None:
        from allauth.core import context as allauth_context

        request = allauth_context.request
    context = {key: str(value) for key, value in (context or {}).items() if key not in {"user", "request"}}
    event = audit.record_with_id(
        AuditEvent.Event.ACCOUNT_NOTICE, request, user=user,
        template=template_prefix, to=email or "", context=context,
    )
    from ...tasks import send_account_notice

    send_account_notice.enqueue(event.pk, _language())


def _language() -> str:
    return translation.get_language() or "pl"
