"""What other apps call to send an SMS. The request never waits on a gateway."""

from django.db import transaction

from . import app_settings
from . import text as sms_text
from .models import Message


def queue_sms(to: str, text: str, kind: str) -> Message:
    """Log the message as queued and hand it to the task queue.

    With the database task backend the task row is written in the same transaction as
    the message, so a crash loses neither or both.
    """
    from .tasks import deliver_message

    info = sms_text.analyze(text)
    with transaction.atomic():
        message = Message.objects.create(
            kind=kind,
            to=to,
            text=text,
            sender=app_settings.sender(),
            encoding=info.encoding,
            segments=info.segments,
        )
        deliver_message.enqueue(message.pk)
    return message
