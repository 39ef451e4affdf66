""""Download my data" (RODO art. 15 and 20): one JSON file with what every app holds of
the subject. A number gets the number's data only; an account gets everything."""

import json

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
