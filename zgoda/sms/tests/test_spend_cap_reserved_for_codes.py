"""With a daily cap on all SMS, a share of it is kept for code SMS: service SMS and
campaigns stop at the rest (service SMS count in the cap), codes may use the whole."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction

from zgoda.sms import costs
from zgoda.sms.api import MessageKind, SendRefused, queue_sms, spend_left
from zgoda.sms.models import Message

NUMBER = "+48500100300"


@pytest.fixture
def capped(settings):
    """Every SMS costs 1; 10 a day in all, 30% of it kept for codes."""
    settings.ZGODA_SMS_DAILY_SPEND_CAP = "10"
    settings.ZGODA_SMS_OTP_RESERVED_SHARE = "0.3"
    settings.ZGODA_SMS_OTP_DAILY_SPEND_CAP = ""
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}  # queued: at their estimate
    with mock.patch("zgoda.sms.costs.estimate", return_value=Decimal("1")):
        yield settings


def send(kind):
    try:
        with transaction.atomic():
            queue_sms(NUMBER, "Zgoda: test", kind)
        return True
    except SendRefused:
        return False


def test_service_sms_count_in_the_cap_and_stop_before_the_codes_share(capped, db):
    assert [send(MessageKind.SERVICE) for _ in range(8)] == [True] * 7 + [False]
    assert spend_left(MessageKind.MARKETING) == Decimal(0)
    assert [send(MessageKind.OTP) for _ in range(4)] == [True, True, True, False]  # the reserve, then the cap
    assert Message.objects.filter(kind="otp").count() == 3


def test_codes_may_use_the_whole_cap_and_campaigns_then_get_nothing(capped, db):
    assert all(send(MessageKind.OTP) for _ in range(8))
    assert spend_left(MessageKind.MARKETING) == Decimal(2)  # what the whole cap leaves
    assert [send(MessageKind.SERVICE) for _ in range(3)] == [True, True, False]
    assert spend_left(MessageKind.MARKETING) == Decimal(0)
    assert not send(MessageKind.OTP)


def test_campaign_batches_wait_for_the_next_day_when_the_allowance_is_used(capped, db):
    for _ in range(7):
        send(MessageKind.SERVICE)
    assert spend_left(MessageKind.MARKETING) <= 0
    assert costs.next_day_start() > costs.timezone.now()


def test_without_a_cap_on_all_sms_nothing_changes(settings, db):
    assert spend_left(MessageKind.MARKETING) is None
    assert send(MessageKind.SERVICE)
