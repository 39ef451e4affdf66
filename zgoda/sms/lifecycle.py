"""The message state machine: statuses only move forward, whatever order news arrives in.

queued -> submitted -> delivered, or -> failed / expired. A delivery report may come
before the worker has recorded the send (the gateway is fast), twice, or out of order
(Kannel's "accepted by the SMSC" after "delivered"): a status of lower rank never
replaces a higher one, so a delivered message never goes back to submitted. "delivered"
outranks "failed": a handset receipt is the last word, e.g. after a send we gave up on
that had gone out after all.
"""

from django.db import transaction
from django.utils import timezone

from . import unreachable
from .models import Message

S = Message.Status
RANK = {S.QUEUED: 0, S.SUBMITTED: 1, S.FAILED: 2, S.EXPIRED: 2, S.DELIVERED: 3}
_STAMP = {S.SUBMITTED: "submitted_at", S.DELIVERED: "delivered_at", S.FAILED: "failed_at", S.EXPIRED: "expired_at"}


def advance(message: Message, status: str, at=None) -> bool:
    """Move `message` (not saved) to `status` if that is forward; True if it moved."""
    if RANK[status] <= RANK[message.status]:
        return False
    at = at or timezone.now()
    message.status = status
    field = _STAMP[status]
    if getattr(message, field) is None:
        setattr(message, field, at)
    return True


def apply_report(message_id: int, provider, report, message: Message | None = None):
    """Record one delivery report for our message `message_id` from `provider`. Idempotent.

    `message` may be passed when already read (the callback view reads it for its token).
    Returns None for an unknown message, else whether the status moved."""
    now = timezone.now()
    raw = report.raw[:60]
    if message is None:
        message = Message.objects.filter(pk=message_id).first()
        if message is None:
            return None
    if report.status in (S.SUBMITTED, S.DELIVERED):
        return _forward(message, provider, report, raw, now)
    return _failed(message_id, provider, report, raw, now)


def _forward(message: Message, provider, report, raw: str, now) -> bool:
    """Good news: one conditional UPDATE (a lower status only ever moves up)."""
    lower = [status for status, rank in RANK.items() if rank < RANK[report.status]]
    changes = {"status": report.status, _STAMP[report.status]: now, "reported_status": raw, "reported_at": now,
               "clear_text": ""}  # it went out: a code's clear text is no longer needed
    if report.provider_message_id and not message.provider_message_id:
        changes["provider_message_id"] = report.provider_message_id[:120]
    if not message.cost:
        from .costs import cost_of

        changes["cost"] = cost_of(provider, message)  # it went out after all (e.g. after we gave up): it costs
    from . import fastsql

    moved = fastsql.update(message.pk, changes, *fastsql.status_in(lower))
    if not moved and message.reported_status != raw:
        fastsql.update(message.pk, {"reported_status": raw, "reported_at": now})
    return bool(moved)


def _failed(message_id: int, provider, report, raw: str, now) -> bool:
    """Bad news goes through save(), so listeners (the audit of failed code SMS) hear of it."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        before = (message.status, message.reported_status)
        moved = advance(message, report.status, now)
        if (message.status, raw) == before:
            return False  # the same report again: nothing to write
        message.reported_status, message.reported_at = raw, now
        fields = {"status", "reported_status", "reported_at", _STAMP.get(message.status, "reported_at")}
        if report.provider_message_id and not message.provider_message_id:
            message.provider_message_id = report.provider_message_id[:120]
            fields.add("provider_message_id")
        if moved:
            message.last_error = f"{provider.name}: {report.error or raw}"[:2000]
            message.clear_text = ""
            fields.update(("last_error", "clear_text"))
        message.save(update_fields=sorted(fields))
        if moved:
            unreachable.from_report(message.to, provider.name, report)
        return moved
