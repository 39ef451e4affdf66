"""The portal's code step: the login's code rules and one limits policy (accounts), the
same answers whether Zgoda knows the number or not, and no SMS to a number it does not know.

Every number gets a code challenge from accounts with no account behind it (a number
proves a number, never an account). For a number Zgoda does not know the challenge is a
stand-in (`deliver=False`): the same checks in the same order, the same statements and the
same task enqueued, but its SMS is never sent and its code matches nothing. So per-IP,
per-day, per-number and spend-cap limits answer alike, and so does the time taken.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.accounts import api as code_settings
from zgoda.accounts.api import at_local
from zgoda.lib.phone import masked

from ... import app_settings
from ...models import DataSubjectRequest
from . import requests, subject as subjects

PENDING = "zgoda_privacy_pending"
ACCESS = "zgoda_privacy_access"
FORGOTTEN = "zgoda_privacy_forgotten"  # this browser had its number forgotten: the page that says so


@dataclass
class Outcome:
    ok: bool = True
    error: str = ""  # "" while not ok: no code went, and the code page says why itself
    ended: bool = False


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _moment(text) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


# --- asking for a code ------------------------------------------------------------------

def start(request, phone: str) -> Outcome:
    """Send a code to `phone` if Zgoda knows it, a stand-in that sends nothing if not."""
    request.session.pop(ACCESS, None)
    known = subjects.is_known(phone)
    started = code_settings.start_number_proof(request, phone, deliver=known)
    # A still-valid try is handed over with no new SMS (a stand-in alike): its page says so.
    request.session[PENDING] = {"masked": masked(phone), "challenge": started.challenge_id, "sent_before": started.reused}
    if not started.refusal:
        return Outcome()
    return Outcome(False, "" if started.said_by_page else started.refusal)  # "": the code page says why, once


def resend(request) -> Outcome:
    pending = request.session.get(PENDING)
    if not pending or "challenge" not in pending:
        return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
    ended, refusal, said_by_page = code_settings.resend_number_code(request, pending["challenge"])
    if ended:
        return _over(request, ended)
    if refusal:  # "" when the code page says why itself (and until when), once
        return Outcome(False, "" if said_by_page else refusal)
    request.session[PENDING] = pending | {"sent_before": False}  # a new code went (or was withheld alike)
    return Outcome()


# --- the code -----------------------------------------------------------------------------

def _neutral(kind: str) -> str:
    """Answers that name no code number: a number would tell that Zgoda knows the phone. The
    portal's own words: there is no login here, so never the login's ("log in again")."""
    return {
        "wrong": _("Błędny kod. Sprawdź najnowszy SMS od nas."),
        # A dead code: the resend button below offers a new one, or says when it may go.
        "blocked": _("Za dużo błędnych prób dla tego kodu."),
        "ended": _("Za dużo błędnych kodów. Ze względów bezpieczeństwa zacznij od nowa."),
        "expired": _("Kod wygasł."),
        "used": _("Ten kod został już użyty. Zacznij od nowa."),
        "none": _("Nie wysłaliśmy jeszcze kodu. Poproś o kod."),
        # The try ended elsewhere: a new request for the number (another browser) replaced it,
        # or it is gone (retention, an erasure). Alike for a known and an unknown number.
        "replaced": _("Ta próba się zakończyła, bo o kod dla tego numeru poproszono w innym miejscu. "
                      "Podaj numer telefonu jeszcze raz."),
        "gone": _("Ta próba się zakończyła. Podaj numer telefonu jeszcze raz."),
    }[kind]


ENDED = ("gone", "replaced", "used", "ended")  # the try is over: back to the start


def _over(request, kind: str) -> Outcome:
    """The try is over (ENDED): this browser starts again from the number, told why."""
    request.session.pop(PENDING, None)
    return Outcome(False, _neutral(kind), ended=True)


def has_try(request) -> bool:
    """This browser asked for a code for a number (the try may have ended since)."""
    pending = request.session.get(PENDING)
    return bool(pending and "challenge" in pending)


def check(request, typed: str) -> Outcome:
    pending = request.session.get(PENDING)
    if not pending or "challenge" not in pending:
        return Outcome(False, _("Najpierw podaj numer telefonu."), ended=True)
    length = code_settings.code_length()
    digits = code_settings.normalize_code(typed)
    if not digits.isdigit() or len(digits) != length:
        return Outcome(False, _("Kod składa się z %(n)d cyfr.") % {"n": length})
    result = code_settings.check_number_code(request, pending["challenge"], digits)
    if result in ENDED:
        return _over(request, result)
    if result == "ok":
        request.session.pop(PENDING, None)
        request.session[ACCESS] = {"challenge": pending["challenge"], "at": _iso(timezone.now())}
        phone = code_settings.proven_number(pending["challenge"])
        requests.log(DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Channel.PORTAL, subjects.number(phone))
        return Outcome()
    return Outcome(False, _neutral(result))


def code_page(request) -> dict | None:
    """What the code page shows: the masked number, whether a code went (and whether it went
    before this browser asked: a reused try, "code_sent_before"), and when (or why not) another
    may; {"ended": why} once the try is over (the session forgets it); None before any number
    was given."""
    pending = request.session.get(PENDING)
    if not pending or "challenge" not in pending:
        return None
    state = code_settings.resend_state(pending["challenge"], request)
    ended = "gone" if state is None else state["ended"]
    if ended:
        return {"ended": _over(request, ended).error}
    wait, next_at = state["wait"], state["next_at"]
    return {
        "masked_phone": pending["masked"], "code_sent": state["code_sent"], "resend_wait_seconds": wait,
        "code_sent_before": state["code_sent"] and pending.get("sent_before", False),
        "resend_at": at_local(next_at) if wait else "", "resend_wait_long": state["long_wait"],
        "resend_refused": state["refused"], "resend_why": state["why"], "resend_limit_reached": state["limit_reached"],
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


def end_forgotten(request) -> None:
    """The number was forgotten: the access ends, and this browser may see the page that says so."""
    end(request)
    request.session[FORGOTTEN] = True


def was_forgotten(request) -> bool:
    return bool(request.session.get(FORGOTTEN))
