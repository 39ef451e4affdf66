"""A receiver answering 410 Gone is not tried again and its subscription is switched off:
later events are not recorded for it."""

from django.utils import timezone

from zgoda.webhooks import api
from zgoda.webhooks.internal.flows.sending import deliver_due
from zgoda.webhooks.models import Delivery, Subscription


def test_gone_disables_the_subscription(subscribe, receiver, commits):
    subscription = subscribe(events=["campaign.finished"])
    receiver.answers = [410]
    with commits():
        api.emit("campaign.finished", {"campaign_id": 1})
    assert Delivery.objects.get().status == "failed"
    row = Subscription.objects.get(pk=subscription["id"])
    assert not row.active and "410" in row.disabled_reason
    assert deliver_due() == 0
    with commits():
        assert api.emit("campaign.finished", {"campaign_id": 2}) is None
    assert len(receiver.requests) == 1
    assert api.list_subscriptions()[0]["active"] is False


def test_the_reason_names_the_moment_in_the_sites_time_zone(subscribe, receiver, commits):
    subscription = subscribe(events=["campaign.finished"])
    receiver.answers = [410]
    before = timezone.localtime()
    with commits():
        api.emit("campaign.finished", {"campaign_id": 1})
    after = timezone.localtime()
    reason = Subscription.objects.get(pk=subscription["id"]).disabled_reason
    assert str(timezone.get_current_timezone()) == "Europe/Warsaw"
    assert reason in {f"410 Gone {moment:%Y-%m-%d %H:%M}" for moment in (before, after)}


def test_a_pending_retry_of_a_switched_off_subscription_is_cancelled(subscribe, receiver, commits):
    subscription = subscribe(events=["campaign.finished"])
    receiver.answers = [500]
    with commits():
        api.emit("campaign.finished", {"campaign_id": 1})
    Subscription.objects.filter(pk=subscription["id"]).update(active=False)
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert deliver_due() == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("cancelled", 1, 1)
