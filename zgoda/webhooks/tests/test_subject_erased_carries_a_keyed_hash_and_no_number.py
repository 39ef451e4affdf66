"""Erasing a subject sends one `subject.erased` after the commit: its keyed hash (for a
number, the one the suppression feed names it by), the account id for an account, the shop's
customer reference of a number-only subject, and never the number. Earlier payloads holding the number are blanked by the erasure."""

import json

from conftest import PHONE
from zgoda.consent import api as consent_api
from zgoda.lib import crypto
from zgoda.lib.phone import national_forms
from zgoda.lib.personal_data import Number
from zgoda.privacy.internal.flows import erasure, subject as subjects
from zgoda.privacy.tests.conftest import consenting
from zgoda.sms import inbound
from zgoda.sms.providers.base import Inbound
from zgoda.webhooks.models import Event


def no_number_in(raw: bytes):
    text = raw.decode()
    for form in [PHONE, PHONE.lstrip("+"), *national_forms(PHONE)]:
        assert form not in text


def test_erasing_a_number_sends_its_hash_and_blanks_earlier_payloads(subscribe, receiver, commits):
    subscribe()
    consenting()
    with commits():
        inbound.receive("outbox", Inbound(sender=PHONE, recipient="Zgoda", text="STOP"))
    assert Event.objects.filter(phone=PHONE).count() == 1  # the STOP event holds the number
    with commits():
        erasure.erase(Number(PHONE))
    [request] = receiver.of_type("subject.erased")
    data = json.loads(request.body)["data"]
    assert data["kind"] == "number" and data["subject_hash"] == consent_api.number_key(PHONE)
    assert data["account"] is None and data["reference"] is None
    no_number_in(request.body)
    assert not Event.objects.filter(phone=PHONE).exists()
    for event in Event.objects.all():
        no_number_in(json.dumps(event.payload).encode())


def test_erasing_an_account_sends_its_id_and_a_keyed_hash(subscribe, receiver, commits):
    subscribe(events=["subject.erased"])
    person = consenting()
    account = subjects.account(person)
    with commits():
        erasure.erase(account)
    [request] = receiver.requests
    data = json.loads(request.body)["data"]
    assert (data["kind"], data["account"]) == ("account", str(account.user_id))
    assert data["subject_hash"] == crypto.identifier_hash("erased-account", str(account.user_id))
    no_number_in(request.body)


def test_erasing_a_number_only_subject_leaves_its_number_in_no_event(subscribe, receiver, commits):
    subscribe()
    with commits():
        consent_api.record_pending_consent(phone=PHONE, purpose="sms_marketing", text_version="1.0", language="pl",
                                           reference="klient-77")
        consent_api.confirm_pending(PHONE)
    assert Event.objects.get(type="consent.granted").phone == PHONE
    with commits():
        erasure.erase(Number(PHONE))
    assert [json.loads(r.body)["type"] for r in receiver.requests] == [
        "consent.granted", "consent.withdrawn", "subject.erased"]
    erased = json.loads(receiver.requests[-1].body)["data"]
    assert erased["reference"] == "klient-77"  # the shop's own customer reference, to find its customer
    for request in receiver.requests[1:]:
        no_number_in(request.body)
    for event in Event.objects.all():
        assert event.phone == ""
        no_number_in(json.dumps(event.payload).encode())
