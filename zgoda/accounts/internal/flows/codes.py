"""Issue one-time SMS codes under the one limits policy (internal/limits.py), and read a
challenge's codes: the challenge re-read locked, its newest code. Checking a typed code is
code_check.py's.
"""

import copy
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, QuerySet
from django.utils import timezone, translation

from zgoda.lib import crypto, plainsql
from zgoda.lib.http import client_network
from zgoda.lib.prepared import Param, Prepared
from zgoda.lib.ratelimit import growing_cooldown
from zgoda.sms.api import MessageKind, code_spend_read, failure_reason, queue_sms, sms_refusal

from ... import app_settings
from ...codeformat import group
from ...models import AuditEvent, CodeChallenge, DailyCodeCounter, OneTimeCode
from .. import code_windows, limits, send_state
from ..limits import at_local as at_local
from . import audit, language

HASH_PURPOSE = "otp"
NEVER_MATCHES = "!"  # the first character of a withheld code's HMAC: no hex digest starts so


@dataclass
class SendOutcome:
    sent: bool
    code: OneTimeCode | None = None
    refusal: str = ""
    retry_at: datetime | None = None
    reason: str = ""  # which limit refused it (limits.Refusal.reason; "sms": the SMS app's)
    why: str = ""  # `refusal` without its time, for a page that counts down to `retry_at` (limits.Refusal.why)


def _subject(challenge: CodeChallenge) -> str:
    return limits.subject_of(challenge)


def _sms_refusal(phone: str, look_ahead: bool = False, spent: dict | None = None) -> SendOutcome | None:
    """The SMS app refuses it (daily spend cap on codes, country not allowed): nothing sent, nothing spent.
    Asked once per code (queue_sms is told so): a code SMS is one segment in every language.
    `spent`: what its caps count today, read with the challenge (send_state.SendStateQuery)."""
    reason = sms_refusal(phone, MessageKind.OTP, look_ahead=look_ahead, spent=spent)
    return SendOutcome(False, refusal=reason, reason="sms") if reason else None


@dataclass(frozen=True)
class ChallengeOf:
    """A challenge named by its id and its account's (a login's: the session holds the id),
    read only under the lock."""
    pk: str
    user_id: int


_PK = CodeChallenge._meta.pk
_LOCKED = Prepared(lambda: CodeChallenge.objects.filter(pk=Param("pk", _PK)).select_for_update()[:1])
_LOCKED_OF = Prepared(lambda: CodeChallenge.objects.filter(
    pk=Param("pk", _PK), user_id=Param("user_id", IntegerField())).select_for_update()[:1])
_WITH_SEND_STATE = send_state.SendStateQuery(lambda: CodeChallenge.objects.filter(pk=Param("pk", _PK)).annotate(
    _account_language=language.account_language(OuterRef("user_id"))))


def _locked(challenge: CodeChallenge | ChallengeOf | QuerySet, now=None, ip_key="") -> CodeChallenge:
    """The challenge re-read with its row locked. DoesNotExist when it is gone.

    `challenge` is a row already read, a ChallengeOf, or a query that finds it, so a caller
    that only knows the id needs no unlocked read first. The user is not read: what is
    written about it (codes, audit events) needs only its id. With `now` (and the client's
    `ip_key`), the same statement also reads what limits.check_send needs
    (send_state.SendStateQuery) and the account's language."""
    if isinstance(challenge, QuerySet):
        found = challenge.select_for_update().first()
    elif now is not None:
        found = _WITH_SEND_STATE.first(now, ip_key, pk=challenge.pk)
    elif isinstance(challenge, ChallengeOf):
        found = _LOCKED_OF.first(pk=challenge.pk, user_id=challenge.user_id)
    else:
        found = _LOCKED.first(pk=challenge.pk)
    if found is None:
        raise CodeChallenge.DoesNotExist
    return found


def _next_ordinal(challenge: CodeChallenge, ip_key: str, now) -> int:
    """The code's number of the day, counting it in its minute counters too (code_windows.py)."""
    minutes = code_windows.minute_counters(now, ip_key, real=not limits.is_sandbox(challenge))
    return DailyCodeCounter.next_number(_subject(challenge), timezone.localdate(now), minutes)


def sms_text(ordinal: int, code: str, language: str | None = None) -> str:
    """The code SMS in `language` (language.for_code chooses it; None: Polish)."""
    return app_settings.otp_template(language).format(number=ordinal, code=group(code))


def masked_sms_text(ordinal: int, code: str, language: str | None = None) -> str:
    """The code SMS as the log keeps it: 'Zgoda: kod nr 3 z dzis: *** ***. ...'."""
    return sms_text(ordinal, "*" * len(code), language)


def send_refusal(challenge: CodeChallenge, request=None, ignore_cooldown: bool = False) -> SendOutcome | None:
    """What issue_code would answer now, asked without sending, writing or locking anything
    (so a send a moment later may still be refused): for a page that must not offer a resend
    the limits would refuse. The challenge is read again with what the limits count, as a
    send reads it (one statement on SQLite), but outside any write transaction, unless the
    page read it so already (latest_code_for_page). `ignore_cooldown`: every other limit, as
    if the challenge's cooldown were over (what a countdown on the page would end in)."""
    ip = client_network(request) if request is not None else ""
    read = getattr(challenge, SEND_STATE_READ, None)
    if read is not None and read[1] == ip:
        now, state = read[0], challenge
    else:
        now = timezone.now()
        state = _WITH_SEND_STATE.first(now, ip, lock=False, pk=challenge.pk)
        if state is None:
            state = challenge
        elif isinstance(challenge, CodeChallenge):  # a second look ahead in this request reads nothing again
            _carry_send_state(state, challenge, now, ip)
    if ignore_cooldown and state.next_send_at is not None:
        state = copy.copy(state)
        state.next_send_at = None
    return _refusal(state, ip, now, look_ahead=True)


SEND_STATE_READ = "_send_state_read"  # (when, client network) a challenge was read with what send_refusal needs
_LATEST_WITH_SEND_STATE = {of_login: send_state.SendStateQuery(lambda of_login=of_login: _newest_first(
    **({"challenge__user_id": Param("user_id", IntegerField())} if of_login else {})).select_related("challenge"))
    for of_login in (False, True)}


def latest_code_for_page(challenge: CodeChallenge | ChallengeOf, request=None) -> OneTimeCode | None:
    """latest_code (latest_code_of_login's for a ChallengeOf: `code.challenge` read with it),
    read in the same statement with what send_refusal asks (send_state.SendStateQuery, its
    subqueries on the code's account and number, which are its challenge's): the code page's
    look ahead then reads nothing more. The challenge passed in (a row) carries it too."""
    ip = client_network(request) if request is not None else ""
    now = timezone.now()
    of_login = isinstance(challenge, ChallengeOf)
    values = {"pk": challenge.pk} | ({"user_id": challenge.user_id} if of_login else {})
    code = _LATEST_WITH_SEND_STATE[of_login].first(now, ip, lock=False, **values)
    if code is not None:
        for target in {id(code.challenge): code.challenge, id(challenge): challenge}.values():
            if isinstance(target, CodeChallenge):
                _carry_send_state(code, target, now, ip)
    return code


def _carry_send_state(row, challenge: CodeChallenge, now, ip: str) -> None:
    """What send_state.SendStateQuery read with `row` (send_state.send_state_read), onto `challenge`, marked
    as read at `now` for the client network `ip` (send_refusal then reads it from there)."""
    for name, value in send_state.send_state_read(row).items():
        setattr(challenge, name, value)
    setattr(challenge, SEND_STATE_READ, (now, ip))


def _refusal(challenge: CodeChallenge, ip: str, now, look_ahead: bool = False) -> SendOutcome | None:
    """The first limit that forbids a code now: the accounts' policy, then the SMS app's
    (spend cap, country). Call inside a transaction, unless only looking ahead (send_refusal)."""
    refused = limits.check_send(challenge, ip, now, look_ahead)
    if refused:
        return SendOutcome(False, refusal=refused.text, retry_at=refused.retry_at, reason=refused.reason, why=refused.why)
    return _sms_refusal(challenge.phone, look_ahead, spent=code_spend_read(challenge))


def issue_code(challenge: CodeChallenge, request=None, deliver: bool = True, new: bool = False,
               in_login_language: bool = False) -> SendOutcome:
    """Send a new code for the challenge unless a limit forbids it. Never sends twice at once.

    `deliver=False` (the privacy portal's unknown numbers): every check and row
    as for a real code, but the SMS is logged as never sent (sms.queue_sms
    `withheld`) and the stored HMAC matches no code, so nothing goes out and nothing passes.
    A sandbox challenge (limits.is_sandbox: a REST API sandbox key): the SMS goes to the dev
    phone only, never to a gateway. `new`: the challenge is not written yet; it is inserted in
    the transaction of its first code (one hold of SQLite's write lock instead of two).
    `in_login_language`: a refusal is worded in the login's language (language.for_login), not
    this request's: the password step's, whose response switches the pages to that language
    (language.follow_account), so the code page that shows the refusal speaks it too."""
    ip = client_network(request) if request is not None else ""
    now = timezone.now()
    with transaction.atomic():
        if new:  # written as its first code will leave it, so that code costs no UPDATE
            plainsql.insert(_count_code(challenge, now))
        challenge = _locked(challenge, now, ip)
        if new:  # the limits judge it as it was before that code
            challenge.codes_sent, challenge.next_send_at = 0, None
        worded_in = _login_language(challenge, request) if in_login_language else None
        with translation.override(worded_in) if worded_in else nullcontext():
            refused = _refusal(challenge, ip, now)
        if refused:
            if new:
                plainsql.update(challenge, ("codes_sent", "next_send_at"))
            audit.record(
                AuditEvent.Event.CODE_REFUSED, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk),
                reason=refused.refusal,
            )
            return refused
        raw = crypto.random_digits(app_settings.code_length())
        code_hmac = crypto.keyed_hash(HASH_PURPOSE, raw)
        ordinal = _next_ordinal(challenge, ip, now)
        # the person's, as the code page speaks it
        lang = language.for_code(challenge, request, known=getattr(challenge, "_account_language", "?"))
        message = queue_sms(
            challenge.phone, sms_text(ordinal, raw, lang), MessageKind.OTP, masked=masked_sms_text(ordinal, raw, lang),
            withheld=not deliver, outbox_only=limits.is_sandbox(challenge), refusal_checked=True,
        )
        code = plainsql.insert(OneTimeCode(
            challenge=challenge,
            user_id=challenge.user_id,
            phone=challenge.phone,
            ip=ip or None,
            code_hmac=code_hmac if deliver else NEVER_MATCHES + code_hmac[1:],
            ordinal=ordinal,
            day=timezone.localdate(now),
            created_at=now,
            expires_at=now + timedelta(seconds=app_settings.code_ttl_seconds()),
            message=message,
            budget=limits.budget_of(challenge),
        ))
        # Delivery may already have failed (in-process task); a worker's later failure is
        # recorded by the post_save receiver in signals.py, once this code row exists.
        error = failure_reason(message)
        if error is not None:
            record_send_failure(code, error, request)
        _count_code(challenge, now)
        if not new:
            plainsql.update(challenge, ("codes_sent", "next_send_at"))
        audit.record(
            AuditEvent.Event.CODE_SENT, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk),
            ordinal=ordinal, message_id=message.pk,
        )
    return SendOutcome(True, code=code)


def _login_language(challenge: CodeChallenge, request) -> str | None:
    """The login's language (issue_code's `in_login_language`), decided as its code SMS's is:
    with the account's language read with the challenge (_locked), and kept for the rest of
    the request (language.for_login), so the page switch after it reads nothing again.
    None for a challenge that is not an account's login."""
    if challenge.purpose != CodeChallenge.Purpose.LOGIN or challenge.user_id is None:
        return None
    return language.for_login(request, challenge.user_id, known=getattr(challenge, "_account_language", "?"))


def _count_code(challenge: CodeChallenge, now) -> CodeChallenge:
    """One more code sent: the count, and the cooldown before the next (growing with the count)."""
    challenge.codes_sent += 1
    cooldown = growing_cooldown(app_settings.resend_cooldown_seconds(), challenge.codes_sent)
    challenge.next_send_at = now + timedelta(seconds=cooldown)
    return challenge


def record_send_failure(code: OneTimeCode, error: str, request=None) -> None:
    audit.record(
        AuditEvent.Event.CODE_SEND_FAILED, request, user_id=code.user_id, purpose=code.challenge.purpose, challenge=str(code.challenge_id),
        ordinal=code.ordinal, error=error,
    )


def _newest_first(**filters) -> QuerySet:
    """The codes of the challenge whose id is the Param "pk", newest first, each with its SMS's
    `message_status`: latest_code and the reads that take its newest code with more."""
    return OneTimeCode.objects.filter(challenge_id=Param("pk", _PK), **filters).annotate(
        message_status=F("message__status")).order_by("-created_at", "-id")


def latest_code(challenge: CodeChallenge) -> OneTimeCode | None:
    """The challenge's newest code; `message_status` says how its SMS is doing (None: no SMS)."""
    return _LATEST.first(pk=challenge.pk)


_LATEST = Prepared(lambda: _newest_first()[:1])
