"""A code SMS is logged masked; its clear text rests in the row only while it is queued (so a
retry or a failover sends the same code) and is blanked when the gateway takes it, when it
fails for good, expires or a delivery report settles it. The dev phone's outbox is the one
place the code stays. The admin log never shows it."""

import json
import uuid
from datetime import timedelta

import pytest

from conftest import make_user
from zgoda.sms import api, lifecycle
from zgoda.sms.delivery import deliver
from zgoda.sms.models import Message, OutboxEntry
from zgoda.sms.providers import get_provider
from zgoda.sms.providers.base import Report

from .conftest import REFUSED_NUMBER, make_due

PHONE = "+48500100200"
CLEAR = "Zgoda: kod nr 2 z dzis: 482 913. Nie podawaj go nikomu."
MASKED = "Zgoda: kod nr 2 z dzis: *** ***. Nie podawaj go nikomu."
S = Message.Status


def queue_code(to=PHONE):
    return api.queue_sms(to, CLEAR, api.MessageKind.OTP, masked=MASKED)


def row(message):
    return Message.objects.values("text", "clear_text", "status").get(pk=message.pk)


def test_the_dev_phone_gets_the_code_and_the_log_keeps_it_masked(db):
    message = queue_code()
    assert row(message) == {"text": MASKED, "clear_text": "", "status": S.DELIVERED}
    assert OutboxEntry.objects.get(message=message).text == CLEAR  # the dev phone: the one exception
    assert message.text == MASKED  # also the object in memory after the send


def test_after_a_temporary_error_the_retry_sends_the_same_code(two_gateways, settings):
    jsongw, _ = two_gateways
    settings.ZGODA_SMS_FAILOVER_KINDS = []
    jsongw.mode = "server_error"
    message = queue_code()
    assert row(message) == {"text": MASKED, "clear_text": CLEAR, "status": S.QUEUED}  # waiting: kept for the retry

    jsongw.mode = "ok"
    make_due(message)
    deliver(message.pk)
    assert [sent["text"] for sent in jsongw.sent] == [CLEAR]
    assert row(message) == {"text": MASKED, "clear_text": "", "status": S.SUBMITTED}


def test_failover_sends_the_same_code_through_the_next_provider(two_gateways, settings):
    _, smsapi = two_gateways
    options = settings.ZGODA_SMS_PROVIDER_OPTIONS
    options["jsongw"] = {**options["jsongw"], "headers": json.dumps({"Authorization": "Bearer revoked"})}
    message = queue_code()
    assert [sent["message"] for sent in smsapi.sent] == [CLEAR]
    assert row(message) == {"text": MASKED, "clear_text": "", "status": S.SUBMITTED}


def test_a_code_that_fails_for_good_keeps_no_digits(two_gateways, settings):
    options = settings.ZGODA_SMS_PROVIDER_OPTIONS
    for name in ("jsongw", "smsapi"):
        options[name] = {**options[name], "headers": json.dumps({"Authorization": "Bearer revoked"}), "token": "x"}
    message = queue_code()
    assert row(message) == {"text": MASKED, "clear_text": "", "status": S.FAILED}


def test_a_code_to_a_refused_number_keeps_no_digits(two_gateways):
    message = queue_code(REFUSED_NUMBER)
    assert row(message) == {"text": MASKED, "clear_text": "", "status": S.FAILED}


def test_a_code_that_expires_unsent_keeps_no_digits(two_gateways):
    jsongw, _ = two_gateways
    jsongw.mode = "server_error"
    message = queue_code()
    Message.objects.filter(pk=message.pk).update(created_at=message.created_at - timedelta(hours=1))
    jsongw.mode = "ok"
    make_due(message)
    deliver(message.pk)
    assert row(message) == {"text": MASKED, "clear_text": "", "status": S.EXPIRED}
    assert jsongw.sent == []


@pytest.mark.parametrize("status", [S.DELIVERED, S.FAILED])
def test_a_delivery_report_on_a_queued_code_blanks_its_clear_text(db, status):
    """E.g. a send whose answer was lost, waiting for a retry, then the report came."""
    message = Message.objects.create(
        kind="otp", to=PHONE, text=MASKED, clear_text=CLEAR, encoding="GSM-7", segments=1, provider="outbox",
    )  # fmt: skip
    assert lifecycle.apply_report(message.pk, get_provider("outbox"), Report(status, "raw"))
    assert row(message) == {"text": MASKED, "clear_text": "", "status": status}


def test_a_code_given_up_keeps_no_digits(db):
    message = Message.objects.create(kind="otp", to=PHONE, text=MASKED, clear_text=CLEAR, encoding="GSM-7", segments=1)
    assert api.give_up_queued([message.pk], "campaign cancelled") == 1
    assert row(message) == {"text": MASKED, "clear_text": "", "status": S.FAILED}


def test_bulk_sending_hands_over_the_clear_text_and_keeps_the_masked_one(db):
    outbox = get_provider("outbox")
    messages = api.bulk_create_claimed(
        [api.bulk_message(PHONE, CLEAR, "otp", idempotency_key=uuid.uuid4(), masked=MASKED)
         for _ in range(2)],
        outbox,
    )  # fmt: skip
    assert {row(m)["clear_text"] for m in messages} == {CLEAR}
    outcomes, unsent = api.bulk_send(messages, outbox)
    api.bulk_record(outcomes, outbox)
    assert unsent == [] and [m.text for m in messages] == [MASKED, MASKED]
    assert [row(m) for m in messages] == [{"text": MASKED, "clear_text": "", "status": S.DELIVERED}] * 2
    assert list(OutboxEntry.objects.values_list("text", flat=True)) == [CLEAR, CLEAR]


def test_bulk_temporary_failure_keeps_the_code_for_its_retry(two_gateways, settings):
    jsongw, _ = two_gateways
    settings.ZGODA_SMS_FAILOVER_KINDS = []
    provider = get_provider("jsongw")
    [message] = api.bulk_create_claimed(
        [api.bulk_message(PHONE, CLEAR, "otp", idempotency_key=uuid.uuid4(), masked=MASKED)],
        provider,
    )
    jsongw.mode = "server_error"
    outcomes, _ = api.bulk_send([message], provider)
    api.bulk_record(outcomes, provider)
    assert row(message) == {"text": MASKED, "clear_text": CLEAR, "status": S.QUEUED}
    jsongw.mode = "ok"
    make_due(message)
    deliver(message.pk)
    assert [sent["text"] for sent in jsongw.sent] == [CLEAR]
    assert row(message)["clear_text"] == ""


def test_the_admin_sms_log_shows_a_queued_code_masked(client, db):
    message = Message.objects.create(kind="otp", to=PHONE, text=MASKED, clear_text=CLEAR, encoding="GSM-7", segments=1)
    client.force_login(make_user("ops@example.com", phone="+48500100999", is_staff=True, is_superuser=True))
    for url in ("/admin/sms/message/", f"/admin/sms/message/{message.pk}/change/", "/admin/sms/sendattempt/"):
        html = client.get(url).content.decode()
        assert "482 913" not in html and "482913" not in html, url
    assert "*** ***" in client.get(f"/admin/sms/message/{message.pk}/change/").content.decode()
