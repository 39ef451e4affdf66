"""Starting the right code challenge and reusing an open one, so a new try costs no SMS."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import CharField, IntegerField
from django.utils import timezone

from zgoda.lib.prepared import Param, Prepared

from ...models import CodeChallenge, OneTimeCode
from ... import app_settings
from .codes import ChallengeOf, SendOutcome, issue_code, latest_code, latest_code_for_page, send_refusal


REUSABLE_FOR = timedelta(minutes=15)


def open_challenge(user, purpose, phone):
    """An open challenge of this kind whose newest code still works, so no new SMS is needed."""
    now = timezone.now()
    challenge = (
        CodeChallenge.objects.filter(
            user=user, purpose=purpose, phone=phone, ended_at__isnull=True, created_at__gt=now - REUSABLE_FOR,
        )
        .order_by("-created_at")
        .first()
    )
    return challenge if challenge is not None and _code_still_works(challenge, now) else None


def _code_still_works(challenge, now) -> bool:
    code = latest_code(challenge)
    return not (code is None or code.blocked or code.used_at or code.expires_at <= now)


_OF_LOGIN = Prepared(lambda: CodeChallenge.objects.filter(
    pk=Param("pk", CodeChallenge._meta.pk), user_id=Param("user_id", IntegerField()))[:1])
_NEWEST_OPEN = Prepared(lambda: CodeChallenge.objects.filter(
    user_id=Param("user_id", IntegerField()), purpose=Param("purpose", CharField()), ended_at__isnull=True,
).order_by("-created_at")[:1])


def of_login(challenge_id, user_id) -> CodeChallenge | None:
    """The challenge a login's session names, if it is still the account's."""
    return _OF_LOGIN.first(pk=challenge_id, user_id=user_id)


def of_login_with_code(challenge_id, user_id, request=None) -> tuple[CodeChallenge | None, OneTimeCode | None]:
    """of_login and the challenge's newest code (as latest_code gives it), in one statement
    when it has a code, which also reads what the page's look ahead asks (latest_code_for_page)."""
    code = latest_code_for_page(ChallengeOf(challenge_id, user_id), request)
    if code is not None:
        return code.challenge, code
    return of_login(challenge_id, user_id), None


def start(request, user, purpose, phone, payload=None, reuse=False,
          none_open=False, in_login_language=False) -> tuple[CodeChallenge, SendOutcome | None]:
    """Open a challenge and send its first code; with reuse, pick up a still-valid one instead.

    An account has at most one open challenge of a kind (each start ends the others): it is
    read once, reused or ended, and when there is none nothing needs ending. `none_open`: the
    caller has just read that there is none (login_factors), so it is not read again.
    `in_login_language`: a refusal is worded for the login's code page (codes.issue_code)."""
    now = timezone.now()
    newest = None if none_open else _NEWEST_OPEN.first(user_id=user.pk, purpose=purpose)
    if (reuse and newest is not None and newest.phone == phone and newest.created_at > now - REUSABLE_FOR
            and _code_still_works(newest, now)):
        if payload is not None and payload != newest.payload:
            newest.payload = payload
            newest.save(update_fields=["payload"])
        return newest, None
    if newest is not None:
        CodeChallenge.objects.filter(user=user, purpose=purpose, ended_at__isnull=True).update(
            ended_at=now, end_reason=CodeChallenge.End.ABANDONED
        )
    challenge = CodeChallenge(user=user, purpose=purpose, phone=phone, payload=payload or {})
    return challenge, issue_code(challenge, request, new=True, in_login_language=in_login_language)


def cooldown_seconds_left(challenge) -> int:
    return _seconds_until(challenge.next_send_at)


def _seconds_until(moment) -> int:
    if not moment:
        return 0
    return max(0, int((moment - timezone.now()).total_seconds() + 0.999))


LONG_WAIT_SECONDS = 300  # a longer wait is said as a time of day, not counted down in seconds


@dataclass
class ResendState:
    """When a new code for a challenge may go, as a code page shows it."""
    wait: int = 0  # seconds until it may (0: now, unless `refused` or `limit_reached`)
    at: datetime | None = None  # the moment `wait` ends
    refused: str = ""  # a limit with no known end (e.g. the day's SMS spend cap): why not
    limit_reached: bool = False  # the login's own codes are used up: start over
    why: str = ""  # `wait` is a limit's, not the cooldown's: why no code can go before `at` (no time in it)

    @property
    def long_wait(self) -> bool:
        return self.wait > LONG_WAIT_SECONDS


def says_why(refused: SendOutcome) -> bool:
    """A refusal the code page says in words (why no code can go, and when if known) instead
    of counting down to its end: a limit with no known end (the spend cap, a locked code step,
    an ended challenge) and the day's codes used up (a countdown of hours explains nothing)."""
    return refused.retry_at is None or refused.reason == DAILY_LIMIT


DAILY_LIMIT = "per_day"
COOLDOWN = "cooldown"
PER_LOGIN = "per_challenge"


def resend_state(challenge, request=None) -> ResendState:
    """The challenge's count of codes first (read with it); then every other limit asked
    without sending (codes.send_refusal): now, or during the cooldown at its end, so a page
    offers a resend only when it would go, counts down only to a send that would go then, and
    otherwise says why not (and until when): in words, or, for a limit with a known end, a
    countdown to it with why beside it (`why`)."""
    if challenge.codes_sent >= app_settings.max_codes_per_login():
        return ResendState(limit_reached=True)
    wait = cooldown_seconds_left(challenge)
    refused = send_refusal(challenge, request, ignore_cooldown=True)
    if refused is not None and wait and refused.retry_at is not None and refused.retry_at <= challenge.next_send_at:
        refused = None  # that limit frees before the cooldown ends: the countdown ends in a send
    if refused is None:
        return ResendState(wait, challenge.next_send_at) if wait else ResendState()
    if not says_why(refused) and _seconds_until(refused.retry_at):
        return ResendState(_seconds_until(refused.retry_at), refused.retry_at, why=refused.why)
    return ResendState(refused=refused.refusal)


def said_by_page(refused: SendOutcome, challenge, request=None) -> bool:
    """A send just refused whose reason the code page shown next says itself (its resend
    hint, read from the database on every view): no message to say it a second time. A
    limit with a known end: the page counts down to it and says why beside the countdown
    (ResendState.why), so a message would say its time twice. A cooldown's refusal is the
    page's countdown's to say, unless another limit will refuse the send when the cooldown
    ends: then the page says that limit instead, and the cooldown's "za N s" would promise
    what it refuses."""
    if refused.reason == PER_LOGIN:
        return False  # the page says "Wykorzystano limit kodów w tej próbie.": the message says how many
    if says_why(refused) or refused.why:
        return True
    if refused.reason != COOLDOWN:
        return False
    state = resend_state(challenge, request)
    return bool(state.refused or state.why)
