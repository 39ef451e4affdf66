"""The gateways' callback endpoints: secret in the URL, signature where the gateway signs,
and whatever is posted to them, never a 500 and never a change from a bad request."""

import pytest
from django.urls import reverse

from zgoda.sms.callbacks import inbound_token, report_token
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
    url = reverse("sms:report", args=[name, configured.pk, report_token(name, configured)])
    for response in (client.get(url, data), client.post(url, data)):
        assert response.status_code < 500
    configured.refresh_from_db()
    assert configured.status == "submitted"


@pytest.mark.parametrize("name", PROVIDERS)
@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_inbound_is_answered_without_a_500(configured, client, name, data):
    url = reverse("sms:inbound", args=[name, inbound_token(name)])
    for response in (client.get(url, data), client.post(url, data)):
        assert response.status_code < 500
    assert all(m.sender for m in InboundMessage.objects.all())


def test_report_token_of_another_message_is_refused(configured, client):
    other = Message.objects.create(kind="otp", to="+48500100200", text="x", encoding="GSM-7", segments=1)
    url = reverse("sms:report", args=["kannel", configured.pk, report_token("kannel", other)])
    assert client.get(url, {"status": "1"}).status_code == 404
    configured.refresh_from_db()
    assert configured.status == "submitted"


def test_report_for_a_provider_not_configured_is_not_found(configured, client):
    url = reverse("sms:report", args=["nosuch", configured.pk, report_token("nosuch", configured)])
    assert client.get(url, {"status": "1"}).status_code == 404


def test_non_ascii_token_is_just_not_found(configured, client):
    assert client.get(f"/sms/callbacks/kannel/report/{configured.pk}/żółw/", {"status": "1"}).status_code == 404
    assert client.get("/sms/callbacks/kannel/inbound/żółw/").status_code == 404
