"""The payloads holding a number are the number's data: found, in its download, and blanked
by its erasure (the event and its id stay); an account's events by its opaque id."""

from conftest import PHONE
from zgoda.lib.personal_data import Account, Number
from zgoda.webhooks import api
from zgoda.webhooks.models import Event
from zgoda.webhooks.personal_data import WebhooksPersonalData


def test_find_export_erase_by_number_and_by_account(subscribe, receiver, commits):
    subscribe()
    with commits():
        stop = api.emit("sms.stop_received", {"phone": PHONE, "withdrew": True})
        granted = api.emit("consent.granted", {"purpose": "sms_marketing", "account": "42"})
        api.emit("sms.stop_received", {"phone": "+48600200300", "withdrew": False})
    declaration = WebhooksPersonalData()
    assert declaration.find(Number(PHONE)) == {"events": 1}
    [exported] = declaration.export(Number(PHONE))["webhook_events"]
    assert exported["id"] == stop and exported["data"]["phone"] == PHONE
    assert declaration.export(Number("+48700000000")) == {}
    assert declaration.erase(Number(PHONE)) == {"events": 1}
    assert declaration.find(Number(PHONE)) == {"events": 0}
    event = Event.objects.get(pk=stop)
    assert event.payload["data"]["phone"] is None and event.payload["data"]["withdrew"] is True

    assert declaration.find(Account(user_id=42)) == {"events": 1}
    assert declaration.erase(Account(user_id=42)) == {"events": 1}
    assert Event.objects.get(pk=granted).payload["data"]["account"] is None
    assert Event.objects.filter(phone="+48600200300").count() == 1
