"""One limits policy: the owner's login draws on its own budget, other accounts and the
privacy portal each on a smaller one of their own that never blocks it; 3 new numbers a day per account;
IPv6 counted per /64; an hourly cap on all code SMS that alerts staff once an hour and
keeps serving numbers that logged in lately."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.internal.flows import codes
from zgoda.accounts.models import AuditEvent, CodeChallenge, OneTimeCode
from zgoda.lib.ratelimit import network_key

from .conftest import CHALLENGE, page

ENROLL, CHANGE = "/accounts/2fa/sms/", "/accounts/2fa/sms/change/"
TOO_MANY = "Na ten numer wysłaliśmy już za dużo kodów."
PORTAL_TOO_MANY = "Dla tego numeru poproszono już o za dużo kodów."  # alike for a number nobody holds


@pytest.fixture
def quick(settings):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    return settings


def signed_in(email):
    client = Client()
    client.force_login(make_user(email))
    return client


def ask_portal(phone_digits):
    client = Client()
    client.post("/privacy/", {"phone": phone_digits})
    return client


def test_two_other_accounts_and_the_portal_exhaust_their_budgets_and_the_owner_still_gets_a_login_code(
    clock, quick, client, user_2fa
):
    strangers = [signed_in("mallory@example.com"), signed_in("trudy@example.com")]
    for stranger in strangers:
        stranger.post(ENROLL, {"phone": "500 100 200"})
        stranger.post("/accounts/2fa/sms/confirm/resend/")
    portal = ask_portal("500 100 200")
    for _ in range(3):
        portal.post("/privacy/code/resend/")
    others = OneTimeCode.objects.filter(phone=PHONE, budget="other").count()
    assert others == 2  # the other accounts' budget (2 per 5 minutes) is used up
    assert OneTimeCode.objects.filter(phone=PHONE, budget="portal").count() == 2  # and the portal's own
    refused = [e.details["reason"] for e in AuditEvent.objects.filter(event="code_refused")]
    assert refused and all(TOO_MANY in r or PORTAL_TOO_MANY in r for r in refused)
    response = login_password(client)
    assert response["Location"] == CHALLENGE
    assert OneTimeCode.objects.filter(phone=PHONE, budget="owner", user=user_2fa).count() == 1
    assert TOO_MANY not in page(client.get(CHALLENGE))
    # and for the rest of the day: other accounts get at most 5, the portal 5, the owner's login still works
    for _ in range(10):
        clock.advance(minutes=6)
        for stranger in strangers:
            stranger.post("/accounts/2fa/sms/confirm/resend/")
        portal.post("/privacy/code/resend/")
    assert OneTimeCode.objects.filter(phone=PHONE, budget="other").count() == 5
    assert OneTimeCode.objects.filter(phone=PHONE, budget="portal").count() == 5
    clock.advance(minutes=20)
    client.post("/accounts/logout/")
    login_password(client)
    assert OneTimeCode.objects.filter(phone=PHONE, budget="owner").count() == 2


def test_an_account_sends_codes_to_at_most_three_new_numbers_a_day(clock, quick, db):
    client = signed_in("collector@example.com")
    numbers = [f"60070{n:04d}" for n in range(5)]
    for digits in numbers[:3]:
        client.post(ENROLL, {"phone": digits})
        clock.advance(minutes=1)
    response = client.post(ENROLL, {"phone": numbers[3]}, follow=True)
    assert "W ciągu doby wysłaliśmy już kody na 3 nowe numery tego konta." in page(response)
    assert sms_to("+48" + numbers[3]) == []
    assert [len(sms_to("+48" + d)) for d in numbers[:3]] == [1, 1, 1]
    client.post("/accounts/2fa/sms/confirm/resend/")  # an abandoned challenge: a resend gets nothing either
    clock.advance(days=1, minutes=1)
    client.post(ENROLL, {"phone": numbers[4]})
    assert len(sms_to("+48" + numbers[4])) == 1


def test_ipv6_addresses_of_one_slash_64_count_together(clock, quick, settings, db):
    settings.ZGODA_SMS_LIMITS_PER_IP = [(2, 3600)]
    assert network_key("2001:db8:1:2:aaaa::1") == network_key("2001:db8:1:2:ffff:1:2:3") == "2001:db8:1:2::"
    assert network_key("::ffff:203.0.113.5") == "203.0.113.5"
    outcomes = []
    for n, address in enumerate(["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd::9", "2001:db8:1:3::1"]):
        user = make_user(f"v6-{n}@example.com")
        challenge = CodeChallenge.objects.create(user=user, purpose="login", phone=f"+4851200{n:04d}")
        outcomes.append(codes.issue_code(challenge, RequestFactory().post("/", REMOTE_ADDR=address)))
    assert [o.sent for o in outcomes] == [True, True, False, True]
    assert "Z tej sieci" in outcomes[2].refusal


def _login_code_for(n):
    user = make_user(f"busy{n}@example.com", phone=f"+4850300{n:04d}")
    challenge = CodeChallenge.objects.create(user=user, purpose="login", phone=f"+4850300{n:04d}")
    return user, challenge


def test_hourly_cap_alerts_staff_once_and_keeps_serving_recent_logins(
    clock, quick, settings, db, django_capture_on_commit_callbacks
):
    settings.ZGODA_SMS_CODES_PER_HOUR = 3
    settings.ADMINS = [("Obsługa", "ops@sklep.example.pl")]
    regular, regular_challenge = _login_code_for(99)
    OneTimeCode.objects.create(  # a login with a code 10 days ago
        challenge=regular_challenge, user=regular, phone=regular_challenge.phone, code_hmac="x", ordinal=1,
        day=clock.now.date(), created_at=clock.now - timedelta(days=10), expires_at=clock.now - timedelta(days=10),
        used_at=clock.now - timedelta(days=10),
    )
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.1")
    with django_capture_on_commit_callbacks(execute=True):
        sent = [codes.issue_code(_login_code_for(n)[1], request).sent for n in range(5)]
        served = codes.issue_code(regular_challenge, request)
    assert sent == [True, True, True, False, False]
    assert served.sent  # a number that logged in lately is still served
    assert len(mail.outbox) == 1  # once an hour, however many are refused
    assert "godzinny limit" in mail.outbox[0].subject and "3" in mail.outbox[0].body
    clock.advance(hours=1, minutes=1)
    assert codes.issue_code(_login_code_for(50)[1], request).sent
