"""Browser B asks the portal for a code for a number while browser A's code for it still
works: A's try is reused and no new SMS goes out (proof.start). B's page must not say an SMS
was just sent, or B waits for one that never comes: it says a code went earlier and still
works, so type the code from the latest SMS. The same words, and the same page, for a number
Zgoda knows and for one it does not (whose stand-in try is reused alike)."""

import re

import pytest
from django.test import Client

from conftest import PHONE, last_code, sms_to

from .conftest import CODE, ME, PORTAL, consenting, page

UNKNOWN = "+48600999888"
NUMBERS = {"known": ("500 100 200", "+48 *** *** 200"), "unknown": ("600 999 888", "+48 *** *** 888")}
SENT_NOW = "wysłaliśmy na niego SMS z kodem"
SENT_BEFORE = ("kod wysłaliśmy na niego już wcześniej i nadal jest ważny. "
               "Nowego SMS-a nie wysyłamy: wpisz kod z ostatniego SMS-a od nas.")


@pytest.fixture(autouse=True)
def known(db):
    return consenting()


def browser(digits: str, **extra) -> Client:
    client = Client(**extra)
    assert client.post(PORTAL, {"phone": digits})["Location"] == CODE
    return client


def lead(client) -> str:
    return re.sub(r"<[^>]+>", "", page(client.get(CODE)).split('<p class="lead">')[1].split("</p>")[0])


def strip(body: str, masked: str) -> str:
    """The page without what differs per session (CSRF token), per second (countdown) or per number."""
    body = re.sub(r"\d\d:\d\d:\d\d", "HH:MM:SS", re.sub(r"za \d+ s", "za N s", body)).replace(masked, "NUMER")
    return "\n".join(line for line in body.splitlines() if "csrfmiddlewaretoken" not in line)


@pytest.mark.parametrize("number", NUMBERS)
def test_the_first_request_says_a_code_was_sent(number):
    a = browser(NUMBERS[number][0])
    assert SENT_NOW in lead(a) and SENT_BEFORE not in lead(a)


@pytest.mark.parametrize("number", NUMBERS)
def test_a_second_browser_is_told_to_use_the_code_already_sent(number):
    digits, masked = NUMBERS[number]
    browser(digits)
    b = browser(digits)
    said = lead(b)
    assert SENT_NOW not in said
    assert said == f"Jeśli numer {masked} jest w naszej bazie, {SENT_BEFORE}"
    assert len(sms_to(PHONE)) == (1 if number == "known" else 0) and sms_to(UNKNOWN) == []


def test_the_code_already_sent_opens_the_data_in_the_second_browser():
    browser("500 100 200")
    b = browser("500 100 200")
    _, code = last_code(PHONE)
    assert b.post(CODE, {"code": code})["Location"] == ME
    assert len(sms_to(PHONE)) == 1


def test_asking_again_in_the_same_browser_also_says_to_use_the_code_already_sent():
    a = browser("500 100 200")
    assert a.post(PORTAL, {"phone": "500 100 200"})["Location"] == CODE
    assert SENT_BEFORE in lead(a)


def test_the_second_browsers_page_is_the_same_for_a_known_and_an_unknown_number():
    pages = []
    for digits, masked in NUMBERS.values():
        browser(digits)
        pages.append(strip(page(browser(digits).get(CODE)), masked))
    assert pages[0] == pages[1]
    assert SENT_BEFORE in pages[0]


@pytest.mark.parametrize("number", NUMBERS)
def test_once_a_new_code_goes_the_page_says_it_was_sent(number, settings):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    browser(NUMBERS[number][0])
    b = browser(NUMBERS[number][0])
    b.post("/privacy/code/resend/")
    assert SENT_NOW in lead(b) and SENT_BEFORE not in lead(b)


def test_in_english_too():
    browser("500 100 200")
    b = browser("500 100 200", HTTP_ACCEPT_LANGUAGE="en")
    assert lead(b) == ("If the number +48 *** *** 200 is in our database, we sent a code to it earlier "
                       "and it is still valid. We are not sending a new SMS: enter the code from our latest SMS.")
