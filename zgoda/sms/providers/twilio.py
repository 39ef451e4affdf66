"""Twilio through its official client, `twilio`.

Options (ZGODA_SMS_<NAME>_<OPTION>):
  account_sid   AC... (required)
  auth_token    (required; better as _FILE): signs Twilio's callbacks too
  auth_token_previous   the token before a rotation: its signatures still count (optional)
  from_number   a Twilio number (+48...) or alphanumeric sender; unset: ZGODA_SMS_SENDER
  messaging_service_sid   MG...: send through a Messaging Service instead of from_number
  url           API address, default https://api.twilio.com (tests point it elsewhere)
  timeout, price          see docs/operations.md

Status callbacks and inbound SMS are accepted only with a valid X-Twilio-Signature.
"""

from __future__ import annotations

import requests
from django.http import HttpResponse
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from .. import outbound
from ..models import Message
from ..signals import ABSENT_SUBSCRIBER, UNKNOWN_SUBSCRIBER
from .base import Inbound, Provider, ProviderError, Report

S = Message.Status
DEFAULT_URL = "https://api.twilio.com"
# Twilio error codes (https://www.twilio.com/docs/api/errors) that mean the number is bad.
RECIPIENT_ERRORS = {21211, 21214, 21217, 21401, 21407, 21421, 21610, 21612, 21614}
TEMPORARY_ERRORS = {20429, 20500, 20503, 30001}
# Of those, the ones saying the number has no subscriber (for a number that passed our own
# numbering-plan check); and the delivery errors of a status callback meaning the same:
# 30005 unknown destination handset, 30006 landline or unreachable carrier, 30003
# unreachable destination handset (absent). sms.signals.recipient_unreachable hears of them.
UNKNOWN_SUBSCRIBER_ERRORS = {21211, 21214, 21217, 21401, 21421, 21614}
DELIVERY_UNREACHABLE = {"30005": UNKNOWN_SUBSCRIBER, "30006": UNKNOWN_SUBSCRIBER, "30003": ABSENT_SUBSCRIBER}
STATUS = {
    "accepted": S.SUBMITTED, "scheduled": S.SUBMITTED, "queued": S.SUBMITTED, "sending": S.SUBMITTED,
    "sent": S.SUBMITTED, "delivered": S.DELIVERED, "read": S.DELIVERED, "undelivered": S.FAILED,
    "failed": S.FAILED, "canceled": S.FAILED,
}  # fmt: skip
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class TwilioProvider(Provider):
    name = "twilio"
    supports_delivery_reports = True
    supports_inbound = True
    supports_sender_name = True
    supports_idempotency = False
    outside_eea = True  # Twilio Inc. processes messages in the United States
    required_options = ("account_sid", "auth_token")
    default_options = {"url": DEFAULT_URL}

    def __init__(self, options=None, name=None):
        super().__init__(options, name)
        self.client = Client(
            self.options["account_sid"], self.options["auth_token"], http_client=TwilioHttpClient(timeout=self.timeout)
        )
        self.client.api.base_url = self.options["url"].rstrip("/")
        # Callbacks are signed with the account's primary auth token; while Twilio's secondary
        # token is promoted (rotation), the previous one (auth_token_previous) still counts.
        self.validators = [RequestValidator(token) for token in
                           (self.options["auth_token"], self.options.get("auth_token_previous")) if token]

    def send(self, message) -> str:
        fields = {"to": message.to, "body": message.text}
        if self.options.get("messaging_service_sid"):
            fields["messaging_service_sid"] = self.options["messaging_service_sid"]
        else:
            fields["from_"] = self.options.get("from_number") or message.sender
        report_url = self.report_url(message)
        if report_url:
            fields["status_callback"] = report_url
        try:
            created = self.client.api.v2010.account.messages.create(**fields)
        except requests.exceptions.RequestException as error:
            raise outbound.provider_error(error, self.timeout) from error
        except TwilioRestException as error:
            raise _error(error) from error
        except TwilioException as error:
            raise ProviderError(f"Twilio: {error}", permanent=True) from error
        if created.status in ("failed", "undelivered"):
            raise ProviderError(f"Twilio {created.status}: {created.error_code} {created.error_message}", permanent=True)
        return created.sid

    def sends_from(self, sender: str) -> str:
        if self.options.get("messaging_service_sid"):
            return ""  # the Messaging Service picks the sender
        return self.options.get("from_number") or sender

    def verify_callback(self, request, public_url: str) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        params = request.POST.dict() if request.method == "POST" else {}
        return bool(signature) and any(v.validate(public_url, params, signature) for v in self.validators)

    def parse_report(self, request) -> list[Report]:
        status = request.POST.get("MessageStatus", "")
        if status not in STATUS:
            raise ValueError(f"unknown Twilio MessageStatus {status!r}")
        code = request.POST.get("ErrorCode", "")
        return [
            Report(STATUS[status], status, provider_message_id=request.POST.get("MessageSid", ""),
                   error=f"Twilio error {code}" if code else "",
                   unreachable=DELIVERY_UNREACHABLE.get(code, "") if STATUS[status] == S.FAILED else "")
        ]  # fmt: skip

    def parse_inbound(self, request) -> Inbound:
        if not request.POST.get("From") or "Body" not in request.POST:
            raise ValueError("From and Body are required")
        return Inbound(
            sender=request.POST["From"], recipient=request.POST.get("To", ""), text=request.POST["Body"],
            provider_message_id=request.POST.get("MessageSid", ""),
        )

    def callback_response(self, kind: str):
        if kind == "inbound":
            return HttpResponse(EMPTY_TWIML, content_type="text/xml")
        return HttpResponse(status=204)


def _error(error: TwilioRestException) -> ProviderError:
    text = f"Twilio {error.status} error {error.code}: {error.msg}"[:500]
    if error.code in RECIPIENT_ERRORS:
        return ProviderError(text, recipient=True,
                             unreachable=UNKNOWN_SUBSCRIBER if error.code in UNKNOWN_SUBSCRIBER_ERRORS else "")
    if error.code in TEMPORARY_ERRORS or error.status == 429 or error.status >= 500:
        return ProviderError(text)
    return ProviderError(text, permanent=True)
