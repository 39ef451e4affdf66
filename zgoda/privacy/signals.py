"""The privacy app's receivers for the SMS app's signals."""

from django.dispatch import receiver

from zgoda.sms.signals import inbound_sms_received


@receiver(inbound_sms_received, dispatch_uid="privacy.stop_reply")
def stop_reply(sender, message, provider, **kwargs):
    from .internal.flows import stop

    stop.handle(message, provider)
