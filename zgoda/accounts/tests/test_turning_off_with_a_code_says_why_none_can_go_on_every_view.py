"""The turn-off page, when a limit with a known end refuses the code: it says why beside the
countdown to that end on every view (the first and a reload), once, and the time only in the
countdown; no message repeating either."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.models import AccountLanguage

from .conftest import page

DISABLE = "/accounts/2fa/sms/disable/"
TO_NUMBER = {"pl": "Na ten numer wysłaliśmy już za dużo kodów.", "en": "We have already sent too many codes to this number."}
FROM_ADDRESS = {"pl": "Z tej sieci poproszono o za dużo kodów.",
                "en": "Too many codes have been requested from this network."}
TRY_AGAIN = {"pl": "Spróbuj ponownie", "en": "Try again"}
ADDRESS = "203.0.113.7"


@pytest.fixture
def signed_in(settings, clock, client, user_2fa):
    clock.set_local(2026, 3, 10, 14, 0)
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    client.force_login(user_2fa)
    return client


def speaking(person, client, lang):
    if lang == "en":
        AccountLanguage.objects.create(user=person, language="en")
        client.cookies["django_language"] = "en"


def says_once(text, lang, why, until):
    assert text.count(why) == 1, text
    assert TRY_AGAIN[lang] not in text, "the time is the countdown's to say"
    assert text.count(until) == 1, f"{until} said more than once (or not at all): {text}"
    assert re.search(r'name="action" value="resend_code" data-countdown="\d+"[^>]*disabled>', text), text


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_code_the_numbers_window_refuses_is_said_on_every_view(settings, clock, signed_in, user_2fa, lang):
    speaking(user_2fa, signed_in, lang)
    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(1, 3600)]
    first_code = clock.now
    signed_in.post(DISABLE, {"action": "send_code"})
    assert len(sms_to(PHONE)) == 1
    clock.advance(minutes=10)  # that code expired: the next try needs a new one, which the window refuses
    first = page(signed_in.post(DISABLE, {"action": "send_code"}, follow=True))
    assert len(sms_to(PHONE)) == 1
    until = timezone.localtime(first_code + timedelta(hours=1)).strftime("%H:%M:%S")
    for text in (first, page(signed_in.get(DISABLE))):
        says_once(text, lang, TO_NUMBER[lang], until)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_code_the_address_limit_refuses_is_said_on_every_view(settings, clock, signed_in, user_2fa, lang):
    speaking(user_2fa, signed_in, lang)
    settings.ZGODA_SMS_LIMITS_PER_IP = [(1, 3600)]
    make_user("ktos@example.com", phone="+48600700800")
    login_password(Client(), email="ktos@example.com", REMOTE_ADDR=ADDRESS)  # the address's one code of the hour
    until = timezone.localtime(clock.now + timedelta(hours=1)).strftime("%H:%M:%S")
    clock.advance(seconds=5)
    first = page(signed_in.post(DISABLE, {"action": "send_code"}, follow=True, REMOTE_ADDR=ADDRESS))
    assert sms_to(PHONE) == []
    for text in (first, page(signed_in.get(DISABLE, REMOTE_ADDR=ADDRESS))):
        says_once(text, lang, FROM_ADDRESS[lang], until)
