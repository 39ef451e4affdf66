"""Signals the privacy app sends, and its receivers for the SMS app's signals."""

from django.dispatch import Signal, receiver

from zgoda.sms.signals import inbound_sms_received

# Sent after the transaction that erased a data subject committed (erasure.erase()).
# kwargs: kind ("number" or "account"); subject_hash (a keyed hash: consent.api.number_key of
# the number, or for an account a keyed hash of its id); account (for an account: its id as a
# string, the `sub` Zgoda's OpenID Connect provider gives shops; else None); reference (the
# shop's own customer reference of a number-only subject, None while consent keeps none);
# at (datetime). Never the number.
subject_erased = Signal()

# Sent once per STOP reply, after the transaction that handled it committed (flows/stop.py).
# kwargs: phone (E.164, the reply's sender, not proved), withdrew (bool: a consent ended), at (datetime).
stop_received = Signal()


@receiver(inbound_sms_received, dispatch_uid="privacy.stop_reply")
def stop_reply(sender, message, provider, **kwargs):
    from .internal.flows import stop

    stop.handle(message, provider)
