"""Webhook subscriptions through the API (the secret shown once, each key sees its own); a
withdrawal through the API produces exactly one `consent.withdrawn`; an approved
verification one `verification.approved` with its id and purpose, no number."""

import json

from conftest import last_code
from zgoda.webhooks.tests.conftest import commits, receiver  # noqa: F401  (fixtures)

from .conftest import CUSTOMER


def _subscribe(api, receiver, events):  # noqa: F811
    response = api.post("/webhooks", {"url": receiver.url, "events": events, "description": "sklep"})
    assert response.status_code == 201, response.content
    created = response.json()
    receiver.secret = created["secret"]
    return created


def test_subscriptions_are_the_keys_own_and_the_secret_is_shown_once(api, make_api, receiver):  # noqa: F811
    created = _subscribe(api, receiver, ["consent.withdrawn"])
    assert created["secret"].startswith("whsec_") and created["events"] == ["consent.withdrawn"]
    listed = api.get("/webhooks").json()
    assert [s["id"] for s in listed] == [created["id"]] and "secret" not in listed[0]
    other = make_api("webhooks", name="Inny")
    assert other.get("/webhooks").json() == []
    assert other.delete(f"/webhooks/{created['id']}").status_code == 404
    assert api.delete(f"/webhooks/{created['id']}").status_code == 204
    assert api.get("/webhooks").json() == []


def test_bad_subscriptions_are_problems(api):
    response = api.post("/webhooks", {"url": "ftp://shop.example/", "events": ["consent.withdrawn"]})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "url"
    response = api.post("/webhooks", {"url": "https://shop.example/hook", "events": ["no.such"]})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "events"


def test_a_withdrawal_through_the_api_sends_one_withdrawn_event(api, receiver, commits):  # noqa: F811
    from zgoda.consent import api as consent_api

    _subscribe(api, receiver, ["consent.withdrawn"])
    with commits():
        consent_api.record_pending_consent(phone=CUSTOMER, purpose="sms_marketing", text_version="1.0", language="pl")
        consent_api.confirm_pending(CUSTOMER)
    with commits():
        response = api.post("/withdrawals", {"phone": CUSTOMER, "purpose": "sms_marketing"})
    assert response.json() == {"withdrawn": 1}
    with commits():
        assert api.post("/withdrawals", {"phone": CUSTOMER, "purpose": "sms_marketing"}).json() == {"withdrawn": 0}
    events = [json.loads(r.body) for r in receiver.of_type("consent.withdrawn")]
    assert len(events) == 1 and events[0]["data"]["source"] == "api" and events[0]["data"]["phone"] == CUSTOMER
    assert all(r.verified for r in receiver.requests)


def test_an_approved_verification_sends_its_id_and_purpose_and_no_number(api, receiver, commits):  # noqa: F811
    _subscribe(api, receiver, ["verification.approved"])
    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"}).json()
    _, code = last_code(CUSTOMER)
    with commits():
        api.post(f"/verifications/{started['id']}/check", {"code": code})
    with commits():
        api.post(f"/verifications/{started['id']}/check", {"code": code})  # already approved: no second event
    [event] = [json.loads(r.body) for r in receiver.of_type("verification.approved")]
    assert set(event["data"]) == {"id", "purpose", "approved_at", "sandbox"}
    assert event["data"]["id"] == started["id"] and event["data"]["purpose"] == "login"
    assert CUSTOMER not in json.dumps(event) and CUSTOMER[1:] not in json.dumps(event)
