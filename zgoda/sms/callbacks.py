"""Delivery-report and inbound-SMS endpoints for the gateways.

Authentication: one secret per provider (option `callback_secret`, ZGODA_SMS_<NAME>_CALLBACK_SECRET;
unset: derived from SECRET_KEY), and during a rotation its predecessor too
(`callback_secret_previous`). The secret never travels in the URL's path, which access logs
show: a gateway sends it in the header X-Zgoda-Secret, as the password of HTTP basic auth, or
in the query string (`?secret=`), which the access log format of docs/operations.md leaves
out. A delivery report URL carries, instead of the secret itself, a token per message derived
from it (bound to the message's random idempotency key, so a leaked URL concerns one message).
A wrong or missing secret is a plain 404. Optionally a provider accepts callbacks only from
the networks in `allow_from` (the client address as lib.http.client_ip sees it, so
ZGODA_TRUSTED_PROXIES applies); others get 403. Providers that sign their callbacks (Twilio)
are checked on top. Handling is idempotent: the same report twice changes nothing.
"""

import base64
import hashlib
import hmac
import ipaddress
import urllib.parse

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from zgoda.lib import crypto
from zgoda.lib.http import client_ip

from . import app_settings, fastsql, inbound, lifecycle
from .providers.base import ConfigurationError
from .providers.registry import get_provider

TOKEN_LENGTH = 32
SECRET_PARAM = "secret"
SECRET_HEADER = "X-Zgoda-Secret"
MAX_SECRET_LENGTH = 200
# What checking a report's token and applying it read (lifecycle._forward).
REPORT_FIELDS = ("idempotency_key", "provider_message_id", "cost", "reported_status", "segments", "country", "to")


def provider_secrets(provider_name: str) -> list[str]:
    """The provider's callback secrets: the current one first, then the previous one (rotation)."""
    options = app_settings.provider_options(provider_name)
    current = options.get("callback_secret") or crypto.keyed_hash("sms-callback", provider_name)[:TOKEN_LENGTH]
    previous = options.get("callback_secret_previous") or ""
    return [current, previous] if previous else [current]


def report_token(provider_name: str, message, secret: str | None = None) -> str:
    """The token of this message's report URL, derived from the provider's (current) secret."""
    key = (secret or provider_secrets(provider_name)[0]).encode()
    value = f"{provider_name}:{message.pk}:{message.idempotency_key}".encode()
    return hmac.new(key, value, hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def inbound_token(provider_name: str) -> str:
    """What an inbound URL carries: the provider's current secret."""
    return provider_secrets(provider_name)[0]


def _with_secret(path: str, secret: str) -> str:
    return f"{path}?{urllib.parse.urlencode({SECRET_PARAM: secret})}"


def report_url(provider_name: str, message) -> str:
    """Absolute URL for this message's delivery reports, or "" without ZGODA_SMS_CALLBACK_BASE_URL.

    It has a query string (the token): append further parameters with "&"."""
    base = app_settings.callback_base_url()
    if not base:
        return ""
    path = reverse("sms:report", args=[provider_name, message.pk])
    return base + _with_secret(path, report_token(provider_name, message))


def inbound_url(provider_name: str) -> str:
    """The inbound URL to give the gateway (with the secret in its query string)."""
    base = app_settings.callback_base_url() or "https://ZGODA_SMS_CALLBACK_BASE_URL"
    return base + _with_secret(reverse("sms:inbound", args=[provider_name]), inbound_token(provider_name))


def given_secret(request) -> str:
    """The secret the caller sent: header, basic-auth password or query parameter ("" if none)."""
    header = request.headers.get(SECRET_HEADER, "")
    if header:
        return header
    authorization = request.headers.get("Authorization", "")
    if authorization[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return request.GET.get(SECRET_PARAM, "")


def _matches(given: str, expected) -> bool:
    if not given or len(given) > MAX_SECRET_LENGTH:
        return False
    found = False
    for value in expected:  # every candidate compared, so timing tells nothing of which matched
        found |= hmac.compare_digest(given.encode(), value.encode())
    return found


def _configured(provider_name: str):
    if provider_name not in app_settings.providers():
        raise Http404
    try:
        return get_provider(provider_name)
    except (ConfigurationError, LookupError, ImportError):
        raise Http404 from None


def allowed_source(provider, request) -> bool:
    """True unless the provider has an allow-list (`allow_from`) the client address is not in."""
    networks = provider.allowed_networks
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(client_ip(request).strip())
    except ValueError:
        return False
    return any(address in network for network in networks)


def _refused_source():
    return HttpResponse("source address not allowed", status=403, content_type="text/plain")


def _public_url(request) -> str:
    base = app_settings.callback_base_url()
    return base + request.get_full_path() if base else request.build_absolute_uri()


@csrf_exempt
def report_view(request, provider_name: str, message_id: int):
    provider = _configured(provider_name)
    if not provider.supports_delivery_reports:
        raise Http404
    if not allowed_source(provider, request):
        return _refused_source()
    message = fastsql.load(message_id, REPORT_FIELDS)
    if message is None:
        raise Http404
    secrets = provider_secrets(provider_name)
    expected = [report_token(provider_name, message, secret) for secret in secrets] + secrets
    if not _matches(given_secret(request), expected):
        raise Http404
    if not provider.verify_callback(request, _public_url(request)):
        return HttpResponse("bad signature", status=403, content_type="text/plain")
    try:
        reports = provider.parse_report(request)
    except (ValueError, KeyError) as error:
        return HttpResponse(f"malformed report: {str(error)[:200]}", status=400, content_type="text/plain")
    for report in reports:
        lifecycle.apply_report(message_id, provider, report, message if len(reports) == 1 else None)
    return provider.callback_response("report")


@csrf_exempt
def inbound_view(request, provider_name: str):
    provider = _configured(provider_name)
    if not provider.supports_inbound:
        raise Http404
    if not allowed_source(provider, request):
        return _refused_source()
    if not _matches(given_secret(request), provider_secrets(provider_name)):
        raise Http404
    if not provider.verify_callback(request, _public_url(request)):
        return HttpResponse("bad signature", status=403, content_type="text/plain")
    try:
        sms = provider.parse_inbound(request)
    except (ValueError, KeyError) as error:
        return HttpResponse(f"malformed inbound SMS: {str(error)[:200]}", status=400, content_type="text/plain")
    inbound.receive(provider_name, sms)
    return provider.callback_response("inbound")
