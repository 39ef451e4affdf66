"""REST API verifications (Verify-style): a shop that keeps its own login has Zgoda send a
numbered code to a number and check what the customer typed back.

The same code machinery and limits policy as the login (codes.py, limits.py): a challenge
with no account (`CodeChallenge.Purpose.API`), the key and the shop's purpose in its payload.
A verification belongs to the API key that started it: any other key finds nothing. A right
code sends `number_proved(user=None, purpose="api")` (code_check.check_code), which confirms the
consents the shop posted for the number as pending. A sandbox key's codes go to the dev
phone only: they prove nothing about the number (no signal, no consent confirmed). The
code is never returned or logged."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from ...models import CodeChallenge
from .. import limits
from .challenge import open_challenge
from .code_check import check_code
from .codes import issue_code, latest_code
from .language import SMS_LANGUAGE

PURPOSE = CodeChallenge.Purpose.API
PURPOSES = ("login", "confirm_number")

PENDING, APPROVED, EXPIRED, TOO_MANY = "pending", "approved", "expired", "too_many_attempts"


@dataclass(frozen=True)
class Verification:
    id: str
    status: str
    purpose: str
    code_number: int | None
    expires_at: datetime | None
    approved_at: datetime | None = None
    reused: bool = False  # an open verification of the same number and purpose, no new SMS


@dataclass(frozen=True)
class Refused:
    """No code went out: why (for the shop, in its language) and when to try again."""

    text: str
    retry_at: datetime | None = None
    ended: bool = False  # the verification is over (approved, blocked, replaced): start a new one


@dataclass(frozen=True)
class Checked:
    verification: Verification | None  # None: no such verification for this key
    error: str = ""  # a code of the wrong shape (costs no try)
    newly_approved: bool = False


def _of_key(api_key_id: int, verification_id):
    try:
        return CodeChallenge.objects.filter(pk=verification_id, purpose=PURPOSE, user__isnull=True,
                                            payload__api_key=api_key_id)
    except (ValueError, TypeError, ValidationError):
        return CodeChallenge.objects.none()


def _state(challenge: CodeChallenge, reused: bool = False) -> Verification:
    code = latest_code(challenge)
    now = timezone.now()
    if challenge.end_reason == CodeChallenge.End.PASSED:
        status = APPROVED
    elif challenge.end_reason == CodeChallenge.End.TOO_MANY_WRONG or (code is not None and code.blocked):
        status = TOO_MANY
    elif challenge.ended_at or code is None or code.used_at or code.expires_at <= now:
        status = EXPIRED
    else:
        status = PENDING
    return Verification(
        id=str(challenge.pk), status=status, purpose=(challenge.payload or {}).get(limits.API_PURPOSE, ""),
        code_number=code.ordinal if code else None, expires_at=code.expires_at if code else None,
        approved_at=challenge.ended_at if status == APPROVED else None, reused=reused,
    )


def start(*, phone: str, purpose: str, api_key_id: int, sandbox: bool = False,
          language: str | None = None) -> Verification | Refused:
    """Send a code to `phone` (E.164) for the key, or reuse the key's open verification of
    the same number and purpose whose code still works (no second SMS). `language`: the code
    SMS's (None: Polish)."""
    payload = {limits.API_KEY: api_key_id, limits.API_PURPOSE: purpose, limits.SANDBOX: bool(sandbox)}
    if language:
        payload[SMS_LANGUAGE] = language
    reusable = open_challenge(None, PURPOSE, phone)
    if reusable is not None and reusable.payload == payload:
        return _state(reusable, reused=True)
    # One open verification per key, number and purpose: only the newest code counts.
    CodeChallenge.objects.filter(purpose=PURPOSE, user__isnull=True, phone=phone, ended_at__isnull=True,
                                 payload__api_key=api_key_id, payload__api_purpose=purpose).update(
        ended_at=timezone.now(), end_reason=CodeChallenge.End.ABANDONED)
    challenge = CodeChallenge.objects.create(user=None, purpose=PURPOSE, phone=phone, payload=payload)
    # No request: the shop's server is one address for all its customers, so the key's own
    # caps stand in for the per-address one (limits.py), and the audit log names no address.
    outcome = issue_code(challenge, None)
    if not outcome.sent:
        CodeChallenge.objects.filter(pk=challenge.pk).update(ended_at=timezone.now(),
                                                             end_reason=CodeChallenge.End.ABANDONED)
        return Refused(outcome.refusal, outcome.retry_at)
    challenge.refresh_from_db()
    return _state(challenge)


def resend(*, api_key_id: int, verification_id) -> Verification | Refused | None:
    """A new code for the key's open verification, under the cooldown and the limits; None: not found."""
    challenge = _of_key(api_key_id, verification_id).first()
    if challenge is None:
        return None
    if challenge.ended_at:
        return Refused("", ended=True)
    outcome = issue_code(challenge, None)
    if not outcome.sent:
        return Refused(outcome.refusal, outcome.retry_at)
    challenge.refresh_from_db()
    return _state(challenge)


def status(*, api_key_id: int, verification_id) -> Verification | None:
    challenge = _of_key(api_key_id, verification_id).first()
    return _state(challenge) if challenge is not None else None


def check(*, api_key_id: int, verification_id, code: str) -> Checked:
    """Check what the customer typed against the newest code. An approved verification stays
    approved (checking again changes nothing); an ended or expired one takes no more tries."""
    query = _of_key(api_key_id, verification_id)
    challenge = query.first()
    if challenge is None:
        return Checked(None)
    if challenge.ended_at:
        return Checked(_state(challenge))
    outcome = check_code(query, code, None)
    if not outcome.found:
        return Checked(None)
    if not outcome.ok and outcome.challenge is None and outcome.reason == "":
        return Checked(_state(challenge), error=outcome.error)  # not a code's shape: no try counted
    challenge.refresh_from_db()
    return Checked(_state(challenge), newly_approved=outcome.ok)
