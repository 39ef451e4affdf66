"""Caps on code SMS per number for its owner's logins (3 per 5 min, 10 per day) and per IP address (20 per hour)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.internal import code_windows
from zgoda.accounts.internal.flows import codes
from zgoda.accounts.models import CodeChallenge, DailyCodeCounter, OneTimeCode

from .conftest import CHALLENGE, page, resend


@pytest.fixture
def no_other_limits(settings):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    settings.ZGODA_OTP_MAX_PER_LOGIN = 1000
    settings.ZGODA_OTP_MAX_PER_USER_PER_DAY = 1000
    return settings


def test_default_limits_are_those_of_the_spec(settings):
    assert settings.ZGODA_SMS_LIMITS_PER_NUMBER == [(3, 300), (10, 86400)]
    assert settings.ZGODA_SMS_LIMITS_PER_IP == [(20, 3600)]


def test_fourth_code_to_one_number_within_five_minutes_is_refused(clock, no_other_limits, client, user_2fa):
    first = clock.now
    login_password(client)
    clock.advance(seconds=10)
    resend(client)
    clock.advance(seconds=10)
    resend(client)
    clock.advance(seconds=10)
    response = resend(client, follow=True)
    assert len(sms_to(PHONE)) == 3
    at = timezone.localtime(first + timedelta(minutes=5)).strftime("%H:%M:%S")
    text = page(response)  # why beside the countdown, and when in it: each once
    assert text.count("Na ten numer wysłaliśmy już za dużo kodów.") == 1
    assert text.count(at) == 1 and f"(o\u00a0{at})" in text
    clock.now = first + timedelta(minutes=5, seconds=1)
    resend(client)
    assert len(sms_to(PHONE)) == 4


def test_number_cap_of_one_owner_leaves_another_owner_of_that_number_alone(clock, no_other_limits, client, user_2fa):
    """Each account that proved the number logs in on its own budget (it used to be shared)."""
    make_user("bob@example.com", phone=PHONE)
    login_password(client)
    resend(client)
    resend(client)
    response = resend(client, follow=True)
    assert "Na ten numer wysłaliśmy już za dużo kodów." in page(response)
    other = Client()
    login_password(other, email="bob@example.com")
    assert len(sms_to(PHONE)) == 4


def test_eleventh_code_to_one_number_within_a_day_is_refused(clock, no_other_limits, client, user_2fa):
    login_password(client)
    for _ in range(9):
        clock.advance(minutes=2)  # never three in five minutes
        resend(client)
    assert len(sms_to(PHONE)) == 10
    clock.advance(minutes=10)
    response = resend(client, follow=True)
    assert len(sms_to(PHONE)) == 10
    assert "Na ten numer wysłaliśmy już za dużo kodów." in page(response)


def test_number_limits_are_settings(clock, no_other_limits, client, user_2fa):
    no_other_limits.ZGODA_SMS_LIMITS_PER_NUMBER = [(1, 60)]
    login_password(client)
    resend(client)
    assert len(sms_to(PHONE)) == 1
    clock.advance(seconds=61)
    resend(client)
    assert len(sms_to(PHONE)) == 2


def _user_with_own_number(n):
    phone = f"+4860070{n:04d}"
    make_user(f"user{n}@example.com", phone=phone)
    return f"user{n}@example.com", phone


def test_one_ip_gets_at_most_the_configured_codes_per_hour(clock, no_other_limits, db):
    no_other_limits.ZGODA_SMS_LIMITS_PER_IP = [(2, 3600)]
    people = [_user_with_own_number(n) for n in range(3)]
    for email, _ in people[:2]:
        login_password(Client(), email=email, REMOTE_ADDR="203.0.113.7")
    third = Client()
    login_password(third, email=people[2][0], REMOTE_ADDR="203.0.113.7")
    assert sms_to(people[2][1]) == []
    assert "Z tej sieci poproszono o za dużo kodów." in page(third.get(CHALLENGE, REMOTE_ADDR="203.0.113.7"))
    fourth = Client()
    login_password(fourth, email=people[2][0], REMOTE_ADDR="198.51.100.1")
    assert len(sms_to(people[2][1])) == 1


def test_ip_cap_frees_after_the_hour(clock, no_other_limits, client, user_2fa):
    no_other_limits.ZGODA_SMS_LIMITS_PER_IP = [(1, 3600)]
    login_password(client, REMOTE_ADDR="203.0.113.7")
    clock.advance(minutes=59)
    resend(client, REMOTE_ADDR="203.0.113.7")
    assert len(sms_to(PHONE)) == 1
    clock.advance(minutes=1, seconds=1)
    resend(client, REMOTE_ADDR="203.0.113.7")
    assert len(sms_to(PHONE)) == 2


def test_default_ip_cap_is_twenty_codes_per_hour(clock, no_other_limits, db):
    """The default values, through the flow: twenty numbers from one address, then no more."""
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    outcomes = []
    for n in range(21):
        user = make_user(f"ip{n}@example.com")
        challenge = CodeChallenge.objects.create(user=user, purpose="login", phone=f"+4851100{n:04d}")
        outcomes.append(codes.issue_code(challenge, request))
        clock.advance(seconds=1)
    assert [o.sent for o in outcomes] == [True] * 20 + [False]
    assert "Z tej sieci" in outcomes[-1].refusal


def _codes_from(ip, times, user, phone):
    """Codes sent from `ip` at `times`, written as a send writes them: the rows, and each counted
    in its minute counters (code_windows.py)."""
    challenge = CodeChallenge.objects.create(user=user, purpose="login", phone=phone)
    OneTimeCode.objects.bulk_create(
        OneTimeCode(challenge=challenge, user=user, phone=phone, ip=ip, code_hmac="x", ordinal=n + 1,
                    day=at.date(), created_at=at, expires_at=at + timedelta(minutes=5))
        for n, at in enumerate(times)
    )
    for at in times:
        DailyCodeCounter.next_number(f"user:{user.pk}", at.date(), code_windows.minute_counters(at, ip, real=True))


def test_a_busy_address_is_counted_by_its_minutes_and_frees_when_its_oldest_counted_code_leaves(clock, no_other_limits, db):
    """An office or a mobile network's shared address asks for many codes: the window is
    counted by its minute counters (its codes are not counted one by one on every send), and
    a window they call full reads the times of its count newest codes: when the count-th
    newest leaves it, it frees."""
    no_other_limits.ZGODA_SMS_LIMITS_PER_IP = [(300, 3600)]
    someone = make_user("busy@example.com")
    times = [clock.now - timedelta(minutes=59) + timedelta(seconds=10 * n) for n in range(350)]
    _codes_from("203.0.113.50", times, someone, "+48511000001")
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.50")
    user = make_user("next@example.com")
    challenge = CodeChallenge.objects.create(user=user, purpose="login", phone="+48511000002")
    with CaptureQueriesContext(connection) as captured:
        outcome = codes.issue_code(challenge, request)
    assert not outcome.sent
    frees = times[-300] + timedelta(hours=1)  # the 300th newest code leaves the hour
    assert outcome.retry_at == frees
    reads = [q["sql"] for q in captured if '"ip" = ' in q["sql"]]  # (its minute counters: with the locked challenge)
    assert len(reads) == (1 if connection.vendor == "sqlite" else 2) and "LIMIT 300" in reads[-1]
    no_other_limits.ZGODA_SMS_LIMITS_PER_IP = [(351, 3600)]
    assert codes.issue_code(challenge, request).sent


def test_codes_just_before_the_window_in_its_first_minute_do_not_count(clock, no_other_limits, db):
    """The minute counters are an upper bound: codes in the window's first minute but before
    the window look like a full window, and then the window's own codes are read exactly."""
    no_other_limits.ZGODA_SMS_LIMITS_PER_IP = [(3, 3600)]
    no_other_limits.ZGODA_SMS_CODES_PER_HOUR = 3
    start = clock.now.replace(second=10, microsecond=0) + timedelta(minutes=1)
    clock.advance(seconds=(start - clock.now).total_seconds())
    _codes_from("203.0.113.60", [start, start + timedelta(seconds=1), start + timedelta(seconds=2)],
                make_user("earlier@example.com"), "+48511000003")
    clock.advance(seconds=3600 + 3)  # an hour and 3 s later, in the same minute: those three just left the hour
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.60")
    challenge = CodeChallenge.objects.create(user=make_user("now@example.com"), purpose="login", phone="+48511000004")
    outcome = codes.issue_code(challenge, request)
    assert outcome.sent, outcome.refusal  # neither the address's hour nor everybody's hour holds 3 codes
    second = codes.issue_code(CodeChallenge.objects.create(
        user=make_user("next2@example.com"), purpose="login", phone="+48511000005"), request)
    assert second.sent
    clock.advance(seconds=1)
    third = codes.issue_code(CodeChallenge.objects.create(
        user=make_user("next3@example.com"), purpose="login", phone="+48511000006"), request)
    assert third.sent
    clock.advance(seconds=1)
    fourth = codes.issue_code(CodeChallenge.objects.create(
        user=make_user("next4@example.com"), purpose="login", phone="+48511000007"), request)
    assert not fourth.sent and "Z tej sieci" in fourth.refusal  # three in the hour now: counted exactly


def test_with_two_windows_full_the_refusal_names_the_time_both_have_freed(clock, no_other_limits, client, user_2fa):
    """The 5-minute window frees first, but the day's is full too: the time said (and counted
    down to on the code page) is when a code may really go, not when the first window frees."""
    no_other_limits.ZGODA_SMS_LIMITS_PER_NUMBER = [(2, 300), (3, 3600)]
    first = clock.now
    login_password(client)
    clock.advance(minutes=20)
    resend(client)
    clock.advance(seconds=10)
    resend(client)  # three this hour, two of them in the last five minutes
    clock.advance(seconds=10)
    response = resend(client, follow=True)
    assert len(sms_to(PHONE)) == 3
    at = timezone.localtime(first + timedelta(hours=1)).strftime("%H:%M:%S")
    text = page(response)  # why beside the countdown, and when in it: each once
    assert text.count("Na ten numer wysłaliśmy już za dużo kodów.") == 1
    assert text.count(at) == 1 and f"Wyślij ponownie o\u00a0{at}" in text
    clock.now = first + timedelta(minutes=30)  # the five minutes are over, the hour is not
    resend(client)
    assert len(sms_to(PHONE)) == 3
    clock.now = first + timedelta(hours=1, seconds=1)
    resend(client)
    assert len(sms_to(PHONE)) == 4


def test_at_the_daily_limit_the_refusal_names_when_the_numbers_window_frees_if_that_is_later(
        clock, no_other_limits, client, user_2fa):
    """The day's codes run out at midnight, but the number's two-hour window is still full then:
    the page names the later time (when a code can really go), not midnight."""
    no_other_limits.ZGODA_OTP_MAX_PER_USER_PER_DAY = 3
    no_other_limits.ZGODA_SMS_LIMITS_PER_NUMBER = [(3, 7200)]
    first = timezone.localtime(clock.now).replace(hour=23, minute=30, second=0, microsecond=0)
    clock.now = first
    login_password(client)
    for _ in range(2):
        clock.advance(minutes=1)
        resend(client)
    clock.advance(minutes=1)
    response = resend(client, follow=True)
    assert len(sms_to(PHONE)) == 3
    frees = timezone.localtime(first + timedelta(hours=2)).strftime("%H:%M")
    assert "Na ten numer wysłaliśmy już za dużo kodów." in page(response)
    assert f"o\u00a0{frees}" in page(response)  # the countdown's end
    assert "00:00" not in page(response)
    clock.now = first + timedelta(minutes=31)  # a new day: its count starts again, the window has not freed
    resend(client)
    assert len(sms_to(PHONE)) == 3
    clock.now = first + timedelta(hours=2, seconds=1)
    resend(client)
    assert len(sms_to(PHONE)) == 4
