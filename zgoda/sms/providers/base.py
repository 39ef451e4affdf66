"""The provider contract: send(message) returns the provider's id or raises ProviderError.

A provider also says what it supports (delivery reports, inbound SMS, sender names,
idempotency keys) and, when it supports them, turns a gateway's callback request into
Report / Inbound records. Authentication of callbacks: a secret per provider, never in
the URL's path, and an optional source allow-list (zgoda/sms/callbacks.py; options
callback_secret, callback_secret_previous, allow_from); a provider may check a signature on
top (`verify_callback`, Twilio's X-Twilio-Signature).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..config import check_secret, parse_bool, parse_networks, parse_prices


class ProviderError(Exception):
    """A send that did not go through.

    permanent=True: retrying on this provider cannot help (bad credentials, rejected
        sender...); a one-time code moves on to the next provider.
    recipient=True: the number itself is bad (invalid, blocked); no provider can help, so
        the message fails at once: no retry, no failover. Implies permanent.
    permanent=False: a temporary fault (timeout, 5xx, throttling): retry with back-off.
    maybe_sent=True: the gateway may have sent it although we got no answer; a retry first
        waits for a delivery report that would prove it went out.
    unreachable: why the number has no reachable subscriber (sms.signals.UNKNOWN_SUBSCRIBER,
        ABSENT_SUBSCRIBER), when the gateway's code says so; implies recipient. Other apps
        hear of it (sms.signals.recipient_unreachable): marketing stops to that number.
    """

    def __init__(self, message: str, *, permanent: bool = False, recipient: bool = False, maybe_sent: bool = False,
                 unreachable: str = ""):
        super().__init__(message)
        self.unreachable = unreachable
        recipient = recipient or bool(unreachable)
        self.recipient = recipient
        self.permanent = permanent or recipient
        self.maybe_sent = maybe_sent and not self.permanent


class ConfigurationError(ValueError):
    """A provider's options are missing or wrong; the message says which and how to fix it."""


@dataclass
class Report:
    """One delivery report. status is a Message.Status value (submitted, delivered, failed, expired)."""

    status: str
    raw: str
    provider_message_id: str = ""
    error: str = ""
    # A failed report whose error says the number has no reachable subscriber
    # (sms.signals.UNKNOWN_SUBSCRIBER, ABSENT_SUBSCRIBER); "" otherwise.
    unreachable: str = ""


@dataclass
class Inbound:
    """One SMS a person sent to us."""

    sender: str
    recipient: str
    text: str
    provider_message_id: str = ""


class Provider:
    name = ""
    supports_delivery_reports = False
    supports_inbound = False
    supports_sender_name = True
    supports_idempotency = False
    # The outbox 'delivers' in send(): no report will come.
    delivers_on_send = False
    # The gateway's company processes the messages outside the EEA (the privacy notice says so).
    outside_eea = False
    # Options a configuration must give (ZGODA_SMS_<NAME>_<OPTION>), and defaults of the rest.
    required_options: tuple[str, ...] = ()
    default_options: dict[str, str] = {}

    def __init__(self, options: dict | None = None, name: str | None = None):
        self.options = {**self.default_options, **(options or {})}
        self.name = name or self.name or type(self).__module__.rsplit(".", 1)[-1]
        missing = [key for key in self.required_options if not self.options.get(key)]
        if missing:
            variables = ", ".join(f"ZGODA_SMS_{self.name.upper()}_{key.upper()}" for key in missing)
            raise ConfigurationError(f"SMS provider {self.name!r} needs {variables}")
        self.prices = parse_prices(self.options.get("price"))
        prefix = f"ZGODA_SMS_{self.name.upper()}_"
        try:
            # Callbacks only from these networks (option allow_from); empty: from anywhere.
            self.allowed_networks = parse_networks(self.options.get("allow_from"))
        except ValueError as error:
            raise ConfigurationError(f"{prefix}ALLOW_FROM: {error}") from None
        for key in ("callback_secret", "callback_secret_previous"):
            try:
                check_secret(self.options.get(key))
            except ValueError as error:
                raise ConfigurationError(f"{prefix}{key.upper()}: {error}") from None

    # --- what every provider shares ----------------------------------------------------
    @property
    def timeout(self) -> float:
        """Seconds to wait for the gateway's answer to one send (option `timeout`)."""
        return float(self.options.get("timeout") or 10)

    @property
    def test_mode(self) -> bool:
        return parse_bool(self.options.get("test"))

    def price_per_segment(self, country: str) -> Decimal:
        """Price of one segment to `country` (option `price`: "PL:0.07,*:0.20" or "0.07")."""
        return self.prices.get(country.upper(), self.prices.get("*", Decimal(0)))

    def sends_from(self, sender: str) -> str:
        """The address a message asked to come from `sender` shows on the phone ("" when the
        gateway decides): a phone number can be answered, an alphanumeric name cannot."""
        return sender

    def report_url(self, message) -> str:
        """Where the gateway should send this message's delivery reports ("" if unset)."""
        from ..callbacks import report_url

        return report_url(self.name, message) if self.supports_delivery_reports else ""

    # --- the contract ----------------------------------------------------------------------
    def send(self, message) -> str:
        """Hand `message` (a zgoda.sms.models.Message) to the gateway; return its id there."""
        raise NotImplementedError

    def parse_report(self, request) -> list[Report]:
        """The delivery reports in a callback request (raise ValueError when malformed)."""
        raise NotImplementedError

    def parse_inbound(self, request) -> Inbound:
        """The SMS in an inbound callback request (raise ValueError when malformed)."""
        raise NotImplementedError

    def verify_callback(self, request, public_url: str) -> bool:
        """A signature check on top of the URL's secret token; public_url is the URL the
        gateway called, as configured (ZGODA_SMS_CALLBACK_BASE_URL + path + query)."""
        return True

    def callback_response(self, kind: str):
        """What the gateway expects back from a callback (kind: 'report' or 'inbound')."""
        from django.http import HttpResponse

        return HttpResponse("OK", content_type="text/plain")
