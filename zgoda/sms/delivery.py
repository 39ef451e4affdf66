"""Hand one queued message to its provider and record the outcome."""

import logging

from django.db import transaction
from django.utils import timezone

from .models import Message
from .providers import ProviderError, get_provider, provider_names

log = logging.getLogger(__name__)


def deliver(message_id: int) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status != Message.Status.QUEUED:
            return message  # already handled by another worker: never send twice
        names = provider_names()
        if not names:
            return _fail(message, "no SMS provider configured (ZGODA_SMS_PROVIDERS)")
        provider = get_provider(names[0])
        message.attempts += 1
        message.provider = provider.name
        try:
            message.provider_message_id = provider.send(message)
        except ProviderError as error:
            log.warning("SMS %s via %s failed: %s", message.pk, provider.name, error)
            return _fail(message, str(error))
        now = timezone.now()
        message.submitted_at = now
        message.status = Message.Status.SUBMITTED
        if provider.name == "outbox":
            message.status, message.delivered_at = Message.Status.DELIVERED, now
        message.save()
        return message


def _fail(message, error):
    message.status = Message.Status.FAILED
    message.last_error = error
    message.failed_at = timezone.now()
    message.save()
    return message
