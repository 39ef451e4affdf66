"""Proving a bare number with a code (the privacy portal): the login's code rules and
limits (the portal's own budget of the number, which only its codes fill), and no account behind it,
so a number never opens one.

A number Zgoda does not know (`deliver=False`) goes through every step alike, statement
for statement and with the same task enqueued, but its SMS is never sent and its code
matches nothing: neither the answers nor their timing tell it from a known number."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from ...models import CodeChallenge
from . import challenge as challenges
from .challenge import open_challenge
from .code_check import check_code
from .codes import issue_code, latest_code

PURPOSE = CodeChallenge.Purpose.PRIVACY
WITHHELD = "withheld"


def _challenge(challenge_id) -> CodeChallenge | None:
    try:
        return CodeChallenge.objects.filter(pk=challenge_id, purpose=PURPOSE, user__isnull=True).first()
    except (ValueError, TypeError, ValidationError):  # a malformed id from an old session
        return None


@dataclass(frozen=True)
class Started:
    challenge_id: str
    refusal: str = ""  # "" when a code is on its way or still valid
    reused: bool = False  # a try still open was handed over: no new SMS went (its code still works)
    said_by_page: bool = False  # the code page says the refusal itself (challenge.said_by_page): no message


def start(request, phone: str, deliver: bool = True) -> Started:
    """A still-valid challenge is reused (no SMS), else a new one sends its first code.
    `deliver=False`: the same, with an SMS that never goes out (an unknown number), and a
    stand-in try is reused alike."""
    challenge = open_challenge(None, PURPOSE, phone)
    if challenge is not None:
        return Started(str(challenge.pk), reused=True)
    CodeChallenge.objects.filter(purpose=PURPOSE, user__isnull=True, phone=phone, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=CodeChallenge.End.ABANDONED
    )
    challenge = CodeChallenge.objects.create(
        user=None, purpose=PURPOSE, phone=phone, payload={} if deliver else {WITHHELD: True}
    )
    outcome = issue_code(challenge, request, deliver=deliver)
    if outcome.sent:
        return Started(str(challenge.pk))
    return Started(str(challenge.pk), outcome.refusal, said_by_page=challenges.said_by_page(outcome, challenge, request))


# How a try ended, as the portal words it (never the login's words: there is no login there).
# A new request for the number replaced it, its code was typed (in another browser: this one
# would have gone on to the data), or too many wrong codes ended it; "gone": no such try any
# more (retention, an erasure deleted it). Alike for a known and an unknown number.
ENDED_AS = {CodeChallenge.End.ABANDONED: "replaced", CodeChallenge.End.PASSED: "used",
            CodeChallenge.End.TOO_MANY_WRONG: "ended"}


def ended_as(challenge: CodeChallenge | None) -> str:
    """"" while the try is open; else how it ended (ENDED_AS, "gone")."""
    if challenge is None:
        return "gone"
    return ENDED_AS.get(challenge.end_reason, "ended") if challenge.ended_at else ""


def resend(request, challenge_id) -> tuple[str, str, bool]:
    """(how the try ended: "" while open, see ended_as; "" when a new code went out, else why
    not; whether the code page says that itself: challenge.said_by_page). An ended try sends
    nothing and asks no limit."""
    challenge = _challenge(challenge_id)
    ended = ended_as(challenge)
    if ended:
        return ended, "", False
    outcome = issue_code(challenge, request, deliver=_delivers(challenge))
    if outcome.sent:
        return "", "", False
    return "", outcome.refusal, challenges.said_by_page(outcome, challenge, request)


def _delivers(challenge: CodeChallenge) -> bool:
    """A stand-in for an unknown number carries `withheld` in its payload: its codes never go out."""
    return not (challenge.payload or {}).get(WITHHELD)


def check(request, challenge_id, digits: str) -> str:
    """What came of a typed code, with no code number or account in it: "ok", "gone" (no
    such challenge), "replaced", "used", "ended" (the try had ended: ended_as; or this wrong
    code ended it), "none", "blocked", "expired" or "wrong"."""
    challenge = _challenge(challenge_id)
    ended = ended_as(challenge)
    if ended:  # nothing to check: no code compared, no refused try logged or counted
        return ended
    outcome = check_code(challenge, digits, request)
    if outcome.ok:
        return "ok"
    if outcome.reason == "ended":  # it ended a moment ago (the lock's re-read): say how
        return ended_as(outcome.challenge) or "ended"
    return "ended" if outcome.reason == "locked" else outcome.reason or "wrong"


def resend_state(challenge_id, request=None) -> dict | None:
    """For the code page: {"ended": how the try ended ("" while open: ended_as), and while it
    is open "code_sent": a code went (or was withheld alike for an unknown number), "wait":
    seconds until a new one may go, "next_at": that moment or None, "long_wait": said as a
    time of day, "refused": why none may go with no end in sight, "why": why none may go before
    "next_at" when a limit's end (not the cooldown's) is counted down to, "limit_reached":
    this try's codes are used up}. The same limits, so the same answer, for a known and an unknown
    number; None for no such try."""
    challenge = _challenge(challenge_id)
    if challenge is None:
        return None
    ended = ended_as(challenge)
    if ended:  # nothing to send or type any more: no limit is asked (their words are the login's)
        return {"ended": ended}
    resend = challenges.resend_state(challenge, request)
    return {"ended": "", "code_sent": latest_code(challenge) is not None, "wait": resend.wait, "next_at": resend.at,
            "long_wait": resend.long_wait, "refused": resend.refused, "why": resend.why,
            "limit_reached": resend.limit_reached}


def proven_number(challenge_id) -> str:
    """The number a passed challenge proved; "" otherwise."""
    challenge = _challenge(challenge_id)
    return challenge.phone if challenge and challenge.end_reason == CodeChallenge.End.PASSED else ""
