"""The outbox provider 'delivers' to the database the dev phone reads."""

from zgoda.sms.api import queue_sms
from zgoda.sms.models import Message, OutboxEntry
from zgoda.sms.providers import get_provider


def test_outbox_provider_stores_the_message_and_returns_an_id(db):
    message = Message.objects.create(kind=Message.Kind.OTP, to="+48500100200", text="abc", encoding="GSM-7", segments=1)
    provider_id = get_provider("outbox").send(message)
    entry = OutboxEntry.objects.get()
    assert provider_id == f"outbox-{message.pk}"
    assert (entry.to, entry.text, entry.message) == ("+48500100200", "abc", message)


def test_sending_the_same_message_again_keeps_one_outbox_entry(db):
    message = Message.objects.create(kind=Message.Kind.OTP, to="+48500100200", text="abc", encoding="GSM-7", segments=1)
    outbox = get_provider("outbox")
    assert outbox.send(message) == outbox.send(message) == f"outbox-{message.pk}"
    assert OutboxEntry.objects.count() == 1


def test_queued_message_is_handed_to_the_outbox(db):
    message = queue_sms("+48500100200", "Zgoda: kod nr 1 z dzis: 482 913.", Message.Kind.OTP)
    message.refresh_from_db()
    assert message.status in {Message.Status.SUBMITTED, Message.Status.DELIVERED}
    assert message.provider == "outbox"
    assert (message.encoding, message.segments) == ("GSM-7", 1)
    assert OutboxEntry.objects.get().text == "Zgoda: kod nr 1 z dzis: 482 913."
