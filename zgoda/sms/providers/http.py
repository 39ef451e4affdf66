"""Any HTTP SMS gateway, described by configuration alone.

Options (ZGODA_SMS_<NAME>_<OPTION>):
  url           the send URL; may hold placeholders (URL-encoded there) (required)
  method        POST (default) or GET, PUT...
  headers       JSON object, e.g. {"Authorization": "Bearer abc"} (better as _FILE)
  body          body template; JSON-escaped when content_type is JSON, form-encoded when
                it is application/x-www-form-urlencoded, as is otherwise
  content_type  default: application/json if the body starts with { or [, else form
  success_status  HTTP statuses that mean accepted, e.g. "200,201"; default any 2xx
  success_regex   and the body must match this (optional)
  id_regex      group 1 is the gateway's message id; or
  id_json       dotted path to it in a JSON answer, e.g. "messages.0.id"
                (neither: our own id is used, e.g. when reports carry {id})
  recipient_regex  a failed answer matching this means a bad number: no retry, no failover
  idempotent    1 if the gateway refuses a repeated {id} (then a retry cannot send twice)
  report_status_field, report_id_field   where a delivery report carries the status and
                the gateway's id (GET/POST form or JSON), default "status" and "id"
  report_delivered, report_failed, report_expired   comma-separated status values
  timeout, price  see docs/operations.md

Placeholders: {to} (E.164), {to_digits} (without +), {text}, {id} (our message's
idempotency key), {sender}, {report_url}, {encoding} (GSM-7 or UCS-2), {unicode} (0 or 1).
"""

from __future__ import annotations

import json
import re
import urllib.parse

from .. import outbound
from ..config import parse_bool
from ..models import Message
from ..text import UCS2
from .base import ConfigurationError, Provider, ProviderError, Report

S = Message.Status
PLACEHOLDER = re.compile(r"\{(to|to_digits|text|id|sender|report_url|encoding|unicode)\}")
FORM = "application/x-www-form-urlencoded"


class HttpProvider(Provider):
    name = "http"
    supports_delivery_reports = True
    supports_inbound = False
    supports_sender_name = True
    required_options = ("url",)
    default_options = {
        "method": "POST",
        "report_status_field": "status",
        "report_id_field": "id",
        "report_delivered": "delivered,DELIVRD",
        "report_failed": "failed,undelivered,UNDELIV,REJECTD",
        "report_expired": "expired,EXPIRED",
    }

    def __init__(self, options=None, name=None):
        super().__init__(options, name)
        try:
            self.headers = json.loads(self.options.get("headers") or "{}")
            self.success_regex = _regex(self.options.get("success_regex"))
            self.id_regex = _regex(self.options.get("id_regex"))
            self.recipient_regex = _regex(self.options.get("recipient_regex"))
            self.success_status = {int(s) for s in str(self.options.get("success_status") or "").split(",") if s.strip()}
        except (ValueError, re.error) as error:
            raise ConfigurationError(f"SMS provider {self.name!r}: {error}") from None
        if not isinstance(self.headers, dict):
            raise ConfigurationError(f"SMS provider {self.name!r}: headers must be a JSON object")
        self.supports_idempotency = parse_bool(self.options.get("idempotent"))
        body = self.options.get("body") or ""
        self.content_type = self.options.get("content_type") or (
            "application/json" if body.lstrip()[:1] in ("{", "[") else FORM
        )

    def _values(self, message) -> dict[str, str]:
        return {
            "to": message.to,
            "to_digits": message.to.lstrip("+"),
            "text": message.text,
            "id": str(message.idempotency_key),
            "sender": message.sender,
            "report_url": self.report_url(message),
            "encoding": message.encoding,
            "unicode": "1" if message.encoding == UCS2 else "0",
        }

    def send(self, message) -> str:
        values = self._values(message)
        url = _fill(self.options["url"], values, urllib.parse.quote_plus)
        body = self.options.get("body")
        kwargs = {"headers": dict(self.headers)}
        if body:
            escape = _json_escape if "json" in self.content_type else (
                urllib.parse.quote_plus if self.content_type == FORM else str
            )
            kwargs["data"] = _fill(body, values, escape).encode()
            kwargs["headers"].setdefault("Content-Type", self.content_type)
        response = outbound.request(self.options["method"].upper(), url, timeout=self.timeout, **kwargs)
        answer = response.text[:2000]
        status_ok = response.status_code in self.success_status if self.success_status else 200 <= response.status_code < 300
        if status_ok and (self.success_regex is None or self.success_regex.search(answer)):
            return self._provider_id(answer, values["id"])
        summary = f"HTTP {response.status_code}: {answer[:300]}"
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise ProviderError(summary)
        if self.recipient_regex and self.recipient_regex.search(answer):
            raise ProviderError(summary, recipient=True)
        raise ProviderError(summary, permanent=True)

    def _provider_id(self, answer: str, own_id: str) -> str:
        if self.id_regex:
            match = self.id_regex.search(answer)
            if match:
                return match.group(1)
        if self.options.get("id_json"):
            try:
                found = json.loads(answer)
                for key in self.options["id_json"].split("."):
                    found = found[int(key)] if isinstance(found, list) else found[key]
                return str(found)
            except (ValueError, KeyError, IndexError, TypeError):
                pass
        return own_id

    def parse_report(self, request) -> list[Report]:
        data = _request_data(request)
        raw = str(data.get(self.options["report_status_field"], ""))
        status = _lookup(raw, self.options)
        if status is None:
            raise ValueError(f"unknown report status {raw!r}")
        return [Report(status, raw, provider_message_id=str(data.get(self.options["report_id_field"], "")))]


def _lookup(raw: str, options) -> str | None:
    for status, key in ((S.DELIVERED, "report_delivered"), (S.FAILED, "report_failed"), (S.EXPIRED, "report_expired")):
        if raw.lower() in {v.strip().lower() for v in options[key].split(",") if v.strip()}:
            return status
    return S.SUBMITTED if raw else None


def _request_data(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise ValueError("report body is not JSON") from None
        if not isinstance(data, dict):
            raise ValueError("report body is not a JSON object")
        return data
    return {**request.GET.dict(), **request.POST.dict()}


def _fill(template: str, values: dict, escape) -> str:
    return PLACEHOLDER.sub(lambda m: escape(values[m.group(1)]), template)


def _json_escape(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _regex(pattern):
    return re.compile(pattern) if pattern else None
