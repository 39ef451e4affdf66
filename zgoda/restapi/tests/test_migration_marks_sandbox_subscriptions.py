"""Subscriptions and pending consents made with a sandbox key before they knew it become sandbox
ones, the subscriptions' pending deliveries (real people's events) are cancelled; a live
key's stay as they were."""

import importlib

from django.apps import apps
from django.utils import timezone

from zgoda.restapi.models import ApiKey
from zgoda.webhooks.models import Delivery, Event, Subscription

from .conftest import new_key

migration = importlib.import_module("zgoda.restapi.migrations.0002_sandbox_subscriptions")


def _subscription_with_a_pending_delivery(key, event):
    subscription = Subscription.objects.create(url="https://sklep.example.pl/hook", events=["consent.granted"],
                                               secret_encrypted="x", api_key_id=key.pk)
    Delivery.objects.create(event=event, subscription=subscription, created_at=timezone.now())
    return subscription


def test_old_sandbox_subscriptions_are_marked_and_their_pending_deliveries_cancelled(db):
    event = Event.objects.create(id="msg_1", type="consent.granted", payload={"data": {"phone": "+48500300400"}},
                                 created_at=timezone.now())
    sandbox_key, _ = new_key(kind=ApiKey.Kind.SANDBOX)
    live_key, _ = new_key()
    sandbox = _subscription_with_a_pending_delivery(sandbox_key, event)
    live = _subscription_with_a_pending_delivery(live_key, event)

    from zgoda.consent import api as consent_api
    from zgoda.consent.models import PendingConsent

    for key in (sandbox_key, live_key):
        consent_api.record_pending_consent(phone="+48500300400", purpose="sms_marketing", text_version="1.0",
                                           language="pl", api_key_id=key.pk)  # as before: no sandbox flag

    migration.mark_sandbox_subscriptions(apps, None)

    assert dict(PendingConsent.objects.values_list("api_key_id", "sandbox")) == {sandbox_key.pk: True,
                                                                                 live_key.pk: False}

    sandbox.refresh_from_db()
    live.refresh_from_db()
    assert sandbox.sandbox is True and live.sandbox is False
    assert Delivery.objects.get(subscription=sandbox).status == Delivery.Status.CANCELLED
    assert Delivery.objects.get(subscription=live).status == Delivery.Status.PENDING
