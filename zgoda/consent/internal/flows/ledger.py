"""Writing the ledger and reading the current state derived from it."""

from django.db import transaction
from django.db.models import CharField, IntegerField, Max
from django.utils import timezone

from zgoda.lib.http import client_ip
from zgoda.lib.http import user_agent as request_user_agent
from zgoda.lib.prepared import Param, Prepared

from ...models import Action, ConsentEvent, ConsentState, ConsentText, Purpose, Source
from . import texts


class LedgerError(ValueError):
    """A ledger write that makes no sense (unknown purpose, a text of another purpose...)."""


def record(user, purpose, action, text: ConsentText, source, *, request=None, label="", phone="", details=None,
           at=None, number_subject=None, ip=None, user_agent=""):
    """Append one event and move the person's current state for the purpose to it.
    `at` is for imports of consents given elsewhere; everything else happens now. A
    number-only subject (`number_subject`, with `user` None) has no request of its own: the
    shop's `ip` and `user_agent`, posted with its consent, are the proof."""
    if (user is None) == (number_subject is None):
        raise LedgerError("an event belongs to exactly one subject: an account or a number-only subject")
    if purpose not in Purpose.values:
        raise LedgerError(f"unknown purpose {purpose!r}")
    if action not in Action.values or source not in Source.values:
        raise LedgerError(f"unknown action {action!r} or source {source!r}")
    if text.purpose != purpose:
        raise LedgerError(f"text {text.pk} belongs to {text.purpose!r}, not {purpose!r}")
    with transaction.atomic():
        event = ConsentEvent.objects.create(
            user=user, number_subject=number_subject, purpose=purpose, action=action, text=text, source=source,
            ip=(client_ip(request) or None) if request is not None else (ip or None),
            user_agent=request_user_agent(request) if request is not None else (user_agent or "")[:500],
            label=label, phone=phone or "", details=details or {}, created_at=at or timezone.now(),
        )
        _move_state(event)
        transaction.on_commit(lambda: _announce(event))
    return event


def _announce(event: ConsentEvent) -> None:
    from ...signals import consent_recorded

    consent_recorded.send(
        sender=ConsentEvent, event_id=event.pk, user_id=event.user_id, phone=event.phone, purpose=event.purpose,
        action=event.action, source=event.source, at=event.created_at,
    )


def _move_state(event: ConsentEvent) -> None:
    values = {
        "event": event, "granted": event.action == Action.GRANTED, "text": event.text,
        "at": event.created_at, "source": event.source, "dismissed_text": None,
    }
    subject = {"user_id": event.user_id, "number_subject_id": event.number_subject_id}
    state = ConsentState.objects.select_for_update().filter(**subject, purpose=event.purpose).first()
    if state is None:
        ConsentState.objects.create(**subject, purpose=event.purpose, **values)
        return
    for name, value in values.items():
        setattr(state, name, value)
    state.save()


_STATE_OF = Prepared(lambda: ConsentState.objects.select_related("text").filter(
    user_id=Param("user_id", IntegerField()), purpose=Param("purpose", CharField())).order_by("pk")[:1])


def state_of(user, purpose) -> ConsentState | None:
    return _STATE_OF.first(user_id=user.pk, purpose=purpose) if user is not None and user.pk is not None else None


def states_of(user) -> dict[str, ConsentState]:
    return {s.purpose: s for s in ConsentState.objects.select_related("text").filter(user=user)}


def holds(user, purpose) -> bool:
    """The latest event for the purpose is a grant of a version that still counts
    (for sms_marketing use `flows.validity.marketing_valid`, which also needs a number)."""
    state = state_of(user, purpose)
    return bool(state and state.granted and state.text_id in texts.valid_text_ids(purpose))


def derived_states(user_ids=None) -> dict[tuple[int, str], int]:
    """(user id, purpose) -> id of the latest event of accounts, computed from the ledger alone."""
    events = ConsentEvent.objects.filter(user__isnull=False)
    if user_ids is not None:
        events = events.filter(user_id__in=user_ids)
    latest = events.values("user_id", "purpose").annotate(last=Max("id"))
    return {(row["user_id"], row["purpose"]): row["last"] for row in latest}


def derived_number_states() -> dict[tuple[int, str], int]:
    """(number subject id, purpose) -> id of the latest event of number-only subjects."""
    latest = (ConsentEvent.objects.filter(number_subject__isnull=False)
              .values("number_subject_id", "purpose").annotate(last=Max("id")))
    return {(row["number_subject_id"], row["purpose"]): row["last"] for row in latest}


def rebuild_state(user_ids=None) -> int:
    """Derive the current state again from the ledger (after an import or a restore); every
    number-only subject's too when no accounts are named."""
    latest = list(derived_states(user_ids).values())
    if user_ids is None:
        latest += derived_number_states().values()
    changed = 0
    with transaction.atomic():
        for event in ConsentEvent.objects.filter(pk__in=latest).select_related("text", "user").iterator():
            state = ConsentState.objects.filter(
                user_id=event.user_id, number_subject_id=event.number_subject_id, purpose=event.purpose).first()
            if state is None or state.event_id != event.pk:
                _move_state(event)
                changed += 1
    return changed


def stop_reply_withdrawals(user_id, after, before):
    return ConsentEvent.objects.filter(
        user_id=user_id, purpose=Purpose.SMS_MARKETING, action=Action.WITHDRAWN, source=Source.SMS_REPLY,
        created_at__gte=after, created_at__lte=before,
    )  # fmt: skip
