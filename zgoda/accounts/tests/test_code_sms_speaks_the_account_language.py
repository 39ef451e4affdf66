"""The code SMS speaks the person's language: at login the account's (kept at signup,
enrollment and with the language switcher), not a fresh browser's guess, and the login's code
page follows it, so "Enter code no. N" and the SMS agree; at enrollment and its resend the
language of the page they read; the privacy portal's, the page's."""

import re

import pytest

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.internal.flows import language
from zgoda.accounts.models import AccountLanguage

from .conftest import RESEND, page, resend, submit_code

ENGLISH_CODE = re.compile(r"^Zgoda: code no\. (\d+) of today: ([\d ]+)\. Do not share it with anyone\.$")
POLISH_CODE = re.compile(r"^Zgoda: kod nr (\d+) z dzis: ([\d ]+)\. Nie podawaj go nikomu\.$")
ENROLL = "/accounts/2fa/sms/"
CONFIRM = "/accounts/2fa/sms/confirm/"
CONFIRM_RESEND = "/accounts/2fa/sms/confirm/resend/"


def speaking(lang, phone=PHONE, email="anna@example.com"):
    person = make_user(email, phone=phone)
    AccountLanguage.objects.create(user=person, language=lang)
    return person


def code_of(text, pattern):
    found = pattern.match(text)
    assert found, text
    return int(found.group(1)), found.group(2).replace(" ", "")


@pytest.fixture
def no_cooldown(settings):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    return settings


def test_an_english_account_gets_an_english_code_at_login_and_resend_and_the_page_follows(client, db, no_cooldown):
    speaking("en")
    response = login_password(client, HTTP_ACCEPT_LANGUAGE="pl")  # a fresh browser that guesses Polish
    assert response.status_code == 302
    [first] = sms_to(PHONE)
    assert code_of(first, ENGLISH_CODE)[0] == 1
    assert client.cookies["django_language"].value == "en"
    assert "Enter code no. 1" in page(client.get("/accounts/2fa/challenge/"))
    assert resend(client).status_code == 302
    ordinal, code = code_of(sms_to(PHONE)[-1], ENGLISH_CODE)
    assert ordinal == 2 and "Enter code no. 2" in page(client.get("/accounts/2fa/challenge/"))
    assert submit_code(client, code).status_code == 302


def test_a_polish_account_gets_a_polish_code_even_in_an_english_browser(client, db, no_cooldown):
    speaking("pl")
    login_password(client, HTTP_ACCEPT_LANGUAGE="en")
    assert code_of(sms_to(PHONE)[-1], POLISH_CODE)[0] == 1
    assert "Wpisz kod nr 1" in page(client.get("/accounts/2fa/challenge/", HTTP_ACCEPT_LANGUAGE="en"))
    client.post(RESEND, HTTP_ACCEPT_LANGUAGE="en")
    assert code_of(sms_to(PHONE)[-1], POLISH_CODE)[0] == 2


def test_an_account_that_never_said_keeps_the_language_of_its_first_login(client, db):
    person = make_user(phone=PHONE)
    login_password(client, HTTP_ACCEPT_LANGUAGE="en")
    code_of(sms_to(PHONE)[-1], ENGLISH_CODE)
    assert language.of_account(person.pk) == "en"


def test_a_language_picked_before_logging_in_is_the_one_the_code_speaks_and_is_kept(client, db):
    person = speaking("pl")
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    login_password(client)
    code_of(sms_to(PHONE)[-1], ENGLISH_CODE)
    assert language.of_account(person.pk) == "en"
    assert "Enter code no. 1" in page(client.get("/accounts/2fa/challenge/"))


def test_switching_language_while_logged_in_changes_the_account_language(client, db):
    person = speaking("pl")
    client.force_login(person)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "en"
    assert language.of_account(person.pk) == "en"
    client.post("/i18n/setlang/", {"language": "pl", "next": "/"})
    assert language.of_account(person.pk) == "pl"


@pytest.mark.parametrize("lang, pattern", [("en", ENGLISH_CODE), ("pl", POLISH_CODE)])
def test_enrollment_and_its_resend_speak_the_language_of_the_page(client, db, no_cooldown, lang, pattern):
    person = make_user()
    client.force_login(person)
    client.cookies["django_language"] = lang
    assert client.post(ENROLL, {"phone": "500 100 200"}).status_code == 302
    assert code_of(sms_to(PHONE)[-1], pattern)[0] == 1
    assert client.post(CONFIRM_RESEND).status_code == 302
    ordinal, code = code_of(sms_to(PHONE)[-1], pattern)
    assert ordinal == 2
    assert language.of_account(person.pk) == lang  # the next login's code speaks it too
    assert ("Enter code no. 2" if lang == "en" else "Wpisz kod nr 2") in page(client.get(CONFIRM))
    assert client.post(CONFIRM, {"code": code}).status_code == 302


def test_signup_keeps_the_language_it_was_made_in(db, rf):
    from allauth.account.signals import user_signed_up
    from django.utils import translation

    person = make_user()
    with translation.override("en"):
        user_signed_up.send(sender=type(person), request=rf.get("/"), user=person)
    assert language.of_account(person.pk) == "en"


@pytest.mark.parametrize("lang, pattern", [("en", ENGLISH_CODE), ("pl", POLISH_CODE)])
def test_the_privacy_portal_code_speaks_the_language_of_the_page(client, db, lang, pattern):
    make_user(phone=PHONE)
    client.cookies["django_language"] = lang
    client.post("/privacy/", {"phone": PHONE})
    code_of(sms_to(PHONE)[-1], pattern)
