"""A send refused by a limit that frees at a known time (the address's codes, the number's
windows, new numbers, the hourly cap) is said by the code page itself on every view: why no
code can go (a hint beside the countdown), and until when (the countdown button), each once:
no message repeating it, and the time never twice."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.models import AccountLanguage

from .conftest import CHALLENGE, page, resend

ADDRESS = "203.0.113.7"
FROM_ADDRESS = "Z tej sieci poproszono o za dużo kodów."
TO_NUMBER = "Na ten numer wysłaliśmy już za dużo kodów."
FROM_ADDRESS_EN = "Too many codes have been requested from this network."
TO_NUMBER_EN = "We have already sent too many codes to this number."


@pytest.fixture
def quick(settings, clock):
    """Only the limit a test sets is in the way."""
    clock.set_local(2026, 3, 10, 14, 0)
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    settings.ZGODA_OTP_MAX_PER_LOGIN = 1000
    settings.ZGODA_OTP_MAX_PER_USER_PER_DAY = 1000
    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(1000, 300)]
    settings.ZGODA_SMS_LIMITS_PER_IP = [(1000, 3600)]
    return settings


def at(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M:%S")


def address_used_up(quick, clock):
    """The address's one code of the hour went to somebody else's login; (when it frees)."""
    quick.ZGODA_SMS_LIMITS_PER_IP = [(1, 3600)]
    make_user("ktos@example.com", phone="+48600700800")
    login_password(Client(), email="ktos@example.com", REMOTE_ADDR=ADDRESS)
    assert len(sms_to("+48600700800")) == 1
    frees = clock.now + timedelta(hours=1)
    clock.advance(seconds=5)
    return frees


def english(person):
    """A browser in English of an account that speaks English."""
    AccountLanguage.objects.create(user=person, language="en")
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def assert_says_once(text, why, until, button):
    assert text.count(why) == 1, text
    assert "Spróbuj ponownie" not in text and "Try again" not in text, "the time is the button's to say"
    assert text.count(until) == 1, f"{until} said more than once (or not at all): {text}"
    assert re.search(rf'data-countdown="\d+"[^>]*disabled>\s*{button} o\s{until}', text), text


def test_a_login_refused_at_the_address_limit_says_why_on_every_view(quick, clock, client, user_2fa):
    frees = address_used_up(quick, clock)
    login_password(client, REMOTE_ADDR=ADDRESS)
    assert sms_to(PHONE) == []
    for _ in range(2):  # the first view and a reload
        text = page(client.get(CHALLENGE, REMOTE_ADDR=ADDRESS))
        assert "Nie wysłaliśmy jeszcze kodu." in text
        assert_says_once(text, FROM_ADDRESS, at(frees), "Wyślij kod")


def test_a_resend_refused_at_the_address_limit_says_why_on_every_view(quick, clock, client, user_2fa):
    login_password(client, REMOTE_ADDR=ADDRESS)
    quick.ZGODA_SMS_LIMITS_PER_IP = [(1, 3600)]
    frees = clock.now + timedelta(hours=1)
    clock.advance(seconds=5)
    first = page(resend(client, REMOTE_ADDR=ADDRESS, follow=True))
    assert len(sms_to(PHONE)) == 1
    assert_says_once(first, FROM_ADDRESS, at(frees), "Wyślij ponownie")
    assert_says_once(page(client.get(CHALLENGE, REMOTE_ADDR=ADDRESS)), FROM_ADDRESS, at(frees), "Wyślij ponownie")


def test_a_resend_refused_by_the_numbers_window_says_why_on_every_view(quick, clock, client, user_2fa):
    quick.ZGODA_SMS_LIMITS_PER_NUMBER = [(2, 3600)]
    first_code = clock.now
    login_password(client)
    clock.advance(seconds=10)
    resend(client)
    clock.advance(seconds=10)
    refused = page(resend(client, follow=True))
    assert len(sms_to(PHONE)) == 2
    frees = at(first_code + timedelta(hours=1))
    assert_says_once(refused, TO_NUMBER, frees, "Wyślij ponownie")
    assert "Wpisz kod nr 2" in refused  # the code that went still works
    assert_says_once(page(client.get(CHALLENGE)), TO_NUMBER, frees, "Wyślij ponownie")


def test_a_resend_in_the_cooldown_that_the_numbers_window_would_refuse_promises_no_earlier_send(
        quick, clock, client, user_2fa):
    """The cooldown's "za 30 s" would promise a code the number's window refuses then: the page
    counts down to the window's end and says why, and no message says the cooldown's time."""
    quick.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 30
    quick.ZGODA_SMS_LIMITS_PER_NUMBER = [(1, 3600)]
    first_code = clock.now
    login_password(client)
    clock.advance(seconds=5)
    refused = page(resend(client, follow=True))
    assert len(sms_to(PHONE)) == 1
    assert "Nowy kod możesz wysłać za" not in refused
    assert_says_once(refused, TO_NUMBER, at(first_code + timedelta(hours=1)), "Wyślij ponownie")


def test_the_hourly_cap_is_said_beside_its_countdown(quick, clock, client, user_2fa):
    quick.ZGODA_SMS_CODES_PER_HOUR = 1
    make_user("ktos@example.com", phone="+48600700800")
    login_password(Client(), email="ktos@example.com")
    frees = clock.now + timedelta(hours=1)  # when the hour's one code leaves it, not "in a few minutes"
    clock.advance(seconds=5)
    login_password(client)
    assert sms_to(PHONE) == []
    for _ in range(2):
        text = page(client.get(CHALLENGE))
        assert text.count("Wysyłamy teraz wyjątkowo dużo kodów SMS, więc na chwilę wstrzymaliśmy nowe.") == 1, text
        assert "Spróbuj ponownie" not in text
        assert re.search(r'data-countdown="\d+"[^>]*disabled>\s*Wyślij kod o\s' + at(frees), text), text
        clock.advance(seconds=30)  # a reload: the time it names stays


def test_in_english_the_address_limit_is_said_in_english_on_every_view(quick, clock, user_2fa):
    frees = address_used_up(quick, clock)
    browser = english(user_2fa)
    login_password(browser, REMOTE_ADDR=ADDRESS)
    assert sms_to(PHONE) == []
    for _ in range(2):
        text = page(browser.get(CHALLENGE, REMOTE_ADDR=ADDRESS))
        assert text.count(FROM_ADDRESS_EN) == 1, text
        assert FROM_ADDRESS not in text and "Try again" not in text
        assert text.count(at(frees)) == 1, text


def test_in_english_the_numbers_window_is_said_in_english_on_every_view(quick, clock, user_2fa):
    quick.ZGODA_SMS_LIMITS_PER_NUMBER = [(1, 3600)]
    browser = english(user_2fa)
    login_password(browser)
    clock.advance(seconds=10)
    for text in (page(resend(browser, follow=True)), page(browser.get(CHALLENGE))):
        assert text.count(TO_NUMBER_EN) == 1, text
        assert TO_NUMBER not in text and "Try again" not in text


def test_a_new_number_over_the_days_new_numbers_is_said_on_every_view_of_its_confirmation_page(quick, clock, db):
    person = Client()
    person.force_login(make_user("kolekcjoner@example.com"))
    first_code = clock.now
    for digits in ("600700001", "600700002", "600700003"):
        person.post("/accounts/2fa/sms/", {"phone": digits})
        clock.advance(minutes=1)
    first = page(person.post("/accounts/2fa/sms/", {"phone": "600700004"}, follow=True))
    assert sms_to("+48600700004") == []
    until = "11 marca 2026 o\u00a014:00"  # a day after the first of the three
    assert timezone.localtime(first_code + timedelta(days=1)).strftime("%H:%M") == "14:00"
    for text in (first, page(person.get("/accounts/2fa/sms/confirm/"))):
        assert text.count("W ciągu doby wysłaliśmy już kody na 3 nowe numery tego konta.") == 1, text
        assert "Kolejny nowy numer możesz podać" not in text, "the time is the button's to say"
        assert text.count("14:00") == 1, text
        assert re.search(rf'data-countdown="\d+"[^>]*disabled>\s*Wyślij kod {until}', text), text
