"""The dev phone: /dev/phone/ and messages.json, only when ZGODA_DEV_OUTBOX is on."""

from datetime import datetime

import pytest

from zgoda.sms.api import queue_sms
from zgoda.sms.models import Message, OutboxEntry


@pytest.fixture
def two_messages(db):
    queue_sms("+48500100200", "Pierwsza wiadomosc", Message.Kind.OTP)
    queue_sms("+48600700800", "Druga wiadomosc", Message.Kind.SERVICE)


def test_messages_json_lists_every_delivered_sms_oldest_first(client, two_messages):
    response = client.get("/dev/phone/messages.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert [(m["to"], m["text"]) for m in data] == [
        ("+48500100200", "Pierwsza wiadomosc"),
        ("+48600700800", "Druga wiadomosc"),
    ]
    assert all(set(m) == {"to", "text", "sent_at"} for m in data)
    moments = [datetime.fromisoformat(m["sent_at"]) for m in data]
    assert all(m.tzinfo is not None for m in moments) and moments == sorted(moments)


def test_order_follows_sending_even_with_equal_timestamps(client, two_messages):
    OutboxEntry.objects.update(sent_at=OutboxEntry.objects.first().sent_at)
    assert [m["text"] for m in client.get("/dev/phone/messages.json").json()] == [
        "Pierwsza wiadomosc",
        "Druga wiadomosc",
    ]


def test_messages_json_can_be_filtered_by_recipient(client, two_messages):
    data = client.get("/dev/phone/messages.json", {"to": "+48600700800"}).json()
    assert [m["text"] for m in data] == ["Druga wiadomosc"]


def test_empty_outbox_is_an_empty_list(client, db):
    assert client.get("/dev/phone/messages.json").json() == []


def test_dev_phone_page_shows_the_messages(client, two_messages):
    response = client.get("/dev/phone/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pierwsza wiadomosc" in html and "+48600700800" in html


@pytest.mark.parametrize("path", ["/dev/phone/", "/dev/phone/messages.json"])
def test_dev_phone_is_404_when_the_outbox_is_off(client, two_messages, settings, path):
    settings.ZGODA_DEV_OUTBOX = False
    assert client.get(path).status_code == 404
