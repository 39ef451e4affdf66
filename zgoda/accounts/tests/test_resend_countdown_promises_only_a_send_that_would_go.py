"""The resend button's countdown ("Wyślij ponownie za N s") is shown only when a code would go
when it ends: when another limit (the day's codes, the spend cap on code SMS, the login's
codes) will refuse the send then, the page says that limit's reason instead, once."""

from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client

from conftest import PHONE, login_password, sms_to
from zgoda.accounts.models import CodeChallenge

from .conftest import CHALLENGE, page

COUNTDOWN = "data-countdown="
DAILY = {"pl": "Wykorzystano dzisiejszy limit kodów SMS (1). Kolejny kod będzie można wysłać 11 marca 2026 o\u00a000:00.",
         "en": "Today’s limit of SMS codes (1) has been used up. The next code can be sent on March 11, 2026 at\u00a000:00."}
SPEND_CAP = {"pl": "dzisiejszy limit wydatków na SMS-y z kodami został wyczerpany",
             "en": "today’s spending limit for code SMS has been reached"}


@pytest.fixture
def logged_in_at_two(clock, settings, user_2fa, client):
    """A login whose first code went at 14:00; its cooldown (30 s) still runs."""
    clock.set_local(2026, 3, 10, 14, 0)
    assert login_password(client)["Location"] == CHALLENGE
    assert len(sms_to(PHONE)) == 1
    clock.advance(seconds=5)
    return client


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_at_the_daily_limit_the_page_says_it_instead_of_a_countdown(settings, logged_in_at_two, lang):
    settings.ZGODA_OTP_MAX_PER_USER_PER_DAY = 1
    text = page(logged_in_at_two.get(CHALLENGE, HTTP_ACCEPT_LANGUAGE=lang))
    assert COUNTDOWN not in text, text
    assert text.count(DAILY[lang]) == 1, text


def test_at_the_spend_cap_the_page_says_it_instead_of_a_countdown(settings, logged_in_at_two):
    settings.ZGODA_SMS_OTP_DAILY_SPEND_CAP = "0.5"
    with mock.patch("zgoda.sms.costs.estimate", return_value=Decimal("1")):
        text = page(logged_in_at_two.get(CHALLENGE))
    assert COUNTDOWN not in text, text
    assert text.count(SPEND_CAP["pl"]) == 1, text


def test_with_the_logins_codes_used_up_the_page_says_so_instead_of_a_countdown(settings, logged_in_at_two):
    settings.ZGODA_OTP_MAX_PER_LOGIN = 1
    text = page(logged_in_at_two.get(CHALLENGE))
    assert COUNTDOWN not in text, text
    assert text.count("Wykorzystano limit kodów w tej próbie.") == 1, text


def test_a_login_ended_meanwhile_shows_no_countdown(logged_in_at_two):
    CodeChallenge.objects.update(ended_at=CodeChallenge.objects.get().created_at, end_reason=CodeChallenge.End.ABANDONED)
    text = page(logged_in_at_two.get(CHALLENGE))
    assert COUNTDOWN not in text


def test_with_only_the_cooldown_in_the_way_the_countdown_stays(logged_in_at_two):
    text = page(logged_in_at_two.get(CHALLENGE))
    assert 'data-countdown="25"' in text and "Wyślij ponownie za 25 s" in text


def test_in_a_fresh_english_browser_the_daily_limit_is_said_in_english(settings, logged_in_at_two):
    settings.ZGODA_OTP_MAX_PER_USER_PER_DAY = 1
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.cookies = logged_in_at_two.cookies
    english.cookies.pop("django_language", None)
    text = page(english.get(CHALLENGE))
    assert DAILY["en"] in text and DAILY["pl"] not in text
