"""Telling other apps (sms.signals.recipient_unreachable) that a number has no reachable
subscriber, from a refused send or a failed delivery report.

Called inside the transaction that records the failure; a receiver's error is logged and
rolled back to a savepoint, so it can never undo (or re-send) the message's own record."""

import logging

from django.db import transaction

from .signals import recipient_unreachable

log = logging.getLogger(__name__)


def notify(phone: str, provider_name: str, reason: str) -> None:
    if not phone or not reason:
        return
    try:
        with transaction.atomic():
            recipient_unreachable.send(sender=None, phone=phone, provider=provider_name, reason=reason)
    except Exception:  # a listener's bug must not lose the delivery record
        log.exception("recipient_unreachable listener failed (%s, %s)", provider_name, reason)


def from_error(phone: str, provider_name: str, error) -> None:
    """After a send refused for good with a ProviderError."""
    notify(phone, provider_name, getattr(error, "unreachable", ""))


def from_report(phone: str, provider_name: str, report) -> None:
    """After a delivery report moved a message to failed or expired."""
    notify(phone, provider_name, getattr(report, "unreachable", ""))
