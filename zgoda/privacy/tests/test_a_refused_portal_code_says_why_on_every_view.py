"""The portal's code page, when a limit with a known end (the address's codes, the portal's
budget of the number) refuses the code: why, beside the countdown to that end, on every view
(the first and a reload), once, with the time only in the countdown, no message repeating
it; and the same page for a number Zgoda knows and one it does not."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import PHONE, sms_to
from zgoda.accounts.api import at_local

from .conftest import CODE, PORTAL, consenting, page

FROM_ADDRESS = {"pl": "Z tej sieci poproszono o za dużo kodów.",
                "en": "Too many codes have been requested from this network."}
TO_NUMBER = {"pl": "Dla tego numeru poproszono już o za dużo kodów.", "en": "Too many codes have already been requested for this number."}
TRY_AGAIN = {"pl": "Spróbuj ponownie", "en": "Try again"}
# (the number, the browsers' address, another number asked for from that address first)
NUMBERS = {"known": ("500 100 200", "198.51.100.10", "500 100 207"),
           "unknown": ("600 999 888", "198.51.100.11", "500 100 208")}


@pytest.fixture
def known(db):
    return consenting()


@pytest.fixture(autouse=True)
def clock():
    from zgoda.accounts.tests.conftest import Clock

    with mock.patch("django.utils.timezone.now", Clock(timezone.now())) as patched:
        yield patched


def browser(lang, ip):
    return Client(HTTP_ACCEPT_LANGUAGE=lang, REMOTE_ADDR=ip)


def said_in(lang, moment) -> str:
    """When a code can go, as the page says it ("o 14:06:00", or with its day)."""
    with translation.override(lang):
        return at_local(moment)


def alike(text, digits):
    """The page with what differs between two browsers and two numbers taken out."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return text.replace(f"+48 *** *** {digits[-3:]}", "NUMER")


def says_once(text, lang, why, until):
    assert text.count(why) == 1, text
    assert TRY_AGAIN[lang] not in text, "the time is the countdown's to say"
    assert text.count(until) == 1, f"{until} said more than once (or not at all): {text}"
    assert re.search(r'class="secondary" data-countdown="\d+"[^>]*disabled>', text), text


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_first_code_refused_at_the_address_limit_is_said_on_every_view_alike(known, settings, clock, lang):
    settings.ZGODA_SMS_LIMITS_PER_IP = [(1, 3600)]
    until = said_in(lang, clock.now + timedelta(hours=1))
    shown = {}
    for kind, (digits, ip, another) in NUMBERS.items():
        browser(lang, ip).post(PORTAL, {"phone": another})  # the address's one code of the hour
        person = browser(lang, ip)
        first = page(person.post(PORTAL, {"phone": digits}, follow=True))
        again = page(person.get(CODE))
        for text in (first, again):
            says_once(text, lang, FROM_ADDRESS[lang], until)
        shown[kind] = alike(again, digits)
    assert shown["known"] == shown["unknown"]
    assert sms_to(PHONE) == []


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_resend_refused_by_the_portals_budget_of_the_number_is_said_on_every_view_alike(known, settings, clock, lang):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = 1
    until = said_in(lang, clock.now + timedelta(minutes=5))
    shown = {}
    for kind, (digits, ip, _) in NUMBERS.items():
        person = browser(lang, ip)
        person.post(PORTAL, {"phone": digits})
        first = page(person.post("/privacy/code/resend/", follow=True))
        again = page(person.get(CODE))
        for text in (first, again):
            says_once(text, lang, TO_NUMBER[lang], until)
        shown[kind] = alike(again, digits)
    assert shown["known"] == shown["unknown"]
    assert len(sms_to(PHONE)) == 1
