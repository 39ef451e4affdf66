"""The privacy app's own signal, and its receivers for the SMS app's signals."""

from django.dispatch import Signal, receiver

from zgoda.sms.signals import inbound_sms_received

# Sent inside the erasure transaction, so apps that use privacy (campaigns) forget the
# person too. kwargs: phones (every written form of the numbers), user_ids. A receiver
# deletes or blanks its rows and returns {what: count} for the erasure's result.
subject_erased = Signal()


@receiver(inbound_sms_received, dispatch_uid="privacy.stop_reply")
def stop_reply(sender, message, provider, **kwargs):
    from .internal.flows import stop

    stop.handle(message, provider)
