"""With the database task queue a queued SMS is its own task: no task row beside it, and
`zgoda db_worker` takes the message that has waited longest, sends it once, and leaves alone
what is not waiting for a first try (a campaign's held rows, a retry set for later). One the
quick claim does not fit (its provider failing, the message expired) still leaves the queue.
"""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import run_worker
from zgoda.sms import fastsql
from zgoda.sms.api import bulk_message, queue_sms
from zgoda.sms.models import WAITING, Message, ProviderHealth

PHONE, OTHER = "+48500100200", "+48500100201"
SERVICE = Message.Kind.SERVICE


def status(message):
    return Message.objects.get(pk=message.pk).status


def test_a_queued_sms_has_no_task_row_and_the_worker_sends_it_once(two_gateways, database_queue):
    jsongw, smsapi = two_gateways
    message = queue_sms(PHONE, "Twoje zamowienie wyslane", SERVICE)
    assert not DBTaskResult.objects.exists()
    assert status(message) == Message.Status.QUEUED and jsongw.sent == []
    run_worker()
    assert status(message) == Message.Status.SUBMITTED and len(jsongw.sent) == 1
    run_worker()
    assert len(jsongw.sent) == 1 and smsapi.calls == []


def test_the_longest_waiting_goes_first_and_held_or_later_rows_stay(two_gateways, database_queue):
    jsongw, _ = two_gateways
    held = bulk_message(PHONE, "Kampania", Message.Kind.MARKETING, idempotency_key=uuid.uuid4())
    held.claimed_until = timezone.now() + timedelta(days=2)  # a campaign's row, its sender owns it
    held.save()
    first, second = queue_sms(PHONE, "Pierwsza", SERVICE), queue_sms(OTHER, "Druga", SERVICE)
    later = queue_sms(PHONE, "Na potem", SERVICE)
    Message.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(hours=1))
    run_worker()
    assert [json_body["text"] for json_body in jsongw.sent] == ["Pierwsza", "Druga"]
    assert status(first) == status(second) == Message.Status.SUBMITTED
    assert status(held) == status(later) == Message.Status.QUEUED


def test_one_the_quick_claim_does_not_fit_still_leaves_the_queue(two_gateways, database_queue):
    jsongw, _ = two_gateways
    ProviderHealth.objects.create(name="jsongw", consecutive_failures=1)  # failing, breaker still closed
    failing_provider = queue_sms(PHONE, "Mimo bledow", SERVICE)
    expired = queue_sms(OTHER, "Za pozno", SERVICE)
    Message.objects.filter(pk=expired.pk).update(created_at=timezone.now() - timedelta(days=2))
    run_worker()  # returns: nothing waits any more
    assert status(failing_provider) == Message.Status.SUBMITTED and len(jsongw.sent) == 1
    assert status(expired) == Message.Status.EXPIRED


def test_a_delivery_that_raises_neither_stops_the_worker_nor_holds_up_the_next(two_gateways, database_queue,
                                                                                monkeypatch, settings):
    from zgoda.sms import delivery

    settings.ZGODA_SMS_RETRY_BASE_SECONDS = 60
    broken = queue_sms(PHONE, "Pierwsza", SERVICE)
    after = queue_sms(OTHER, "Druga", SERVICE)
    real_record = delivery._record

    def record(message_id, *args, **kwargs):
        if message_id == broken.pk:
            raise RuntimeError("a bug")
        return real_record(message_id, *args, **kwargs)

    monkeypatch.setattr(delivery, "_record", record)
    run_worker()  # returns: the worker survived
    assert status(after) == Message.Status.SUBMITTED
    parked = Message.objects.get(pk=broken.pk)
    assert parked.status == Message.Status.QUEUED and parked.next_attempt_at > timezone.now()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"] == [broken.pk] and retry.run_after == parked.next_attempt_at


def test_a_worker_for_other_queues_leaves_sms_to_the_default_ones(two_gateways, database_queue):
    jsongw, _ = two_gateways
    message = queue_sms(PHONE, "Twoje zamowienie wyslane", SERVICE)
    run_worker(queue_name="mail")
    assert status(message) == Message.Status.QUEUED
    run_worker(queue_name="*", exclude_queues="sms")
    assert status(message) == Message.Status.QUEUED
    run_worker(queue_name="sms")
    assert status(message) == Message.Status.SUBMITTED and len(jsongw.sent) == 1


def test_the_waiting_query_uses_its_partial_index(db):
    """The worker looks for a waiting SMS on every poll: over the index of waiting rows only,
    not over a log of millions of sent ones (on SQLite the query must repeat the index's
    condition term by term, so this also checks that fastsql says what models.WAITING says)."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + fastsql.waiting_sql())
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "sms_msg_waiting" in plan, plan
    assert str(Message.objects.filter(WAITING).query).count("IS NULL") == 2
