"""Bulk sending for campaigns: many messages created, handed to one provider and recorded
together, instead of one task per message (zgoda/sms/delivery.py stays the path for single
messages and for retries).

    messages = bulk.create_claimed(rows, provider)     # one INSERT, already claimed
    outcomes, unsent = bulk.send(messages, provider, pace)   # outside any transaction
    with transaction.atomic():
        bulk.record(outcomes, provider)                 # a few UPDATEs for the whole chunk
        bulk.release(unsent)                            # never tried: deleted, never sent

Messages are created claimed far ahead (HOLD), so `zgoda sms-retry` (delivery.deliver_due)
never picks one up while the bulk sender owns it: if the sender is killed between send()
and record(), the owner decides what happens (campaigns: resend only with an idempotency
key, else settle as uncertain), never a blind resend. A temporary failure is handed to
delivery.py's retries (next_attempt_at + a task), exactly like a single message.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import delivery, lifecycle, unreachable
from .costs import cost_of
from .models import Message, SendAttempt
from .providers import ProviderError

log = logging.getLogger(__name__)
S = Message.Status
HOLD = timedelta(days=2)


@dataclass
class Outcome:
    message: Message
    provider_id: str
    error: ProviderError | None
    started: datetime
    finished: datetime


class Pace:
    """At most `rate` sends per second (a token bucket with a burst of one second's worth)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self):
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = max(self.next_at, now - 1.0) + self.interval


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs by executemany: Django's bulk_create spends most of its time preparing
    every field of every row; here the caller gives database-ready values."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})", rows)


def _db(model, field: str, value):
    return model._meta.get_field(field).get_db_prep_save(value, connection)


MESSAGE_COLUMNS = [
    "idempotency_key", "kind", "to", "sender", "text", "clear_text", "tag", "encoding", "segments", "status", "provider",
    "provider_message_id", "attempts", "last_error", "created_at", "country", "cost", "provider_attempts",
    "providers_tried", "claimed_until", "reported_status",
]  # fmt: skip


def create_claimed(messages: list[Message], provider) -> list[Message]:
    """INSERT the (unsaved) messages, claimed by the bulk sender for `provider`; returns them
    with their pks (read back by their idempotency keys, which the caller must set)."""
    now = timezone.now()
    hold, created = _db(Message, "claimed_until", now + HOLD), _db(Message, "created_at", now)
    tried = _db(Message, "providers_tried", [])
    prices: dict = {}
    rows = []
    for message in messages:
        message.provider, message.claimed_until, message.created_at = provider.name, now + HOLD, now
        key = (message.country, message.segments)
        if key not in prices:
            prices[key] = cost_of(provider, message)
        message.cost = prices[key]
        rows.append((
            _db(Message, "idempotency_key", message.idempotency_key), message.kind, message.to, message.sender,
            message.text, message.clear_text, message.tag, message.encoding, message.segments, S.QUEUED,
            provider.name, "", 0, "", created, message.country, _db(Message, "cost", message.cost), 0, tried, hold, "",
        ))  # fmt: skip
    _insert(Message, MESSAGE_COLUMNS, rows)
    ids = dict(Message.objects.filter(idempotency_key__in=[m.idempotency_key for m in messages])
               .values_list("idempotency_key", "id"))
    for message in messages:
        message.pk = ids[message.idempotency_key]
        message._state.adding, message._state.db = False, "default"
    return messages


def send(messages: list[Message], provider, pace: Pace | None = None):
    """Hand each message to `provider`. Returns (outcomes, unsent): a temporary failure that
    cannot have sent anything (e.g. connection refused) stops the run: the rest are unsent."""
    outcomes: list[Outcome] = []
    for index, message in enumerate(messages):
        if pace is not None:
            pace.wait()
        started = timezone.now()
        provider_id, error = "", None
        try:
            provider_id = delivery.hand_over(provider, message)
        except ProviderError as raised:
            error = raised
        except Exception as raised:  # noqa: BLE001  (a bug or library surprise: treat as maybe sent)
            log.exception("bulk SMS %s: unexpected error from %s", message.pk, provider.name)
            error = ProviderError(f"unexpected error: {raised!r}", maybe_sent=True)
        outcomes.append(Outcome(message, provider_id or "", error, started, timezone.now()))
        if error is not None and not error.permanent and not error.maybe_sent:
            return outcomes, messages[index + 1:]
    return outcomes, []


def record(outcomes: list[Outcome], provider) -> None:
    """Write what happened (call inside a transaction): attempts, accepted messages moved
    forward (never back: a delivery report may have come first), bad numbers failed,
    temporary failures handed to delivery.py's retries."""
    if not outcomes:
        return
    now = timezone.now()
    _insert(SendAttempt, ["message", "provider", "outcome", "error", "provider_message_id", "started_at",
                          "finished_at"], [
        (o.message.pk, provider.name, SendAttempt.outcome_of(o.error), str(o.error or "")[:2000], o.provider_id[:120],
         _db(SendAttempt, "started_at", o.started), _db(SendAttempt, "finished_at", o.finished))
        for o in outcomes
    ])  # fmt: skip
    accepted = [o for o in outcomes if o.error is None]
    if accepted:
        ids = [o.message.pk for o in accepted]
        target = S.DELIVERED if provider.delivers_on_send else S.SUBMITTED
        lower = [status for status, rank in lifecycle.RANK.items() if rank < lifecycle.RANK[target]]
        moved = {"status": target}
        if target == S.DELIVERED:
            moved["delivered_at"] = now
        Message.objects.filter(pk__in=ids, status__in=lower).update(**moved)
        changes = {
            "submitted_at": Coalesce(F("submitted_at"), Value(now)), "claimed_until": None, "clear_text": "",
            "attempts": F("attempts") + 1, "provider_attempts": F("provider_attempts") + 1,
        }  # fmt: skip
        Message.objects.filter(pk__in=ids).update(**changes)
        with_ids = [(o.provider_id[:120], o.message.pk) for o in accepted if o.provider_id]
        if with_ids:  # one prepared statement run per row: far cheaper than a CASE per row
            table = connection.ops.quote_name(Message._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET provider_message_id = %s WHERE id = %s", with_ids)
    for outcome in outcomes:
        if outcome.error is not None:
            _failed(outcome, now)


def _failed(outcome: Outcome, now) -> None:
    message, error = outcome.message, outcome.error
    message.refresh_from_db()
    message.claimed_until = None
    message.attempts += 1
    message.provider_attempts += 1
    message.last_error = f"{message.provider}: {error}"[:2000]
    if message.status != S.QUEUED:  # a report came first: it went out
        message.clear_text = ""
        message.save()
        return
    may_fail_over = delivery.failover_allowed(message.kind)
    if error.recipient or (error.permanent and not may_fail_over):
        unreachable.from_error(message.to, message.provider, error)
        lifecycle.advance(message, S.FAILED, now)
        message.cost = 0
        message.clear_text = ""
        message.save()
        return
    if error.permanent:
        message.providers_tried = [*message.providers_tried, message.provider]
        when = now
    else:
        when = now + timedelta(seconds=delivery.backoff_seconds(message.provider_attempts))
    message.next_attempt_at = when
    message.save()
    delivery.schedule(message.pk, when)


def release(messages: list[Message]) -> None:
    """Messages created but never handed to a gateway: deleted (nothing was sent, nothing costs)."""
    if messages:
        Message.objects.filter(pk__in=[m.pk for m in messages], status=S.QUEUED, attempts=0).delete()

