"""The webhooks app's personal data: the payloads of sent events. A payload may hold a
number (`phone`: a number-only subject's consent change, a STOP reply) and an account's
opaque id (`account`). Erasure blanks both in the payloads (the event and its delivery log
stay, so a later resend sends the blanked payload under the same id; a STOP's
`number_hash` stays, as the suppression keeps it); retention deletes
attempts after 30 days, and events (with their deliveries) once 30 days old and settled.

`subject.erased` events are left alone by erasure: they are the notice of that erasure,
hold no number, and go after 30 days like every event."""

from datetime import timedelta

from django.db.models import Q

from zgoda.lib import personal_data

from . import app_settings
from .models import Attempt, Delivery, Event

ERASURE_NOTICE = "subject.erased"


def _events_of(subject):
    events = Event.objects.exclude(type=ERASURE_NOTICE)
    if isinstance(subject, personal_data.Number):
        return events.filter(phone=subject.phone)
    held = Q(phone__in=subject.numbers) if subject.numbers else Q(pk__in=[])
    return events.filter(Q(account=str(subject.user_id)) | held)


@personal_data.register
class WebhooksPersonalData(personal_data.PersonalData):
    columns = {"webhooks.event": ("payload", "phone", "account")}
    kept = {
        "webhooks.subscription.events": "the event types a subscription asked for, no person",
        "webhooks.attempt.error": "a network error of the shop's receiver, no person; deleted after 30 days",
    }

    def find(self, subject):
        return {"events": _events_of(subject).count()}

    def export(self, subject):
        """The events about the subject sent to the shop in the last 30 days (none: no key)."""
        events = [{"id": e.id, "type": e.type, "created_at": e.created_at, "data": (e.payload or {}).get("data")}
                  for e in _events_of(subject).order_by("created_at")]
        return {"webhook_events": events} if events else {}

    def erase(self, subject):
        count = 0
        for event in _events_of(subject):
            payload = dict(event.payload or {})
            data = dict(payload.get("data") or {})
            for key in ("phone", "account"):
                if data.get(key):
                    data[key] = None
            payload["data"] = data
            event.payload, event.phone, event.account = payload, "", ""
            event.save(update_fields=["payload", "phone", "account"])
            count += 1
        return {"events": count}

    def expire(self, now):
        before = now - timedelta(days=app_settings.retention_days())
        attempts, _ = Attempt.objects.filter(started_at__lt=before).delete()
        pending = Delivery.objects.filter(status=Delivery.Status.PENDING).values("event_id")
        old = Event.objects.filter(created_at__lt=before).exclude(pk__in=pending)
        events = old.count()
        old.delete()
        return {"attempts": attempts, "events": events}
