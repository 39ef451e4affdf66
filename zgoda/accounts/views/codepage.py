"""What every 'type the code from the SMS' page shows, whatever the code is for."""

from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib.phone import masked, spaced
from zgoda.sms.api import MessageStatus

from .. import app_settings
from ..codeformat import group
from ..internal.flows.challenge import resend_state
from ..internal.flows.codes import at_local, latest_code_for_page
from ..models import CodeChallenge


def send_status(code, resend=None) -> str:
    """`code` as latest_code() returns it, with its SMS's `message_status`; `resend` as
    resend_state gives it: a failed SMS asks for a new code only when one may still come
    (otherwise the resend hint says why not, once)."""
    status = code.message_status if code is not None else None
    if status == MessageStatus.FAILED:
        if resend is not None and (resend.refused or resend.limit_reached):
            return _("Nie udało się wysłać SMS-a z kodem nr %(n)d.") % {"n": code.ordinal}
        return _("Nie udało się wysłać SMS-a z kodem nr %(n)d. Wyślij kod ponownie.") % {"n": code.ordinal}
    if status == MessageStatus.QUEUED:
        return _("SMS z kodem nr %(n)d jest w drodze.") % {"n": code.ordinal}
    return ""


UNREAD = object()
TYPED_NUMBER = {CodeChallenge.Purpose.ENROLL, CodeChallenge.Purpose.CHANGE}


def code_page_context(challenge, code=UNREAD, request=None) -> dict:
    """`code`: the challenge's newest code as latest_code() returns it, when the caller has just read it."""
    if code is UNREAD:
        code = latest_code_for_page(challenge, request)  # with what resend_state asks: read once
    resend = resend_state(challenge, request)
    return {
        "challenge": challenge,
        "masked_phone": masked(challenge.phone),
        # Enrollment and a change of number: the number was typed a moment ago by the
        # logged-in person, so show it whole (a typo can be spotted before the code comes).
        "typed_phone": spaced(challenge.phone) if challenge.purpose in TYPED_NUMBER else "",
        # The newest code can no longer pass (or none was sent): the code box waits for a new one.
        "code_dead": code is None or code.blocked or code.used_at is not None or code.expires_at <= timezone.now(),
        "expected_ordinal": code.ordinal if code else None,
        "code_sent": code is not None,
        "send_failed": code is not None and code.message_status == MessageStatus.FAILED,
        "send_status": send_status(code, resend),
        "code_length": app_settings.code_length(),
        "code_placeholder": group("•" * app_settings.code_length()),
        "resend_wait_seconds": resend.wait,
        "resend_at": at_local(resend.at) if resend.wait else "",
        "resend_wait_long": resend.long_wait,
        "resend_refused": resend.refused,
        "resend_why": resend.why,
        "resend_limit_reached": resend.limit_reached,
    }


def dead_code_error(outcome, request=None) -> str:
    """A check's error for a code that died (blocked by wrong tries, or expired): which code, and
    no offer of a resend that is still locked (the resend button below says when one may go)."""
    challenge, code = outcome.challenge, outcome.code
    if outcome.reason not in ("blocked", "expired") or challenge is None or code is None:
        return outcome.error
    resend = resend_state(challenge, request)
    if not (resend.wait or resend.refused or resend.limit_reached):
        return outcome.error  # "... Wyślij nowy kod.": the button below does it now
    if outcome.reason == "blocked":
        what = _("Za dużo błędnych prób dla kodu nr %(n)d.") % {"n": code.ordinal}
    else:
        what = _("Kod nr %(n)d wygasł.") % {"n": code.ordinal}
    if resend.limit_reached:
        last = _("To był ostatni kod w tej próbie: zacznij od nowa.")
        return f"{what} {last}"
    return what  # why no new code can come yet, and when: the resend button (and its hint) below say it, once


def fallback_context(user, types, sms_phone: str = "") -> dict:
    """What the login step offers besides the SMS code: `types` as factors.types_of(user) gives
    them. `sms_phone`: the number this login's code SMS went to (saves reading the 2FA number)."""
    from ..internal.flows import factors
    from ..internal.flows.twofa import twofa_of

    if not sms_phone:
        config = twofa_of(user)
        sms_phone = config.phone if config is not None else ""
    return {
        "has_app": factors.APP in types,
        "has_recovery_codes": factors.RECOVERY in types,
        "has_sms": bool(sms_phone),
        "masked_phone": masked(sms_phone) if sms_phone else "",
        "app_digits": factors.digits_of(factors.APP),
        "recovery_digits": factors.digits_of(factors.RECOVERY),
    }


def sent_message(code) -> str:
    return _("Wysłaliśmy nowy kod nr %(n)d.") % {"n": code.ordinal}
