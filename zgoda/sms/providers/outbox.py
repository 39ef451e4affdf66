"""Development provider: 'delivers' to the dev phone at /dev/phone/."""

from contextlib import nullcontext

from django.db import IntegrityError, transaction

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
        guard = transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()
        try:
            with guard:
                OutboxEntry(message=message, to=message.to, text=message.text).save(force_insert=True)
        except IntegrityError:
            pass
        return f"outbox-{message.pk}"

    def report_url(self, message) -> str:
        return ""  # no report ever comes over HTTP
