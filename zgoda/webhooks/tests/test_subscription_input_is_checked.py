"""Subscriptions through the public api: http(s) only, no credentials in the URL, no private
targets in production, known events only; the secret is `whsec_` + base64 of 32 bytes,
returned once; an API key sees and deletes only its own."""

import base64

import pytest

from zgoda.webhooks import api
from zgoda.webhooks.internal import secret as secrets
from zgoda.webhooks.models import Subscription


@pytest.mark.parametrize(("url", "field"), [
    ("ftp://example.com/hook", "url"), ("javascript:alert(1)", "url"), ("https://", "url"), ("", "url"),
    ("https://user:pass@example.com/hook", "url"), ("https://token@example.com/hook", "url"),
    ("https://example.com/a b", "url"), ("https://example.com:99999/", "url"), (None, "url"),
    ("https://" + "a" * 2000 + ".com/", "url"),
])
def test_bad_urls_are_refused_with_a_reason(db, url, field):
    with pytest.raises(api.SubscriptionError) as refused:
        api.create_subscription(url=url, events=["consent.granted"])
    assert refused.value.field == field and refused.value.message


@pytest.mark.parametrize("events", [[], ["consent.granted", "order.paid"], "consent.granted", None])
def test_unknown_or_missing_events_are_refused(db, events):
    with pytest.raises(api.SubscriptionError) as refused:
        api.create_subscription(url="https://example.com/hook", events=events)
    assert refused.value.field == "events"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/", "http://localhost/", "http://10.1.2.3/", "http://192.168.0.10/", "http://[::1]/",
    "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]/",
    # IPv6 addresses that lead to private IPv4 ones: NAT64, 6to4, Teredo
    "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:c0a8:a::1]/",
    "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", "http://[64:ff9b:1::a00:1]/", "http://[::ffff:0:7f00:1]/",
    "http://[fec0::1]/",
])
def test_private_targets_are_refused_in_production(db, settings, url):
    settings.ZGODA_WEBHOOKS_ALLOW_PRIVATE = "0"
    with pytest.raises(api.SubscriptionError) as refused:
        api.create_subscription(url=url, events=["consent.granted"])
    assert refused.value.field == "url"


def test_a_public_ipv6_target_is_accepted_in_production(db, settings):
    settings.ZGODA_WEBHOOKS_ALLOW_PRIVATE = "0"
    created = api.create_subscription(url="http://[2a00:1450:4001:82b::200e]/hook", events=["consent.granted"])
    assert created["url"] == "http://[2a00:1450:4001:82b::200e]/hook"


def test_private_targets_are_allowed_by_default_only_in_debug_or_demo(settings):
    from zgoda.webhooks import app_settings

    del settings.ZGODA_WEBHOOKS_ALLOW_PRIVATE
    settings.DEBUG, settings.ZGODA_DEMO = False, ""
    assert not app_settings.allow_private_targets()
    settings.DEBUG = True
    assert app_settings.allow_private_targets()


def test_the_secret_is_returned_once_and_stored_encrypted(db):
    created = api.create_subscription(url="https://example.com/hook", events=["consent.granted"], description="Sklep")
    assert set(created) == {"id", "url", "events", "description", "active", "sandbox", "created_at", "secret"}
    raw = base64.b64decode(created["secret"].removeprefix("whsec_"))
    assert len(raw) == 32
    row = Subscription.objects.get()
    assert created["secret"] not in row.secret_encrypted
    assert secrets.decrypt(row.secret_encrypted) == created["secret"]
    assert "secret" not in api.list_subscriptions()[0]


def test_an_api_key_lists_and_deletes_only_its_own(db):
    mine = api.create_subscription(url="https://example.com/a", events=["consent.granted"], api_key_id=1)
    theirs = api.create_subscription(url="https://example.com/b", events=["consent.granted"], api_key_id=2)
    assert [s["id"] for s in api.list_subscriptions(api_key_id=1)] == [mine["id"]]
    assert not api.delete_subscription(theirs["id"], api_key_id=1)
    assert not api.delete_subscription("nonsense", api_key_id=1) and not api.delete_subscription(10**30)
    assert api.delete_subscription(mine["id"], api_key_id=1)
    assert [s["id"] for s in api.list_subscriptions()] == [theirs["id"]]


def test_emit_refuses_an_unknown_type(db):
    with pytest.raises(ValueError):
        api.emit("order.paid", {})
