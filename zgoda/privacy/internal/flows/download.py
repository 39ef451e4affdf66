""""Download my data" (RODO art. 15 and 20): one JSON file with everything about the person."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from zgoda.accounts.models import AuditEvent, SmsTwoFactor, TrustedDevice
from zgoda.consent.models import ConsentEvent, ConsentState, ContactPoint, SecurityInvitation
from zgoda.sms.models import InboundMessage, Message

from ...models import DataSubjectRequest, OptOutToken

FORMAT = "zgoda-data-export/1"


def _rows(queryset, *fields):
    return list(queryset.values(*fields))


def _account(user) -> dict:
    twofa = SmsTwoFactor.objects.filter(user=user).values("phone", "enabled_at", "phone_confirmed_at").first()
    contact = ContactPoint.objects.filter(user=user).values("phone", "confirmed_at", "via").first()
    return {
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "sms_two_factor": twofa,
        "marketing_number": contact,
        "consent_states": _rows(
            ConsentState.objects.filter(user=user).order_by("purpose"),
            "purpose", "granted", "at", "source", "text__version", "text__language",
        ),
        "consent_history": _rows(
            ConsentEvent.objects.filter(user=user).order_by("id"),
            "purpose", "action", "created_at", "source", "text__version", "text__language", "text__sha256",
            "label", "phone", "ip", "user_agent", "details",
        ),
        "trusted_devices": _rows(
            TrustedDevice.objects.filter(user=user).order_by("created_at"),
            "name", "ip", "user_agent", "created_at", "last_seen_at", "revoked_at", "revoke_reason",
        ),
        "audit_events": _rows(
            AuditEvent.objects.filter(user=user).order_by("created_at", "id"),
            "event", "created_at", "ip", "user_agent", "details",
        ),
        "security_invitations": _rows(
            SecurityInvitation.objects.filter(user=user).order_by("sent_at"), "email", "sent_at",
        ),
    }


def build(subject) -> dict:
    forms = subject.forms() or [""]
    requests = DataSubjectRequest.objects.filter(
        Q(user__in=subject.user_ids) | Q(subject_hash__in=subject.hashes or [""])
    ).order_by("received_at")
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "controller": settings.ZGODA_SITE_NAME,
        "phones": subject.phones,
        "accounts": [_account(user) for user in subject.users],
        "sms_sent_to_you": _rows(
            Message.objects.filter(to__in=forms).order_by("created_at"),
            "kind", "tag", "to", "text", "status", "created_at", "delivered_at",
        ),
        "sms_from_you": _rows(
            InboundMessage.objects.filter(sender__in=forms).order_by("received_at"), "sender", "text", "received_at",
        ),
        "optout_links": _rows(
            OptOutToken.objects.filter(phone__in=subject.phones or [""]).order_by("created_at"),
            "source", "created_at", "used_at",
        ),
        "privacy_requests": _rows(requests, "kind", "channel", "status", "received_at", "deadline", "completed_at"),
    }


def as_json(subject) -> bytes:
    return json.dumps(build(subject), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def filename() -> str:
    return f"moje-dane-{timezone.localdate():%Y-%m-%d}.json"
