"""A try on the privacy portal can end before this browser types its code: another browser
asked for the same number (which replaces it), typed its code, or typed too many wrong ones,
or the try is gone (retention, an erasure). Reloading the code page, asking for another code
or typing one then leads back to the start, /privacy/, saying in the portal's words what
happened and what to do: give the number again. Never the login's "log in again" (there is no
login here), and the same answers for a number Zgoda knows and one it does not."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PHONE, last_code
from zgoda.accounts.models import CodeChallenge, OneTimeCode

from .conftest import CODE, PORTAL, consenting, page

UNKNOWN = "+48600999888"
NUMBERS = {"known": ("500 100 200", PHONE), "unknown": ("600 999 888", UNKNOWN)}
REPLACED = ("Ta próba się zakończyła, bo o kod dla tego numeru poproszono w innym miejscu. "
            "Podaj numer telefonu jeszcze raz.")
GONE = "Ta próba się zakończyła. Podaj numer telefonu jeszcze raz."
USED = "Ten kod został już użyty. Zacznij od nowa."
TOO_MANY = "Za dużo błędnych kodów. Ze względów bezpieczeństwa zacznij od nowa."
LOGIN_WORDS = ("logowanie", "Zaloguj", "log in", "login")


@pytest.fixture(autouse=True)
def known(db, settings):
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = 1  # the portal's 5-minute budget of a number: one code
    return consenting()


def browser(digits: str, **extra) -> Client:
    """A browser that asked the portal for a code for the number."""
    client = Client(**extra)
    assert client.post(PORTAL, {"phone": digits})["Location"] == CODE
    return client


def refused_then_replaced(digits: str, e164: str, **extra) -> Client:
    """Browser A asks after a code went to the number within 5 minutes (and no longer works), so
    none is sent in its try; browser B then asks for the same number, which replaces A's try."""
    browser(digits)
    expire_codes()
    a = browser(digits, **extra)
    assert '<button type="submit" class="primary" disabled>' in page(a.get(CODE))  # refused: no code to type
    browser(digits)
    assert CodeChallenge.objects.filter(phone=e164, end_reason=CodeChallenge.End.ABANDONED).count() == 2
    return a


def expire_codes():
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))


def ended(e164: str, reason):
    CodeChallenge.objects.filter(phone=e164).update(ended_at=timezone.now(), end_reason=reason)


def back_at_the_start(response, client) -> str:
    """The answer: a redirect to /privacy/ whose page shows the portal's message (and the form)."""
    assert (response.status_code, response["Location"]) == (302, PORTAL)
    body = page(client.get(PORTAL))
    assert 'name="phone"' in body
    [said] = re.findall(r'<li class="msg[^"]*" role="[^"]*">([^<]*)</li>', body)
    for word in LOGIN_WORDS:
        assert word not in said, word
    assert client.get(CODE)["Location"] == PORTAL  # the ended try is forgotten
    return said


@pytest.mark.parametrize("number", NUMBERS)
def test_reloading_the_code_page_of_a_try_another_browser_replaced_says_so_and_leads_to_the_start(number):
    a = refused_then_replaced(*NUMBERS[number])
    assert back_at_the_start(a.get(CODE), a) == REPLACED


def test_in_english_too():
    a = refused_then_replaced(*NUMBERS["known"], HTTP_ACCEPT_LANGUAGE="en")
    assert back_at_the_start(a.get(CODE), a) == (
        "This attempt has ended because a code for this number was requested somewhere else. "
        "Enter your phone number again.")


@pytest.mark.parametrize("number", NUMBERS)
def test_asking_for_another_code_in_a_replaced_try_says_so_and_sends_nothing(number):
    a = refused_then_replaced(*NUMBERS[number])
    codes = OneTimeCode.objects.count()
    assert back_at_the_start(a.post("/privacy/code/resend/"), a) == REPLACED
    assert OneTimeCode.objects.count() == codes


@pytest.mark.parametrize("number", NUMBERS)
def test_a_code_typed_in_a_try_a_later_request_replaced_is_not_called_too_many_wrong_codes(number, settings):
    """Its code went and expired; another browser's request replaced the try; the old code is typed."""
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = 5
    digits, e164 = NUMBERS[number]
    a = browser(digits)
    code = last_code(PHONE)[1] if number == "known" else "123456"
    expire_codes()
    browser(digits)
    assert CodeChallenge.objects.filter(phone=e164, end_reason=CodeChallenge.End.ABANDONED).count() == 1
    assert back_at_the_start(a.post(CODE, {"code": code}), a) == REPLACED


@pytest.mark.parametrize("number", NUMBERS)
def test_a_try_whose_code_another_browser_typed_says_the_code_was_used(number):
    digits, e164 = NUMBERS[number]
    a = browser(digits)
    b = browser(digits)  # the same try: its code still works
    assert CodeChallenge.objects.filter(phone=e164).count() == 1
    ended(e164, CodeChallenge.End.PASSED)  # b typed it (as if: an unknown number's code matches nothing)
    assert b is not a
    assert back_at_the_start(a.get(CODE), a) == USED


@pytest.mark.parametrize("number", NUMBERS)
def test_a_try_too_many_wrong_codes_ended_in_another_browser_says_so(number):
    digits, e164 = NUMBERS[number]
    a = browser(digits)
    browser(digits)
    ended(e164, CodeChallenge.End.TOO_MANY_WRONG)
    assert back_at_the_start(a.get(CODE), a) == TOO_MANY


@pytest.mark.parametrize("number", NUMBERS)
def test_a_try_that_is_gone_says_it_ended(number):
    """Retention deleted it, or the erasure of an account that held the number."""
    a = browser(NUMBERS[number][0])
    CodeChallenge.objects.all().delete()
    assert back_at_the_start(a.get(CODE), a) == GONE


def test_every_ended_try_answers_alike_for_a_known_and_an_unknown_number():
    answers = []
    for number in NUMBERS:
        a = refused_then_replaced(*NUMBERS[number])
        first = a.get(CODE)
        answers.append((first.status_code, first["Location"], back_at_the_start(first, a)))
    assert answers[0] == answers[1]
