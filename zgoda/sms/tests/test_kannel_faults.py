"""Faults between Zgoda and Kannel: 5xx and no answer retry then fail over, a lost answer
is settled by Kannel's delivery report, an invalid number fails at once; the fake operator
never gets a message twice."""

from collections import Counter

import pytest

from zgoda.sms.api import queue_sms
from zgoda.sms.delivery import deliver
from zgoda.sms.models import Message, SendAttempt

from . import kannel as harness
from .conftest import REFUSED_NUMBER, kannel_options, make_due, use_providers

pytestmark = pytest.mark.kannel
PHONE = "+48500100200"


def backup_http_options(kannel):
    """The generic HTTP provider, configured for the same Kannel's sendsms (no proxy)."""
    url = (
        f"http://{harness.HOST}:{kannel.sendsms_port}/cgi-bin/sendsms?username={harness.USERNAME}"
        f"&password={harness.PASSWORD}&from={{sender}}&to={{to}}&text={{text}}&charset=UTF-8"
        "&dlr-mask=3&dlr-url={report_url}%26status%3D%25d"
    )
    return {
        "url": url, "method": "GET", "success_status": "202", "success_regex": "^[03]: ",
        "recipient_regex": "denied by white- and/or black-lists", "report_delivered": "1",
        "report_failed": "2,16", "timeout": "2", "price": "PL:0.09",
    }  # fmt: skip


@pytest.fixture
def primary_and_backup(settings, kannel, via_kannel, callbacks):
    def configure(timeout="1"):
        use_providers(
            settings,
            kannel=("kannel", kannel_options(via_kannel.url, timeout=timeout)),
            backup=("http", backup_http_options(kannel)),
        )

    configure()
    return configure


def code_text(n):
    return f"Zgoda: kod nr {n} z dzis: 123 45{n}. Nie podawaj go nikomu."


def sent_to_operator(kannel, mark, expected=1):
    kannel.wait_received(mark + expected, timeout=2 if expected else 0.3)
    return Counter(m.text for m in kannel.wait_received(10**6, timeout=0.3)[mark:])


def attempts(message):
    return [(a.provider, a.outcome) for a in SendAttempt.objects.filter(message=message).order_by("id")]


def delivered(message):
    return lambda: Message.objects.get(pk=message.pk).status == Message.Status.DELIVERED


def test_gateway_5xx_is_retried_then_fails_over_and_goes_out_once(kannel, via_kannel, primary_and_backup, callbacks):
    mark = len(kannel.received())
    via_kannel.mode = "server_error"
    message = queue_sms(PHONE, code_text(1), Message.Kind.OTP)
    for _ in range(2):
        make_due(message)
        deliver(message.pk)
    assert attempts(message) == [("kannel", "temporary")] * 3 + [("backup", "accepted")]
    assert callbacks.pump_until(delivered(message))
    assert sent_to_operator(kannel, mark) == {code_text(1): 1}
    assert len(via_kannel.calls) == 3  # every 5xx try reached the proxy, none reached Kannel


def test_gateway_timeout_is_retried_then_fails_over_and_goes_out_once(kannel, via_kannel, primary_and_backup, callbacks):
    primary_and_backup(timeout="0.4")
    mark = len(kannel.received())
    via_kannel.mode = "hang"
    message = queue_sms(PHONE, code_text(2), Message.Kind.OTP)
    for _ in range(3):
        make_due(message)
        deliver(message.pk)
    assert attempts(message) == [("kannel", "temporary")] * 3 + [("backup", "accepted")]
    assert callbacks.pump_until(delivered(message))
    assert sent_to_operator(kannel, mark) == {code_text(2): 1}


def test_lost_answer_is_settled_by_kannels_report_without_a_second_send(kannel, via_kannel, primary_and_backup, callbacks):
    primary_and_backup(timeout="0.4")
    mark = len(kannel.received())
    via_kannel.mode = "forward_then_hang"  # Kannel sends it; its answer never reaches Zgoda
    message = queue_sms(PHONE, code_text(3), Message.Kind.OTP)
    assert Message.objects.get(pk=message.pk).status == Message.Status.QUEUED
    assert callbacks.pump_until(delivered(message))
    make_due(message)
    deliver(message.pk)
    assert attempts(message) == [("kannel", "temporary")]
    assert sent_to_operator(kannel, mark) == {code_text(3): 1}


def test_invalid_number_is_permanent_no_retry_no_failover(kannel, via_kannel, primary_and_backup):
    mark = len(kannel.received())
    message = queue_sms(REFUSED_NUMBER, code_text(4), Message.Kind.OTP)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.next_attempt_at is None
    assert "denied by white- and/or black-lists" in message.last_error
    assert attempts(message) == [("kannel", "recipient")]
    assert sent_to_operator(kannel, mark, expected=0) == {}
