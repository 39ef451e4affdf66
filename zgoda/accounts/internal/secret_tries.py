"""Checking a secret (an SMS code, an app code, a recovery code) under the one limits policy:
a streak of wrong codes across days locks the account's code step after
`ZGODA_OTP_MAX_CONSECUTIVE_FAILURES` until a password reset. Call check_secret_try before
comparing, then record_failure or record_success. Sending a code: limits.py; passwords:
password_limits.py."""

from allauth.account.signals import password_reset
from django.db.models import F, IntegerField, Subquery
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib.prepared import Param, Prepared

from .. import app_settings
from ..models import AuditEvent, CodeFailureStreak
from .flows import audit

_STREAK = Prepared(lambda: CodeFailureStreak.objects.filter(
    user_id=Param("user_id", IntegerField())).order_by("pk").values("count", "locked_at")[:1])


def failure_streak(user_id) -> tuple[int, bool]:
    """(wrong codes in a row, locked) of the account: one read."""
    if not user_id:
        return 0, False
    row = _STREAK.first(user_id=user_id)
    return (row["count"], row["locked_at"] is not None) if row else (0, False)


def streak_annotations(user_id) -> dict:
    """failure_streak as annotations of another statement (`user_id`: an OuterRef); streak_read reads them."""
    of_user = CodeFailureStreak.objects.filter(user_id=user_id).order_by("pk")
    return {"_streak_count": Subquery(of_user.values("count")[:1]), "_streak_locked_at": Subquery(of_user.values("locked_at")[:1])}


def streak_read(row, user_id) -> tuple[int, bool]:
    """failure_streak of `user_id` as streak_annotations read it with `row`; read now when they did not."""
    if row is None or not hasattr(row, "_streak_count"):
        return failure_streak(user_id)
    return row._streak_count or 0, row._streak_locked_at is not None


def check_secret_try(user_id) -> str:
    """Why the account may not try a code now ("" when it may): its code step is locked
    after too many wrong codes in a row, until a password reset. For SMS codes, app codes
    and recovery codes alike; call it before comparing, and record the outcome."""
    _count, locked = failure_streak(user_id)
    return secret_try_refusal() if locked else ""


def secret_try_refusal() -> str:
    return _("Po zbyt wielu błędnych kodach z rzędu logowanie kodem zostało zablokowane. Aby je "
             "odblokować, ustaw nowe hasło (link „Nie pamiętasz hasła?” na stronie logowania).")


def record_failure(user_id, request=None, count_before: int | None = None) -> bool:
    """One more wrong code in the account's streak; True when this one locked the code step.
    `count_before`: the streak as failure_streak() read it, to save a read."""
    if not user_id:
        return False
    if count_before is None:
        count_before = failure_streak(user_id)[0]
    if not CodeFailureStreak.objects.filter(user_id=user_id).update(count=F("count") + 1):
        _streak, created = CodeFailureStreak.objects.get_or_create(user_id=user_id, defaults={"count": 1})
        if not created:  # a concurrent first failure made the row a moment ago
            CodeFailureStreak.objects.filter(user_id=user_id).update(count=F("count") + 1)
    limit = app_settings.max_consecutive_failures()
    if count_before + 1 >= limit:
        locked = CodeFailureStreak.objects.filter(user_id=user_id, locked_at=None).update(locked_at=timezone.now())
        if locked:
            audit.record(AuditEvent.Event.CODE_STEP_LOCKED, request, user_id=user_id, wrong_in_a_row=count_before + 1)
            return True
    return False


def record_success(user_id, count_before: int | None = None) -> None:
    """A right code ends the streak (no write when there was none)."""
    if not user_id or count_before == 0:
        return
    CodeFailureStreak.objects.filter(user_id=user_id, locked_at=None).update(count=0)


def unlock(user, request=None) -> None:
    """A password reset ends the streak and unlocks the code step."""
    if CodeFailureStreak.objects.filter(user=user).exclude(locked_at=None).exists():
        audit.record(AuditEvent.Event.CODE_STEP_UNLOCKED, request, user=user)
    CodeFailureStreak.objects.filter(user=user).delete()


@receiver(password_reset)
def _unlock_on_password_reset(sender, request=None, user=None, **kwargs):
    if user is not None:
        unlock(user, request)
