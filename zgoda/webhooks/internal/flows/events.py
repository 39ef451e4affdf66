"""Recording an event and one delivery per subscription that wants it; resending."""

import uuid

from django.db import transaction
from django.utils import timezone

from ...models import Delivery, Event, Subscription
from . import sending
from .subscriptions import EVENT_TYPES


def new_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def emit(event_type: str, data: dict, *, event_id=None, sandbox: bool = False) -> str | None:
    """Record the event and queue a delivery to every active subscription that wants it (the
    tasks are queued when the caller's transaction commits); to a sandbox subscription only
    a `sandbox` event. None when nobody subscribes.
    An `event_id` already recorded is not recorded again (the caller's retry is no new event)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type: {event_type}")
    subscriptions = Subscription.objects.filter(active=True)
    if not sandbox:
        subscriptions = subscriptions.filter(sandbox=False)
    wanted = [s for s in subscriptions if s.wants(event_type)]
    if not wanted:
        return None
    event_id = event_id or new_id()
    now = timezone.now()
    with transaction.atomic():
        if Event.objects.filter(pk=event_id).exists():
            return event_id
        phone = data.get("phone") if isinstance(data.get("phone"), str) else ""
        account = data.get("account") if isinstance(data.get("account"), str) else ""
        event = Event.objects.create(
            id=event_id, type=event_type, created_at=now, phone=phone or "", account=account or "",
            payload={"type": event_type, "timestamp": now.isoformat().replace("+00:00", "Z"), "data": data},
        )
        deliveries = Delivery.objects.bulk_create(
            [Delivery(event=event, subscription=s, created_at=now) for s in wanted])
        _queue_on_commit([d.pk for d in deliveries])
    return event_id


def resend(event: Event, subscriptions=None) -> int:
    """A new delivery of the same event (same id) to its subscriptions (or those given) that
    are still active. Returns how many were queued."""
    if subscriptions is None:
        subscriptions = Subscription.objects.filter(deliveries__event=event).distinct()
    now = timezone.now()
    with transaction.atomic():
        deliveries = Delivery.objects.bulk_create([
            Delivery(event=event, subscription=s, created_at=now, resend=True) for s in subscriptions if s.active
        ])
        _queue_on_commit([d.pk for d in deliveries])
    return len(deliveries)


def _queue_on_commit(ids: list[int]) -> None:
    def queue():
        for delivery_id in ids:
            sending.queue(delivery_id)

    if ids:
        transaction.on_commit(queue)
