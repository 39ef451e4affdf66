"""Hand one queued message to a provider: retry, fail over, and never send it twice.

Each try has three steps:

1. claim: only a queued message that nobody else is sending and whose next try is due is
   claimed, by a compare-and-set UPDATE of its row (status, attempts and claim checked in
   the WHERE, so the row's lock decides: of two workers exactly one gets it); the provider
   is chosen here (configured order, minus providers given up on, skipping open circuit
   breakers). Expiry and "no provider left" are settled with the row locked;
2. send, outside any transaction: a slow gateway holds no lock. A message whose logged
   text is masked (a one-time code) goes out with its `clear_text`, which stays in the row
   only while the message is queued: the UPDATE that records the hand-over, a permanent
   failure or the expiry blanks it, so a retry or a failover can still send the same code;
3. record: success is an INSERT (the attempt) and an UPDATE that moves the status forward
   only if nothing moved it further; a failure is one short transaction with the row
   locked: the outcome, the breaker, and what next: retry later with exponential back-off
   (a task with run_after on the database queue), fail over to the next provider at once,
   or give up.

A delivery report may arrive between 2 and 3; the state machine (lifecycle.py) keeps its
news, and a send whose answer got lost but whose report says it went out is not retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from . import app_settings, breaker, fastsql, lifecycle, unreachable
from .costs import cost_of
from .models import WAITING, Message, SendAttempt
from .providers import ProviderError, get_provider, provider_names
from .providers.base import ConfigurationError

log = logging.getLogger(__name__)
S = Message.Status
# A task may wake a little before its run_after; don't send it back to sleep for that.
EARLY = timedelta(seconds=1)
CLAIM_MARGIN = timedelta(seconds=60)
# What a send reads (fewer columns to convert on the hot path).
SEND_FIELDS = (
    "idempotency_key", "kind", "to", "sender", "text", "clear_text", "encoding", "segments", "status", "provider",
    "provider_message_id", "attempts", "last_error", "created_at", "country", "cost", "provider_attempts",
    "providers_tried", "next_attempt_at", "claimed_until",
)  # fmt: skip
# A queued message nobody has tried this long after it was queued lost its task or its worker.
STALE = timedelta(seconds=60)


@dataclass
class _Claim:
    message: Message
    provider: object | None
    error: ProviderError | None = None
    provider_failing: bool = False  # its breaker counts failures a success must clear


def deliver(message_id: int, claimed: _Claim | None = None) -> Message:
    """Try the message until it is handed over, given up or left for later; `claimed`: its
    first try, claimed already (deliver_next)."""
    message = None
    for _ in range(len(provider_names()) + 2):
        claim, claimed = claimed or _claim(message_id), None
        if not isinstance(claim, _Claim):
            return claim  # nothing to do now (done, someone else's, or not due yet)
        started = timezone.now()
        provider_id, error = "", claim.error
        if error is None:
            try:
                provider_id = hand_over(claim.provider, claim.message)
            except ProviderError as raised:
                error = raised
            except Exception as raised:  # a bug or a library surprise: keep the message, retry later
                log.exception("SMS %s: unexpected error from %s", message_id, claim.message.provider)
                error = ProviderError(f"unexpected error: {raised!r}", maybe_sent=True)
        message, fail_over = _record(message_id, claim, started, provider_id, error)
        if not fail_over:
            return message
    return message


def deliver_next() -> int | None:
    """Deliver the message that has waited longest for its first try, if one waits; its id, or
    None. queue_sms leaves a message to `zgoda db_worker` with no task row beside it (worker.api's
    source). Its first try is claimed as it is found, in one statement; one the quick claim does
    not fit (a provider failing, the message expired) is found with a read and goes the slow way."""
    claimed = _claim_first_try(None, timezone.now())
    message_id = claimed.message.pk if claimed is not None else fastsql.oldest_waiting()
    if message_id is None:
        return None
    try:
        deliver(message_id, claimed)  # claims it, settles it or sets its next try: it waits no longer
    except Exception:  # a bug or a surprise (as a failed task was): logged, tried again later, not first in line
        log.exception("SMS %s: delivery failed unexpectedly", message_id)
        _try_again_later(message_id)
    return message_id


def _try_again_later(message_id: int) -> None:
    """A message whose delivery raised leaves the waiting line (the next one is not held up
    behind it) for a retry after the first back-off."""
    when = timezone.now() + timedelta(seconds=backoff_seconds(1))
    if Message.objects.filter(pk=message_id, status=S.QUEUED).update(next_attempt_at=when):
        schedule(message_id, when)


def waiting_figures() -> tuple[int, object]:
    """(how many wait for deliver_next, the oldest one's created_at or None): one read."""
    figures = Message.objects.filter(WAITING).aggregate(count=Count("id"), oldest=Min("created_at"))
    return figures["count"], figures["oldest"]


def hand_over(provider, message: Message) -> str:
    """provider.send(message), with the clear text when the logged text is masked; the
    message object keeps its masked text afterwards."""
    if not message.clear_text:
        return provider.send(message)
    masked, message.text = message.text, message.clear_text
    try:
        return provider.send(message)
    finally:
        message.text = masked


def failover_allowed(kind: str) -> bool:
    return kind in app_settings.failover_kinds()


def backoff_seconds(attempt: int) -> float:
    """base, 2 x base, 4 x base ... up to the maximum, for the n-th try on a provider."""
    return min(app_settings.retry_max_seconds(), app_settings.retry_base_seconds() * 2 ** max(0, attempt - 1))


# --- 1. claim ---------------------------------------------------------------------------
def _claim(message_id: int):
    """Take the message for one try: a compare-and-set UPDATE on its row (the row's lock is
    held only for that statement), so of two workers exactly one gets it."""
    now = timezone.now()
    claimed = _claim_first_try(message_id, now)
    if claimed is not None:
        return claimed
    message = fastsql.load(message_id, SEND_FIELDS)
    if message is None:
        raise Message.DoesNotExist(f"SMS message {message_id} does not exist")
    if not _claimable(message, now):
        return message
    names = provider_names()
    candidates = _candidates(message, names) if names else []
    chosen = breaker.pick(candidates, now) if candidates else breaker.Pick(None)
    name = chosen.name
    expired = now > message.created_at + timedelta(seconds=app_settings.max_age_seconds(message.kind))
    if expired or name is None:
        return _settle_unsendable(message_id, now)
    try:
        provider, error = get_provider(name), None
        timeout = provider.timeout
    except (ConfigurationError, LookupError) as problem:
        provider, error, timeout = None, ProviderError(f"misconfigured: {problem}", permanent=True), 0
    changes = {
        "provider": name,
        "provider_attempts": (message.provider_attempts if name == message.provider else 0) + 1,
        "attempts": message.attempts + 1,
        "next_attempt_at": None,
        "claimed_until": now + timedelta(seconds=timeout) + CLAIM_MARGIN,
    }
    if not fastsql.claim(message_id, message.attempts, now, changes):
        return Message.objects.get(pk=message_id)  # another worker was quicker
    for field, value in changes.items():
        setattr(message, field, value)
    return _Claim(message, provider, error, provider_failing=chosen.failing)


def _claim_first_try(message_id: int | None, now) -> _Claim | None:
    """A message's first try on the first provider, which has no failures on record: read and
    claimed in one UPDATE ... RETURNING (message_id None: the one waiting longest). None:
    anything else (another try, a provider failing, skipped or misconfigured, expired, someone
    else's, an old database): the slow way."""
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite < 3.35: no UPDATE ... RETURNING
        return None
    names = provider_names()
    if not names:
        return None
    try:
        provider = get_provider(names[0])
        timeout = provider.timeout
    except (ConfigurationError, LookupError):
        return None
    changes = {
        "provider": names[0], "provider_attempts": 1, "attempts": 1, "next_attempt_at": None,
        "claimed_until": now + timedelta(seconds=timeout) + CLAIM_MARGIN,
    }  # fmt: skip
    created_after = {kind: now - timedelta(seconds=app_settings.max_age_seconds(kind)) for kind in Message.Kind.values}
    message = fastsql.claim_first_try(message_id, now, changes, now + EARLY, created_after, SEND_FIELDS)
    return None if message is None else _Claim(message, provider)  # its breaker is closed: no failures on record


def _claimable(message: Message, now) -> bool:
    if message.status != S.QUEUED:
        return False  # already handled: never send twice
    if message.claimed_until and message.claimed_until > now:
        return False  # another worker is sending it right now
    return not (message.next_attempt_at and message.next_attempt_at > now + EARLY)  # else a later task will


def _settle_unsendable(message_id: int, now):
    """Expired, no provider left, or every provider skipped for now: decided under the row lock."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if not _claimable(message, now):
            return message
        if now > message.created_at + timedelta(seconds=app_settings.max_age_seconds(message.kind)):
            return _finish(message, S.EXPIRED, "not sent in time: expired unsent")
        names = provider_names()
        if not names:
            return _finish(message, S.FAILED, "no SMS provider configured (ZGODA_SMS_PROVIDERS)")
        candidates = _candidates(message, names)
        if not candidates:
            return _finish(message, S.FAILED, message.last_error or "no provider left to try")
        chosen = breaker.pick(candidates, now)
        if chosen.name is None:  # every provider it may use is skipped for now: wait for the first
            return _retry_at(message, chosen.reopens_at or now)  # never left waiting (deliver_next)
        return _retry_at(message, now)  # a breaker closed meanwhile: try again at once


def _candidates(message: Message, names: list[str]) -> list[str]:
    if failover_allowed(message.kind):
        return [n for n in names if n not in message.providers_tried]
    # No failover: the message sticks to one provider (the first, or the one it started on).
    own = message.provider if message.provider in names else names[0]
    return [] if own in message.providers_tried else [own]


# --- 3. record --------------------------------------------------------------------------
def _record(message_id, claim: _Claim, started, provider_id: str, error: ProviderError | None):
    """Returns (message, fail over now?)."""
    now = timezone.now()
    name = claim.message.provider
    attempt = SendAttempt(
        message_id=message_id, provider=name, outcome=SendAttempt.outcome_of(error), error=str(error or "")[:2000],
        provider_message_id=provider_id[:120], started_at=started, finished_at=now,
    )  # fmt: skip
    if error is None:
        return _submitted(claim, attempt, provider_id, now), False
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        message.claimed_until = None
        attempt.save()
        message.last_error = f"{name}: {error}"[:2000]
        if message.status != S.QUEUED:  # a delivery report came first: it went out
            message.clear_text = ""
            message.save()
            return message, False
        if error.recipient:
            breaker.succeeded(name)  # the gateway works; the number is bad
            unreachable.from_error(message.to, name, error)
            return _finish(message, S.FAILED, message.last_error), False
        breaker_opened = breaker.failed(name, str(error), now)
        others_left = failover_allowed(message.kind) and any(
            n not in message.providers_tried and n != name for n in provider_names()
        )
        if error.permanent:
            if not others_left:
                return _finish(message, S.FAILED, message.last_error), False
            message.providers_tried = [*message.providers_tried, name]
            message.save()
            return message, True
        if message.attempts >= app_settings.max_attempts():
            return _finish(message, S.FAILED, f"gave up after {message.attempts} tries; {message.last_error}"), False
        wait = backoff_seconds(message.provider_attempts)
        if error.maybe_sent and _report_may_settle_it(claim.provider, message):
            wait = max(wait, app_settings.uncertain_retry_seconds())
        enough_here = message.provider_attempts >= app_settings.retry_attempts_per_provider() or breaker_opened
        if others_left and enough_here:
            message.providers_tried = [*message.providers_tried, name]
            if not error.maybe_sent:
                message.save()
                return message, True
        return _retry_at(message, now + timedelta(seconds=wait)), False


def _submitted(claim: _Claim, attempt: SendAttempt, provider_id: str, now) -> Message:
    """The gateway took it: an INSERT and an UPDATE that moves the status forward only if no
    delivery report moved it further already (a report may beat us here: its status and times
    stay, and the message returned has them)."""
    provider, message = claim.provider, claim.message
    target = S.DELIVERED if provider.delivers_on_send else S.SUBMITTED
    changes = {"submitted_at": now, "cost": cost_of(provider, message), "claimed_until": None, "clear_text": ""}
    if provider_id:
        changes["provider_message_id"] = provider_id[:120]
    if target == S.DELIVERED:
        changes["delivered_at"] = now
    lower = [status for status, rank in lifecycle.RANK.items() if rank < lifecycle.RANK[target]]
    stored = fastsql.submit(message.pk, attempt, target, lower, changes)
    if stored is None:
        raise Message.DoesNotExist(f"SMS {message.pk} is gone")
    if claim.provider_failing:
        breaker.succeeded(provider.name)
    for field, value in changes.items():
        setattr(message, field, value)
    for field in fastsql.AS_STORED:
        setattr(message, field, getattr(stored, field))
    return message


def _report_may_settle_it(provider, message) -> bool:
    """Waiting helps only if a delivery report can come, and a resend is not made safe by an idempotency key."""
    return (
        provider is not None
        and provider.supports_delivery_reports
        and not provider.supports_idempotency
        and bool(app_settings.callback_base_url())
    )



def _finish(message: Message, status: str, error: str) -> Message:
    """Failed or expired for good; a message never handed over costs nothing."""
    lifecycle.advance(message, status)
    message.last_error = error[:2000]
    message.clear_text = ""
    message.claimed_until = message.next_attempt_at = None
    if message.submitted_at is None:
        message.cost = 0
    message.save()
    return message


def _retry_at(message: Message, when) -> Message:
    message.next_attempt_at = when
    message.save()
    schedule(message.pk, when)
    return message


def schedule(message_id: int, when) -> None:
    """Run deliver(message_id) again at `when`: a task with run_after on a queue that can defer.

    The in-process (immediate) backend cannot wait; there the message stays queued with
    next_attempt_at set, and `zgoda sms_retry` (or deliver_due()) picks it up."""
    from .tasks import deliver_message

    if deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=when).enqueue(message_id)


def deliver_due(now=None, limit: int = 500) -> int:
    """Try every queued message whose next try is due, or whose sender vanished (a worker
    killed mid-send) or whose task was lost. Returns how many were tried."""
    now = now or timezone.now()
    scheduled_or_stale = (
        Q(next_attempt_at__isnull=False) | Q(claimed_until__isnull=False) | Q(created_at__lt=now - STALE)
    )
    due = (
        Message.objects.filter(scheduled_or_stale, status=S.QUEUED)
        .exclude(claimed_until__gt=now)
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    for message_id in ids:
        deliver(message_id)
    return len(ids)
