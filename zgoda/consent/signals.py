"""Receivers for the accounts and sms apps' signals."""

from django.dispatch import receiver

from zgoda.accounts.signals import number_proved, phone_confirmed, twofa_disabled
from zgoda.sms.signals import recipient_unreachable


@receiver(phone_confirmed, dispatch_uid="consent.phone_confirmed")
def record_confirmed_consents(sender, user, phone, challenge, request=None, **kwargs):
    from .internal.flows import enrollment

    enrollment.on_phone_confirmed(user, phone, challenge, request)


@receiver(twofa_disabled, dispatch_uid="consent.twofa_disabled")
def record_twofa_withdrawal(sender, user, phone, request=None, **kwargs):
    from .internal.flows import enrollment

    enrollment.on_twofa_disabled(user, phone, request)


@receiver(number_proved, dispatch_uid="consent.number_proved")
def reconfirm_marketing_number(sender, user, phone, **kwargs):
    """A code to the account's marketing number was typed back: the number is confirmed again."""
    from .internal.flows import contacts

    contacts.reconfirm(user, phone)


@receiver(recipient_unreachable, dispatch_uid="consent.recipient_unreachable")
def suppress_unreachable_number(sender, phone, reason, **kwargs):
    """The network has no subscriber on the number (maybe recycled): no more marketing to it."""
    from .internal.flows import contacts

    contacts.suppress_unreachable(phone, reason)
