"""The "turn on 2FA" security message: a service e-mail about account security, with no
marketing content, so it may go to everyone, consent or not. At most one per person per
interval; each one sent is recorded."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ... import app_settings
from ...models import SecurityInvitation


def candidates(now=None):
    """Active people with an e-mail address, without 2FA, not invited within the interval."""
    now = now or timezone.now()
    recent = now - timedelta(days=app_settings.invitation_interval_days())
    return (
        get_user_model().objects.filter(is_active=True, sms_2fa__isnull=True)
        .exclude(email="")
        .exclude(twofa_invitations__sent_at__gte=recent)
        .order_by("pk")
    )


def enrollment_url(base_url=None) -> str:
    return (base_url or app_settings.public_url()).rstrip("/") + reverse("accounts:twofa")


def message_for(user, base_url=None) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "url": enrollment_url(base_url), "site_name": settings.ZGODA_SITE_NAME,
            "days": app_settings.invitation_interval_days(),
        }
        subject = render_to_string("consent/email/twofa_invitation_subject.txt", context).strip()
        body = render_to_string("consent/email/twofa_invitation_message.txt", context)
    return EmailMessage(subject, body, None, [user.email], headers={"Auto-Submitted": "auto-generated"})


def send(users=None, *, limit=None, dry_run=False, sent_by="", base_url=None) -> list:
    """Send to `users` (default: every candidate) who are still candidates; returns them.
    With dry_run nothing is sent or recorded."""
    eligible = candidates()
    if users is not None:
        eligible = eligible.filter(pk__in=[u.pk for u in users])
    if limit is not None:
        eligible = eligible[:limit]
    chosen = list(eligible)
    if dry_run or not chosen:
        return chosen
    with get_connection() as connection:
        for user in chosen:
            message = message_for(user, base_url)
            message.connection = connection
            message.send()
            SecurityInvitation.objects.create(user=user, email=user.email, sent_by=sent_by)
    return chosen
