"""A provider that keeps failing is skipped for a while, then tried again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zgoda.sms import breaker
from zgoda.sms.api import queue_sms
from zgoda.sms.delivery import deliver
from zgoda.sms.models import Message, ProviderHealth

from .conftest import REFUSED_NUMBER, make_due

PHONE = "+48500100200"
CODE = "Zgoda: kod nr 1 z dzis: 123 456."


@pytest.fixture
def breaker_after_two(settings):
    settings.ZGODA_SMS_BREAKER_FAILURES = 2
    settings.ZGODA_SMS_BREAKER_SECONDS = 60


def health(name):
    return ProviderHealth.objects.filter(name=name).first()


def test_provider_failing_again_and_again_is_skipped_and_shown_as_skipped(two_gateways, breaker_after_two):
    jsongw, smsapi = two_gateways
    jsongw.mode = "server_error"
    first = queue_sms(PHONE, CODE, Message.Kind.OTP)  # failure 1: retried later on jsongw
    assert Message.objects.get(pk=first.pk).status == Message.Status.QUEUED
    assert breaker.state(health("jsongw")) == breaker.FAILING
    second = queue_sms(PHONE, CODE, Message.Kind.OTP)  # failure 2 opens the breaker: fails over at once
    assert Message.objects.get(pk=second.pk).provider == "smsapi"
    assert breaker.state(health("jsongw")) == breaker.SKIPPED
    calls = len(jsongw.calls)
    third = queue_sms(PHONE, CODE, Message.Kind.OTP)  # straight to smsapi, jsongw not even tried
    assert Message.objects.get(pk=third.pk).status == Message.Status.SUBMITTED
    assert len(jsongw.calls) == calls and len(smsapi.sent) == 2


def test_after_the_pause_one_try_closes_the_breaker_when_it_works(two_gateways, breaker_after_two):
    jsongw, _ = two_gateways
    jsongw.mode = "server_error"
    for _ in range(2):
        queue_sms(PHONE, CODE, Message.Kind.OTP)
    ProviderHealth.objects.filter(name="jsongw").update(open_until=timezone.now() - timedelta(seconds=1))
    jsongw.mode = "ok"
    message = Message.objects.get(pk=queue_sms(PHONE, CODE, Message.Kind.OTP).pk)
    assert message.provider == "jsongw" and message.status == Message.Status.SUBMITTED
    assert breaker.state(health("jsongw")) == breaker.OK


def test_after_the_pause_a_new_failure_skips_it_again_at_once(two_gateways, breaker_after_two):
    jsongw, _ = two_gateways
    jsongw.mode = "server_error"
    for _ in range(2):
        queue_sms(PHONE, CODE, Message.Kind.OTP)
    ProviderHealth.objects.filter(name="jsongw").update(open_until=timezone.now() - timedelta(seconds=1))
    message = Message.objects.get(pk=queue_sms(PHONE, CODE, Message.Kind.OTP).pk)
    assert message.provider == "smsapi"  # tried jsongw once, it failed: reopened, failed over
    assert breaker.state(health("jsongw")) == breaker.SKIPPED


def test_marketing_waits_for_its_skipped_provider_instead_of_failing_over(two_gateways, breaker_after_two):
    jsongw, smsapi = two_gateways
    jsongw.mode = "server_error"
    for _ in range(2):
        queue_sms(PHONE, CODE, Message.Kind.OTP)
    jsongw.calls.clear()
    message = Message.objects.get(pk=queue_sms(PHONE, "Promocja", Message.Kind.MARKETING).pk)
    assert message.status == Message.Status.QUEUED and message.attempts == 0
    assert message.next_attempt_at == health("jsongw").open_until
    assert jsongw.calls == [] and all(c.form.get("message") != "Promocja" for c in smsapi.calls)


def test_a_bad_number_does_not_count_against_the_provider(two_gateways, breaker_after_two):
    for _ in range(3):
        queue_sms(REFUSED_NUMBER, CODE, Message.Kind.OTP)
    assert breaker.state(health("jsongw")) == breaker.OK


def test_success_resets_the_count(two_gateways, breaker_after_two):
    jsongw, _ = two_gateways
    jsongw.mode = "server_error"
    message = queue_sms(PHONE, CODE, Message.Kind.SERVICE)
    jsongw.mode = "ok"
    make_due(message)
    deliver(message.pk)
    assert health("jsongw").consecutive_failures == 0
