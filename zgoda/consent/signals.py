"""Receivers for the accounts app's signals."""

from django.dispatch import receiver

from zgoda.accounts.signals import phone_confirmed, twofa_disabled


@receiver(phone_confirmed, dispatch_uid="consent.phone_confirmed")
def record_confirmed_consents(sender, user, phone, challenge, request=None, **kwargs):
    from .internal.flows import enrollment

    enrollment.on_phone_confirmed(user, phone, challenge, request)


@receiver(twofa_disabled, dispatch_uid="consent.twofa_disabled")
def record_twofa_withdrawal(sender, user, phone, request=None, **kwargs):
    from .internal.flows import enrollment

    enrollment.on_twofa_disabled(user, phone, request)
