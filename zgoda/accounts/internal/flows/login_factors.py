"""What a login's second-factor step needs to know about the account, read in one statement:
its SMS 2FA number, its other factors (an authenticator app, recovery codes), whether a
staff-assisted recovery's wait is over (then recovery.finish_if_due removes the factors first)
and whether a login challenge is open (else challenge.start has none to read and end).

The password step's look-up of the typed address reads them too, for each account holding it
(accounts.backends, with_factors): the account that logs in then carries them and `of` asks
nothing more."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, Exists, IntegerField, OuterRef, QuerySet
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


def _annotations(account: OuterRef) -> dict:
    """The login factors of the account `account` (an OuterRef to its id) as annotations;
    Param "now": the time of the read."""
    def authenticators(kind):
        return Exists(Authenticator.objects.filter(user_id=account, type=kind))
    return {
        "_recovery_due": Exists(AssistedRecovery.objects.filter(
            user_id=account, state=AssistedRecovery.State.WAITING, ready_at__lte=Param("now", DateTimeField()))),
        "_has_app": authenticators(APP),
        "_has_recovery_codes": authenticators(RECOVERY),
        "_challenge_open": Exists(CodeChallenge.objects.filter(
            user_id=account, purpose=CodeChallenge.Purpose.LOGIN, ended_at__isnull=True)),
    }


_READ = Prepared(lambda: get_user_model().objects.filter(pk=Param("user_id", IntegerField())).select_related(
    "sms_2fa").annotate(**_annotations(OuterRef("pk")))[:1])


def with_factors(addresses: QuerySet) -> QuerySet:
    """E-mail addresses read with their accounts (select_related "user") and each account's
    login factors (remember then keeps them on the account); Param "now" to be given."""
    return addresses.select_related("user__sms_2fa").annotate(**_annotations(OuterRef("user_id")))


def remember(address) -> None:
    """Keep the factors read with this address (with_factors) on its account, for `of`."""
    address.user._login_factors = _factors(address, getattr(address.user, "sms_2fa", None))


def of(user) -> LoginFactors:
    """The account's factors: as read with its e-mail address in this request (once), else read now."""
    known = user.__dict__.pop("_login_factors", None)
    if known is not None:
        return known
    row = _READ.first(user_id=user.pk, now=timezone.now())
    if row is None:
        return LoginFactors(None, frozenset(), False)
    return _factors(row, getattr(row, "sms_2fa", None))  # None without SMS 2FA


def _factors(row, twofa) -> LoginFactors:
    types = frozenset(kind for kind, has in ((APP, row._has_app), (RECOVERY, row._has_recovery_codes)) if has)
    return LoginFactors(twofa, types, bool(row._recovery_due), bool(row._challenge_open))
