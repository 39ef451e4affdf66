from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from zgoda.lib.http import device_name

from .models import AuditEvent


@task()
def send_new_device_notice(login_event_id: int, language: str = "pl") -> None:
    """E-mail the account about a login from a device it had not trusted. The task carries
    the login's audit event id only: the device, IP and time are read from that event."""
    event = AuditEvent.objects.select_related("user").filter(pk=login_event_id).first()
    if event is None or event.user is None or not event.user.email:
        return
    with translation.override(language):
        context = {
            "device": device_name(event.user_agent), "ip": event.ip or "?",
            "when": timezone.localtime(event.created_at).strftime("%d.%m.%Y %H:%M"),
        }
        subject = render_to_string("accounts/email/new_device_subject.txt", context).strip()
        body = render_to_string("accounts/email/new_device_message.txt", context)
    send_mail(subject, body, None, [event.user.email])
