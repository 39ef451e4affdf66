"""Off the list, the number's page says why in the words of what happened, with when: a
withdrawal made on this very page is a withdrawal on the privacy page (never "answered STOP
or was unsubscribed"), a STOP reply is a STOP reply, the link in an SMS an opt-out, staff
a request carried out by the shop; in Polish and in English. A consent given after an old
STOP is not blamed on it."""

import pytest

from conftest import PHONE, last_code
from zgoda.consent.models import Purpose, Suppression, phone_hash
from zgoda.consent.tests.number_only import number_only
from zgoda.lib import dates
from zgoda.privacy import api as privacy_api
from zgoda.sms import inbound
from zgoda.sms.providers.base import Inbound

from .conftest import CODE, ME, PORTAL, consenting, grant, page

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def verified(client, **extra):
    client.post(PORTAL, {"phone": "500 100 200"}, **extra)
    _, code = last_code(PHONE)
    assert client.post(CODE, {"code": code}, **extra)["Location"] == ME
    return client


def why(body: str) -> str:
    assert 'data-testid="why-not-on-list"' in body, body
    return " ".join(body.split('data-testid="why-not-on-list">')[1].split("</p>")[0].split())


def when(language: str) -> str:
    at = Suppression.objects.filter(phone_hash=phone_hash(PHONE)).latest("created_at").created_at
    return dates.when(at, words=True, language=language)


@pytest.mark.parametrize("subject", ["account", "number_only"])
def test_a_withdrawal_on_the_page_is_said_to_be_one_with_its_date_not_a_stop_reply(client, db, subject):
    consenting() if subject == "account" else number_only(PHONE)
    verified(client)
    body = page(client.post("/privacy/me/withdraw/", follow=True))
    assert "tego numeru nie ma na liście" in body
    said = why(body)
    assert said == f"Zgodę na SMS-y marketingowe na ten numer wycofano na stronie prywatności {when('pl')}."
    assert "STOP" not in body and "wypisany" not in body and "zastrzeżony" not in body


def test_in_english_too(client, db):
    consenting()
    verified(client, **ENGLISH)
    body = page(client.post("/privacy/me/withdraw/", follow=True, **ENGLISH))
    assert "this number is not on the list" in body
    assert why(body) == f"The SMS marketing consent for this number was withdrawn on the privacy page on {when('en')}."
    assert "STOP" not in body and "opted out" not in body


def test_a_stop_reply_is_called_a_stop_reply(client, db):
    consenting()
    inbound.receive("outbox", Inbound(sender=PHONE, recipient="Zgoda", text="STOP"))
    assert why(page(verified(client).get(ME))) == f"Z tego numeru odpowiedziano STOP na SMS {when('pl')}."
    assert why(page(client.get(ME, **ENGLISH))) == f"This number replied STOP to an SMS on {when('en')}."


@pytest.mark.parametrize(("source", "polish", "english"), [
    ("optout_link", "Ten numer wypisano z listy linkiem z SMS-a {at}.",
     "This number opted out with the link in an SMS on {at}."),
    ("admin", "Obsługa sklepu wycofała zgodę na ten numer {at}, na prośbę przesłaną e-mailem lub listem.",
     "The shop’s staff withdrew the consent for this number on {at}, at a request sent by e-mail or letter."),
    ("api", "Sklep wycofał zgodę na ten numer w swoim systemie {at}.",
     "The shop withdrew the consent for this number in its own system on {at}."),
])
def test_a_link_staff_or_the_shops_api_are_each_named(client, db, source, polish, english):
    consenting()
    assert privacy_api.withdraw_marketing_by_phone(PHONE, source)
    assert why(page(verified(client).get(ME))) == polish.format(at=when("pl"))
    assert why(page(client.get(ME, **ENGLISH))) == english.format(at=when("en"))


def test_a_number_the_network_reported_inactive_says_so(client, db):
    from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

    consenting()
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    body = page(verified(client).get(ME))
    assert "tego numeru nie ma na liście" in body
    assert why(body) == f"Operator zgłosił {when('pl')}, że ten numer nie jest aktywny."


def test_a_consent_given_after_an_old_stop_is_not_blamed_on_it(client, db):
    from zgoda.consent.tests.conftest import publish

    person = consenting()
    inbound.receive("outbox", Inbound(sender=PHONE, recipient="Zgoda", text="STOP"))
    grant(person, Purpose.SMS_MARKETING, PHONE)  # a fresh consent after the STOP...
    publish(Purpose.SMS_MARKETING, "9.0", material=True)  # ... whose text then changed materially
    body = page(verified(client).get(ME))
    assert "tego numeru nie ma na liście" in body and "jej treść istotnie się zmieniła" in why(body)
    assert "STOP" not in why(body)


@pytest.mark.parametrize(("language", "where", "consents_line"), [
    ("pl", "portal prywatności", "Wycofana {date} (portal prywatności)."),
    ("en", "privacy portal", "Withdrawn on {date} (privacy portal)."),
])
def test_the_accounts_pages_say_where_a_withdrawal_on_the_number_page_was_made(client, db, language, where,
                                                                              consents_line):
    from django.test import Client

    person = consenting()
    verified(client)
    client.post("/privacy/me/withdraw/")
    account = Client(HTTP_ACCEPT_LANGUAGE=language)
    account.force_login(person)
    mine = page(account.get("/accounts/privacy/"))
    assert f'data-testid="withdrawn-where">{where}</dd>' in mine
    at = dates.when(person.consent_states.get(purpose=Purpose.SMS_MARKETING).at, words=True, language=language)
    assert consents_line.format(date=at) in " ".join(page(account.get("/accounts/consents/")).split())
