"""SMSAPI passes the gateway contract through the official smsapi-client, against a local
server that answers as SMSAPI's documented API does."""

import threading
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from zgoda.sms.callbacks import inbound_token
from zgoda.sms.models import Message, SendAttempt

from .conftest import use_providers
from .fake_gateways import FakeSmsapi
from .kannel import free_port
from .provider_contract import GSM7_TEXT, PHONE, GatewayContract


def smsapi_options(url, **extra):
    return {"token": FakeSmsapi.token, "url": url + "/", "timeout": "0.5", "price": "PL:0.07", **extra}


class TestSmsapiProvider(GatewayContract):
    provider_type = "smsapi"
    name = "smsapi"

    @pytest.fixture(autouse=True)
    def wired(self, settings, smsapi_server, callbacks, db):
        self.server, self.callbacks = smsapi_server, callbacks
        use_providers(settings, smsapi=("smsapi", smsapi_options(smsapi_server.url)))

    def received(self):
        return [sent["message"] for sent in self.server.sent]

    def fault(self, mode):
        self.server.mode = mode

    def unreachable_options(self):
        return smsapi_options(f"http://127.0.0.1:{free_port()}")

    def send_inbound(self, sender, text):
        url = self.callbacks.url + reverse("sms:inbound", args=[self.name]) + "?secret=" + inbound_token(self.name)
        data = urllib.parse.urlencode({"sms_from": sender, "sms_to": "Zgoda", "sms_text": text,
                                       "sms_date": "1795943597", "username": "sklep", "MsgId": "77"}).encode()  # fmt: skip
        threading.Thread(target=urllib.request.urlopen, args=(url, data, 30), daemon=True).start()


def test_send_carries_sender_idx_with_check_idx_and_notify_url(settings, smsapi_server, callbacks, db):
    use_providers(settings, smsapi=("smsapi", smsapi_options(smsapi_server.url)))
    message = TestSmsapiProvider().send(GSM7_TEXT)
    form = smsapi_server.calls[0].form
    assert form["from"] == "Zgoda" and form["to"] == PHONE.lstrip("+")
    assert (form["idx"], form["check_idx"]) == (str(message.idempotency_key), "1")
    assert form["notify_url"].startswith(callbacks.url + "/sms/callbacks/smsapi/report/")
    assert message.provider_message_id == smsapi_server.sent[0]["id"]


def test_lost_answer_is_retried_with_the_same_idx_and_sms_goes_out_once(settings, smsapi_server, callbacks, db, fast_retries):
    use_providers(settings, smsapi=("smsapi", smsapi_options(smsapi_server.url)))
    smsapi_server.mode = "accept_then_hang"  # SMSAPI sends it, its answer never arrives
    message = TestSmsapiProvider().send(GSM7_TEXT)
    assert message.status == Message.Status.QUEUED and "no answer" in message.last_error
    smsapi_server.mode = "ok"
    Message.objects.filter(pk=message.pk).update(next_attempt_at=None)
    from zgoda.sms.delivery import deliver

    message = deliver(message.pk)
    assert message.status == Message.Status.SUBMITTED  # SMSAPI's error 53: the first try went out
    assert len(smsapi_server.sent) == 1 and len(smsapi_server.calls) == 2
    assert [a.outcome for a in SendAttempt.objects.filter(message=message).order_by("id")] == ["temporary", "accepted"]


def test_test_mode_is_passed_and_nothing_is_sent(settings, smsapi_server, callbacks, db):
    use_providers(settings, smsapi=("smsapi", smsapi_options(smsapi_server.url, test="1")))
    message = TestSmsapiProvider().send(GSM7_TEXT)
    assert smsapi_server.calls[0].form["test"] == "1"
    assert message.status == Message.Status.SUBMITTED and smsapi_server.sent == []


def test_bad_token_is_a_permanent_error(settings, smsapi_server, callbacks, db):
    use_providers(settings, smsapi=("smsapi", {**smsapi_options(smsapi_server.url), "token": "wrong"}))
    message = TestSmsapiProvider().send(GSM7_TEXT)
    assert message.status == Message.Status.FAILED and "101" in message.last_error
    assert SendAttempt.objects.get(message=message).outcome == SendAttempt.Outcome.PERMANENT
