"""The re-consent page after the SMS step speaks the language the person reads: its words and
the consent text it asks about (the current version in that language, which is the one a
"yes" records), in Polish and in English, even when the old consent was given on the Polish
text. Its header is the logged-in one (the code is proved): log out, no "log in" or "sign up";
logging out there ends the login."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from conftest import PHONE, last_code, login_password
from zgoda.consent.internal.flows import ledger, validity
from zgoda.consent.models import Action, ContactPoint, Purpose, Source

from .conftest import current, events, page, publish

REVIEW = "/accounts/consents/review/"


@pytest.fixture
def consented(user_2fa):
    """Consent given on the Polish text 1.0; then both languages get a material 2.0."""
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING, "pl"),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    ContactPoint.objects.create(user=user_2fa, phone=PHONE)
    publish(Purpose.SMS_MARKETING, "2.0", label="Chcę SMS-y z ofertami i nowościami",
            change_note="Dodaliśmy SMS-y o nowościach.")
    publish(Purpose.SMS_MARKETING, "2.0", language="en", label="I want SMS with offers and news",
            change_note="We added SMS about new products.")
    return user_2fa


def at_review(client) -> str:
    login_password(client)
    assert client.post("/accounts/2fa/challenge/", {"code": last_code()[1]})["Location"] == REVIEW
    return page(client.get(REVIEW))


def header(body: str) -> str:
    return body.split('<header class="top">')[1].split("</header>")[0]


def shown_version(body: str) -> str:
    return re.search(r'name="version" value="(\d+)"', body).group(1)


def test_in_polish_the_page_and_the_text_are_polish_and_the_header_is_logged_in(client, consented):
    body = at_review(client)
    assert "Zmieniliśmy treść zgody na SMS-y marketingowe" in body
    assert "Chcę SMS-y z ofertami i nowościami" in body and "Dodaliśmy SMS-y o nowościach." in body
    assert "Wyloguj" in header(body) and "Zaloguj się" not in header(body) and "Załóż konto" not in header(body)
    assert shown_version(body) == str(current(Purpose.SMS_MARKETING, "pl").pk)


def test_in_english_the_page_and_the_text_are_english_and_yes_is_recorded_on_the_english_text(db, consented):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # picked before logging in
    body = at_review(client)
    assert "We have changed the text of the marketing SMS consent" in body
    assert "I want SMS with offers and news" in body and "We added SMS about new products." in body
    assert "Chcę SMS-y" not in body and "Dodaliśmy" not in body
    assert "Log out" in header(body) and "Log in" not in header(body) and "Sign up" not in header(body)
    english = current(Purpose.SMS_MARKETING, "en")
    assert shown_version(body) == str(english.pk)

    response = client.post(REVIEW, {"choice": "grant", "version": shown_version(body)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(consented.pk)
    last = events(consented, Purpose.SMS_MARKETING)[-1]
    assert (last.action, last.source, last.text) == (Action.GRANTED, Source.RECONSENT, english)
    assert validity.marketing_valid(consented)


def test_not_now_on_the_english_page_is_remembered(db, consented):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    at_review(client)
    assert client.post(REVIEW, {"choice": "later"})["Location"] == "/"
    client.post("/accounts/logout/")
    login_password(client)
    assert client.post("/accounts/2fa/challenge/", {"code": last_code()[1]})["Location"] == "/"


def test_logging_out_from_the_header_ends_the_login(client, consented):
    at_review(client)
    client.post("/accounts/logout/")
    assert SESSION_KEY not in client.session
    response = client.get(REVIEW)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
