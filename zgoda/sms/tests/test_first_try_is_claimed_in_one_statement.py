"""A message's first try is read and claimed by one UPDATE ... RETURNING (the hot path of
every send); a message that is expired or already someone else's is not claimed by it."""

import uuid
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zgoda.sms import delivery
from zgoda.sms.api import bulk_message
from zgoda.sms.models import Message

PHONE = "+48500100200"


def queued() -> Message:
    """A queued message no task has tried yet (the test settings' tasks run at once)."""
    message = bulk_message(PHONE, "Twoje zamowienie wyslane", Message.Kind.SERVICE, idempotency_key=uuid.uuid4())
    message.save()
    return message


def test_a_fresh_message_is_read_and_claimed_in_one_statement(two_gateways):
    message = queued()
    with CaptureQueriesContext(connection) as queries:
        claim = delivery._claim(message.pk)
    claims = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(claims) == 1 and "RETURNING" in claims[0]
    assert not any(q["sql"].startswith("SELECT") and '"sms_message"' in q["sql"] for q in queries.captured_queries)
    assert claim.message.pk == message.pk and claim.message.to == PHONE and claim.message.attempts == 1
    assert claim.provider.name == "jsongw"
    row = Message.objects.get(pk=message.pk)
    assert (row.provider, row.attempts, row.provider_attempts) == ("jsongw", 1, 1) and row.claimed_until


def test_a_claimed_message_is_not_claimed_again(two_gateways):
    message = queued()
    assert isinstance(delivery._claim(message.pk), delivery._Claim)
    again = delivery._claim(message.pk)
    assert not isinstance(again, delivery._Claim) and again.attempts == 1


def test_an_expired_message_is_left_to_the_slow_path_and_expires(two_gateways):
    message = queued()
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert delivery._claim_first_try(message.pk, timezone.now()) is None
    assert delivery.deliver(message.pk).status == Message.Status.EXPIRED
