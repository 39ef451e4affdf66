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


def apply_report(message_id: int, provider, report) -> Message | None:
    """Record one delivery report for our message `message_id` from `provider`. Idempotent."""
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return None
        before = (message.status, message.reported_status)
        moved = advance(message, report.status, now)
        raw = report.raw[:60]
        if (message.status, raw) == before:
            return message  # the same report again: nothing to write
        message.reported_status, message.reported_at = raw, now
        if report.provider_message_id and not message.provider_message_id:
            message.provider_message_id = report.provider_message_id[:120]
        if moved and report.status in (S.FAILED, S.EXPIRED):
            message.last_error = f"{provider.name}: {report.error or raw}"[:2000]
        if moved and report.status in (S.SUBMITTED, S.DELIVERED) and not message.cost:
            from .costs import cost_of

            message.cost = cost_of(provider, message)  # it went out after all: it costs
        message.save()
        return message
