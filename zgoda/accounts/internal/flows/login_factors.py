"""What a login's second-factor step needs to know about the account, read in one statement:
its SMS 2FA number, its other factors (an authenticator app, recovery codes), whether a
staff-assisted recovery's wait is over (then recovery.finish_if_due removes the factors first)
and whether a login challenge is open (else challenge.start has none to read and end)."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, Exists, IntegerField, OuterRef
from django.utils import timezone

from zgoda.lib.prepared import Param, Prepared

from ...models import AssistedRecovery, CodeChallenge, SmsTwoFactor
from .factors import APP, RECOVERY


@dataclass(frozen=True)
class LoginFactors:
    twofa: SmsTwoFactor | None
    types: frozenset[str]  # factors.APP, factors.RECOVERY
    recovery_due: bool
    challenge_open: bool = True


def _authenticators(kind):
    return Exists(Authenticator.objects.filter(user_id=OuterRef("pk"), type=kind))


_READ = Prepared(lambda: get_user_model().objects.filter(pk=Param("user_id", IntegerField())).select_related("sms_2fa").annotate(
    _recovery_due=Exists(AssistedRecovery.objects.filter(
        user_id=OuterRef("pk"), state=AssistedRecovery.State.WAITING, ready_at__lte=Param("now", DateTimeField()))),
    _has_app=_authenticators(APP),
    _has_recovery_codes=_authenticators(RECOVERY),
    _challenge_open=Exists(CodeChallenge.objects.filter(
        user_id=OuterRef("pk"), purpose=CodeChallenge.Purpose.LOGIN, ended_at__isnull=True)),
)[:1])


def of(user) -> LoginFactors:
    row = _READ.first(user_id=user.pk, now=timezone.now())
    if row is None:
        return LoginFactors(None, frozenset(), False)
    twofa = getattr(row, "sms_2fa", None)  # None without SMS 2FA
    types = frozenset(kind for kind, has in ((APP, row._has_app), (RECOVERY, row._has_recovery_codes)) if has)
    return LoginFactors(twofa, types, bool(row._recovery_due), bool(row._challenge_open))
