"""Development provider: 'delivers' to the dev phone at /dev/phone/."""

from .base import Provider


class OutboxProvider(Provider):
    name = "outbox"
    supports_delivery_reports = True

    def send(self, message) -> str:
        from zgoda.sms.models import OutboxEntry

        entry = OutboxEntry.objects.create(message=message, to=message.to, text=message.text)
        return f"outbox-{entry.pk}"
