"""A withdrawal through a STOP reply, or through the number portal, produces exactly one
`consent.withdrawn` (the account as an opaque id, no number: the subject has an account);
the STOP also one `sms.stop_received` with the number. A number-only subject's withdrawal
carries the number."""

import json

from conftest import PHONE, last_code
from zgoda.consent import api as consent_api
from zgoda.privacy.tests.conftest import CODE, ME, PORTAL, consenting
from zgoda.sms import inbound
from zgoda.sms.providers.base import Inbound
from zgoda.webhooks.models import Event


def withdrawn(receiver):
    return [json.loads(r.body) for r in receiver.of_type("consent.withdrawn")]


def test_a_stop_reply_sends_one_withdrawn_and_one_stop_event(subscribe, receiver, commits):
    subscription = subscribe()
    receiver.secret = subscription["secret"]
    person = consenting()
    receiver.requests.clear()
    with commits():
        inbound.receive("outbox", Inbound(sender="48500100200", recipient="Zgoda", text="STOP"))
    [event] = withdrawn(receiver)
    assert event["data"] == {"purpose": "sms_marketing", "source": "sms_reply", "at": event["data"]["at"],
                             "account": str(person.pk)}
    [stop] = [json.loads(r.body)["data"] for r in receiver.of_type("sms.stop_received")]
    assert stop["phone"] == PHONE and stop["withdrew"] is True and len(stop["number_hash"]) == 64
    assert all(r.verified for r in receiver.requests) and len(receiver.requests) == 2


def test_the_number_portal_withdrawal_sends_one_withdrawn_event(subscribe, receiver, commits, client):
    subscribe(events=["consent.withdrawn"])
    person = consenting()
    client.post(PORTAL, {"phone": "500 100 200"})
    _, code = last_code(PHONE)
    assert client.post(CODE, {"code": code})["Location"] == ME
    with commits():
        client.post("/privacy/me/withdraw/")
    [event] = withdrawn(receiver)
    assert (event["data"]["source"], event["data"]["account"]) == ("privacy_portal", str(person.pk))
    assert "phone" not in event["data"]
    with commits():
        client.post("/privacy/me/withdraw/")  # nothing left to withdraw: no second event
    assert len(withdrawn(receiver)) == 1


def test_a_number_only_subject_is_named_by_its_number(subscribe, receiver, commits):
    subscribe(events=["consent.granted", "consent.withdrawn"])
    with commits():
        consent_api.record_pending_consent(phone=PHONE, purpose="sms_marketing", text_version="1.0", language="pl",
                                           reference="klient-77")
        assert consent_api.confirm_pending(PHONE) == 1
    [granted] = [json.loads(r.body)["data"] for r in receiver.of_type("consent.granted")]
    assert granted["phone"] == PHONE and granted["account"] is None and granted["source"] == "api"
    assert Event.objects.get().phone == PHONE
    with commits():
        inbound.receive("outbox", Inbound(sender=PHONE, recipient="Zgoda", text="nie"))
    [event] = withdrawn(receiver)
    assert event["data"]["phone"] == PHONE and event["data"]["source"] == "sms_reply"
