"""What other apps call to send an SMS. The request never waits on a gateway."""

from django.db import transaction

from zgoda.lib.phone import country_of

from . import app_settings, costs
from . import text as sms_text
from .models import Message


class SendRefused(Exception):
    """The SMS may not be sent at all (country not allowed, daily spend cap reached).

    Nothing was queued and nothing costs; `message` says why, for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def sms_refusal(to: str, kind: str, segments: int = 1) -> str:
    """Why an SMS of `kind` to `to` would be refused now ("" when it would not), for the person.

    Call it inside the transaction that then queues the SMS: the spend check stays locked."""
    refused = costs.refusal(to, kind, segments)
    return refused.message if refused else ""


def queue_sms(to: str, text: str, kind: str, tag: str = "") -> Message:
    """Log the message as queued and hand it to the task queue.

    Raises SendRefused (and queues nothing) when the country is not allowed or, for a
    one-time code, the daily spend cap is reached. With the database task backend the task
    row is written in the same transaction as the message, so a crash loses neither or both.
    """
    from .tasks import deliver_message

    info = sms_text.analyze(text)
    with transaction.atomic():
        refused = costs.refusal(to, kind, info.segments)
        if refused is None:
            country = country_of(to)
            message = Message.objects.create(
                kind=kind,
                to=to,
                text=text,
                tag=tag,
                sender=app_settings.sender(),
                encoding=info.encoding,
                segments=info.segments,
                country=country,
                cost=costs.estimate(country, info.segments),
            )
            deliver_message.enqueue(message.pk)
    if refused is not None:  # raised after the block, so the staff alert it noted is kept
        raise SendRefused(refused.reason, refused.message)
    return message
