"""Delivery-report and inbound-SMS endpoints for the gateways.

Authentication: every URL carries a secret token derived from SECRET_KEY, per message for
delivery reports (bound to the message's random idempotency key, so a leaked URL concerns
one message and nothing else) and per provider for inbound SMS; a wrong token is a plain 404. Providers that sign their callbacks (Twilio)
are checked on top. Handling is idempotent: the same report twice changes nothing.
"""

import hmac

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from zgoda.lib import crypto

from . import app_settings, fastsql, inbound, lifecycle
from .providers.registry import get_provider

TOKEN_LENGTH = 32
# What checking a report's token and applying it read (lifecycle._forward).
REPORT_FIELDS = ("idempotency_key", "provider_message_id", "cost", "reported_status", "segments", "country", "to")


def report_token(provider_name: str, message) -> str:
    return crypto.keyed_hash("sms-report", f"{provider_name}:{message.pk}:{message.idempotency_key}")[:TOKEN_LENGTH]


def inbound_token(provider_name: str) -> str:
    return crypto.keyed_hash("sms-inbound", provider_name)[:TOKEN_LENGTH]


def report_url(provider_name: str, message) -> str:
    """Absolute URL for this message's delivery reports, or "" without ZGODA_SMS_CALLBACK_BASE_URL."""
    base = app_settings.callback_base_url()
    if not base:
        return ""
    path = reverse("sms:report", args=[provider_name, message.pk, report_token(provider_name, message)])
    return base + path


def inbound_url(provider_name: str) -> str:
    base = app_settings.callback_base_url() or "https://ZGODA_SMS_CALLBACK_BASE_URL"
    return base + reverse("sms:inbound", args=[provider_name, inbound_token(provider_name)])


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _configured(provider_name: str):
    if provider_name not in app_settings.providers():
        raise Http404
    return get_provider(provider_name)


def _public_url(request) -> str:
    base = app_settings.callback_base_url()
    return base + request.get_full_path() if base else request.build_absolute_uri()


@csrf_exempt
def report_view(request, provider_name: str, message_id: int, token: str):
    message = fastsql.load(message_id, REPORT_FIELDS)
    if message is None or not _same(token, report_token(provider_name, message)):
        raise Http404
    provider = _configured(provider_name)
    if not provider.supports_delivery_reports:
        raise Http404
    if not provider.verify_callback(request, _public_url(request)):
        return HttpResponse("bad signature", status=403, content_type="text/plain")
    try:
        reports = provider.parse_report(request)
    except (ValueError, KeyError) as error:
        return HttpResponse(f"malformed report: {error}", status=400, content_type="text/plain")
    for report in reports:
        lifecycle.apply_report(message_id, provider, report, message if len(reports) == 1 else None)
    return provider.callback_response("report")


@csrf_exempt
def inbound_view(request, provider_name: str, token: str):
    if not _same(token, inbound_token(provider_name)):
        raise Http404
    provider = _configured(provider_name)
    if not provider.supports_inbound:
        raise Http404
    if not provider.verify_callback(request, _public_url(request)):
        return HttpResponse("bad signature", status=403, content_type="text/plain")
    try:
        sms = provider.parse_inbound(request)
    except (ValueError, KeyError) as error:
        return HttpResponse(f"malformed inbound SMS: {error}", status=400, content_type="text/plain")
    inbound.receive(provider_name, sms)
    return provider.callback_response("inbound")
