"""Retention: attempts are deleted after 30 days, and settled events with their deliveries;
`zgoda purge` (every app's expire) does it."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from zgoda.lib import personal_data
from zgoda.webhooks import api
from zgoda.webhooks.models import Attempt, Delivery, Event


def test_everything_goes_after_30_days_and_not_before(subscribe, receiver, commits):
    subscribe(events=["sms.stop_received"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with commits():
            api.emit("sms.stop_received", {"phone": "+48500100200"})
    assert (Event.objects.count(), Delivery.objects.count(), Attempt.objects.count()) == (1, 1, 1)
    assert personal_data.each("expire", start + timedelta(days=29), top_down=True)["webhooks.attempts"] == 0
    assert Attempt.objects.count() == 1
    counts = personal_data.each("expire", start + timedelta(days=31), top_down=True)
    assert (counts["webhooks.attempts"], counts["webhooks.events"]) == (1, 1)
    assert (Event.objects.count(), Delivery.objects.count()) == (0, 0)


def test_an_event_still_being_retried_stays(subscribe, receiver, commits):
    subscribe(events=["campaign.finished"])
    receiver.answers = [500]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with commits():
            api.emit("campaign.finished", {"campaign_id": 1})
    counts = personal_data.declarations()
    webhooks = next(d for d in counts if type(d).__module__ == "zgoda.webhooks.personal_data")
    assert webhooks.expire(start + timedelta(days=31)) == {"attempts": 1, "events": 0}
    assert Event.objects.count() == 1
