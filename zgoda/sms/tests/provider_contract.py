"""The shared test mixin every SMS provider's test class passes.

ProviderContract: what any provider must do (declare its capabilities, refuse a bad
configuration clearly, get GSM-7 and UCS-2 text to the phone unchanged, return an id).
GatewayContract adds what a real gateway brings: delivery reports (authenticated,
idempotent), faults (invalid number: fail at once; 5xx, no answer, unreachable: retry
later, nothing sent twice) and inbound SMS.

A test class sets `provider_type` and implements the hooks below; its `wired` fixture
(autouse) points ZGODA_SMS_PROVIDERS at its gateway.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zgoda.sms import delivery
from zgoda.sms.api import queue_sms
from zgoda.sms.callbacks import inbound_token, report_url
from zgoda.sms.models import InboundMessage, Message, SendAttempt
from zgoda.sms.providers.base import ConfigurationError, Provider
from zgoda.sms.providers.registry import get_provider, provider_class
from zgoda.sms.signals import inbound_sms_received

PHONE = "+48500100200"
# GSM-7 with extension-table characters (two septets each). No line break: Kannel's fake
# operator speaks a line-based protocol (a real SMSC link carries one fine).
GSM7_TEXT = "Zgoda: kod nr 3 z dzis: 482 913. Cena {10 EUR} ~ 5 [x] | \\ ^ € @ £ $ _ Nie podawaj go nikomu."
UCS2_TEXT = "Zgoda: zażółć gęślą jaźń, kod 123 456 😀"


class ProviderContract:
    provider_type = ""
    name = "contract"

    # --- hooks ----------------------------------------------------------------------------
    def received(self) -> list[str]:
        """Texts the gateway got, in order, since the test began."""
        raise NotImplementedError

    # --- helpers ---------------------------------------------------------------------------
    def provider(self):
        return get_provider(self.name)

    def send(self, text=GSM7_TEXT, to=PHONE, kind=Message.Kind.SERVICE) -> Message:
        message = queue_sms(to, text, kind)
        message.refresh_from_db()
        return message

    # --- the contract ----------------------------------------------------------------------
    def test_declares_its_capabilities(self):
        cls = provider_class(self.provider_type)
        assert issubclass(cls, Provider)
        for flag in ("supports_delivery_reports", "supports_inbound", "supports_sender_name", "supports_idempotency"):
            assert isinstance(getattr(self.provider(), flag), bool), flag

    def test_missing_required_option_is_a_clear_configuration_error(self):
        cls = provider_class(self.provider_type)
        if not cls.required_options:
            assert cls({}, name="bare").name == "bare"
            return
        with pytest.raises(ConfigurationError) as error:
            cls({}, name="shop2")
        assert f"ZGODA_SMS_SHOP2_{cls.required_options[0].upper()}" in str(error.value)

    def test_gsm7_text_reaches_the_phone_unchanged_and_an_id_comes_back(self):
        message = self.send(GSM7_TEXT)
        assert message.status in (Message.Status.SUBMITTED, Message.Status.DELIVERED), message.last_error
        assert message.provider == self.name and message.provider_message_id
        assert self.received() == [GSM7_TEXT]

    def test_ucs2_text_reaches_the_phone_unchanged(self):
        message = self.send(UCS2_TEXT)
        assert message.encoding == "UCS-2"
        assert message.status in (Message.Status.SUBMITTED, Message.Status.DELIVERED), message.last_error
        assert self.received() == [UCS2_TEXT]

    def test_cost_is_segments_times_the_price(self, settings):
        options = dict(settings.ZGODA_SMS_PROVIDER_OPTIONS[self.name], price="PL:0.07,*:0.30")
        settings.ZGODA_SMS_PROVIDER_OPTIONS = {**settings.ZGODA_SMS_PROVIDER_OPTIONS, self.name: options}
        message = self.send("x" * 200)  # GSM-7, two segments
        assert message.segments == 2 and message.cost == Decimal("0.14")


class GatewayContract(ProviderContract):
    """For providers that talk to a real gateway."""

    # --- hooks ----------------------------------------------------------------------------
    def fault(self, mode: str):
        """Make the gateway answer 500 ("server_error") or not at all ("hang")."""
        raise NotImplementedError

    def unreachable_options(self) -> dict:
        """This provider's options, pointed at a port nobody listens on."""
        raise NotImplementedError

    def send_inbound(self, sender: str, text: str) -> None:
        """Have the gateway pass us an SMS a person sent (only if supports_inbound)."""
        raise NotImplementedError

    # --- delivery reports --------------------------------------------------------------------
    def test_delivery_report_marks_the_message_delivered(self, callbacks):
        message = self.send()
        assert callbacks.pump_until(lambda: _status(message) == Message.Status.DELIVERED), callbacks.handled
        message.refresh_from_db()
        assert message.delivered_at and message.reported_status

    def test_report_with_a_wrong_token_is_not_found_and_changes_nothing(self, callbacks, client):
        message = self.send()
        callbacks.pump()
        status = _status(message)
        url = report_url(self.name, message).replace(callbacks.url, "")
        forged = url[:-6] + "abcdef"
        assert client.post(forged, {"status": "1"}).status_code == 404
        assert client.get(forged + "&status=1&MsgId=1&MessageStatus=delivered").status_code == 404
        assert client.get(url.split("?")[0] + "?status=1&MsgId=1&MessageStatus=delivered").status_code == 404
        assert _status(message) == status

    def test_malformed_report_is_refused_with_400(self, callbacks, client):
        message = self.send()
        callbacks.pump()
        response = self.post_garbage_report(client, report_url(self.name, message).replace(callbacks.url, ""))
        assert response.status_code in (400, 403)

    def post_garbage_report(self, client, path):
        return client.get(path + "&status=bogus&MsgId=&MessageStatus=bogus")

    # --- faults ------------------------------------------------------------------------------
    def test_invalid_number_fails_at_once_without_retry(self):
        from .conftest import REFUSED_NUMBER

        message = self.send(to=REFUSED_NUMBER)
        assert message.status == Message.Status.FAILED
        assert message.attempts == 1 and message.next_attempt_at is None
        assert message.cost == 0
        assert SendAttempt.objects.get(message=message).outcome == SendAttempt.Outcome.RECIPIENT
        assert self.received() == []

    def test_server_error_is_retried_later_and_sent_once(self, fast_retries):
        self.fault("server_error")
        message = self.send()
        assert (message.status, message.attempts) == (Message.Status.QUEUED, 1)
        assert message.next_attempt_at is not None and "500" in message.last_error
        self.fault("ok")
        _due_now(message)
        assert delivery.deliver_due() == 1
        message.refresh_from_db()
        assert message.status in (Message.Status.SUBMITTED, Message.Status.DELIVERED)
        assert message.attempts == 2 and self.received() == [GSM7_TEXT]

    def test_no_answer_in_time_is_a_temporary_error(self, fast_retries):
        self.fault("hang")
        message = self.send()
        assert (message.status, message.attempts) == (Message.Status.QUEUED, 1)
        attempt = SendAttempt.objects.get(message=message)
        assert attempt.outcome == SendAttempt.Outcome.TEMPORARY and "no answer" in attempt.error
        assert self.received() == []

    def test_unreachable_gateway_is_a_temporary_error(self, settings, fast_retries):
        settings.ZGODA_SMS_PROVIDER_OPTIONS = {self.name: self.unreachable_options()}
        message = self.send()
        assert (message.status, message.attempts) == (Message.Status.QUEUED, 1)
        assert SendAttempt.objects.get(message=message).outcome == SendAttempt.Outcome.TEMPORARY

    # --- inbound -----------------------------------------------------------------------------
    def test_inbound_sms_is_stored_once_and_signalled(self, callbacks, client):
        if not self.provider().supports_inbound:
            url = reverse("sms:inbound", args=[self.name]) + "?secret=" + inbound_token(self.name)
            assert client.post(url, {"from": PHONE, "text": "STOP"}).status_code == 404
            return
        heard = []

        def listener(sender, message, provider, **kwargs):
            heard.append((message.sender, message.text, provider))

        inbound_sms_received.connect(listener)
        try:
            self.send_inbound("48500100200", "STOP zażółć")
            assert callbacks.pump_until(lambda: InboundMessage.objects.exists()), callbacks.handled
        finally:
            inbound_sms_received.disconnect(listener)
        stored = InboundMessage.objects.get()
        assert stored.text == "STOP zażółć" and stored.sender.lstrip("+") == "48500100200"
        assert heard == [(stored.sender, stored.text, self.name)]


def _status(message: Message) -> str:
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def _due_now(message: Message) -> None:
    from django.utils import timezone

    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
