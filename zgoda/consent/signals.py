"""Signals the consent app sends, and its receivers for the accounts and sms apps' signals."""

from django.dispatch import Signal, receiver

from zgoda.accounts.signals import number_proved, phone_confirmed, twofa_disabled
from zgoda.sms.signals import recipient_unreachable

# Sent after the transaction that appended a ledger event committed (once per event).
# kwargs: event_id, user_id (None for a number-only subject), phone (E.164 or ""), purpose,
# action ("granted"/"withdrawn"), source (a consent Source value), at (datetime).
consent_recorded = Signal()


@receiver(phone_confirmed, dispatch_uid="consent.phone_confirmed")
def record_confirmed_consents(sender, user, phone, challenge, request=None, **kwargs):
    from .internal.flows import enrollment

    enrollment.on_phone_confirmed(user, phone, challenge, request)


@receiver(twofa_disabled, dispatch_uid="consent.twofa_disabled")
def record_twofa_withdrawal(sender, user, phone, request=None, payload=None, **kwargs):
    from .internal.flows import enrollment

    enrollment.on_twofa_disabled(user, phone, request, payload)


@receiver(number_proved, dispatch_uid="consent.number_proved")
def reconfirm_marketing_number(sender, user, phone, purpose=None, api_key_id=None, read=None, **kwargs):
    """A code to the account's marketing number was typed back: the number is confirmed again.
    A shop's API verification (purpose "api", no account) confirms the pending consents that
    same API key posted for the number, and the number of its number-only subject again."""
    from .internal.flows import marketing, pending

    if user is None and str(purpose) == "api":
        pending.on_number_proved(phone, api_key_id)
        return
    marketing.on_number_proved(user, phone, read)


@receiver(recipient_unreachable, dispatch_uid="consent.recipient_unreachable")
def suppress_unreachable_number(sender, phone, reason, **kwargs):
    """The network has no subscriber on the number (maybe recycled): no more marketing to it."""
    from .internal.flows import contacts

    contacts.suppress_unreachable(phone, reason)
