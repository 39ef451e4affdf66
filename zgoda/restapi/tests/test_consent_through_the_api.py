"""A consent a shop posts through the API counts (export, audience, look-up) only after the
number is proved by an approved verification with the code from the SMS; the number-only
subject then shows up in the export and on the number portal, and "forget this number" on the
portal takes it out of both."""

import json
from datetime import timedelta

import time_machine

from django.test import Client
from django.utils import timezone

from conftest import last_code

from .conftest import CUSTOMER

PORTAL_VISITOR = {"REMOTE_ADDR": "198.51.100.20", "HTTP_USER_AGENT": "Phone/1.0"}


def _exported(api) -> list[str]:
    response = api.get("/marketing-numbers", {"format": "ndjson"})
    assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
    return [json.loads(line)["phone"] for line in b"".join(response.streaming_content).decode().splitlines()]


def _post_consent(api):
    texts = api.get("/consent-texts").json()
    marketing = next(t for t in texts if t["purpose"] == "sms_marketing" and t["language"] == "pl")
    response = api.post("/consents", {
        "phone": "500 300 400", "purpose": "sms_marketing", "text_sha256": marketing["sha256"],
        "label": marketing["label"], "ip": "203.0.113.5", "user_agent": "Shop/1.0", "reference": "customer-17",
    })
    assert response.status_code == 201, response.content
    return response.json()


def _verify(api):
    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "confirm_number"}).json()
    _, code = last_code(CUSTOMER)
    checked = api.post(f"/verifications/{started['id']}/check", {"code": code})
    assert checked.json()["status"] == "approved"


def test_a_consent_counts_only_after_its_verification(api):
    posted = _post_consent(api)
    assert posted["status"] == "pending" and posted["phone"] == CUSTOMER and posted["expires_at"]
    assert _exported(api) == []
    lookup = api.post("/subjects/lookup", {"phone": CUSTOMER}).json()
    assert lookup["on_list"] is False and [p["purpose"] for p in lookup["pending"]] == ["sms_marketing"]

    _verify(api)
    assert _exported(api) == [CUSTOMER]
    lookup = api.post("/subjects/lookup", {"phone": CUSTOMER}).json()
    assert lookup["on_list"] is True and lookup["pending"] == []
    assert [(c["purpose"], c["granted"], c["source"]) for c in lookup["consents"]] == [("sms_marketing", True, "api")]
    csv = b"".join(api.get("/marketing-numbers").streaming_content).decode()
    assert csv.splitlines()[0].startswith("phone") and CUSTOMER in csv


def test_a_number_only_subject_is_on_the_portal_and_gone_after_forgetting_the_number(api, db):
    _post_consent(api)
    _verify(api)
    holder = Client()
    holder.post("/privacy/", {"phone": "500 300 400"}, **PORTAL_VISITOR)
    _, code = last_code(CUSTOMER)
    assert holder.post("/privacy/code/", {"code": code}, **PORTAL_VISITOR)["Location"] == "/privacy/me/"
    assert "ten numer jest na liście" in holder.get("/privacy/me/", **PORTAL_VISITOR).content.decode()

    assert holder.post("/privacy/me/forget/", {"confirm": "on"}, **PORTAL_VISITOR).status_code == 302
    assert _exported(api) == []
    lookup = api.post("/subjects/lookup", {"phone": CUSTOMER}).json()
    assert lookup["on_list"] is False and lookup["suppressed"] is True
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):  # the feed lists settled rows only
        feed = api.get("/suppressions").json()
    assert "erasure" in {item["kind"] for item in feed["items"]}
    assert all(item["phone"] is None for item in feed["items"] if item["kind"] == "erasure")


def test_a_consent_of_a_sandbox_verification_stays_pending(make_api):
    from zgoda.restapi.models import ApiKey

    sandbox = make_api(kind=ApiKey.Kind.SANDBOX)
    _post_consent(sandbox)
    started = sandbox.post("/verifications", {"phone": CUSTOMER, "purpose": "confirm_number"}).json()
    _, code = last_code(CUSTOMER)
    assert sandbox.post(f"/verifications/{started['id']}/check", {"code": code}).json()["status"] == "approved"
    assert _exported(sandbox) == []


def test_a_withdrawal_through_the_api_is_in_the_request_log(api):
    from zgoda.privacy.models import DataSubjectRequest

    _post_consent(api)
    _verify(api)
    assert api.post("/withdrawals", {"phone": CUSTOMER, "purpose": "sms_marketing"}).json() == {"withdrawn": 1}
    logged = DataSubjectRequest.objects.get(kind=DataSubjectRequest.Kind.WITHDRAWAL)
    assert (logged.channel, logged.status, logged.result) == ("api", "done", {"consents_ended": 1})
    assert logged.get_channel_display() == "API sklepu"
