"""The portal's code step: the login's code rules and limits, the same answers whether
Zgoda knows the number or not, and no SMS to a number it does not know.

A known number gets a real `CodeChallenge` (purpose privacy; its account as the user
when exactly one account holds the number, else none: codes are then counted per
number). An unknown number gets a phantom kept in the session and the cache that obeys
the same cooldowns, per-try, per-number and wrong-code limits, so the answers match.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zgoda.accounts import app_settings as code_settings
from zgoda.accounts.codeformat import normalize
from zgoda.accounts.internal.flows import challenge as challenges
from zgoda.accounts.internal.flows.codes import at_local, check_code, issue_code, latest_code
from zgoda.accounts.models import CodeChallenge
from zgoda.lib import crypto
from zgoda.lib.phone import masked
from zgoda.lib.ratelimit import growing_cooldown, window_frees_at

from ... import app_settings
from ...models import DataSubjectRequest
from . import requests, subject as subjects

PENDING = "zgoda_privacy_pending"
ACCESS = "zgoda_privacy_access"
PURPOSE = CodeChallenge.Purpose.PRIVACY


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
        holders = subjects.holders(phone)
        user = holders[0] if len(holders) == 1 else None
        challenge = challenges.open_challenge(user, PURPOSE, phone)
        outcome = None
        if challenge is None:
            CodeChallenge.objects.filter(purpose=PURPOSE, phone=phone, ended_at__isnull=True).update(
                ended_at=timezone.now(), end_reason=CodeChallenge.End.ABANDONED
            )
            challenge = CodeChallenge.objects.create(user=user, purpose=PURPOSE, phone=phone)
            outcome = issue_code(challenge, request)
        request.session[PENDING] = {"masked": masked(phone), "challenge": str(challenge.pk)}
        return Outcome(False, outcome.refusal) if outcome is not None and not outcome.sent else Outcome()
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
        challenge = _challenge(pending)
        if challenge is None:
            return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
        outcome = issue_code(challenge, request)
        return Outcome() if outcome.sent else Outcome(False, outcome.refusal)
    return _phantom_send(request)


def _challenge(pending) -> CodeChallenge | None:
    return CodeChallenge.objects.filter(pk=pending.get("challenge"), purpose=PURPOSE).first()


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
    digits = normalize(typed)
    if not digits.isdigit() or len(digits) != length:
        return Outcome(False, _("Kod składa się z %(n)d cyfr.") % {"n": length})
    if "challenge" not in pending:
        return _phantom_check(request, pending)
    challenge = _challenge(pending)
    if challenge is None:
        return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
    was_used = bool(challenge.ended_at and challenge.end_reason == CodeChallenge.End.PASSED)
    outcome = check_code(challenge, digits, request)
    if outcome.ok:
        request.session.pop(PENDING, None)
        request.session[ACCESS] = {"challenge": str(challenge.pk), "at": _iso(timezone.now())}
        requests.log_done(DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Channel.PORTAL,
                          subjects.of_phone(challenge.phone))
        return Outcome()
    if was_used:
        return Outcome(False, _neutral("used"), ended=True)
    if outcome.challenge_ended:
        request.session.pop(PENDING, None)
        return Outcome(False, _neutral("ended"), ended=True)
    code = latest_code(challenge)
    if code is None:
        return Outcome(False, _neutral("none"))
    if code.blocked:
        return Outcome(False, _neutral("blocked"))
    if code.expires_at <= timezone.now():
        return Outcome(False, _neutral("expired"))
    return Outcome(False, _neutral("wrong"))


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
        challenge = _challenge(pending)
        if challenge is None:
            return None
        wait = challenges.cooldown_seconds_left(challenge)
        limit = challenge.codes_sent >= code_settings.max_codes_per_login()
        next_at = challenge.next_send_at
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
    challenge = CodeChallenge.objects.filter(
        pk=access.get("challenge"), purpose=PURPOSE, end_reason=CodeChallenge.End.PASSED
    ).first()
    return challenge.phone if challenge else ""


def end(request) -> None:
    request.session.pop(ACCESS, None)
    request.session.pop(PENDING, None)
