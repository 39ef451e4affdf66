"""Fixtures for the SMS tests: Kannel on loopback, fake SMSAPI/Twilio/JSON gateways, the
callback server the gateways call back into, and settings that wire a provider to them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zgoda.sms.callbacks import inbound_token
from zgoda.sms.providers.kannel import INBOUND_QUERY

from . import kannel as kannel_harness
from .callback_server import CallbackServer
from .fake_gateways import FakeJsonGateway, FakeSmsapi, FakeTwilio, FaultProxy

# A Polish mobile number Kannel's sendsms refuses (its black-list-regex), and the same
# number refused by the fake gateways: "invalid number".
REFUSED_NUMBER = "+48699990001"
KANNEL_DENY_REGEX = r"^\+4869999"


@pytest.fixture(scope="session")
def callback_server():
    server = CallbackServer()
    yield server
    server.close()


@pytest.fixture
def callbacks(callback_server, settings, db):
    """The callback server, as ZGODA_SMS_CALLBACK_BASE_URL; left-over requests are answered first."""
    settings.ZGODA_SMS_CALLBACK_BASE_URL = callback_server.url
    callback_server.pump()
    yield callback_server
    callback_server.pump()


@pytest.fixture(scope="session")
def kannel(tmp_path_factory, callback_server):
    """bearerbox + smsbox + fakesmsc for the whole session, on free loopback ports."""
    missing = kannel_harness.missing_binaries()
    if missing:
        pytest.fail(
            "Kannel is not installed (missing " + ", ".join(missing) + "). `make test` installs the Debian "
            "packages kannel and kannel-extras (scripts/ensure-debian-packages kannel kannel-extras).",
            pytrace=False,
        )
    inbound = callback_server.url + reverse("sms:inbound", args=["kannel"]) + "?secret=" + inbound_token("kannel")
    gateway = kannel_harness.Kannel(
        tmp_path_factory.mktemp("kannel"), inbound_url=f"{inbound}&{INBOUND_QUERY}", deny_regex=KANNEL_DENY_REGEX
    )
    gateway.start()
    yield gateway
    gateway.stop()


@pytest.fixture(scope="session")
def _kannel_proxy(kannel):
    proxy = FaultProxy(f"http://{kannel_harness.HOST}:{kannel.sendsms_port}")
    yield proxy
    proxy.close()


@pytest.fixture
def kannel_proxy(_kannel_proxy, kannel):
    """The fault-injecting proxy in front of Kannel's sendsms, passing everything through."""
    if not kannel.running():
        kannel.start()
    _kannel_proxy.reset()
    yield _kannel_proxy
    _kannel_proxy.reset()


def kannel_options(url_base: str, **extra) -> dict:
    return {
        "url": f"{url_base}/cgi-bin/sendsms",
        "username": kannel_harness.USERNAME,
        "password": kannel_harness.PASSWORD,
        "price": "PL:0.07",
        "timeout": "2",
        **extra,
    }


def use_providers(settings, **providers):
    """ZGODA_SMS_PROVIDERS in the given order, each name=(type, options)."""
    settings.ZGODA_SMS_PROVIDERS = [name if kind == name else f"{name}:{kind}" for name, (kind, _) in providers.items()]
    settings.ZGODA_SMS_PROVIDER_OPTIONS = {name: options for name, (_, options) in providers.items()}


@pytest.fixture
def fast_retries(settings):
    """Back-off short enough for a test, long enough to see it."""
    settings.ZGODA_SMS_RETRY_BASE_SECONDS = 0.05
    settings.ZGODA_SMS_RETRY_MAX_SECONDS = 0.5
    settings.ZGODA_SMS_UNCERTAIN_RETRY_SECONDS = 0.3
    return settings


@pytest.fixture
def via_kannel(settings, kannel_proxy, callbacks, fast_retries):
    """Zgoda sends through Kannel (behind the fault proxy), reports come to the callback server."""
    use_providers(settings, kannel=("kannel", kannel_options(kannel_proxy.url)))
    return kannel_proxy


def _server_fixture(cls):
    @pytest.fixture(scope="session")
    def session_server():
        server = cls()
        yield server
        server.close()

    return session_server


_smsapi_server = _server_fixture(FakeSmsapi)
_twilio_server = _server_fixture(FakeTwilio)
_json_server = _server_fixture(FakeJsonGateway)


@pytest.fixture
def smsapi_server(_smsapi_server):
    _smsapi_server.reset()
    _smsapi_server.refused_numbers.add(REFUSED_NUMBER)
    yield _smsapi_server
    _smsapi_server.reset()


@pytest.fixture
def twilio_server(_twilio_server):
    _twilio_server.reset()
    _twilio_server.refused_numbers.add(REFUSED_NUMBER)
    yield _twilio_server
    _twilio_server.reset()


@pytest.fixture
def json_gateway(_json_server):
    _json_server.reset()
    _json_server.refused_numbers.add(REFUSED_NUMBER)
    yield _json_server
    _json_server.reset()


def make_due(message=None):
    """Move the next try of `message` (or of every queued message) to now, as time would."""
    from django.utils import timezone

    from zgoda.sms.models import Message

    queued = Message.objects.filter(status=Message.Status.QUEUED, next_attempt_at__isnull=False)
    if message is not None:
        queued = queued.filter(pk=message.pk)
    queued.update(next_attempt_at=timezone.now())


@pytest.fixture
def two_gateways(settings, json_gateway, smsapi_server, callbacks, fast_retries):
    """jsongw (generic HTTP provider) first, SMSAPI second."""
    from .test_provider_contract_http import json_options
    from .test_provider_contract_smsapi import smsapi_options

    use_providers(
        settings,
        jsongw=("http", json_options(json_gateway.url)),
        smsapi=("smsapi", smsapi_options(smsapi_server.url)),
    )
    return json_gateway, smsapi_server
