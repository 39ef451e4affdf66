""""Download my data" (RODO art. 15 and 20): one JSON file with what every app holds of
the subject. A number gets the number's data only; an account gets everything."""

import json
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from zgoda.lib.personal_data import Number

from . import subject as subjects

FORMAT = "zgoda-data-export/2"


def build(subject) -> dict:
    about = {"phone": subject.phone} if isinstance(subject, Number) else {"account": subject.user_id}
    return {
        "format": FORMAT, "generated_at": timezone.now(), "controller": settings.ZGODA_SITE_NAME,
        "subject": about, **subjects.export(subject),
    }


def as_json(subject) -> bytes:
    return json.dumps(build(subject), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def filename() -> str:
    return f"moje-dane-{timezone.localdate():%Y-%m-%d}.json"


def marketing_sms_of_last_year(data: dict) -> list[dict]:
    """The marketing SMS of an export (`subject.export`), newest first, of the last 12 months:
    what the subject's page lists."""
    since = timezone.now() - timedelta(days=365)
    rows = [m for m in data.get("sms_sent_to_you", []) if m["kind"] == "marketing" and m["created_at"] >= since]
    return sorted(rows, key=lambda m: m["created_at"], reverse=True)
