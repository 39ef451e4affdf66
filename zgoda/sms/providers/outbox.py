"""Development provider: 'delivers' to the dev phone at /dev/phone/."""

from .base import Provider


class OutboxProvider(Provider):
    name = "outbox"
    supports_delivery_reports = False  # the state is known at once, no report comes
    supports_inbound = False
    supports_sender_name = True
    supports_idempotency = True  # one outbox entry per message, whatever happens
    delivers_on_send = True

    def send(self, message) -> str:
        from zgoda.sms.models import OutboxEntry

        entry, _ = OutboxEntry.objects.get_or_create(message=message, defaults={"to": message.to, "text": message.text})
        return f"outbox-{entry.pk}"

    def report_url(self, message) -> str:
        return ""  # no report ever comes over HTTP
