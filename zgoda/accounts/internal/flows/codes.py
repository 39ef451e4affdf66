"""Issue and check one-time SMS codes under the one limits policy (internal/limits.py).

A code is checked and consumed inside one transaction with its challenge row locked,
so two concurrent guesses cannot both pass. Every refused try is audited.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib import crypto, plainsql
from zgoda.lib.http import client_network
from zgoda.lib.prepared import Param, Prepared
from zgoda.lib.ratelimit import growing_cooldown
from zgoda.lib.transactions import writes_one_at_a_time
from zgoda.sms.api import MessageKind, code_spend_read, failure_reason, queue_sms, sms_refusal

from ... import app_settings
from ...codeformat import group, normalize
from ...models import AuditEvent, CodeChallenge, DailyCodeCounter, OneTimeCode
from ...signals import number_proved
from .. import code_windows, limits, secret_tries
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


@dataclass
class CheckOutcome:
    ok: bool
    error: str = ""
    code_blocked: bool = False
    challenge_ended: bool = False
    # The challenge and its newest code (see latest_code) as the check left them, so the page
    # can be shown again without reading them a second time. None when the check did not
    # get as far as reading them (a mistyped code) or found no challenge.
    challenge: CodeChallenge | None = None
    code: OneTimeCode | None = None
    found: bool = True  # False: no challenge matched (e.g. it was deleted)
    counted: bool = False  # the typed code was compared and counted as a wrong guess
    # Why it failed, naming no code: "locked", "ended", "none", "blocked", "used", "expired", "wrong".
    reason: str = ""
    open_recovery: bool | None = None  # a login's: the account has an open recovery (None: not read)


def _subject(challenge: CodeChallenge) -> str:
    return limits.subject_of(challenge)


def _sms_refusal(phone: str, look_ahead: bool = False, spent: dict | None = None) -> SendOutcome | None:
    """The SMS app refuses it (daily spend cap on codes, country not allowed): nothing sent, nothing spent.
    Asked once per code (queue_sms is told so): a code SMS is one segment in every language.
    `spent`: what its caps count today, read with the challenge (limits.SendStateQuery)."""
    reason = sms_refusal(phone, MessageKind.OTP, look_ahead=look_ahead, spent=spent)
    return SendOutcome(False, refusal=reason) if reason else None


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
_WITH_SEND_STATE = limits.SendStateQuery(lambda: CodeChallenge.objects.filter(pk=Param("pk", _PK)).annotate(
    _account_language=language.account_language(OuterRef("user_id"))))


def _locked(challenge: CodeChallenge | ChallengeOf | QuerySet, now=None, ip_key="") -> CodeChallenge:
    """The challenge re-read with its row locked. DoesNotExist when it is gone.

    `challenge` is a row already read, a ChallengeOf, or a query that finds it, so a caller
    that only knows the id needs no unlocked read first. The user is not read: what is
    written about it (codes, audit events) needs only its id. With `now` (and the client's
    `ip_key`), the same statement also reads what limits.check_send needs
    (limits.SendStateQuery) and the account's language."""
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


# Reads other apps do with a code check's read of the code (its own statement), so what
# number_proved's receivers ask costs no statement of theirs: per app, the annotations over
# the code's row (OuterRef("user_id"), OuterRef("phone")...) and the values of their Params
# at the time of the check. number_proved carries what they read as `read`.
_READS_WITH_CHECK: dict[str, tuple[Callable[[], dict], Callable[[], dict]]] = {}


def read_with_check(app: str, annotations: Callable[[], dict], values: Callable[[], dict]) -> None:
    """Register (AppConfig.ready, before any check) an app's reads for `_READS_WITH_CHECK`."""
    _READS_WITH_CHECK[app] = (annotations, values)


def _read_with_check(code: OneTimeCode) -> dict:
    return {name: value for name, value in vars(code).items() if name.startswith(_OTHER_APPS_READ)}


_OTHER_APPS_READ = "_read_"  # the names of those annotations start so


def _newest_code(of_login: bool, locked: bool) -> Prepared:
    """A challenge's newest code (see latest_code) with the account's failure streak; `locked`:
    with its challenge, locked (see _locked). A login's (a ChallengeOf's) read also says
    whether the account has an open recovery, which the login ends when the code is right
    (recovery.cancel_open)."""
    def build():
        from . import recovery  # it imports this module (through twofa)

        login = {"_open_recovery": recovery.any_open(OuterRef("user_id"))} if of_login else {}
        mine = {"challenge__user_id": Param("user_id", IntegerField())} if of_login and locked else {}
        others = {name: expression for annotations, _values in _READS_WITH_CHECK.values()
                  for name, expression in annotations().items()}
        assert all(name.startswith(_OTHER_APPS_READ) for name in others), others
        query = _newest_first(**mine).annotate(**secret_tries.streak_annotations(OuterRef("user_id")), **login, **others)
        return (query.select_related("challenge").select_for_update(of=("challenge",)) if locked else query)[:1]
    return Prepared(build)


_NEWEST_CODE = {(of_login, locked): _newest_code(of_login, locked) for of_login in (False, True) for locked in (False, True)}


def _locked_with_newest_code(challenge: CodeChallenge | ChallengeOf | QuerySet) -> tuple[CodeChallenge, OneTimeCode | None]:
    """The challenge re-read locked (see _locked) and its newest code with the account's failure
    streak (secret_tries.streak_read): one statement where a write transaction holds the
    whole database (lib.transactions), else the lock first and the code read after it."""
    if isinstance(challenge, QuerySet):
        challenge = _locked(challenge)
        return challenge, latest_code(challenge)
    of_login = isinstance(challenge, ChallengeOf)
    one_statement = writes_one_at_a_time(CodeChallenge)
    values = {"pk": challenge.pk, "user_id": challenge.user_id} if of_login and one_statement else {"pk": challenge.pk}
    for _annotations, other_values in _READS_WITH_CHECK.values():
        values |= other_values()
    if not one_statement:
        challenge = _locked(challenge)
    code = _NEWEST_CODE[of_login, one_statement].first(**values)
    if code is not None:
        if not one_statement:
            code.challenge = challenge
        return code.challenge, code
    return (_locked(challenge) if one_statement else challenge), None


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


def send_refusal(challenge: CodeChallenge, request=None) -> SendOutcome | None:
    """What issue_code would answer now, asked without sending, writing or locking anything
    (so a send a moment later may still be refused): for a page that must not offer a resend
    the limits would refuse. The challenge is read again with what the limits count, as a
    send reads it (one statement on SQLite), but outside any write transaction."""
    ip = client_network(request) if request is not None else ""
    now = timezone.now()
    state = _WITH_SEND_STATE.first(now, ip, lock=False, pk=challenge.pk) or challenge
    return _refusal(state, ip, now, look_ahead=True)


def _refusal(challenge: CodeChallenge, ip: str, now, look_ahead: bool = False) -> SendOutcome | None:
    """The first limit that forbids a code now: the accounts' policy, then the SMS app's
    (spend cap, country). Call inside a transaction, unless only looking ahead (send_refusal)."""
    refused = limits.check_send(challenge, ip, now, look_ahead)
    if refused:
        return SendOutcome(False, refusal=refused.text, retry_at=refused.retry_at)
    return _sms_refusal(challenge.phone, look_ahead, spent=code_spend_read(challenge))


def issue_code(challenge: CodeChallenge, request=None, deliver: bool = True, new: bool = False) -> SendOutcome:
    """Send a new code for the challenge unless a limit forbids it. Never sends twice at once.

    `deliver=False` (the privacy portal's unknown numbers): every check and row
    as for a real code, but the SMS is logged as never sent (sms.queue_sms
    `withheld`) and the stored HMAC matches no code, so nothing goes out and nothing passes.
    A sandbox challenge (limits.is_sandbox: a REST API sandbox key): the SMS goes to the dev
    phone only, never to a gateway. `new`: the challenge is not written yet; it is inserted in
    the transaction of its first code (one hold of SQLite's write lock instead of two)."""
    ip = client_network(request) if request is not None else ""
    now = timezone.now()
    with transaction.atomic():
        if new:  # written as its first code will leave it, so that code costs no UPDATE
            plainsql.insert(_count_code(challenge, now))
        challenge = _locked(challenge, now, ip)
        if new:  # the limits judge it as it was before that code
            challenge.codes_sent, challenge.next_send_at = 0, None
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


def latest_code_of_login(challenge: ChallengeOf) -> OneTimeCode | None:
    """latest_code of a login's challenge, with that challenge (`code.challenge`), read in one
    statement; None when it has no code or is not the account's."""
    return _LATEST_OF_LOGIN.first(pk=challenge.pk, user_id=challenge.user_id)


_LATEST = Prepared(lambda: _newest_first()[:1])
_LATEST_OF_LOGIN = Prepared(lambda: _newest_first(
    challenge__user_id=Param("user_id", IntegerField())).select_related("challenge")[:1])


def check_code(challenge: CodeChallenge | ChallengeOf | QuerySet, typed: str, request=None, user=None) -> CheckOutcome:
    """Check what the person typed against the newest code of the challenge, and consume it.

    `challenge`: the challenge, a ChallengeOf or a query that finds it (see `_locked`). A try refused
    before comparing (challenge ended, no code, code blocked, used or expired, the account's
    code step locked) is audited as `code_try_refused`. `user`: the challenge's user when the
    caller holds it already (saves reading it again for number_proved)."""
    digits = normalize(typed)
    length = app_settings.code_length()
    if not digits.isdigit() or len(digits) != length:
        # A typo in the shape is not a guess: it costs no try.
        return CheckOutcome(False, _("Kod składa się z %(n)d cyfr.") % {"n": length})
    now = timezone.now()
    # No savepoint when the caller's transaction holds this one (the login's, views/login.py):
    # nothing raised here is caught and carried on from.
    with transaction.atomic(savepoint=False):
        try:
            challenge, code = _locked_with_newest_code(challenge)
        except CodeChallenge.DoesNotExist:
            return CheckOutcome(False, found=False)
        if user is not None and user.pk == challenge.user_id:
            challenge.user = user

        def refused(reason, error, **outcome):
            audit.record(
                AuditEvent.Event.CODE_TRY_REFUSED, request, user_id=challenge.user_id, purpose=challenge.purpose,
                challenge=str(challenge.pk), reason=reason,
            )
            return CheckOutcome(False, error, challenge=challenge, reason=reason, **outcome)

        streak, locked = secret_tries.streak_read(code, challenge.user_id)
        if locked:
            return refused("locked", secret_tries.check_secret_try(challenge.user_id), challenge_ended=True)
        if not challenge.is_open:
            return refused("ended", _("To logowanie zostało zakończone. Zaloguj się ponownie."), challenge_ended=True)
        if code is None:
            return refused("none", _("Nie wysłaliśmy jeszcze kodu. Poproś o kod."))
        if code.blocked:
            return refused(
                "blocked", _("Ten kod został zablokowany po błędnych próbach. Wyślij nowy kod."), code_blocked=True,
                code=code,
            )
        if code.used_at:
            return refused("used", _("Ten kod został już użyty."), code=code)
        if code.expires_at <= now:
            return refused("expired", _("Kod nr %(n)d wygasł. Wyślij nowy kod.") % {"n": code.ordinal}, code=code)
        seen = {"challenge": challenge, "code": code}
        if crypto.matches(HASH_PURPOSE, digits, code.code_hmac):
            code.used_at = now
            plainsql.update(code, ("used_at",))
            challenge.ended_at, challenge.end_reason = now, CodeChallenge.End.PASSED
            plainsql.update(challenge, ("ended_at", "end_reason"))
            secret_tries.record_success(challenge.user_id, streak)
            audit.record(AuditEvent.Event.CODE_ACCEPTED, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk), ordinal=code.ordinal)
            if not limits.is_sandbox(challenge):
                number_proved.send(CodeChallenge, user=challenge.user, phone=challenge.phone, purpose=challenge.purpose,
                                   api_key_id=(challenge.payload or {}).get(limits.API_KEY), read=_read_with_check(code))
            return CheckOutcome(True, **seen, open_recovery=getattr(code, "_open_recovery", None))
        outcome = _wrong_guess(challenge, code, digits, now, request)
        if secret_tries.record_failure(challenge.user_id, request, streak):
            outcome.error, outcome.challenge_ended = secret_tries.check_secret_try(challenge.user_id), True
        return outcome


def _wrong_guess(challenge, code, digits, now, request) -> CheckOutcome:
    older = None
    if challenge.codes_sent > 1:  # with one code sent there is no older one to name
        older = next(
            (
                c
                for c in challenge.codes.filter(created_at__lt=code.created_at, expires_at__gt=now).exclude(pk=code.pk)
                if crypto.matches(HASH_PURPOSE, digits, c.code_hmac)
            ),
            None,
        )
    code.wrong_attempts += 1
    code.blocked = code.wrong_attempts >= app_settings.max_wrong_per_code()
    plainsql.update(code, ("wrong_attempts", "blocked"))
    challenge.wrong_attempts += 1
    ended = challenge.wrong_attempts >= app_settings.max_wrong_per_login()
    if ended:
        challenge.ended_at, challenge.end_reason = now, CodeChallenge.End.TOO_MANY_WRONG
    plainsql.update(challenge, ("wrong_attempts", "ended_at", "end_reason"))
    audit.record(
        AuditEvent.Event.CODE_WRONG, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk),
        expected_ordinal=code.ordinal, older_ordinal=older.ordinal if older else None,
        wrong_attempts=challenge.wrong_attempts,
    )
    if ended:
        audit.record(AuditEvent.Event.LOGIN_ENDED, request, user_id=challenge.user_id, purpose=challenge.purpose, challenge=str(challenge.pk))
        return CheckOutcome(
            False, _("Za dużo błędnych kodów. Ze względów bezpieczeństwa zacznij od nowa."), challenge_ended=True,
            challenge=challenge, code=code, counted=True, reason="ended",
        )
    if older:
        error = _("To kod nr %(old)d - wpisz najnowszy kod nr %(new)d.") % {"old": older.ordinal, "new": code.ordinal}
    else:
        error = _("Błędny kod. Sprawdź kod nr %(n)d z SMS-a.") % {"n": code.ordinal}
    if code.blocked:
        error = _("Za dużo błędnych prób dla kodu nr %(n)d. Wyślij nowy kod.") % {"n": code.ordinal}
    return CheckOutcome(False, error, code_blocked=code.blocked, challenge=challenge, code=code, counted=True,
                        reason="blocked" if code.blocked else "wrong")
