"""Statuses only move forward: reports may come early, twice or out of order."""

from decimal import Decimal

import pytest
from django.db.models.signals import post_save

from zgoda.sms import delivery, lifecycle
from zgoda.sms.models import Message
from zgoda.sms.providers import get_provider
from zgoda.sms.providers.base import Report

from .conftest import use_providers
from .test_provider_contract_http import json_options

S = Message.Status


@pytest.fixture
def jsongw(settings, json_gateway, callbacks):
    use_providers(settings, jsongw=("http", json_options(json_gateway.url)))
    return get_provider("jsongw")


def new_message(status=S.QUEUED, **extra):
    return Message.objects.create(
        kind=Message.Kind.OTP, to="+48500100200", text="kod", encoding="GSM-7", segments=1, country="PL",
        status=status, **extra,
    )  # fmt: skip


def report(status, raw="x"):
    return Report(status, raw)


def status_of(message):
    return Message.objects.get(pk=message.pk).status


def test_delivered_message_never_goes_back_to_submitted(jsongw):
    message = new_message(S.SUBMITTED)
    lifecycle.apply_report(message.pk, jsongw, report(S.DELIVERED, "delivered"))
    lifecycle.apply_report(message.pk, jsongw, report(S.SUBMITTED, "accepted"))
    lifecycle.apply_report(message.pk, jsongw, report(S.FAILED, "failed"))
    message.refresh_from_db()
    assert message.status == S.DELIVERED and message.delivered_at and message.failed_at is None


def test_delivered_after_failed_wins_and_then_costs(jsongw):
    message = new_message(S.FAILED, cost=0)
    lifecycle.apply_report(message.pk, jsongw, report(S.DELIVERED, "delivered"))
    message.refresh_from_db()
    assert message.status == S.DELIVERED and message.cost == Decimal("0.05")


def test_same_report_twice_writes_once(jsongw):
    message = new_message(S.SUBMITTED)
    saves = []

    def count(sender, instance, **kwargs):
        saves.append(instance.status)

    post_save.connect(count, sender=Message)
    try:
        for _ in range(3):
            lifecycle.apply_report(message.pk, jsongw, report(S.FAILED, "UNDELIV"))
    finally:
        post_save.disconnect(count, sender=Message)
    assert saves == [S.FAILED]
    assert status_of(message) == S.FAILED


def test_report_that_arrives_before_the_send_is_recorded_is_kept(jsongw, json_gateway):
    message = new_message()
    claim = delivery._claim(message.pk)  # the worker took it and is sending
    lifecycle.apply_report(message.pk, jsongw, report(S.DELIVERED, "delivered"))  # the report wins the race
    message, fail_over = delivery._record(message.pk, claim, claim.message.claimed_until, "g-1", None)
    assert (message.status, fail_over) == (S.DELIVERED, False)
    assert message.provider_message_id == "g-1" and message.submitted_at and message.claimed_until is None
    stored = Message.objects.get(pk=message.pk)  # what was returned is what is stored: the report's status and times
    assert (message.delivered_at, message.reported_status, message.reported_at) == (
        stored.delivered_at, stored.reported_status, stored.reported_at) and stored.reported_status == "delivered"
    assert (stored.status, stored.submitted_at, stored.provider_message_id, stored.clear_text) == (
        S.DELIVERED, message.submitted_at, "g-1", "")


def test_the_send_recorded_first_moves_the_status_and_the_report_after_it_moves_it_on(jsongw, json_gateway):
    message = new_message()
    claim = delivery._claim(message.pk)
    message, _fail_over = delivery._record(message.pk, claim, claim.message.claimed_until, "g-2", None)
    stored = Message.objects.get(pk=message.pk)
    assert (message.status, stored.status, stored.submitted_at, stored.delivered_at) == (
        S.SUBMITTED, S.SUBMITTED, message.submitted_at, None)
    lifecycle.apply_report(message.pk, jsongw, report(S.DELIVERED, "delivered"))
    assert status_of(message) == S.DELIVERED


def test_failed_report_records_the_gateways_reason(jsongw):
    message = new_message(S.SUBMITTED)
    lifecycle.apply_report(message.pk, jsongw, Report(S.FAILED, "UNDELIV", error="absent subscriber"))
    message.refresh_from_db()
    assert message.status == S.FAILED and message.last_error == "jsongw: absent subscriber"
    assert message.reported_status == "UNDELIV"


def test_report_for_an_unknown_message_changes_nothing(jsongw):
    assert lifecycle.apply_report(987654, jsongw, report(S.DELIVERED)) is None
    assert not Message.objects.exists()


def test_report_over_http_is_idempotent(jsongw, client):
    from zgoda.sms.callbacks import report_url

    message = new_message(S.SUBMITTED, provider="jsongw")
    path = report_url("jsongw", message).split("127.0.0.1", 1)[1].split("/", 1)[1]
    for _ in range(2):
        response = client.post("/" + path, {"id": "g-1", "status": "delivered"})
        assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == S.DELIVERED and message.reported_status == "delivered"
