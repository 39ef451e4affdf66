"""A code refused by the day's spend cap on code SMS is said once on the code page: not as a
message and again as why there is no resend button, nor again under a typed dead code."""

from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.models import AccountLanguage

from .conftest import CHALLENGE, page, resend, submit_code

SPEND_CAP = {"pl": "dzisiejszy limit wydatków na SMS-y z kodami został wyczerpany",
             "en": "today’s spending limit for code SMS has been reached"}


@pytest.fixture
def spend_cap(settings, fast_resend, clock):
    """`reach()`: from now on a code SMS costs more than the day's cap on codes leaves."""
    patches = []

    def reach():
        settings.ZGODA_SMS_OTP_DAILY_SPEND_CAP = "0.5"
        patched = mock.patch("zgoda.sms.costs.estimate", return_value=Decimal("1"))
        patched.start()
        patches.append(patched)

    yield reach
    for patched in patches:
        patched.stop()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_login_whose_first_code_the_spend_cap_refuses_says_it_once(db, spend_cap, lang):
    AccountLanguage.objects.create(user=make_user(phone=PHONE), language=lang)
    spend_cap()
    browser = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert login_password(browser)["Location"] == CHALLENGE
    assert sms_to(PHONE) == []
    first = page(browser.get(CHALLENGE))
    assert first.count(SPEND_CAP[lang]) == 1, first
    assert page(browser.get(CHALLENGE)).count(SPEND_CAP[lang]) == 1, "a reload still says it"


def test_a_resend_the_spend_cap_refuses_says_it_once(clock, spend_cap, pending_login):
    spend_cap()
    clock.advance(seconds=31)
    text = page(resend(pending_login, follow=True))
    assert len(sms_to(PHONE)) == 1
    assert text.count(SPEND_CAP["pl"]) == 1, text


def test_an_expired_code_typed_at_the_spend_cap_says_it_once(clock, spend_cap, pending_login):
    from conftest import last_code

    spend_cap()
    clock.advance(minutes=6)  # the code expired
    response = submit_code(pending_login, last_code()[1])
    text = page(response)
    assert "Kod nr 1 wygasł." in text
    assert text.count(SPEND_CAP["pl"]) == 1, text


def test_a_number_confirmation_the_spend_cap_refuses_says_it_once(clock, spend_cap, client, user):
    client.force_login(user)
    spend_cap()
    response = client.post("/accounts/2fa/sms/", {"phone": "500 100 300"}, follow=True)
    text = page(response)
    assert "Kody wysyłamy SMS-em na numer" in text, text
    assert text.count(SPEND_CAP["pl"]) == 1, text


def test_a_failed_code_sms_at_the_spend_cap_asks_for_no_resend_that_would_be_refused(clock, settings, spend_cap, client,
                                                                                       user_2fa):
    from zgoda.accounts.models import OneTimeCode
    from zgoda.sms.models import Message

    settings.ZGODA_SMS_PROVIDERS = []  # the first code's SMS fails
    login_password(client)
    assert OneTimeCode.objects.get().message.status == Message.Status.FAILED
    spend_cap()
    clock.advance(seconds=31)
    text = page(client.get(CHALLENGE))
    assert "Nie udało się wysłać SMS-a z kodem nr 1." in text
    assert "Wyślij kod ponownie" not in text, "a resend the spend cap would refuse"
    assert text.count(SPEND_CAP["pl"]) == 1, text
