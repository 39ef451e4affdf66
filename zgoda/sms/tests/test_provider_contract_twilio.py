"""Twilio passes the gateway contract through the official twilio client, against a local
server that answers as Twilio's REST API does and signs its callbacks."""

import threading

import pytest
from django.urls import reverse

from zgoda.sms.callbacks import inbound_token, report_url
from zgoda.sms.models import InboundMessage, Message

from .conftest import use_providers
from .fake_gateways import FakeTwilio
from .kannel import free_port
from .provider_contract import GSM7_TEXT, GatewayContract


def twilio_options(url, **extra):
    return {
        "account_sid": FakeTwilio.account_sid, "auth_token": FakeTwilio.auth_token, "url": url,
        "timeout": "0.5", "price": "PL:0.35", **extra,
    }  # fmt: skip


class TestTwilioProvider(GatewayContract):
    provider_type = "twilio"
    name = "twilio"

    @pytest.fixture(autouse=True)
    def wired(self, settings, twilio_server, callbacks, db):
        self.server, self.callbacks = twilio_server, callbacks
        use_providers(settings, twilio=("twilio", twilio_options(twilio_server.url)))

    def received(self):
        return [sent["Body"] for sent in self.server.sent]

    def fault(self, mode):
        self.server.mode = mode

    def unreachable_options(self):
        return twilio_options(f"http://127.0.0.1:{free_port()}")

    def send_inbound(self, sender, text):
        url = self.callbacks.url + reverse("sms:inbound", args=[self.name]) + "?secret=" + inbound_token(self.name)
        params = {"From": "+" + sender, "To": "+48732000000", "Body": text, "MessageSid": "SM" + "1" * 32,
                  "AccountSid": FakeTwilio.account_sid, "NumMedia": "0"}  # fmt: skip
        threading.Thread(target=self.server.signed_post, args=(url, params), daemon=True).start()


def test_status_callback_url_and_sender_are_sent(settings, twilio_server, callbacks, db):
    use_providers(settings, twilio=("twilio", twilio_options(twilio_server.url)))
    message = TestTwilioProvider().send(GSM7_TEXT)
    form = twilio_server.calls[0].form
    assert form["StatusCallback"] == report_url("twilio", message)
    assert (form["From"], form["To"]) == ("Zgoda", "+48500100200")
    assert message.provider_message_id == twilio_server.sent[0]["sid"]


def test_status_callback_without_a_valid_signature_is_refused(settings, twilio_server, callbacks, db):
    use_providers(settings, twilio=("twilio", twilio_options(twilio_server.url)))
    twilio_server.reports = False  # only the forged report below: Twilio's own would deliver it (a race)
    message = TestTwilioProvider().send(GSM7_TEXT)
    url = report_url("twilio", message)
    params = {"MessageSid": message.provider_message_id, "MessageStatus": "delivered"}
    threading.Thread(target=twilio_server.signed_post, args=(url, params, "not-the-auth-token"), daemon=True).start()
    callbacks.pump_until(lambda: any("/report/" in h[1] and h[2] == 403 for h in callbacks.handled))
    assert Message.objects.get(pk=message.pk).status == Message.Status.SUBMITTED


def test_inbound_without_signature_is_refused(settings, twilio_server, callbacks, client, db):
    use_providers(settings, twilio=("twilio", twilio_options(twilio_server.url)))
    url = reverse("sms:inbound", args=["twilio"]) + "?secret=" + inbound_token("twilio")
    assert client.post(url, {"From": "+48500100200", "Body": "STOP"}).status_code == 403
    assert not InboundMessage.objects.exists()


def test_messaging_service_is_used_instead_of_a_sender(settings, twilio_server, callbacks, db):
    use_providers(settings, twilio=("twilio", twilio_options(twilio_server.url, messaging_service_sid="MG" + "2" * 32)))
    TestTwilioProvider().send(GSM7_TEXT)
    form = twilio_server.calls[0].form
    assert form["MessagingServiceSid"] == "MG" + "2" * 32 and "From" not in form
