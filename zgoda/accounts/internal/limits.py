"""One limits policy for every path that sends a code or checks a secret.

Login, resend, enrollment, change of number, turning 2FA off, the privacy portal (its
unknown numbers too) and allauth's mfa codes all ask here, in the same order, so neither
the answer nor the statements run tell a known number from an unknown one. The portal
counts only the portal's codes (its budget, its day), which an unknown number's stand-ins
draw on alike: codes the number got by any other path would tell a stranger it is in use.

Sending a code (`check_send`), in this order:
 1. the challenge is still open;           5. the number's budget: the owner's login draws on
 2. codes per challenge (5);                  its own (3 per 5 min, 10 a day), everybody else
 3. the growing cooldown (30, 60, 120 s);     (other accounts, API keys) on a smaller one (2, 5),
 4. codes per account (or bare number)        and the portal on one as small of its own;
    a local day (10);                      6. distinct new numbers per account a day (3);
                                              a REST API key: its codes an hour and a day;
                                           7. codes per client address, IPv6 per /64 (20 an hour);
                                           8. code SMS of everybody in the last hour (500): at
                                              the cap staff are told and only numbers that
                                              logged in with a code in 30 days still get one;
then the SMS app's daily spend cap, whose reserved share only codes may use (sms/costs.py).

REST API verifications (flows/verification.py) have no account and no client address (the
shop's server asks for all its customers): the key's own caps stand in for the address's,
`confirm_number` draws on the "others" budget of the number, and `login` too unless this
key already had the number approved (within the code retention): then on a budget of the
number and that key alone, as large as an owner's, which neither the portal nor other
accounts nor other keys can exhaust, and which leaves the Zgoda account's own login alone.
A sandbox key's codes (the dev phone only, no cost) draw on nothing of the number's: not its
budgets, not its day's code numbers, not the hourly cap of real codes; only on the key's own
caps, the challenge's limits and a day's count per key and number.

Every send is a `OneTimeCode` row (its `budget`, its `ip` as the /64), counted in the
database, so limits hold across processes and machines; the hour-long windows of everybody
and of an address are first bounded by per-minute counters written with each code
(code_windows.py). Checking a secret: 5 wrong per code,
10 per challenge (code_check.py), and a streak of wrong codes across days that locks the
account's code step (secret_tries.py). Passwords tried at login and at password prompts:
password_limits.py.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, GenericIPAddressField, IntegerField
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zgoda.lib import crypto, dates

from .. import app_settings
from . import code_windows, secret_tries
from ..models import CodeChallenge, DailyCodeCounter, OneTimeCode

OWNER = "owner"
OTHER = "other"
PORTAL = "portal"  # the privacy portal's codes to a number: a budget of their own (see check_send)
API_OWNER = "api"  # a shop's login of a number this API key had approved before
SANDBOX = "sandbox"  # a REST API sandbox key's code (the challenge payload flag, and its budget)
OWN_PURPOSES = (CodeChallenge.Purpose.LOGIN, CodeChallenge.Purpose.DISABLE)
# The challenge payload of a REST API verification (flows/verification.py).
API_KEY = "api_key"
API_PURPOSE = "api_purpose"
API_LOGIN = "login"


@dataclass
class Refusal:
    text: str  # for the person, in their language: why, and when a code can go if known
    reason: str  # for the audit log: which limit
    retry_at: datetime | None = None
    # Why, without the time, for a code page that counts down to `retry_at` beside it: set by
    # every limit with a known end but the cooldown (its countdown says all) and the day's
    # codes (the page says those in words, time and all). The page says why, its button when.
    why: str = ""


def at_local(moment: datetime) -> str:
    """When a refused send may go, in the site's time zone and the language of the text around
    it, with its own preposition: "o 14:06:00" today, else "3 grudnia 2026 o 00:00" (a date
    cannot follow the "o" that a time needs)."""
    local = dates.site_time(moment)
    if local.date() == dates.site_time(timezone.now()).date():
        return _("o %(time)s") % {"time": local.strftime("%H:%M:%S")}  # "o" + a no-break space: no lone "o" at a line's end
    return _("%(day)s o %(time)s") % {"day": dates.day(local, words=True), "time": local.strftime("%H:%M")}


def budget_of(challenge: CodeChallenge) -> str:
    """The owner's budget for a login or a turning-off code of an account: both go to the
    account's own 2FA number (the stage and the disable view send to nothing else). A REST
    API login of a number the same key had approved before: that key's own budget."""
    if challenge.purpose == CodeChallenge.Purpose.API:
        if is_sandbox(challenge):
            return SANDBOX
        return API_OWNER if _returning_api_login(challenge) else OTHER
    if challenge.purpose == CodeChallenge.Purpose.PRIVACY:
        return PORTAL
    return OWNER if challenge.user_id and challenge.purpose in OWN_PURPOSES else OTHER


def is_sandbox(challenge: CodeChallenge) -> bool:
    """A REST API sandbox key's challenge: its codes go to the dev phone only, prove nothing
    about who holds the number, and draw on none of the number's limits."""
    return bool((challenge.payload or {}).get(SANDBOX))


def _api_key_of(challenge: CodeChallenge):
    return (challenge.payload or {}).get(API_KEY)


def _returning_api_login(challenge: CodeChallenge) -> bool:
    payload = challenge.payload or {}
    if payload.get(API_PURPOSE) != API_LOGIN or payload.get(API_KEY) is None:
        return False
    return CodeChallenge.objects.filter(
        purpose=CodeChallenge.Purpose.API, phone=challenge.phone, end_reason=CodeChallenge.End.PASSED,
        payload__api_key=payload[API_KEY],
    ).exclude(payload__sandbox=True).exists()  # a sandbox code went to the dev phone: it proved nothing


def _api_codes(key_id):
    return OneTimeCode.objects.filter(challenge__purpose=CodeChallenge.Purpose.API, challenge__payload__api_key=key_id)


def subject_of(challenge: CodeChallenge) -> str:
    """Whose day's code numbers (and daily count) a code takes: the account's, the bare
    number's, the portal's for that number, or a sandbox key's own for that number (never the
    number's real count)."""
    budget = budget_of(challenge)
    if budget == SANDBOX:
        return "sandbox:" + crypto.identifier_hash("subject", f"{_api_key_of(challenge)}:{challenge.phone}")
    return DailyCodeCounter.subject_for(user_id=challenge.user_id, phone=challenge.phone, portal=budget == PORTAL)


def next_local_midnight(now):
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def owner_codes(phone, user_id):
    """The codes an account's own logins and turning-off sent to its number (values, Params or OuterRefs)."""
    return OneTimeCode.objects.filter(phone=phone, user_id=user_id, budget=OWNER)


_OWNER_CODES = partial(code_windows.CodesOf, "owner", owner_codes, {"phone": CharField(), "user_id": IntegerField()})
_ADDRESS_CODES = partial(code_windows.CodesOf, "address", lambda ip: OneTimeCode.objects.filter(ip=ip), {"ip": GenericIPAddressField()})


def _serialize_sends(phone: str, ip_key: str) -> None:
    """Make the counts below check-and-act: on PostgreSQL, sends to one number (and from one
    address) wait for each other until the transaction ends (transaction-level advisory
    locks, always taken in this order). SQLite's IMMEDIATE transactions already run one
    writer at a time. Raw SQL: the ORM has no advisory locks."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in (f"zgoda-send-number:{phone}", f"zgoda-send-address:{ip_key}" if ip_key else ""):
            if key:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _real_codes():
    """Codes that went (or would have gone) to a phone: not a sandbox key's."""
    return OneTimeCode.objects.exclude(budget=SANDBOX)


def _read(challenge, name, read):
    """A value send_state.SendStateQuery read with the challenge, else read now."""
    return getattr(challenge, name) if hasattr(challenge, name) else read()


def check_send(challenge: CodeChallenge, ip_key: str, now: datetime, look_ahead: bool = False) -> Refusal | None:
    """The limit that forbids another code for `challenge` now; None when it may go. Of several
    counted limits (a day's codes, the number's, the address's...), the one that frees last: its
    time is when a code can go again.

    `challenge` is read with its row locked (codes.issue_code); `ip_key` is
    lib.http.client_network(request). The SMS app's spend cap comes after this.
    `look_ahead`: a page asks, nothing will be sent: no locks taken, nobody alerted."""
    if not challenge.is_open:
        return Refusal(_("To logowanie zostało zakończone. Zaloguj się ponownie."), "challenge_ended")
    if challenge.user_id:
        if _read(challenge, "_locked_at", lambda: secret_tries.failure_streak(challenge.user_id)[1] or None) is not None:
            return Refusal(secret_tries.secret_try_refusal(), "locked")
    per_login = app_settings.max_codes_per_login()
    if challenge.codes_sent >= per_login:
        text = ngettext(
            "Wysłaliśmy już %(n)d kod w tej próbie. Zacznij od nowa, aby dostać kolejny.",
            "Wysłaliśmy już %(n)d kody w tej próbie. Zacznij od nowa, aby dostać kolejny.",
            per_login,
        ) % {"n": per_login}
        return Refusal(text, "per_challenge")
    if challenge.next_send_at and challenge.next_send_at > now:
        wait = int((challenge.next_send_at - now).total_seconds()) + 1
        text = _("Nowy kod możesz wysłać za %(s)d s (%(at)s).") % {"s": wait, "at": at_local(challenge.next_send_at)}
        return Refusal(text, "cooldown", challenge.next_send_at)
    if not look_ahead:
        _serialize_sends(challenge.phone, ip_key)
    refusals = [refusal for refusal in _counted_refusals(challenge, ip_key, now, look_ahead) if refusal]
    # Counted limits only free up while nothing is sent: a code can go once the last of them has.
    return max(refusals, key=lambda refusal: refusal.retry_at) if refusals else None


def _counted_refusals(challenge: CodeChallenge, ip_key: str, now: datetime, look_ahead: bool):
    """Every counted limit's refusal (or None), each with the time it frees."""
    yield _daily_refusal(challenge, now)
    budget = budget_of(challenge)
    yield _number_refusal(challenge, budget, now)
    if budget == OTHER and challenge.user_id:
        yield _new_numbers(challenge, now)
    if challenge.purpose == CodeChallenge.Purpose.API:
        frees = code_windows.frees_at(_api_codes(_api_key_of(challenge)), app_settings.api_key_code_limits(), now)
        if frees:
            yield _frees_at(_("Ten klucz API poprosił o za dużo kodów."), "per_api_key", frees)
    if ip_key:
        windows = app_settings.ip_limits()
        frees = code_windows.frees_at(_ADDRESS_CODES({"ip": ip_key}), windows, now,
                                      counts=code_windows.counts_read(challenge, "address", len(windows)))
        if frees:
            yield _frees_at(_("Z tej sieci poproszono o za dużo kodów."), "per_ip", frees)
    if budget != SANDBOX:  # the hourly cap guards real SMS
        yield _hourly_cap(challenge, budget, now, alert=not look_ahead)


def _frees_at(why: str, reason: str, frees: datetime) -> Refusal:
    """A limit that frees at a known time: why, then when."""
    when = _("Spróbuj ponownie %(at)s.") % {"at": at_local(frees)}
    return Refusal(f"{why} {when}", reason, frees, why=why)


def _daily_refusal(challenge: CodeChallenge, now: datetime) -> Refusal | None:
    if challenge.user_id and hasattr(challenge, "_codes_today"):
        today = challenge._codes_today or 0
    else:  # a bare number's counter is named by a keyed hash, which SQL cannot compute
        counter = DailyCodeCounter.objects.filter(subject=subject_of(challenge), day=timezone.localdate(now)).first()
        today = counter.count if counter else 0
    per_day = app_settings.max_codes_per_user_per_day()
    if today >= per_day:
        retry = next_local_midnight(now)
        text = _("Wykorzystano dzisiejszy limit kodów SMS (%(n)d). Kolejny kod będzie można wysłać %(at)s.") % {
            "n": per_day, "at": at_local(retry)}
        return Refusal(text, "per_day", retry)
    return None


def _number_refusal(challenge: CodeChallenge, budget: str, now: datetime) -> Refusal | None:
    if budget == SANDBOX:
        frees = None  # the number's budgets are for codes that reach it
    elif budget == OWNER:
        windows = app_settings.phone_limits()
        frees = code_windows.frees_at(_OWNER_CODES({"phone": challenge.phone, "user_id": challenge.user_id}), windows, now,
                                      counts=code_windows.counts_read(challenge, "owner", len(windows)))
    elif budget == API_OWNER:
        mine = _api_codes(_api_key_of(challenge)).filter(phone=challenge.phone, budget=API_OWNER)
        frees = code_windows.frees_at(mine, app_settings.phone_limits(), now)
    else:  # OTHER or PORTAL: the same caps, each counting its own codes only
        frees = code_windows.frees_at(OneTimeCode.objects.filter(phone=challenge.phone, budget=budget),
                                      app_settings.other_phone_limits(), now)
    if not frees:
        return None
    if budget == PORTAL:  # said alike for a number nobody holds, whose codes never went
        return _frees_at(_("Dla tego numeru poproszono już o za dużo kodów."), "per_number", frees)
    return _frees_at(_("Na ten numer wysłaliśmy już za dużo kodów."), "per_number", frees)


def _new_numbers(challenge: CodeChallenge, now) -> Refusal | None:
    """At most N distinct numbers a day get codes for one account's enrollment or change."""
    limit = app_settings.new_numbers_per_day()
    since = now - timedelta(days=1)
    others = (
        OneTimeCode.objects.filter(user_id=challenge.user_id, budget=OTHER, created_at__gt=since)
        .values("phone").distinct().order_by()
    )
    phones = {row["phone"] for row in others}
    if challenge.phone in phones or len(phones) < limit:
        return None
    first = (
        OneTimeCode.objects.filter(user_id=challenge.user_id, budget=OTHER, created_at__gt=since)
        .order_by("created_at").values_list("created_at", flat=True).first()
    )
    retry = (first or now) + timedelta(days=1)
    text = ngettext(
        "W ciągu doby wysłaliśmy już kody na %(n)d nowy numer tego konta. Kolejny nowy numer możesz podać %(at)s.",
        "W ciągu doby wysłaliśmy już kody na %(n)d nowe numery tego konta. Kolejny nowy numer możesz podać %(at)s.",
        limit,
    ) % {"n": limit, "at": at_local(retry)}
    why = ngettext(
        "W ciągu doby wysłaliśmy już kody na %(n)d nowy numer tego konta.",
        "W ciągu doby wysłaliśmy już kody na %(n)d nowe numery tego konta.",
        limit,
    ) % {"n": limit}
    return Refusal(text, "new_numbers", retry, why=why)


def _hourly_cap(challenge: CodeChallenge, budget: str, now, alert: bool = True) -> Refusal | None:
    cap = app_settings.codes_per_hour()
    if not cap:
        return None
    at_most = getattr(challenge, "_codes_last_hour_at_most", None)  # read with the challenge (send_state.py)
    if at_most is not None and at_most < cap:
        return None
    of_the_hour = _real_codes().filter(created_at__gt=now - timedelta(hours=1))
    sent = of_the_hour.count()
    if sent < cap:
        return None
    if alert:
        _alert_staff_once_an_hour(now, sent, cap)
    if budget == OWNER and challenge.purpose == CodeChallenge.Purpose.LOGIN and _logged_in_lately(challenge, now):
        return None
    # Below the cap again once the oldest sent - cap + 1 of the hour's codes have left the hour.
    last_to_leave = of_the_hour.order_by("created_at").values_list("created_at", flat=True)[sent - cap:].first()
    frees = (last_to_leave or now) + timedelta(hours=1)
    return _frees_at(_("Wysyłamy teraz wyjątkowo dużo kodów SMS, więc na chwilę wstrzymaliśmy nowe."), "hourly_cap", frees)


def _logged_in_lately(challenge: CodeChallenge, now) -> bool:
    """The account proved this number with a code in the last N days (a login, an enrollment, a change)."""
    since = now - timedelta(days=app_settings.recent_login_days())
    return OneTimeCode.objects.filter(user_id=challenge.user_id, phone=challenge.phone, used_at__gt=since).exists()


def _alert_staff_once_an_hour(now, sent: int, cap: int) -> None:
    hour = timezone.localtime(now).strftime("%Y-%m-%dT%H:00")
    if not cache.add(f"zgoda:codes-hourly-cap-alert:{hour}", 1, 2 * 3600):
        return
    from ..tasks import alert_staff_code_cap

    transaction.on_commit(lambda: alert_staff_code_cap.enqueue(hour, sent, cap), robust=True)
