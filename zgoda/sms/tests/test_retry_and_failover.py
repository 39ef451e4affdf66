"""Temporary errors retry with exponential back-off; code SMS fail over to the next
provider; marketing stays on its provider unless configured; nothing is sent twice."""

import json
import time
from datetime import timedelta

from django.utils import timezone

from conftest import run_worker
from zgoda.sms.api import queue_sms
from zgoda.sms.delivery import deliver, deliver_due
from zgoda.sms.models import Message, SendAttempt

from .conftest import REFUSED_NUMBER, make_due

PHONE = "+48500100200"
OTP, MARKETING, SERVICE = Message.Kind.OTP, Message.Kind.MARKETING, Message.Kind.SERVICE


def fresh(message):
    message.refresh_from_db()
    return message


def outcomes(message):
    return [(a.provider, a.outcome) for a in SendAttempt.objects.filter(message=message).order_by("id")]


def test_temporary_errors_back_off_exponentially(two_gateways, settings):
    jsongw, _ = two_gateways
    settings.ZGODA_SMS_RETRY_BASE_SECONDS = 10
    settings.ZGODA_SMS_RETRY_MAX_SECONDS = 25
    settings.ZGODA_SMS_FAILOVER_KINDS = []
    jsongw.mode = "server_error"
    message = queue_sms(PHONE, "Twoje zamowienie wyslane", SERVICE)
    waits = []
    for _ in range(4):
        message = fresh(message)
        last = SendAttempt.objects.filter(message=message).latest("id").finished_at
        waits.append(round((message.next_attempt_at - last).total_seconds()))
        make_due(message)
        deliver(message.pk)
    assert waits == [10, 20, 25, 25]  # base, 2 x base, then the maximum
    assert fresh(message).status == Message.Status.QUEUED and fresh(message).attempts == 5


def test_code_sms_fails_over_after_repeated_temporary_failures(two_gateways):
    jsongw, smsapi = two_gateways
    jsongw.mode = "server_error"
    message = queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", OTP)
    for _ in range(2):
        make_due(message)
        deliver(message.pk)
    message = fresh(message)
    assert message.status == Message.Status.SUBMITTED and message.provider == "smsapi"
    assert outcomes(message) == [("jsongw", "temporary")] * 3 + [("smsapi", "accepted")]
    assert message.providers_tried == ["jsongw"]
    assert len(smsapi.sent) == 1 and jsongw.sent == []


def test_code_sms_fails_over_at_once_on_a_permanent_error(two_gateways, settings):
    _, smsapi = two_gateways
    options = settings.ZGODA_SMS_PROVIDER_OPTIONS
    options["jsongw"] = {**options["jsongw"], "headers": json.dumps({"Authorization": "Bearer revoked"})}
    message = fresh(queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", OTP))
    assert message.status == Message.Status.SUBMITTED and message.provider == "smsapi"
    assert outcomes(message) == [("jsongw", "permanent"), ("smsapi", "accepted")]
    assert len(smsapi.sent) == 1


def test_invalid_number_never_fails_over(two_gateways):
    jsongw, smsapi = two_gateways
    message = fresh(queue_sms(REFUSED_NUMBER, "Zgoda: kod nr 1 z dzis: 123 456.", OTP))
    assert message.status == Message.Status.FAILED
    assert outcomes(message) == [("jsongw", "recipient")] and smsapi.calls == []


def test_every_provider_failing_permanently_fails_the_code_sms(two_gateways, settings):
    jsongw, smsapi = two_gateways
    options = settings.ZGODA_SMS_PROVIDER_OPTIONS
    options["jsongw"] = {**options["jsongw"], "headers": "{}"}
    options["smsapi"] = {**options["smsapi"], "token": "revoked"}
    message = fresh(queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", OTP))
    assert message.status == Message.Status.FAILED and message.cost == 0
    assert outcomes(message) == [("jsongw", "permanent"), ("smsapi", "permanent")]


def test_marketing_never_fails_over_unless_configured(two_gateways, settings):
    jsongw, smsapi = two_gateways
    jsongw.mode = "server_error"
    message = queue_sms(PHONE, "Promocja -20% dzis", MARKETING)
    for _ in range(4):
        make_due(message)
        deliver(message.pk)
    message = fresh(message)
    assert message.status == Message.Status.QUEUED and message.attempts == 5
    assert {provider for provider, _ in outcomes(message)} == {"jsongw"} and smsapi.calls == []

    settings.ZGODA_SMS_FAILOVER_KINDS = ["otp", "service", "marketing"]
    make_due(message)
    deliver(message.pk)
    assert fresh(message).provider == "smsapi" and len(smsapi.sent) == 1


def test_marketing_permanent_error_fails_without_failover(two_gateways, settings):
    _, smsapi = two_gateways
    options = settings.ZGODA_SMS_PROVIDER_OPTIONS
    options["jsongw"] = {**options["jsongw"], "headers": "{}"}
    message = fresh(queue_sms(PHONE, "Promocja -20% dzis", MARKETING))
    assert message.status == Message.Status.FAILED and smsapi.calls == []


def test_gives_up_after_the_most_attempts(two_gateways, settings):
    jsongw, _ = two_gateways
    settings.ZGODA_SMS_MAX_ATTEMPTS = 3
    jsongw.mode = "server_error"
    message = queue_sms(PHONE, "Promocja", MARKETING)
    for _ in range(3):
        make_due(message)
        deliver(message.pk)
    message = fresh(message)
    assert message.status == Message.Status.FAILED and "gave up after 3 tries" in message.last_error
    assert message.cost == 0


def test_code_sms_not_sent_within_the_code_lifetime_expires_unsent(two_gateways, settings):
    jsongw, _ = two_gateways
    jsongw.mode = "server_error"
    settings.ZGODA_SMS_FAILOVER_KINDS = []
    message = queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", OTP)
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(seconds=301))
    jsongw.mode = "ok"
    make_due(message)
    message = deliver(message.pk)
    assert message.status == Message.Status.EXPIRED and message.expired_at and message.cost == 0
    assert jsongw.sent == []


def test_a_message_claimed_by_another_worker_is_not_sent_again(two_gateways):
    jsongw, _ = two_gateways
    jsongw.mode = "hang"
    message = fresh(queue_sms(PHONE, "Zgoda: kod", SERVICE))
    jsongw.reset()
    # Another worker claimed it a moment ago and is still waiting for the gateway.
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=None, claimed_until=timezone.now() + timedelta(seconds=30)
    )
    assert deliver(message.pk).attempts == 1 and jsongw.calls == []
    assert deliver_due() == 0
    # That worker died: once its claim runs out, the sweep sends it.
    Message.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 1
    assert fresh(message).status == Message.Status.SUBMITTED and len(jsongw.sent) == 1


def test_lost_answer_waits_for_a_report_before_sending_again(two_gateways, settings):
    jsongw, smsapi = two_gateways
    settings.ZGODA_SMS_UNCERTAIN_RETRY_SECONDS = 30
    jsongw.mode = "accept_then_hang"  # the gateway sends it; its answer never comes
    message = fresh(queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", OTP))
    assert message.status == Message.Status.QUEUED
    wait = (message.next_attempt_at - timezone.now()).total_seconds()
    assert 25 < wait <= 30  # not the 0.05 s back-off: a report may still come


def test_report_after_a_lost_answer_settles_it_and_the_retry_sends_nothing(two_gateways, callbacks, settings):
    jsongw, smsapi = two_gateways
    jsongw.mode = "accept_then_hang"
    message = fresh(queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", OTP))
    assert callbacks.pump_until(lambda: fresh(message).status == Message.Status.DELIVERED)
    jsongw.reset()
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    deliver(message.pk)
    assert deliver_due() == 0
    assert jsongw.calls == [] and smsapi.calls == []
    assert fresh(message).attempts == 1


def test_retry_is_a_database_task_with_run_after_that_the_worker_runs_when_due(
    two_gateways, settings, transactional_db  # the worker opens and closes its own connection
):
    jsongw, _ = two_gateways
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    settings.ZGODA_SMS_RETRY_BASE_SECONDS = 0.4
    from django_tasks_db.models import DBTaskResult

    jsongw.mode = "server_error"
    message = queue_sms(PHONE, "Twoje zamowienie wyslane", SERVICE)
    assert fresh(message).attempts == 0  # only queued: the worker sends
    work = run_worker
    work()
    message = fresh(message)
    assert message.attempts == 1 and message.status == Message.Status.QUEUED
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.args_kwargs["args"] == [message.pk]
    assert abs((retry.run_after - message.next_attempt_at).total_seconds()) < 0.01
    jsongw.mode = "ok"
    work()  # the retry is not due yet: the worker leaves it
    assert fresh(message).attempts == 1
    while timezone.now() < retry.run_after:
        time.sleep(0.05)
    work()
    message = fresh(message)
    assert message.status == Message.Status.SUBMITTED and message.attempts == 2 and len(jsongw.sent) == 1
