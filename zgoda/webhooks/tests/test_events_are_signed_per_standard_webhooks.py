"""An event goes to each subscription that wants it, once, signed per the Standard Webhooks
spec: the receiver verifies it with the `standardwebhooks` library and the subscription's
secret; a wrong secret or a changed body fails verification."""

import re

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from zgoda.webhooks import api
from zgoda.webhooks.models import Attempt, Delivery

from .conftest import verified


def test_emitted_event_arrives_signed_and_verifies(subscribe, receiver, commits):
    subscription = subscribe(events=["campaign.finished"])
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", subscription["secret"])
    with commits():
        event_id = api.emit("campaign.finished", {"campaign_id": 7, "name": "Wiosna", "counts": {"sent": 3}})
    assert event_id.startswith("msg_")
    [request] = receiver.requests
    payload = verified(subscription["secret"], request)
    assert payload["type"] == "campaign.finished"
    assert payload["data"] == {"campaign_id": 7, "name": "Wiosna", "counts": {"sent": 3}}
    assert payload["timestamp"].endswith("Z")
    assert request.headers["webhook-id"] == event_id
    assert request.headers["Content-Type"] == "application/json"
    assert Delivery.objects.get().status == "delivered"
    attempt = Attempt.objects.get()
    assert (attempt.number, attempt.status_code, attempt.error, attempt.response_excerpt) == (1, 200, "", "ok")


def test_a_wrong_secret_or_a_changed_body_does_not_verify(subscribe, receiver, commits):
    subscription = subscribe(events=["campaign.finished"])
    other = api.create_subscription(url=receiver.url, events=["subject.erased"])
    with commits():
        api.emit("campaign.finished", {"campaign_id": 1})
    [request] = receiver.requests
    with pytest.raises(WebhookVerificationError):
        Webhook(other["secret"]).verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(subscription["secret"]).verify(request.body.replace(b'"campaign_id":1', b'"campaign_id":2'),
                                               request.headers)


def test_only_subscriptions_that_want_the_type_and_are_active_get_it(db, receiver, commits):
    wants = api.create_subscription(url=receiver.url, events=["sms.stop_received"])
    api.create_subscription(url=receiver.url, events=["campaign.finished"])
    with commits():
        assert api.emit("verification.approved", {"phone": "+48500100200"}) is None
        api.emit("sms.stop_received", {"phone": "+48500100200"})
    [request] = receiver.requests
    verified(wants["secret"], request)


def test_the_body_is_not_sent_before_the_callers_transaction_commits(subscribe, receiver, django_capture_on_commit_callbacks):
    subscribe()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api.emit("campaign.finished", {"campaign_id": 1})
    assert receiver.requests == [] and len(callbacks) == 1
