"""The portal's code step: the login's code rules and limits, the same answers whether
Zgoda knows the number or not, and no SMS to a number it does not know.

A known number gets a real code challenge from accounts (with no account behind it: a
number proves a number, never an account). An unknown number gets a phantom kept in the
session and the cache that obeys the same cooldowns, per-try, per-number and wrong-code
limits, so the answers match.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zgoda.accounts import api as code_settings
from zgoda.accounts.api import at_local
from zgoda.lib import crypto
from zgoda.lib.phone import masked
from zgoda.lib.ratelimit import growing_cooldown, window_frees_at

from ... import app_settings
from ...models import DataSubjectRequest
from . import requests, subject as subjects

PENDING = "zgoda_privacy_pending"
ACCESS = "zgoda_privacy_access"


@dataclass
class Outcome:
    ok: bool = True
    error: str = ""
    ended: bool = False


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _moment(text) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# --- asking for a code ------------------------------------------------------------------

def start(request, phone: str) -> Outcome:
    """Send a code to `phone` if Zgoda knows it; remember the try in the session either way."""
    request.session.pop(ACCESS, None)
    if subjects.is_known(phone):
        challenge_id, refusal = code_settings.start_number_proof(request, phone)
        request.session[PENDING] = {"masked": masked(phone), "challenge": challenge_id}
        return Outcome(False, refusal) if refusal else Outcome()
    request.session[PENDING] = {
        "masked": masked(phone), "key": crypto.keyed_hash("privacy-phantom", phone), "codes_sent": 0,
        "wrong": 0, "wrong_total": 0, "created_at": _iso(timezone.now()),
    }
    return _phantom_send(request)


def resend(request) -> Outcome:
    pending = request.session.get(PENDING)
    if not pending:
        return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
    if "challenge" in pending:
        refusal = code_settings.resend_number_code(request, pending["challenge"])
        if refusal is None:
            return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
        return Outcome(False, refusal) if refusal else Outcome()
    return _phantom_send(request)


def _phantom_send(request) -> Outcome:
    """What issue_code would answer, for a number nobody gets an SMS on."""
    pending, now = request.session[PENDING], timezone.now()
    per_login = code_settings.max_codes_per_login()
    refusal = ""
    next_at = _moment(pending.get("next_send_at"))
    if pending.get("ended"):
        refusal = _("To logowanie zostało zakończone. Zaloguj się ponownie.")
    elif pending["codes_sent"] >= per_login:
        refusal = ngettext(
            "Wysłaliśmy już %(n)d kod w tej próbie. Zacznij od nowa, aby dostać kolejny.",
            "Wysłaliśmy już %(n)d kody w tej próbie. Zacznij od nowa, aby dostać kolejny.",
            per_login,
        ) % {"n": per_login}
    elif next_at and next_at > now:
        wait = int((next_at - now).total_seconds()) + 1
        refusal = _("Nowy kod możesz wysłać za %(s)d s (o %(at)s).") % {"s": wait, "at": at_local(next_at)}
    else:
        key = "zgoda-privacy-phantom:" + pending["key"]
        times = [datetime.fromtimestamp(t, tz=now.tzinfo) for t in cache.get(key, [])]
        for count, seconds in code_settings.phone_limits():
            window = timedelta(seconds=seconds)
            frees = window_frees_at([t for t in times if t > now - window], count, window)
            if frees:
                refusal = _("Na ten numer wysłaliśmy już za dużo kodów. Spróbuj ponownie o %(at)s.") % {
                    "at": at_local(frees)}
                break
        if not refusal:
            longest = max((s for _c, s in code_settings.phone_limits()), default=86400)
            kept = [t.timestamp() for t in times if t > now - timedelta(seconds=longest)] + [now.timestamp()]
            cache.set(key, kept, longest)
            pending["codes_sent"] += 1
            pending["wrong"] = 0
            pending["sent_at"] = _iso(now)
            cooldown = growing_cooldown(code_settings.resend_cooldown_seconds(), pending["codes_sent"])
            pending["next_send_at"] = _iso(now + timedelta(seconds=cooldown))
    request.session[PENDING] = pending
    return Outcome(False, refusal) if refusal else Outcome()


# --- the code -----------------------------------------------------------------------------

def _neutral(kind: str) -> str:
    """Answers that name no code number: a number would tell that Zgoda knows the phone."""
    return {
        "wrong": _("Błędny kod. Sprawdź najnowszy SMS od nas."),
        "blocked": _("Za dużo błędnych prób dla tego kodu. Wyślij nowy kod."),
        "ended": _("Za dużo błędnych kodów. Ze względów bezpieczeństwa zacznij od nowa."),
        "expired": _("Kod wygasł. Wyślij nowy kod."),
        "used": _("Ten kod został już użyty. Zacznij od nowa."),
        "none": _("Nie wysłaliśmy jeszcze kodu. Poproś o kod."),
    }[kind]


def check(request, typed: str) -> Outcome:
    pending = request.session.get(PENDING)
    if not pending:
        return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
    length = code_settings.code_length()
    digits = code_settings.normalize_code(typed)
    if not digits.isdigit() or len(digits) != length:
        return Outcome(False, _("Kod składa się z %(n)d cyfr.") % {"n": length})
    if "challenge" not in pending:
        return _phantom_check(request, pending)
    result = code_settings.check_number_code(request, pending["challenge"], digits)
    if result == "gone":
        return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
    if result == "ok":
        request.session.pop(PENDING, None)
        request.session[ACCESS] = {"challenge": pending["challenge"], "at": _iso(timezone.now())}
        phone = code_settings.proven_number(pending["challenge"])
        requests.log(DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Channel.PORTAL, subjects.number(phone))
        return Outcome()
    if result == "ended":
        request.session.pop(PENDING, None)
    return Outcome(False, _neutral(result), ended=result in ("ended", "used"))


def _phantom_check(request, pending) -> Outcome:
    if not pending["codes_sent"]:
        return Outcome(False, _neutral("none"))
    if pending["wrong"] >= code_settings.max_wrong_per_code():
        return Outcome(False, _neutral("blocked"))
    sent_at = _moment(pending.get("sent_at"))
    if sent_at + timedelta(seconds=code_settings.code_ttl_seconds()) <= timezone.now():
        return Outcome(False, _neutral("expired"))
    pending["wrong"] += 1
    pending["wrong_total"] += 1
    request.session[PENDING] = pending
    if pending["wrong_total"] >= code_settings.max_wrong_per_login():
        request.session.pop(PENDING, None)
        return Outcome(False, _neutral("ended"), ended=True)
    if pending["wrong"] >= code_settings.max_wrong_per_code():
        return Outcome(False, _neutral("blocked"))
    return Outcome(False, _neutral("wrong"))


def code_page(request) -> dict | None:
    """What the code page shows: the masked number and the resend countdown, the same for a
    phantom as for a real challenge."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if "challenge" in pending:
        state = code_settings.resend_state(pending["challenge"])
        if state is None:
            return None
        wait, next_at = state["wait"], state["next_at"]
        limit = state["codes_sent"] >= code_settings.max_codes_per_login()
    else:
        next_at = _moment(pending.get("next_send_at"))
        wait = max(0, int((next_at - timezone.now()).total_seconds() + 0.999)) if next_at else 0
        limit = pending["codes_sent"] >= code_settings.max_codes_per_login()
    return {
        "masked_phone": pending["masked"], "resend_wait_seconds": wait,
        "resend_at": at_local(next_at) if wait else "", "resend_limit_reached": limit,
        "code_length": code_settings.code_length(),
    }


# --- after the code ---------------------------------------------------------------------

def verified_phone(request) -> str:
    """The number this session proved with a code, while the access lasts; else ""."""
    access = request.session.get(ACCESS)
    if not access:
        return ""
    at = _moment(access.get("at"))
    if at is None or at < timezone.now() - timedelta(minutes=app_settings.portal_session_minutes()):
        request.session.pop(ACCESS, None)
        return ""
    return code_settings.proven_number(access.get("challenge"))


def end(request) -> None:
    request.session.pop(ACCESS, None)
    request.session.pop(PENDING, None)
