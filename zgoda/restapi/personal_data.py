"""The REST API's personal data: API keys hold none; a response kept for an Idempotency-Key
may name a number (a consent posted, a number's look-up), for ZGODA_API_IDEMPOTENCY_HOURS.
Verifications are accounts' code challenges, declared there."""

from datetime import timedelta

from zgoda.lib import personal_data

from . import app_settings
from .models import IdempotencyRecord


def _mentioning(numbers):
    if not numbers:
        return IdempotencyRecord.objects.none()
    return IdempotencyRecord.objects.filter(personal_data.mentions(numbers, "response_body"))


def _numbers_of(subject) -> tuple[str, ...]:
    return (subject.phone,) if isinstance(subject, personal_data.Number) else tuple(subject.numbers)


@personal_data.register
class RestApiPersonalData(personal_data.PersonalData):
    columns = {"restapi.idempotencyrecord": ("response_body",)}

    def find(self, subject):
        return {"idempotency_responses": _mentioning(_numbers_of(subject)).count()}

    def erase(self, subject):
        deleted, _ = _mentioning(_numbers_of(subject)).delete()
        return {"idempotency_responses": deleted}

    def expire(self, now):
        before = now - timedelta(hours=app_settings.idempotency_hours())
        deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=before).delete()
        return {"idempotency_responses": deleted}
