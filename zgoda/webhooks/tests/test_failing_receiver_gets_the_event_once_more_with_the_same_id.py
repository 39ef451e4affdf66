"""At-least-once with a stable id: a receiver that fails twice (an error, then no answer in
time) gets the event exactly once more, after the back-off waits (5 s, then 5 min), with
the same `webhook-id` on every attempt; each attempt is logged. A receiver that never
recovers is given up after 3 days."""

import json
from datetime import timedelta

import time_machine
from django.utils import timezone

from zgoda.webhooks import api
from zgoda.webhooks.internal.flows.sending import deliver_due
from zgoda.webhooks.models import Attempt, Delivery



def test_two_failures_then_one_success_with_the_same_id(subscribe, receiver, commits, settings):
    settings.ZGODA_WEBHOOKS_TIMEOUT_SECONDS = 0.5
    subscription = subscribe(events=["consent.withdrawn"])
    receiver.answers, receiver.secret = [500, 0], subscription["secret"]
    with time_machine.travel(timezone.now(), tick=True) as clock:
        with commits():
            event_id = api.emit("consent.withdrawn", {"purpose": "sms_marketing", "account": "12"})
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        assert deliver_due() == 0  # not due before the first wait is over
        clock.shift(timedelta(seconds=6))
        assert deliver_due() == 1  # no answer within the timeout
        clock.shift(timedelta(seconds=299))
        assert deliver_due() == 0
        clock.shift(timedelta(seconds=2))
        assert deliver_due() == 1
        clock.shift(timedelta(days=1))
        assert deliver_due() == 0

        assert [r.answered for r in receiver.requests] == [500, 0, 200]
        assert {r.headers["webhook-id"] for r in receiver.requests} == {event_id}
        assert [r.verified for r in receiver.requests] == [True, True, True]
        assert json.loads(receiver.requests[-1].body)["data"]["account"] == "12"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    attempts = list(Attempt.objects.order_by("number"))
    assert [a.status_code for a in attempts] == [500, None, 200]
    assert attempts[0].response_excerpt == "status 500"
    assert "timed out" in attempts[1].error.lower() or "timeout" in attempts[1].error.lower()
    assert attempts[1].duration_ms >= 400


def test_a_receiver_that_never_recovers_is_given_up_after_three_days(subscribe, receiver, commits):
    subscribe(events=["campaign.finished"])
    receiver.answers = [503] * 50
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with commits():
            api.emit("campaign.finished", {"campaign_id": 1})
        while (delivery := Delivery.objects.get()).status == "pending":
            clock.move_to(delivery.next_attempt_at)
            assert deliver_due() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.finished_at - start <= timedelta(days=3)
    times = list(Attempt.objects.order_by("number").values_list("started_at", flat=True))
    waits = [(later - earlier).total_seconds() for earlier, later in zip(times, times[1:], strict=False)]
    assert waits == [5, 300, 1800, 7200, 18000, 36000, 36000, 50400, 50400, 50400]
    assert len(receiver.requests) == delivery.attempts == 11
