"""Turning SMS 2FA on, changing its number and turning it off."""

from django.db import transaction
from django.db.models import IntegerField
from django.utils import timezone

from zgoda.lib.prepared import Param, Prepared

from ...models import AuditEvent, CodeChallenge, SmsTwoFactor
from ...signals import phone_confirmed, twofa_disabled
from . import audit, devices, notices
from .code_check import CheckOutcome, check_code


_OF_USER = Prepared(lambda: SmsTwoFactor.objects.filter(user_id=Param("user_id", IntegerField())).order_by("pk")[:1])


def twofa_of(user) -> SmsTwoFactor | None:
    return _OF_USER.first(user_id=user.pk) if user.pk is not None else None


def confirm_number(request, challenge: CodeChallenge, typed: str) -> CheckOutcome:
    """Check the code for an enrollment or a change; when it passes, the number takes effect."""
    outcome = check_code(challenge, typed, request)
    if not outcome.ok:
        return outcome
    user, now = challenge.user, timezone.now()
    with transaction.atomic():
        current = twofa_of(user)
        if current is None:
            SmsTwoFactor.objects.create(user=user, phone=challenge.phone, enabled_at=now, phone_confirmed_at=now)
            audit.record(AuditEvent.Event.TWOFA_ENABLED, request, user=user)
        else:
            old = current.phone
            current.phone, current.phone_confirmed_at = challenge.phone, now
            current.save(update_fields=["phone", "phone_confirmed_at"])
            notices.record_and_send(  # by e-mail: never to the old number
                request, user.pk, "phone_changed", AuditEvent.Event.PHONE_CHANGED, changed=old != challenge.phone)
            devices.revoke(user, request=request, reason="phone_changed")
        phone_confirmed.send(SmsTwoFactor, user=user, phone=challenge.phone, challenge=challenge, request=request)
    return outcome


def disable(request, user, payload: dict | None = None) -> None:
    """`payload`: what the disable form asked for (its `payload()`), sent with the signal."""
    with transaction.atomic():
        current = twofa_of(user)
        if current is None:
            return
        current.delete()
        devices.revoke(user, request=request, reason="twofa_disabled")
        notices.record_and_send(request, user.pk, "twofa_disabled", AuditEvent.Event.TWOFA_DISABLED)
        twofa_disabled.send(SmsTwoFactor, user=user, phone=current.phone, request=request, payload=payload or {})
