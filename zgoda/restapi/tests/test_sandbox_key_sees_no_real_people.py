"""A sandbox (test) key sees and touches none of the real people, while a live key of the same
shop sees them all (and none of the test key's rows): its look-up shows only the pending consents it recorded itself, its
withdrawal leaves a real consent in force, its export and suppression feed hold nobody, and
its webhook subscriptions get its own test events but no event about a real person."""

import json
from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import last_code
from zgoda.restapi.models import ApiKey
from zgoda.webhooks.models import Delivery

from .conftest import CUSTOMER
from .test_consent_through_the_api import _exported, _post_consent, _verify


def _real_customer_on_the_list(make_api):
    live = make_api(name="Sklep")
    _post_consent(live)
    _verify(live)
    assert _exported(live) == [CUSTOMER]
    return live, make_api(name="Sklep (testy)", kind=ApiKey.Kind.SANDBOX)


def test_a_sandbox_look_up_shows_only_the_pending_consents_it_recorded(make_api):
    live, sandbox = _real_customer_on_the_list(make_api)
    own = _post_consent(sandbox)
    assert own["status"] == "pending"

    seen = sandbox.post("/subjects/lookup", {"phone": CUSTOMER}).json()
    assert seen == {"phone": CUSTOMER, "on_list": False, "suppressed": False, "consents": [],
                    "pending": [{"id": own["id"], "purpose": "sms_marketing", "version": own["version"],
                                 "expires_at": own["expires_at"]}]}
    real = live.post("/subjects/lookup", {"phone": CUSTOMER}).json()
    assert real["on_list"] is True and [c["granted"] for c in real["consents"]] == [True]
    assert real["pending"] == []  # nor does a live key see the test key's rows


def test_a_sandbox_withdrawal_leaves_the_real_consent_in_force(make_api):
    live, sandbox = _real_customer_on_the_list(make_api)
    _post_consent(sandbox)

    answer = sandbox.post("/withdrawals", {"phone": "500 300 400", "purpose": "sms_marketing"})
    assert (answer.status_code, answer.json()) == (200, {"withdrawn": 0})
    assert sandbox.post("/subjects/lookup", {"phone": CUSTOMER}).json()["pending"] == []  # its own test data: gone
    assert _exported(live) == [CUSTOMER]
    real = live.post("/subjects/lookup", {"phone": CUSTOMER}).json()
    assert real["on_list"] is True and real["suppressed"] is False


def test_a_sandbox_export_and_suppression_feed_hold_nobody(make_api):
    live, sandbox = _real_customer_on_the_list(make_api)
    assert _exported(sandbox) == []
    csv = b"".join(sandbox.get("/marketing-numbers").streaming_content).decode()
    assert csv.splitlines() == [csv.splitlines()[0]] and csv.startswith("phone") and CUSTOMER not in csv

    assert live.post("/withdrawals", {"phone": CUSTOMER, "purpose": "sms_marketing"}).json() == {"withdrawn": 1}
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):  # the feed lists settled rows only
        assert "withdrawal" in {item["kind"] for item in live.get("/suppressions").json()["items"]}
        assert sandbox.get("/suppressions").json() == {"items": [], "next_cursor": None}


def test_a_sandbox_subscription_gets_its_own_test_events_but_none_about_real_people(make_api, django_capture_on_commit_callbacks):
    live = make_api(name="Sklep")
    sandbox = make_api(name="Sklep (testy)", kind=ApiKey.Kind.SANDBOX)
    events = ["consent.granted", "verification.approved"]
    hook = "https://sklep.example.pl/webhooks/zgoda"
    made = sandbox.post("/webhooks", {"url": hook, "events": events}).json()
    assert made["sandbox"] is True
    assert live.post("/webhooks", {"url": hook, "events": events}).json()["sandbox"] is False

    with django_capture_on_commit_callbacks():
        _post_consent(live)
        _verify(live)  # a real person's consent is granted, their verification approved
    assert set(Delivery.objects.filter(subscription_id=made["id"]).values_list("event__type", flat=True)) == set()

    started = sandbox.post("/verifications", {"phone": CUSTOMER, "purpose": "confirm_number"}).json()
    _, code = last_code(CUSTOMER)
    with django_capture_on_commit_callbacks():
        assert sandbox.post(f"/verifications/{started['id']}/check", {"code": code}).json()["status"] == "approved"
    sandbox_events = Delivery.objects.filter(subscription_id=made["id"]).values_list("event__payload", flat=True)
    assert [(e["type"], e["data"]["sandbox"]) for e in sandbox_events] == [("verification.approved", True)]
    assert json.dumps(list(sandbox_events)).count(CUSTOMER) == 0
