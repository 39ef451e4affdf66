"""A shop's look-up of a number: the number-only subject's consents per purpose, pending ones,
and the accounts' granted marketing consents with nothing else of the accounts. A withdrawal
through the API ends the number-only subject's consent and suppresses the number."""

from django.core.cache import cache

from conftest import make_user
from zgoda.consent import api
from zgoda.consent.internal.flows import contacts, ledger
from zgoda.consent.models import Action, ContactPoint, Purpose, Source, Suppression, phone_hash

from .conftest import current
from .number_only import NUMBER, number_only, post_consent


def test_lookup_shows_number_only_consents_and_pending_ones(db):
    number_only()
    cache.clear()  # the verification was long ago: a new consent waits for a new code
    post_consent(purpose="terms")
    answer = api.number_consents(NUMBER)
    assert answer["phone"] == NUMBER and answer["on_list"] is True and answer["suppressed"] is False
    assert [(c["purpose"], c["granted"], c["source"], c["version"], c["on_list"]) for c in answer["consents"]] == [
        ("sms_marketing", True, "api", "1.0", True)]
    assert "RODO art. 6" in answer["consents"][0]["legal_basis"]
    assert [(p["purpose"], p["version"]) for p in answer["pending"]] == [("terms", "1.0")]


def test_lookup_shows_an_accounts_consent_without_the_account(db):
    person = make_user("ola@example.com", phone=NUMBER)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=NUMBER)
    contacts.set_contact(person, NUMBER, via="twofa_enrollment")
    answer = api.number_consents(NUMBER)
    assert [(c["purpose"], c["granted"], c["source"]) for c in answer["consents"]] == [
        ("sms_marketing", True, "twofa_enrollment")]
    assert set(answer["consents"][0]) == {"purpose", "granted", "since", "version", "source", "legal_basis", "on_list"}
    assert "ola@example.com" not in str(answer) and "user" not in str(answer)


def test_withdrawal_through_the_api_ends_the_number_only_consent(db):
    number_only()
    assert api.withdraw_number(NUMBER, "api", label="Wycofanie w sklepie") == 1
    assert api.audience_count() == 0 and not ContactPoint.objects.exists()
    assert Suppression.objects.filter(phone_hash=phone_hash(NUMBER), reason="api").exists()
    answer = api.number_consents(NUMBER)
    assert answer["on_list"] is False and answer["suppressed"] is True
    assert [(c["purpose"], c["granted"]) for c in answer["consents"]] == [("sms_marketing", False)]


def test_a_new_consent_after_the_withdrawal_counts_again(db):
    number_only()
    api.withdraw_number(NUMBER, "sms_reply")
    number_only()
    assert api.audience_count() == 1
