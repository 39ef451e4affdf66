"""Sending one delivery: claim it, sign it (Standard Webhooks), POST it, log the attempt,
and decide what next.

* a 2xx answer: delivered;
* 410 Gone: the receiver says it is gone for good: the subscription is switched off;
* anything else, a timeout or a refused connection: tried again after the next wait of the
  schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h, ...) until 3 days have passed
  since the delivery was queued; then it has failed.

Every attempt carries the same `webhook-id` (the event's id), so a receiver that got an
event twice (its answer was lost) can drop the repeat: at-least-once delivery. The claim
is one conditional UPDATE, so of two workers exactly one sends."""

import json
import logging
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from standardwebhooks import Webhook

from zgoda.lib import dates

from ... import app_settings
from ...models import Attempt, Delivery, Subscription
from .. import http, secret as secrets
from ..targets import TargetError, check_public

log = logging.getLogger(__name__)
D = Delivery.Status
EARLY = timedelta(seconds=1)  # a task may wake a little early
CLAIM_MARGIN = timedelta(seconds=30)


def queue(delivery_id: int, when=None) -> None:
    """Hand the delivery to the task queue (at `when`, if the queue can wait). An in-process
    queue cannot wait: then deliver_due() (`zgoda webhooks-retry`) picks the retry up."""
    from ...tasks import send_delivery

    if when is None:
        send_delivery.enqueue(delivery_id)
    elif send_delivery.get_backend().supports_defer:
        send_delivery.using(run_after=when).enqueue(delivery_id)


def body_of(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def deliver(delivery_id: int) -> str:
    """One attempt of a due delivery; returns the delivery's status after it (or "not due")."""
    now = timezone.now()
    timeout = app_settings.timeout_seconds()
    switched_off = Delivery.objects.filter(pk=delivery_id, status=D.PENDING, subscription__active=False)
    if switched_off.update(status=D.CANCELLED, finished_at=now, claimed_until=None):
        return D.CANCELLED
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=D.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + EARLY))
        .update(claimed_until=now + timedelta(seconds=2 * timeout) + CLAIM_MARGIN, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "not due"
    delivery = Delivery.objects.select_related("event", "subscription").get(pk=delivery_id)
    outcome = _send(delivery, delivery.subscription)
    return _record(delivery, outcome, now)


def _send(delivery: Delivery, subscription: Subscription) -> http.Outcome:
    address = None  # private targets allowed (tests, a demo): the name is resolved as usual
    if not app_settings.allow_private_targets():
        from urllib.parse import urlsplit

        parts = urlsplit(subscription.url)
        try:
            address = check_public(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        except TargetError as error:
            return http.Outcome(None, 0, error=str(error)[:300])
    body = body_of(delivery.event.payload)
    sent_at = datetime.now(UTC)
    try:
        signature = Webhook(secrets.decrypt(subscription.secret_encrypted)).sign(delivery.event_id, sent_at, body)
    except Exception as error:  # noqa: BLE001 - a broken secret (key changed) is logged like a failed attempt
        log.error("webhook %s: cannot sign: %s", delivery.pk, type(error).__name__)
        return http.Outcome(None, 0, error=f"cannot sign: {type(error).__name__}")
    headers = {
        "Content-Type": "application/json",
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    return http.post(subscription.url, body.encode(), headers, app_settings.timeout_seconds(), address=address)


def _record(delivery: Delivery, outcome: http.Outcome, started) -> str:
    now = timezone.now()
    ok = outcome.status_code is not None and 200 <= outcome.status_code < 300
    gone = outcome.status_code == 410
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=started, duration_ms=outcome.duration_ms,
            status_code=outcome.status_code, error=outcome.error[:300], response_excerpt=outcome.excerpt[:300],
        )
        if ok:
            status, when = D.DELIVERED, None
        elif gone:
            status, when = D.FAILED, None
            Subscription.objects.filter(pk=delivery.subscription_id).update(  # the time as the admin's (TIME_ZONE)
                active=False, disabled_reason=f"410 Gone {dates.stamp(now)}")
        else:
            when = next_attempt_at(delivery, now)
            status = D.PENDING if when else D.FAILED
        Delivery.objects.filter(pk=delivery.pk).update(
            status=status, next_attempt_at=when, claimed_until=None, finished_at=None if when else now)
        if when:
            transaction.on_commit(lambda: queue(delivery.pk, when))
    return status


def next_attempt_at(delivery: Delivery, now):
    """When to try again after `delivery.attempts` failed attempts; None once the retry
    window (3 days from the queueing) is over."""
    schedule = app_settings.retry_schedule() or [60.0]
    wait = schedule[min(delivery.attempts, len(schedule)) - 1]
    when = now + timedelta(seconds=wait)
    if when > delivery.created_at + timedelta(hours=app_settings.retry_hours()):
        return None
    return when


def deliver_due(now=None, limit: int = 500) -> int:
    """Try every pending delivery whose next attempt is due or whose task was lost (queued
    over a minute ago and never tried, or its worker vanished). Returns how many were tried."""
    now = now or timezone.now()
    due = (
        Delivery.objects.filter(status=D.PENDING)
        .filter(Q(next_attempt_at__isnull=False) | Q(claimed_until__isnull=False)
                | Q(created_at__lt=now - timedelta(seconds=60)))
        .exclude(claimed_until__gt=now)
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    for delivery_id in ids:
        deliver(delivery_id)
    return len(ids)
