"""Staff-assisted recovery: for someone who lost both the phone and the recovery codes.

1. Staff start it on the account (admin action): a link goes by e-mail to the account's address.
2. The person follows the link and confirms (a POST: mail scanners that open links confirm
   nothing). That proves the address; a 24-hour wait starts and the account is told by e-mail.
3. After the wait every second factor is removed (SMS number, authenticator app, recovery
   codes) and trusted devices are revoked; the account is told. The person logs in with the
   password alone and sets 2FA up again. A task does it on time on a queue that can defer;
   the next login or a visit to the link does it otherwise (whichever comes first).

A login that passes a second factor while it runs cancels it: whoever did that still has a
factor, so the account is not lost. Staff can cancel it too. The link is an HMAC of the
recovery, the account, when it started and the password hash (Django's password-reset
idea): it dies when any of them changes, and after LINK_VALID. Every step is an audit event.
"""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.db import IntegrityError, transaction
from django.db.models import Exists, IntegerField
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from zgoda.lib.prepared import Param, Prepared

from ...models import AssistedRecovery, AuditEvent
from . import audit, devices, twofa

WAIT = timedelta(hours=24)
LINK_VALID = timedelta(days=3)
_SALT = "zgoda.accounts.assisted-recovery"
OPEN = (AssistedRecovery.State.LINK_SENT, AssistedRecovery.State.WAITING)


def _tasks():
    from ... import tasks

    return tasks


def link_token(recovery: AssistedRecovery) -> str:
    value = f"{recovery.pk}:{recovery.user_id}:{recovery.started_at.isoformat()}:{recovery.user.password}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:40]


def link_path(recovery: AssistedRecovery) -> str:
    return reverse("accounts:assisted_recovery", args=[recovery.pk, link_token(recovery)])


def from_link(recovery_id: int, token: str) -> AssistedRecovery | None:
    """The recovery the link names, while the link is valid (any state but cancelled)."""
    recovery = AssistedRecovery.objects.select_related("user").filter(pk=recovery_id).first()
    if recovery is None or recovery.state == AssistedRecovery.State.CANCELLED:
        return None
    if not constant_time_compare(link_token(recovery), token or ""):
        return None
    if recovery.state == AssistedRecovery.State.LINK_SENT and recovery.started_at + LINK_VALID < timezone.now():
        return None
    return recovery


def start(request, user, language="pl") -> AssistedRecovery | None:
    """Staff start a recovery for `user`; None when one is already open or the account has no e-mail."""
    if not user.email or not user.is_active:
        return None
    try:
        with transaction.atomic():
            recovery = AssistedRecovery.objects.create(user=user, started_by=request.user if request else None)
            audit.record(AuditEvent.Event.RECOVERY_STARTED, request, user=user, recovery=recovery.pk,
                         staff_id=request.user.pk if request else None)
            # In the same transaction (database queue): a rolled-back start sends nothing.
            _tasks().send_assisted_recovery_mail.enqueue(recovery.pk, "link", language)
    except IntegrityError:
        return None  # one open recovery per account
    return recovery


def confirm(request, recovery: AssistedRecovery, language="pl") -> AssistedRecovery:
    """The person followed the link and confirmed: the wait starts."""
    now = timezone.now()
    with transaction.atomic():
        recovery = AssistedRecovery.objects.select_for_update().get(pk=recovery.pk)
        if recovery.state != AssistedRecovery.State.LINK_SENT:
            return recovery
        recovery.state, recovery.confirmed_at, recovery.ready_at = AssistedRecovery.State.WAITING, now, now + WAIT
        recovery.save(update_fields=["state", "confirmed_at", "ready_at"])
        audit.record(AuditEvent.Event.RECOVERY_CONFIRMED, request, user_id=recovery.user_id, recovery=recovery.pk)
        tasks = _tasks()
        tasks.send_assisted_recovery_mail.enqueue(recovery.pk, "started", language)
        if tasks.finish_assisted_recovery.get_backend().supports_defer:
            tasks.finish_assisted_recovery.using(run_after=recovery.ready_at).enqueue(recovery.pk, language)
    return recovery


_OPEN_OF_USER = Prepared(lambda: AssistedRecovery.objects.filter(user_id=Param("user_id", IntegerField()), state__in=OPEN))


def finish_if_due(recovery_id=None, user=None, language="pl") -> bool:
    """Remove every second factor of an account whose recovery waited its 24 hours. Idempotent."""
    query = AssistedRecovery.objects.filter(state=AssistedRecovery.State.WAITING, ready_at__lte=timezone.now())
    query = query.filter(pk=recovery_id) if recovery_id is not None else query.filter(user=user)
    if not query.exists():  # the common case, one read: nothing due
        return False
    with transaction.atomic():
        recovery = query.select_for_update().select_related("user").first()
        if recovery is None:
            return False
        user = recovery.user
        devices.revoke(user, reason="assisted_recovery")
        twofa.disable(None, user)
        removed = Authenticator.objects.filter(user_id=user.pk).delete()[0]
        recovery.state, recovery.ended_at = AssistedRecovery.State.FINISHED, timezone.now()
        recovery.save(update_fields=["state", "ended_at"])
        audit.record(AuditEvent.Event.RECOVERY_FINISHED, None, user=user, recovery=recovery.pk,
                     authenticators_removed=removed)
        _tasks().send_assisted_recovery_mail.enqueue(recovery.pk, "finished", language)
    return True


def cancel(recovery: AssistedRecovery, request=None, reason="staff") -> bool:
    with transaction.atomic():
        updated = AssistedRecovery.objects.filter(pk=recovery.pk, state__in=OPEN).update(
            state=AssistedRecovery.State.CANCELLED, ended_at=timezone.now())
        if updated:
            audit.record(AuditEvent.Event.RECOVERY_CANCELLED, request, user_id=recovery.user_id,
                         recovery=recovery.pk, reason=reason)
    return bool(updated)


def any_open(user_id) -> Exists:
    """Whether the account has an open recovery, for a statement that reads it with something
    else (`user_id`: an OuterRef; the login's code check: CheckOutcome.open_recovery)."""
    return Exists(AssistedRecovery.objects.filter(user_id=user_id, state__in=OPEN))


def cancel_open(user, request=None, reason="second_factor_login", known_open: bool | None = None) -> int:
    """A second factor just passed at login: the account is not lost, its open recovery stops.
    `known_open`: whether it has one, as the caller read it under the login's lock (any_open)."""
    if known_open is False:
        return 0
    open_ones = _OPEN_OF_USER.list(user_id=user.pk)
    return sum(cancel(r, request, reason) for r in open_ones)
