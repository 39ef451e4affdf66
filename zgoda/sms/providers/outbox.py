"""Development provider: 'delivers' to the dev phone at /dev/phone/."""

from django.db import IntegrityError

from zgoda.lib import plainsql
from zgoda.lib.transactions import contained

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

        # One INSERT; its unique message id makes a repeated send (a retry after a crash) a no-op.
        try:
            with contained():
                plainsql.insert(OutboxEntry(message=message, to=message.to, text=message.text))
        except IntegrityError:
            if not OutboxEntry.objects.filter(message=message).exists():
                raise  # not the one-entry-per-message rule (e.g. the message is gone)
        return f"outbox-{message.pk}"

    def report_url(self, message) -> str:
        return ""  # no report ever comes over HTTP
