"""POSTs honour Idempotency-Key: the same key and body replay the first response (no second
SMS); the same key with another body is a 422 problem; errors are not kept; kept responses
expire with retention."""

from django.utils import timezone

from conftest import sms_to
from zgoda.lib.personal_data import Number, each
from zgoda.restapi import app_settings
from zgoda.restapi.models import IdempotencyRecord

from .conftest import CUSTOMER

BODY = {"phone": CUSTOMER, "purpose": "confirm_number"}


def test_same_key_same_body_replays(api):
    first = api.post("/verifications", BODY, headers={"Idempotency-Key": "order-17"})
    # With the open verification ended, a new POST would send a new code: a replay does not.
    again = api.post("/verifications", BODY, headers={"Idempotency-Key": "order-17"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert len(sms_to(CUSTOMER)) == 1


def test_same_key_other_body_is_422(api):
    api.post("/verifications", BODY, headers={"Idempotency-Key": "k1"})
    conflict = api.post("/verifications", {**BODY, "purpose": "login"}, headers={"Idempotency-Key": "k1"})
    assert conflict.status_code == 422
    assert conflict.json()["type"] == "urn:zgoda:problem:idempotency-conflict"


def test_keys_are_per_api_key(api, make_api):
    other = make_api()
    api.post("/verifications", BODY, headers={"Idempotency-Key": "shared"})
    response = other.post("/verifications", {**BODY, "phone": "+48500300401"}, headers={"Idempotency-Key": "shared"})
    assert response.status_code == 201 and "Idempotent-Replayed" not in response


def test_an_error_is_not_kept_so_a_retry_runs(api):
    bad = api.post("/verifications", {**BODY, "phone": "12"}, headers={"Idempotency-Key": "retry-me"})
    assert bad.status_code == 422
    assert not IdempotencyRecord.objects.exists()
    good = api.post("/verifications", BODY, headers={"Idempotency-Key": "retry-me"})
    assert good.status_code == 201


def test_kept_responses_expire_and_go_with_the_number(api):
    api.post("/subjects/lookup", {"phone": CUSTOMER}, headers={"Idempotency-Key": "look"})
    api.post("/verifications", BODY, headers={"Idempotency-Key": "v"})
    assert IdempotencyRecord.objects.count() == 2
    # The look-up's answer names the number: found, and erased with it.
    assert each("find", Number(CUSTOMER))["restapi.idempotency_responses"] == 1
    assert each("erase", Number(CUSTOMER), top_down=True)["restapi.idempotency_responses"] == 1
    later = timezone.now() + timezone.timedelta(hours=app_settings.idempotency_hours(), seconds=1)
    assert each("expire", later)["restapi.idempotency_responses"] == 1
    assert not IdempotencyRecord.objects.exists()


def test_an_overlong_key_is_a_problem(api):
    response = api.post("/verifications", BODY, headers={"Idempotency-Key": "x" * 300})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_a_webhook_secret_is_never_kept_and_a_repeat_names_the_subscription(api):
    body = {"url": "https://sklep.example.pl/hooks", "events": ["consent.withdrawn"]}
    first = api.post("/webhooks", body, headers={"Idempotency-Key": "hook-1"})
    assert first.status_code == 201 and first.json()["secret"].startswith("whsec_")
    kept = IdempotencyRecord.objects.get(key="hook-1")
    assert first.json()["secret"] not in kept.response_body and "whsec_" not in kept.response_body
    again = api.post("/webhooks", body, headers={"Idempotency-Key": "hook-1"})
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    assert again.json()["type"].endswith("secret-shown-once") and str(first.json()["id"]) in again.json()["detail"]
    assert len(api.get("/webhooks").json()) == 1  # no second subscription
