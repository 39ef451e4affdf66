"""Writing the ledger and reading the current state derived from it."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zgoda.lib.http import client_ip, user_agent

from ...models import Action, ConsentEvent, ConsentState, ConsentText, Purpose, Source
from . import texts


class LedgerError(ValueError):
    """A ledger write that makes no sense (unknown purpose, a text of another purpose...)."""


def record(user, purpose, action, text: ConsentText, source, *, request=None, label="", phone="", details=None,
           at=None):
    """Append one event and move the person's current state for the purpose to it.
    `at` is for imports of consents given elsewhere; everything else happens now."""
    if purpose not in Purpose.values:
        raise LedgerError(f"unknown purpose {purpose!r}")
    if action not in Action.values or source not in Source.values:
        raise LedgerError(f"unknown action {action!r} or source {source!r}")
    if text.purpose != purpose:
        raise LedgerError(f"text {text.pk} belongs to {text.purpose!r}, not {purpose!r}")
    with transaction.atomic():
        event = ConsentEvent.objects.create(
            user=user, purpose=purpose, action=action, text=text, source=source,
            ip=(client_ip(request) or None) if request is not None else None,
            user_agent=user_agent(request) if request is not None else "",
            label=label, phone=phone or "", details=details or {}, created_at=at or timezone.now(),
        )
        _move_state(event)
    return event


def _move_state(event: ConsentEvent) -> None:
    values = {
        "event": event, "granted": event.action == Action.GRANTED, "text": event.text,
        "at": event.created_at, "source": event.source, "dismissed_text": None,
    }
    state = ConsentState.objects.select_for_update().filter(user=event.user, purpose=event.purpose).first()
    if state is None:
        ConsentState.objects.create(user=event.user, purpose=event.purpose, **values)
        return
    for name, value in values.items():
        setattr(state, name, value)
    state.save()


def state_of(user, purpose) -> ConsentState | None:
    return ConsentState.objects.select_related("text").filter(user=user, purpose=purpose).first()


def states_of(user) -> dict[str, ConsentState]:
    return {s.purpose: s for s in ConsentState.objects.select_related("text").filter(user=user)}


def holds(user, purpose) -> bool:
    """The latest event for the purpose is a grant of a version that still counts
    (for sms_marketing use `flows.validity.marketing_valid`, which also needs a number)."""
    state = state_of(user, purpose)
    return bool(state and state.granted and state.text_id in texts.valid_text_ids(purpose))


def derived_states(user_ids=None) -> dict[tuple[int, str], int]:
    """(user id, purpose) -> id of the latest event, computed from the ledger alone."""
    events = ConsentEvent.objects.all()
    if user_ids is not None:
        events = events.filter(user_id__in=user_ids)
    latest = events.values("user_id", "purpose").annotate(last=Max("id"))
    return {(row["user_id"], row["purpose"]): row["last"] for row in latest}


def rebuild_state(user_ids=None) -> int:
    """Derive the current state again from the ledger (after an import or a restore)."""
    latest = derived_states(user_ids)
    changed = 0
    with transaction.atomic():
        for event in ConsentEvent.objects.filter(pk__in=latest.values()).select_related("text", "user").iterator():
            state = ConsentState.objects.filter(user_id=event.user_id, purpose=event.purpose).first()
            if state is None or state.event_id != event.pk:
                _move_state(event)
                changed += 1
    return changed


def stop_reply_withdrawals(user_id, after, before):
    return ConsentEvent.objects.filter(
        user_id=user_id, purpose=Purpose.SMS_MARKETING, action=Action.WITHDRAWN, source=Source.SMS_REPLY,
        created_at__gte=after, created_at__lte=before,
    )  # fmt: skip
