"""Kannel (kannel.org): smsbox's sendsms over HTTP; reaches any operator over SMPP and more.

Options (ZGODA_SMS_<NAME>_<OPTION>):
  url       sendsms URL, e.g. http://127.0.0.1:13013/cgi-bin/sendsms (required)
  username, password   a sendsms-user of smsbox (required; password better as _FILE)
  smsc      smsc-id to route through (optional)
  dlr_mask  delivery reports asked for, default 19 = 1 delivered + 2 failed + 16 SMSC reject
  timeout, price       see docs/operations.md

Delivery reports come to our dlr-url (%d = Kannel's status); inbound SMS come from an
sms-service whose get-url is shown by `zgoda sms-providers`. Kannel can send no header, so
both carry the provider's secret in the query string (never in the logged path: see the
access log format in docs/operations.md).
"""

from __future__ import annotations

import re
import urllib.parse

from django.http import QueryDict

from .. import outbound
from ..models import Message
from ..text import GSM7
from ..signals import ABSENT_SUBSCRIBER, UNKNOWN_SUBSCRIBER
from .base import Inbound, Provider, ProviderError, Report

S = Message.Status
# Kannel's %d in a dlr-url.
DLR_STATUS = {1: S.DELIVERED, 2: S.FAILED, 4: S.SUBMITTED, 8: S.SUBMITTED, 16: S.FAILED}
DLR_NAMES = {1: "delivered", 2: "failed", 4: "buffered", 8: "smsc accepted", 16: "smsc rejected"}
# Answers of sendsms that mean the number itself is refused.
RECIPIENT_REFUSALS = ("denied by white- and/or black-lists", "receiver number", "'to' field")
INBOUND_QUERY = "from=%p&to=%P&text=%b&coding=%c&charset=%C&id=%I"
# A failed SMPP delivery receipt ("id:... stat:UNDELIV err:001 ...", in %A) whose err is a
# GSM MAP error of a number without a reachable subscriber (3GPP TS 29.002): 1 unknown
# subscriber, 5 unidentified subscriber; 6 absent subscriber for SM, 27 absent subscriber.
DLR_ERROR = re.compile(r"\berr:(\d{1,3})\b")
UNREACHABLE_ERRORS = {1: UNKNOWN_SUBSCRIBER, 5: UNKNOWN_SUBSCRIBER, 6: ABSENT_SUBSCRIBER, 27: ABSENT_SUBSCRIBER}


class KannelProvider(Provider):
    name = "kannel"
    supports_delivery_reports = True
    supports_inbound = True
    supports_sender_name = True
    supports_idempotency = False
    required_options = ("url", "username", "password")
    default_options = {"dlr_mask": "19"}

    def send(self, message) -> str:
        params = {
            "username": self.options["username"],
            "password": self.options["password"],
            "to": message.to,
            "text": message.text,
            "charset": "UTF-8",
            "coding": "0" if message.encoding == GSM7 else "2",
        }
        if message.sender:
            params["from"] = message.sender
        if self.options.get("smsc"):
            params["smsc"] = self.options["smsc"]
        report_url = self.report_url(message)
        if report_url:
            params["dlr-mask"] = self.options["dlr_mask"]
            params["dlr-url"] = report_url + "&status=%d&answer=%A"  # report_url has ?secret=
        response = outbound.request("GET", self.options["url"], params=params, timeout=self.timeout)
        answer = response.text.strip()[:300]
        if response.status_code in (200, 202) and answer[:2] in ("0:", "3:"):
            return str(message.pk)  # sendsms gives no id; our dlr-url carries ours
        if response.status_code >= 500:
            raise ProviderError(f"Kannel {response.status_code}: {answer}")
        if any(marker in answer for marker in RECIPIENT_REFUSALS):
            raise ProviderError(f"Kannel refused the number: {answer}", recipient=True)
        raise ProviderError(f"Kannel {response.status_code}: {answer}", permanent=True)

    def parse_report(self, request) -> list[Report]:
        raw = request.GET.get("status", "")
        if not raw.isdigit() or int(raw) not in DLR_STATUS:
            raise ValueError(f"unknown Kannel DLR status {raw!r}")
        code = int(raw)
        answer = request.GET.get("answer", "")[:200]
        return [Report(DLR_STATUS[code], f"{code} {DLR_NAMES[code]}", error=answer, unreachable=_unreachable(code, answer))]

    def parse_inbound(self, request) -> Inbound:
        # %b is the SMS as sent, URL-encoded bytes in %C's charset (UTF-16BE for UCS-2):
        # read it from the raw query, not Django's UTF-8 decoded GET.
        raw = urllib.parse.parse_qs(request.META.get("QUERY_STRING", ""), encoding="latin-1")
        query = QueryDict(request.META.get("QUERY_STRING", ""))
        sender = query.get("from", "")
        if not sender or "text" not in raw:
            raise ValueError("from and text are required")
        charset = query.get("charset") or ("UTF-16BE" if query.get("coding") == "2" else "UTF-8")
        try:
            text = raw["text"][0].encode("latin-1").decode(charset)
        except (LookupError, UnicodeDecodeError) as error:
            raise ValueError(f"text is not {charset}: {error}") from None
        return Inbound(sender=sender, recipient=query.get("to", ""), text=text, provider_message_id=query.get("id", ""))

    def inbound_get_url(self, base: str) -> str:
        """The get-url for Kannel's sms-service, given our inbound URL (with ?secret=...)."""
        return f"{base}{'&' if '?' in base else '?'}{INBOUND_QUERY}"


def _unreachable(status: int, answer: str) -> str:
    match = DLR_ERROR.search(answer) if DLR_STATUS[status] == S.FAILED else None
    return UNREACHABLE_ERRORS.get(int(match.group(1)), "") if match else ""
