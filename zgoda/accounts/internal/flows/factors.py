"""The fallbacks of the SMS step: a code from an authenticator app or a recovery code
(allauth.mfa), checked with allauth's own authenticator wrappers, recorded as used,
audited and limited.

Limits: the accounts limits policy first (internal/secret_tries.py: a streak of wrong codes of
any kind, SMS, app or recovery, locks the code step until a password reset), then allauth's
`login_failed` rate limit on the key allauth's own mfa forms use (`mfa-auth-user-<id>`:
ACCOUNT_RATE_LIMITS "5/5m/key", "10/m/ip"), so the login step and allauth's
reauthentication share one short-term budget of guesses per account; a success clears it.
A recovery code is consumed under a row lock (allauth's `RecoveryCodes.validate_code`),
so it logs in once and only once; an app code is kept as used in the cache for its window.
"""

from dataclasses import dataclass

from allauth.core import ratelimit
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from django.db.models import IntegerField

from zgoda.lib.prepared import Param, Prepared

from ...codeformat import normalize
from ...models import AuditEvent
from .. import secret_tries
from . import audit, notices

APP = Authenticator.Type.TOTP
RECOVERY = Authenticator.Type.RECOVERY_CODES
LIMIT_ACTION = "login_failed"


@dataclass(frozen=True)
class FactorOutcome:
    ok: bool = False
    tried: bool = False  # the entry had the shape of a code of a type the account has
    limited: bool = False  # refused by a limit, not checked
    locked: bool = False  # the code step is locked (limits policy) or was locked by this try
    refusal: str = ""  # why, when limited or locked
    method: str = ""  # APP or RECOVERY when ok
    codes_left: int | None = None  # recovery codes still unused, after a recovery code


def types_of(user) -> set[str]:
    if user is None or user.pk is None:
        return set()
    return {row["type"] for row in _TYPES.list(user_id=user.pk)}


_TYPES = Prepared(lambda: Authenticator.objects.filter(
    user_id=Param("user_id", IntegerField()), type__in=[APP, RECOVERY]).values("type"))


def digits_of(typed_type: str) -> int:
    return mfa_settings.TOTP_DIGITS if typed_type == APP else mfa_settings.RECOVERY_CODE_DIGITS


def shape_fits(typed: str, types) -> bool:
    digits = normalize(typed)
    return digits.isdigit() and any(len(digits) == digits_of(t) for t in types)


def _limit_key(user) -> str:
    return f"mfa-auth-user-{user.pk}"  # the key of allauth.mfa.base.internal.flows.check_rate_limit


def check(request, user, typed: str, types=(APP, RECOVERY), purpose: str = "login",
          count_failure: bool = True) -> FactorOutcome:
    """Check `typed` against the account's authenticators of `types` whose code has its shape.
    `count_failure=False`: the same entry was already counted as a wrong SMS code."""
    digits = normalize(typed)
    candidates = [
        a for a in Authenticator.objects.filter(user_id=user.pk, type__in=list(types)).order_by("type")
        if digits.isdigit() and len(digits) == digits_of(a.type)
    ]
    if not candidates:
        return FactorOutcome()
    locked = secret_tries.check_secret_try(user.pk)
    if locked:
        audit.record(AuditEvent.Event.FACTOR_CODE_LIMITED, request, user_id=user.pk, purpose=purpose, reason="locked")
        return FactorOutcome(tried=True, limited=True, locked=True, refusal=locked)
    if not ratelimit.consume(request, action=LIMIT_ACTION, key=_limit_key(user)):
        audit.record(AuditEvent.Event.FACTOR_CODE_LIMITED, request, user_id=user.pk, purpose=purpose)
        return FactorOutcome(tried=True, limited=True)
    for authenticator in candidates:
        wrapper = authenticator.wrap()
        if wrapper.validate_code(digits):
            ratelimit.clear(request, action=LIMIT_ACTION, key=_limit_key(user))
            secret_tries.record_success(user.pk)
            post_authentication(request, wrapper.instance)  # last used, allauth's authenticator_used signal
            if authenticator.type == RECOVERY:
                left = len(wrapper.get_unused_codes())
                notices.record_and_send(request, user.pk, "recovery_code_used", AuditEvent.Event.RECOVERY_CODE_USED,
                                        purpose=purpose, codes_left=left)
                return FactorOutcome(ok=True, tried=True, method=RECOVERY, codes_left=left)
            audit.record(AuditEvent.Event.APP_CODE_ACCEPTED, request, user_id=user.pk, purpose=purpose)
            return FactorOutcome(ok=True, tried=True, method=APP)
    audit.record(AuditEvent.Event.FACTOR_CODE_WRONG, request, user_id=user.pk, purpose=purpose,
                 types=sorted(a.type for a in candidates))
    if count_failure and secret_tries.record_failure(user.pk, request):
        return FactorOutcome(tried=True, locked=True, refusal=secret_tries.check_secret_try(user.pk))
    return FactorOutcome(tried=True)
