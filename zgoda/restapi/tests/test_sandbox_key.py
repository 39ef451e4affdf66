"""A sandbox key's codes go to the dev phone only, never to a gateway, and prove nothing
about the number (no number_proved, so no consent is confirmed by them)."""

from conftest import CODE_IN_SMS
from zgoda.accounts.signals import number_proved
from zgoda.restapi.models import ApiKey
from zgoda.sms.models import Message, SendAttempt
from zgoda.sms.tests.conftest import use_providers

from .conftest import CUSTOMER

KANNEL = ("kannel", {"url": "http://127.0.0.1:9/", "username": "u", "password": "p"})


def test_sandbox_code_is_on_the_dev_phone_and_no_gateway_is_called(make_api, client, settings):
    use_providers(settings, kannel=KANNEL)  # a real gateway configured: the sandbox must not use it
    api = make_api("verifications", kind=ApiKey.Kind.SANDBOX)
    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"})
    assert started.status_code == 201
    assert SendAttempt.objects.count() == 0
    message = Message.objects.get()
    assert message.provider == "outbox" and message.cost == 0 and "***" in message.text and message.clear_text == ""
    phone = client.get("/dev/phone/messages.json", {"to": CUSTOMER}).json()
    assert len(phone) == 1
    code = CODE_IN_SMS.search(phone[0]["text"]).group(2).replace(" ", "")

    proved = []
    number_proved.connect(lambda sender, **kw: proved.append(kw), weak=False, dispatch_uid="test-sandbox")
    try:
        checked = api.post(f"/verifications/{started.json()['id']}/check", {"code": code})
    finally:
        number_proved.disconnect(dispatch_uid="test-sandbox")
    assert checked.json()["status"] == "approved" and proved == []


def test_a_live_key_does_use_the_gateway(make_api, settings):
    use_providers(settings, kannel=KANNEL)
    api = make_api("verifications")
    assert api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"}).status_code == 201
    assert SendAttempt.objects.filter(provider="kannel").exists()
