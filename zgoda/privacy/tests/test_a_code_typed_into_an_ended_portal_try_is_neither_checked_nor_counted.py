"""A portal try can end before its browser types the code: another browser's request replaced
it, its code was typed elsewhere, or too many wrong codes ended it. A code typed into such a
try is not checked at all: no refused try is logged, no wrong guess is counted, the code's row
is not touched. The browser is sent back to /privacy/ with the portal's words for how the try
ended, alike for a number Zgoda knows and one it does not."""

import pytest
from django.test import Client

from conftest import PHONE, last_code
from zgoda.accounts.models import AuditEvent, CodeChallenge, OneTimeCode

from .conftest import CODE, PORTAL, consenting, page
from .test_an_ended_portal_try_sends_back_to_the_number_in_the_portals_words import (
    GONE, REPLACED, TOO_MANY, USED, back_at_the_start, ended, expire_codes,
)

UNKNOWN = "+48600999888"
NUMBERS = {"known": ("500 100 200", PHONE), "unknown": ("600 999 888", UNKNOWN)}


@pytest.fixture(autouse=True)
def known(db, settings):
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = 5
    return consenting()


def browser(digits: str, **extra) -> Client:
    client = Client(**extra)
    assert client.post(PORTAL, {"phone": digits})["Location"] == CODE
    return client


def typed_code(number: str) -> str:
    return last_code(PHONE)[1] if number == "known" else "123456"


def code_rows():
    return list(OneTimeCode.objects.order_by("pk").values_list("pk", "wrong_attempts", "blocked", "used_at"))


def checks_of(challenge_id) -> list[str]:
    """The audit's record of codes checked in the try (refused, wrong or accepted)."""
    return [event.event for event in AuditEvent.objects.filter(
        event__in=(AuditEvent.Event.CODE_TRY_REFUSED, AuditEvent.Event.CODE_WRONG, AuditEvent.Event.CODE_ACCEPTED))
        if event.details.get("challenge") == str(challenge_id)]


@pytest.mark.parametrize("number", NUMBERS)
def test_a_code_typed_into_a_try_another_browsers_request_replaced_is_not_checked(number):
    digits, e164 = NUMBERS[number]
    a = browser(digits)
    code = typed_code(number)
    first = CodeChallenge.objects.get(phone=e164)
    expire_codes()
    browser(digits)  # its code no longer works, so this request replaces a's try
    first.refresh_from_db()
    assert first.end_reason == CodeChallenge.End.ABANDONED
    rows = code_rows()
    assert back_at_the_start(a.post(CODE, {"code": code}), a) == REPLACED
    assert checks_of(first.pk) == []
    assert code_rows() == rows
    first.refresh_from_db()
    assert first.wrong_attempts == 0


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("reason, said", [(CodeChallenge.End.PASSED, USED), (CodeChallenge.End.TOO_MANY_WRONG, TOO_MANY)])
def test_a_code_typed_into_a_try_that_ended_elsewhere_is_not_checked(number, reason, said):
    digits, e164 = NUMBERS[number]
    a = browser(digits)
    code = typed_code(number)
    ended(e164, reason)
    challenge = CodeChallenge.objects.get(phone=e164)
    rows = code_rows()
    assert back_at_the_start(a.post(CODE, {"code": code}), a) == said
    assert checks_of(challenge.pk) == []
    assert code_rows() == rows
    assert CodeChallenge.objects.get(pk=challenge.pk).wrong_attempts == 0


@pytest.mark.parametrize("number", NUMBERS)
def test_a_code_typed_into_a_try_that_is_gone_is_not_checked(number):
    a = browser(NUMBERS[number][0])
    CodeChallenge.objects.all().delete()
    assert back_at_the_start(a.post(CODE, {"code": "123456"}), a) == GONE
    assert not AuditEvent.objects.filter(event=AuditEvent.Event.CODE_TRY_REFUSED).exists()


def test_a_code_typed_into_an_ended_try_answers_alike_for_a_known_and_an_unknown_number():
    answers = []
    for digits, _e164 in NUMBERS.values():
        a = browser(digits)
        expire_codes()
        browser(digits)
        response = a.post(CODE, {"code": "123456"})
        answers.append((response.status_code, response["Location"], back_at_the_start(response, a)))
    assert answers[0] == answers[1]


def test_in_english_the_replaced_try_says_so_without_a_check():
    a = browser("500 100 200", HTTP_ACCEPT_LANGUAGE="en")
    code = typed_code("known")
    expire_codes()
    browser("500 100 200")
    response = a.post(CODE, {"code": code})
    assert (response.status_code, response["Location"]) == (302, PORTAL)
    assert ("This attempt has ended because a code for this number was requested somewhere else. "
            "Enter your phone number again.") in page(a.get(PORTAL))
    assert not AuditEvent.objects.filter(event=AuditEvent.Event.CODE_TRY_REFUSED).exists()
