"""The SMS app's personal data: the numbers SMS went to or came from, their texts, and
gateway errors or task tracebacks that may quote a number.

An account's messages are the ones its own apps point at (its login codes, its campaign
messages: `api.forget_messages`) plus every message to or from the numbers it holds
alone. A number's are the marketing and service SMS to it and the SMS from it; login
codes to it belong to the account that asked for them and stay out of its view.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zgoda.lib import personal_data
from zgoda.lib.phone import written_forms

from . import app_settings
from .models import InboundMessage, Message, OutboxEntry, ProviderHealth, SendAttempt

NUMBER_KINDS = (Message.Kind.MARKETING, Message.Kind.SERVICE)


def _forms(phones) -> list[str]:
    return [form for phone in phones for form in written_forms(phone)]


def blank_messages(messages) -> int:
    """Blank recipient, text and errors of `messages` (a queryset); a queued one never goes out."""
    ids = list(messages.values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    Message.objects.filter(pk__in=ids, status=Message.Status.QUEUED).update(
        status=Message.Status.EXPIRED, expired_at=now, next_attempt_at=None
    )
    blanked = Message.objects.filter(pk__in=ids).update(to="", text="", clear_text="", last_error="")
    SendAttempt.objects.filter(message_id__in=ids).exclude(error="").update(error="")
    OutboxEntry.objects.filter(message_id__in=ids).delete()
    return blanked


def _messages_of(subject):
    if isinstance(subject, personal_data.Number):
        return Message.objects.filter(to__in=_forms([subject.phone]), kind__in=NUMBER_KINDS)
    # No numbers: nothing (not the rows an erasure blanked to "").
    return Message.objects.filter(to__in=_forms(subject.numbers)) if subject.numbers else Message.objects.none()


def _inbound_of(subject):
    phones = [subject.phone] if isinstance(subject, personal_data.Number) else subject.numbers
    return InboundMessage.objects.filter(sender__in=_forms(phones)) if phones else InboundMessage.objects.none()


@personal_data.register
class SmsPersonalData(personal_data.PersonalData):
    columns = {
        "sms.message": ("to", "text", "clear_text", "last_error"),
        "sms.outboxentry": ("to", "text"),
        "sms.inboundmessage": ("sender", "text"),
        "sms.sendattempt": ("error",),
        "sms.providerhealth": ("last_error",),
        "django_tasks_database.dbtaskresult": ("traceback", "return_value"),
    }
    kept = {
        "sms.message.sender": "the shop's sender name, not a person's",
        "sms.message.providers_tried": "names of SMS gateways",
        "sms.inboundmessage.recipient": "the shop's own number that received the SMS",
        "django_tasks_database.dbtaskresult.args_kwargs": "task arguments are ids only "
                                                          "(zgoda/tests/test_personal_data_declared.py)",
        "django_tasks_database.dbtaskresult.worker_ids": "ids of worker processes",
    }

    def find(self, subject) -> dict[str, int]:
        return {"messages": _messages_of(subject).count(), "inbound": _inbound_of(subject).count()}

    def export(self, subject) -> dict:
        sent = _messages_of(subject).order_by("created_at")
        fields = ["kind", "tag", "to", "text", "status", "created_at", "delivered_at"]
        rows = list(sent.values(*fields))
        for row in rows:
            if row["kind"] == Message.Kind.OTP:
                row["text"] = ""  # a login code is a secret, not data about the person
        return {
            "sms_sent_to_you": rows,
            "sms_from_you": list(_inbound_of(subject).order_by("received_at").values("sender", "text", "received_at")),
        }

    def erase(self, subject) -> dict[str, int]:
        phones = [subject.phone] if isinstance(subject, personal_data.Number) else list(subject.numbers)
        counts = {
            "messages": blank_messages(_messages_of(subject)),
            "inbound": _inbound_of(subject).update(sender="", text=""),
        }
        words = _forms(phones)
        if words:
            ProviderHealth.objects.filter(personal_data.mentions(words, "last_error")).update(last_error=personal_data.ERASED)
            counts["task_results"] = DBTaskResult.objects.filter(personal_data.mentions(words, "traceback")).update(
                traceback=personal_data.ERASED, exception_class_path=""
            )
        return counts

    def expire(self, now):
        before = now - timedelta(days=app_settings.marketing_sms_retention_days())
        counts = {
            "marketing_and_service_sms": blank_messages(
                Message.objects.filter(kind__in=NUMBER_KINDS, created_at__lt=before).exclude(to="")),
            "inbound_sms": InboundMessage.objects.filter(received_at__lt=before).exclude(sender="")
            .update(sender="", text=""),
        }
        finished_before = now - timedelta(days=app_settings.task_result_retention_days())
        counts["task_results"], _ = DBTaskResult.objects.filter(
            status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=finished_before).delete()
        return counts
