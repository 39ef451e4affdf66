"""SMSAPI.pl through its official client, `smsapi-client`.

Options (ZGODA_SMS_<NAME>_<OPTION>):
  token     OAuth token from the SMSAPI panel (required; better as _FILE)
  url       API address, default https://api.smsapi.pl/ (https://api.smsapi.com/ abroad)
  test      1: SMSAPI checks the message and answers, but sends and charges nothing
  timeout, price       see docs/operations.md

Every send carries idx = the message's idempotency key with check_idx=1: SMSAPI refuses a
repeated idx for a day (error 53), so a retry after a lost answer cannot send twice, and
error 53 itself means the first try went out. Delivery reports come to notify_url.
"""

from __future__ import annotations

import json

import requests
from smsapi.client import Client
from smsapi.exception import EndpointException, SendException, SmsApiException

from .. import outbound
from ..models import Message
from ..signals import UNKNOWN_SUBSCRIBER
from .base import Inbound, Provider, ProviderError, Report

S = Message.Status
DEFAULT_URL = "https://api.smsapi.pl/"
# SMSAPI error codes (https://www.smsapi.pl/docs, "Kody błędów").
DUPLICATE_IDX = 53
RECIPIENT_ERRORS = {13, 33, 57, 59}  # no valid number, blacklisted, opted out
# "No correct phone numbers" for a number that passed our numbering-plan check: the network
# has no subscriber on it (sms.signals.recipient_unreachable stops marketing to it).
UNKNOWN_SUBSCRIBER_ERRORS = {13}
TEMPORARY_ERRORS = {200, 201, 202, 203, 999}  # "try again", internal errors, too many calls
# Status codes of the delivery report callback.
REPORT_STATUS = {
    "401": S.SUBMITTED, "402": S.EXPIRED, "403": S.SUBMITTED, "404": S.DELIVERED, "405": S.FAILED,
    "406": S.FAILED, "407": S.FAILED, "408": S.SUBMITTED, "409": S.SUBMITTED, "410": S.SUBMITTED,
    "411": S.SUBMITTED, "412": S.FAILED,
}  # fmt: skip


class SmsapiProvider(Provider):
    name = "smsapi"
    supports_delivery_reports = True
    supports_inbound = True
    supports_sender_name = True
    supports_idempotency = True
    required_options = ("token",)
    default_options = {"url": DEFAULT_URL}

    def __init__(self, options=None, name=None):
        super().__init__(options, name)
        url = self.options["url"] if self.options["url"].endswith("/") else self.options["url"] + "/"
        self.client = Client(domain=url, access_token=self.options["token"])

    def send(self, message) -> str:
        params = {
            "to": message.to.lstrip("+"),
            "message": message.text,
            "encoding": "utf-8",
            "idx": str(message.idempotency_key),
            "check_idx": "1",
            "timeout": self.timeout,
        }
        if message.sender:
            params["from_"] = message.sender
        report_url = self.report_url(message)
        if report_url:
            params["notify_url"] = report_url
        if self.test_mode:
            params["test"] = "1"
        try:
            result = self.client.sms.send(**params)
        except requests.exceptions.RequestException as error:
            raise outbound.provider_error(error, self.timeout) from error
        except SendException as error:
            if _code(error) == DUPLICATE_IDX:
                return ""  # the first try went out; its report will carry SMSAPI's id
            raise _error(error) from error
        except SmsApiException as error:
            raise _error(error) from error
        sent = list(result.results)
        if not sent:
            raise ProviderError("SMSAPI accepted nothing (empty list)", maybe_sent=True)
        return str(sent[0].id)

    def parse_report(self, request) -> list[Report]:
        data = request.GET if request.GET.get("MsgId") else request.POST
        ids = data.get("MsgId", "").split(",")
        statuses = data.get("status", "").split(",")
        names = data.get("status_name", "").split(",")
        if not ids[0] or len(statuses) != len(ids) or any(s not in REPORT_STATUS for s in statuses):
            raise ValueError(f"unexpected SMSAPI report MsgId={data.get('MsgId')!r} status={data.get('status')!r}")
        names = (names + [""] * len(ids))[: len(ids)]  # optional: padded, or cut to one per id
        return [
            Report(REPORT_STATUS[status], f"{status} {name}".strip(), provider_message_id=msg_id)
            for msg_id, status, name in zip(ids, statuses, names, strict=True)
        ]

    def parse_inbound(self, request) -> Inbound:
        data = request.POST if request.method == "POST" else request.GET
        if not data.get("sms_from") or "sms_text" not in data:
            raise ValueError("sms_from and sms_text are required")
        return Inbound(
            sender=data["sms_from"], recipient=data.get("sms_to", ""), text=data["sms_text"],
            provider_message_id=data.get("MsgId", ""),
        )


def _code(error: SmsApiException):
    code = error.code
    if isinstance(error, EndpointException) and not isinstance(error, SendException):
        # A non-2xx answer: code is the HTTP status, the body may hold SMSAPI's own code.
        try:
            body = json.loads(error.message or "{}")
            code = body.get("error", code) if isinstance(body, dict) else code
        except ValueError:
            pass
    try:
        return int(code)
    except (TypeError, ValueError):
        return code


def _error(error: SmsApiException) -> ProviderError:
    code = _code(error)
    status = error.code if isinstance(error, EndpointException) and not isinstance(error, SendException) else None
    text = f"SMSAPI error {code}: {error.message}"[:500]
    if code in RECIPIENT_ERRORS:
        return ProviderError(text, recipient=True, unreachable=UNKNOWN_SUBSCRIBER if code in UNKNOWN_SUBSCRIBER_ERRORS else "")
    if code in TEMPORARY_ERRORS or status == 429 or (isinstance(status, int) and status >= 500):
        return ProviderError(text)
    return ProviderError(text, permanent=True)
