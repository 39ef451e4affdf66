from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from zgoda.lib import dates
from zgoda.lib.http import device_name
from zgoda.lib.mail_retry import send_or_retry
from zgoda.lib.prepared import Param, Prepared

from .models import AuditEvent


_LOGIN_EVENT = Prepared(lambda: AuditEvent.objects.select_related("user").filter(pk=Param("pk", AuditEvent._meta.pk))[:1])


@task()
def send_new_device_notice(login_event_id: int, language: str = "pl", tries: int = 0) -> None:
    """E-mail the account about a login from a device it had not trusted (for a task backend
    other than the database's, where the login event is its own task: new_device_notice.py).
    The task carries the login's audit event id only: the device, IP and time are read from it."""
    from .internal.flows import new_device_notice

    event = _LOGIN_EVENT.first(pk=login_event_id)
    if event is None or event.user is None or not event.user.email:
        return
    send_or_retry(lambda: new_device_notice.send(event, event.user.email, language),
                  send_new_device_notice, login_event_id, language, tries=tries)


# --- Staff-assisted recovery (internal/flows/recovery.py): tasks carry the recovery's id only.

RECOVERY_MAILS = ("link", "started", "finished")


@task()
def send_assisted_recovery_mail(recovery_id: int, kind: str, language: str = "pl", tries: int = 0) -> None:
    """E-mail the account about its staff-assisted recovery: the confirmation link (made from
    the row, not carried by the task), the start of the 24-hour wait, or its end."""
    from zgoda.lib.site import public_url

    from .internal.flows import recovery as recoveries
    from .models import AssistedRecovery

    recovery = AssistedRecovery.objects.select_related("user").filter(pk=recovery_id).first()
    if recovery is None or kind not in RECOVERY_MAILS or not recovery.user.email:
        return
    link_until = recovery.started_at + recoveries.LINK_VALID
    if kind == "link" and (recovery.state != AssistedRecovery.State.LINK_SENT or link_until <= timezone.now()):
        return  # answered, cancelled or expired: a retry after a mail outage sends no dead link
    with translation.override(language):
        context = {
            "link": public_url() + recoveries.link_path(recovery) if kind == "link" else "",
            "link_until": dates.when(link_until),  # a retry goes out late: the end, not "3 days"
            "ready_at": dates.when(recovery.ready_at),
            "login": public_url() + reverse("account_login"),
        }
        subject = render_to_string(f"accounts/email/assisted_recovery_{kind}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/assisted_recovery_{kind}_message.txt", context)
    send_or_retry(lambda: send_mail(subject, body, None, [recovery.user.email]),
                  send_assisted_recovery_mail, recovery_id, kind, language, tries=tries)


@task()
def finish_assisted_recovery(recovery_id: int, language: str = "pl") -> None:
    """Run at the end of the 24-hour wait (queues that can defer; otherwise the next login does it)."""
    from .internal.flows import recovery as recoveries

    recoveries.finish_if_due(recovery_id=recovery_id, language=language)


def _when_device_ip(event):
    """What a security e-mail says of the event; inside the e-mail's language, which writes the time."""
    if event is None:
        return {"when": dates.when(timezone.now()), "device": None, "ip": None}
    return {
        "when": dates.when(event.created_at),
        "device": device_name(event.user_agent) if event.user_agent else None, "ip": event.ip,
    }


@task()
def send_security_email(user_id: int, event: str, audit_event_id: int | None = None, language: str = "pl",
                        tries: int = 0) -> None:
    """A security e-mail (internal/flows/notices.py): what happened, when, from which device and
    address (read from the audit event), and what to do if it was not the account's owner."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from zgoda.lib.site import public_url

    from .internal.flows.notices import SECURITY_EVENTS

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or event not in SECURITY_EVENTS:
        return
    audit_event = AuditEvent.objects.filter(pk=audit_event_id, user_id=user_id).first() if audit_event_id else None
    subject, what, advice = SECURITY_EVENTS[event]
    with translation.override(language):
        context = _when_device_ip(audit_event) | {
            "what": str(what), "advice": str(advice),
            "security_url": public_url() + reverse("accounts:twofa"),
            "sessions_url": public_url() + reverse("usersessions_list"),
            "password_url": public_url() + reverse("account_reset_password"),
        }
        subject = render_to_string("accounts/email/security_subject.txt", {"subject": str(subject)}).strip()
        body = render_to_string("accounts/email/security_message.txt", context)
    send_or_retry(lambda: send_mail(subject, body, None, [user.email]),
                  send_security_email, user_id, event, audit_event_id, language, tries=tries)


@task()
def send_account_notice(audit_event_id: int, language: str = "pl", tries: int = 0) -> None:
    """One of allauth's own account notices (password changed, e-mail address changed...),
    rendered with allauth's template; the audit event it was queued with keeps only the
    template's name once sent."""
    from types import SimpleNamespace

    from allauth.account.adapter import get_adapter
    from allauth.account.models import EmailAddress
    from django.conf import settings

    from zgoda.lib.site import public_url

    event = AuditEvent.objects.select_related("user").filter(pk=audit_event_id).first()
    if event is None or event.user is None or "template" not in event.details:
        return
    details = event.details
    to = details.get("to") or EmailAddress.objects.get_primary_email(event.user) or event.user.email
    if to and event.user.is_active:
        site = SimpleNamespace(name=settings.ZGODA_SITE_NAME, domain=public_url().split("://")[-1])
        context = {
            **details.get("context", {}), "user": event.user, "email": to, "current_site": site,
            "timestamp": event.created_at, "ip": event.ip or "?", "user_agent": event.user_agent,
        }
        with translation.override(language):
            message = get_adapter().render_mail(details["template"], to, context)
        if send_or_retry(message.send, send_account_notice, audit_event_id, language, tries=tries) is None:
            return  # queued again: the retry reads the same details
    event.details = {"template": details["template"]}
    event.save(update_fields=["details"])


@task()
def alert_staff_code_cap(hour: str, sent: int, cap: int, tries: int = 0) -> int:
    """Tell staff that the hourly cap on code SMS is reached (once an hour): plain counts only."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    recipients = [address for _name, address in getattr(settings, "ADMINS", [])]
    if not recipients:
        return 0
    subject = _("[Zgoda] Osiągnięto godzinny limit SMS-ów z kodami (%(hour)s)") % {"hour": hour}
    body = _(
        "W ostatniej godzinie wysłaliśmy %(sent)d SMS-ów z kodami przy limicie %(cap)d na godzinę.\n"
        "Do czasu spadku ruchu kody dostają tylko osoby, które w ostatnich 30 dniach logowały się kodem "
        "na ten sam numer; pozostali zobaczą, o której kod znów może pójść.\n\n"
        "Jeśli to zwykły ruch, podnieś limit (ZGODA_SMS_CODES_PER_HOUR) i uruchom Zgodę ponownie.\n"
        "Jeśli nie, sprawdź w dzienniku audytu, skąd szły prośby o kody: to może być nadużycie (SMS pumping)."
    ) % {"hour": hour, "sent": sent, "cap": cap}
    return send_or_retry(lambda: send_mail(subject, body, None, recipients),
                         alert_staff_code_cap, hour, sent, cap, tries=tries) or 0
