"""A number known only through a shop's API (a number-only subject, no account) is known to the
portal: it gets a code, sees its consent, withdraws, downloads and forgets it. Forgetting
leaves no number, IP or browser in the subject's rows, keeps a suppression, and leaves an
account holding the same number whole (its 2FA and its own consent rows)."""

import json

from django.core.cache import cache

from conftest import PHONE, last_code, make_user, sms_to
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent import api
from zgoda.consent.internal.flows import contacts, ledger, texts
from zgoda.consent.models import (
    Action, ConsentEvent, ContactPoint, NumberSubject, PendingConsent, Purpose, Source, Suppression, phone_hash,
)
from zgoda.consent.tests.number_only import SHOP_IP, SHOP_UA, number_only, post_consent

from .conftest import CODE, ME, PORTAL, page
from .people import found_in_database

VISITOR = {"REMOTE_ADDR": "198.51.100.9", "HTTP_USER_AGENT": "PortalVisitor/3.0"}


def verified(client):
    client.post(PORTAL, {"phone": "500 100 200"}, **VISITOR)
    _, code = last_code(PHONE)
    assert client.post(CODE, {"code": code}, **VISITOR)["Location"] == ME
    return client


def test_a_number_only_subject_gets_a_code_and_sees_its_consent(client, db):
    number_only(PHONE)
    verified(client)
    assert len(sms_to(PHONE)) == 1
    body = page(client.get(ME, **VISITOR))
    assert "ten numer jest na liście" in body and "<dt>Gdzie</dt><dd>w sklepie</dd>" in body


def test_its_consent_and_an_accounts_on_the_same_number_both_say_given_in_the_shop(client, db):
    """Each consent on the number's page says where it was given in general terms, alike for
    the number-only subject's (the shop's own form, through its API) and an account's on the
    same number (turning on 2FA): "in the shop", never the API, the account or its 2FA."""
    number_only(PHONE)
    verified(client)
    wheres = [row.split("<dd>")[1].split("</dd>")[0] for row in page(client.get(ME, **VISITOR)).split("<dt>Gdzie</dt>")[1:]]
    assert wheres == ["w sklepie"]
    english = page(client.get(ME, HTTP_ACCEPT_LANGUAGE="en", **VISITOR))
    assert "<dt>Where</dt><dd>in the shop</dd>" in english and "2FA" not in english and "API" not in english

    person = make_user("ola@example.com", phone=PHONE)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, texts.current_text(Purpose.SMS_MARKETING, "pl"),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(person, PHONE, via="twofa_enrollment")
    body = page(client.get(ME, **VISITOR))
    wheres = [row.split("<dd>")[1].split("</dd>")[0] for row in body.split("<dt>Gdzie</dt>")[1:]]
    assert wheres == ["w sklepie", "w sklepie"] and "2FA" not in body


def test_a_number_with_only_a_pending_consent_is_known_too(client, db):
    post_consent(PHONE)
    client.post(PORTAL, {"phone": "500 100 200"}, **VISITOR)
    assert len(sms_to(PHONE)) == 1


def test_it_withdraws_and_downloads(client, db):
    number_only(PHONE)
    verified(client)
    client.post("/privacy/me/withdraw/", **VISITOR)
    assert api.audience_count() == 0 and "tego numeru nie ma na liście" in page(client.get(ME, **VISITOR))
    download = client.post("/privacy/me/download/", **VISITOR)
    data = json.loads(b"".join(download.streaming_content) if download.streaming else download.content)
    history = data["number_consent_history"]
    assert [(e["action"], e["source"]) for e in history] == [("granted", "api"), ("withdrawn", "privacy_portal")]
    assert history[0]["ip"] == SHOP_IP and history[0]["details"]["reference"] == "klient-42"


def test_forgetting_anonymizes_the_subject_and_leaves_the_account_whole(client, db):
    person = make_user("ola@example.com", phone=PHONE)  # an account with 2FA on the same number
    text = texts.current_text(Purpose.SMS_MARKETING, "pl")
    ledger.record(person, Purpose.TERMS, Action.GRANTED, texts.current_text(Purpose.TERMS, "pl"),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, text, Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(person, PHONE, via="twofa_enrollment")
    own_rows = ConsentEvent.objects.filter(user=person).count()
    number_only(PHONE)
    post_consent(PHONE, purpose="privacy")  # confirmed at once: proved minutes ago
    cache.clear()  # ... and one the number has not confirmed yet
    post_consent(PHONE, purpose="terms")
    subject = NumberSubject.objects.get()
    verified(client)
    response = client.post("/privacy/me/forget/", {"confirm": "on"}, **VISITOR)
    assert response["Location"] == "/privacy/forgotten/"

    rows = ConsentEvent.objects.filter(number_subject=subject)
    assert rows.count() == 4  # two grants, two withdrawals (the pending one is gone): kept as proof, without whose they were
    assert set(rows.values_list("phone", "ip", "user_agent")) == {("", None, "")}
    assert not any("reference" in details for details in rows.values_list("details", flat=True))
    assert not ContactPoint.objects.filter(number_subject=subject).exists() and not PendingConsent.objects.exists()
    assert NumberSubject.objects.get().phone_hash is None
    assert Suppression.objects.filter(phone_hash=phone_hash(PHONE), reason="erasure").exists()
    assert found_in_database([SHOP_IP, SHOP_UA, "klient-42"]) == []
    assert api.number_consents(PHONE)["consents"] == []
    # the account: its 2FA, contact number and its own consent rows stay
    assert SmsTwoFactor.objects.get(user=person).phone == PHONE
    assert ContactPoint.objects.get(user=person).phone == PHONE
    assert ConsentEvent.objects.filter(user=person).count() == own_rows + 1  # its marketing withdrawn by the number
    assert ConsentEvent.objects.filter(user=person, purpose=Purpose.TERMS).get().phone == PHONE
