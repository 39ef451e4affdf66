"""Storing an inbound SMS once and telling the other apps about it."""

from django.db import IntegrityError, transaction

from .models import InboundMessage
from .signals import inbound_sms_received


def receive(provider_name: str, inbound) -> tuple[InboundMessage, bool]:
    """Store `inbound` (a providers.base.Inbound); a repeated callback stores and signals nothing."""
    fields = {
        "provider": provider_name,
        "provider_message_id": inbound.provider_message_id[:120],
        "sender": inbound.sender[:32],
        "recipient": inbound.recipient[:32],
        "text": inbound.text,
    }
    if inbound.provider_message_id:
        existing = InboundMessage.objects.filter(
            provider=provider_name, provider_message_id=fields["provider_message_id"]
        ).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(**fields)
            inbound_sms_received.send(sender=InboundMessage, message=message, provider=provider_name)
    except IntegrityError:  # the same callback twice at once
        return InboundMessage.objects.get(provider=provider_name, provider_message_id=fields["provider_message_id"]), False
    return message, True
