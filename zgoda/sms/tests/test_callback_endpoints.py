"""The gateways' callback endpoints: one secret per provider (two during a rotation), never in
the path; an optional source allow-list; a signature where the gateway signs; and whatever is
posted to them, never a 500 and never a change from a bad request."""

import base64

import pytest
from django.urls import reverse

from zgoda.sms.callbacks import inbound_token, report_token, report_url
from zgoda.sms.providers.base import ConfigurationError
from zgoda.sms.providers.registry import get_provider
from zgoda.sms.models import InboundMessage, Message

from .conftest import use_providers

PROVIDERS = {
    "kannel": ("kannel", {"url": "http://127.0.0.1:1/", "username": "u", "password": "p"}),
    "smsapi": ("smsapi", {"token": "t"}),
    "twilio": ("twilio", {"account_sid": "AC" + "0" * 32, "auth_token": "x"}),
    "gw": ("http", {"url": "http://127.0.0.1:1/"}),
    "outbox": ("outbox", {}),
}
GARBAGE = [
    {},
    {"status": "", "MsgId": "", "MessageStatus": ""},
    {"status": "999999999999999999999", "MsgId": "1,2,3", "status_name": "x"},
    {"status": "1x", "answer": "\x00\xff" * 100, "text": "%ZZ", "charset": "no-such-charset", "coding": "2"},
    {"from": "+48500100200", "text": "%D8%3D", "coding": "2", "charset": "UTF-16BE"},
    {"sms_from": "", "sms_text": "STOP", "From": "", "Body": ""},
]


@pytest.fixture
def configured(settings, db):
    use_providers(settings, **PROVIDERS)
    settings.ZGODA_SMS_CALLBACK_BASE_URL = "https://zgoda.example.pl"
    return Message.objects.create(
        kind="otp", to="+48500100200", text="kod", encoding="GSM-7", segments=1, status="submitted"
    )


@pytest.mark.parametrize("name", PROVIDERS)
@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_reports_are_answered_without_a_500_and_change_nothing(configured, client, name, data):
    url = reverse("sms:report", args=[name, configured.pk]) + "?secret=" + report_token(name, configured)
    for response in (client.get(url, data), client.post(url, data)):
        assert response.status_code < 500
    configured.refresh_from_db()
    assert configured.status == "submitted"


@pytest.mark.parametrize("name", PROVIDERS)
@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_inbound_is_answered_without_a_500(configured, client, name, data):
    url = reverse("sms:inbound", args=[name]) + "?secret=" + inbound_token(name)
    for response in (client.get(url, data), client.post(url, data)):
        assert response.status_code < 500
    assert all(m.sender for m in InboundMessage.objects.all())


def test_report_token_of_another_message_is_refused(configured, client):
    other = Message.objects.create(kind="otp", to="+48500100200", text="x", encoding="GSM-7", segments=1)
    url = reverse("sms:report", args=["kannel", configured.pk])
    assert client.get(url, {"status": "1", "secret": report_token("kannel", other)}).status_code == 404
    configured.refresh_from_db()
    assert configured.status == "submitted"


def test_report_for_a_provider_not_configured_is_not_found(configured, client):
    url = reverse("sms:report", args=["nosuch", configured.pk])
    assert client.get(url, {"status": "1", "secret": report_token("nosuch", configured)}).status_code == 404


def test_non_ascii_token_is_just_not_found(configured, client):
    assert client.get(f"/sms/callbacks/kannel/report/{configured.pk}/", {"status": "1", "secret": "żółw"}).status_code == 404
    assert client.get("/sms/callbacks/kannel/inbound/", {"secret": "żółw\x00" * 100}).status_code == 404


@pytest.mark.parametrize("path", [
    "/sms/callbacks/kannel/report/{huge}/", "/sms/callbacks/kannel/report/{huge}/x/",
    "/sms/callbacks/kannel/report/²³⁴/", "/sms/callbacks/kannel/report/-1/", "/sms/callbacks/{long}/inbound/",
    "/sms/callbacks/kannel/report/0/", "/sms/callbacks/kannel/report/999999999999999999/",
])  # fmt: skip
def test_odd_paths_are_not_found_without_a_500(configured, client, path):
    path = path.format(huge="9" * 20, long="k" * 5000)
    for response in (client.get(path, {"status": "1"}), client.post(path, {"status": "1"})):
        assert response.status_code in (404, 414)  # 414: longer than any server takes (lib/input_bounds.py)


KANNEL = {"url": "http://127.0.0.1:1/", "username": "u", "password": "p"}
CURRENT, PREVIOUS = "current-secret-0123456789", "previous-secret-0123456789"


@pytest.fixture
def rotating(configured, settings):
    use_providers(settings, kannel=("kannel", {**KANNEL, "callback_secret": CURRENT,
                                               "callback_secret_previous": PREVIOUS}))  # fmt: skip
    return configured


def inbound(client, **extra):
    return client.get(reverse("sms:inbound", args=["kannel"]), {"from": "+48500100200", "text": "hej"}, **extra)


def basic(password):
    return "Basic " + base64.b64encode(f"kannel:{password}".encode()).decode()


def test_the_secret_travels_in_a_header_basic_auth_or_the_query_string(rotating, client):
    path = reverse("sms:inbound", args=["kannel"])
    assert client.get(path + f"?secret={CURRENT}&from=%2B48500100201&text=a").status_code == 200
    assert inbound(client, headers={"X-Zgoda-Secret": CURRENT}).status_code == 200
    assert inbound(client, headers={"Authorization": basic(CURRENT)}).status_code == 200
    assert inbound(client).status_code == 404
    assert inbound(client, headers={"X-Zgoda-Secret": CURRENT[:-1]}).status_code == 404
    assert inbound(client, headers={"Authorization": "Basic ***"}).status_code == 404


def test_during_a_rotation_the_previous_secret_still_works_and_urls_carry_the_current(rotating, client):
    assert inbound_token("kannel") == CURRENT
    assert inbound(client, headers={"X-Zgoda-Secret": PREVIOUS}).status_code == 200
    path = reverse("sms:report", args=["kannel", rotating.pk])
    old_url_token = report_token("kannel", rotating, PREVIOUS)  # a message sent before the rotation
    assert report_url("kannel", rotating).endswith("?secret=" + report_token("kannel", rotating, CURRENT))
    assert client.get(path, {"secret": old_url_token, "status": "8"}).status_code == 200
    assert client.get(path, {"status": "1"}, headers={"X-Zgoda-Secret": CURRENT}).status_code == 200
    rotating.refresh_from_db()
    assert rotating.status == "delivered"


def test_after_the_rotation_the_previous_secret_is_refused(configured, settings, client):
    use_providers(settings, kannel=("kannel", {**KANNEL, "callback_secret": CURRENT}))
    assert inbound(client, headers={"X-Zgoda-Secret": PREVIOUS}).status_code == 404
    path = reverse("sms:report", args=["kannel", configured.pk])
    assert client.get(path, {"secret": report_token("kannel", configured, PREVIOUS), "status": "1"}).status_code == 404


def test_an_allow_list_refuses_other_addresses_and_reads_the_trusted_proxy(configured, settings, client):
    use_providers(settings, kannel=("kannel", {**KANNEL, "callback_secret": CURRENT,
                                               "allow_from": "203.0.113.7, 198.51.100.0/24"}))  # fmt: skip
    secret = {"X-Zgoda-Secret": CURRENT}
    assert inbound(client, headers=secret, REMOTE_ADDR="192.0.2.1").status_code == 403
    assert inbound(client, headers=secret, REMOTE_ADDR="198.51.100.20").status_code == 200
    settings.ZGODA_TRUSTED_PROXIES = 1  # behind one proxy: its X-Forwarded-For names the gateway
    forwarded = {**secret, "X-Forwarded-For": "203.0.113.7"}
    assert inbound(client, headers=forwarded, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert inbound(client, headers={**secret, "X-Forwarded-For": "192.0.2.9"}, REMOTE_ADDR="203.0.113.7").status_code == 403
    assert inbound(client, headers={**secret, "X-Forwarded-For": "nonsense"}, REMOTE_ADDR="10.0.0.1").status_code == 403
    path = reverse("sms:report", args=["kannel", configured.pk])
    assert client.get(path, {"status": "1"}, headers=secret, REMOTE_ADDR="192.0.2.1").status_code == 403


@pytest.mark.parametrize("options", [
    {"allow_from": "203.0.113.7, gateway.example"}, {"callback_secret": "short"},
    {"callback_secret_previous": "has%percent-0123456789"},
])  # fmt: skip
def test_a_bad_allow_list_or_secret_is_a_configuration_error(options):
    with pytest.raises(ConfigurationError, match="ZGODA_SMS_KANNEL_"):
        get_provider("kannel", {**KANNEL, **options})
