"""A consent posted through the API and never confirmed lapses after 24 hours: a later code
confirms nothing, and the retention run deletes the row."""

from datetime import datetime, timedelta, timezone as dt_timezone

import time_machine

from zgoda.consent import api
from zgoda.consent.models import ConsentEvent, PendingConsent
from zgoda.privacy.internal.flows import retention

from .number_only import post_consent, prove

START = datetime.now(dt_timezone.utc).replace(microsecond=0) + timedelta(days=1)  # after the texts were published


def test_a_proof_after_24_hours_confirms_nothing(db):
    with time_machine.travel(START, tick=False):
        answer = post_consent()
    assert answer["expires_at"] == START + timedelta(hours=24)
    with time_machine.travel(START + timedelta(hours=24, minutes=1), tick=False):
        prove()
        assert ConsentEvent.objects.count() == 0 and api.audience_count() == 0
        assert api.number_consents(answer["phone"])["pending"] == []


def test_a_proof_within_24_hours_confirms(db):
    with time_machine.travel(START, tick=False):
        post_consent()
    with time_machine.travel(START + timedelta(hours=23), tick=False):
        prove()
        assert api.audience_count() == 1


def test_retention_deletes_pending_consents_past_24_hours(db):
    with time_machine.travel(START, tick=False):
        post_consent()
    with time_machine.travel(START + timedelta(hours=12), tick=False):
        post_consent(purpose="terms")
        assert retention.purge("test").counts["consent.pending_consents"] == 0
    with time_machine.travel(START + timedelta(hours=25), tick=False):
        run = retention.purge("test")
    assert run.counts["consent.pending_consents"] == 1
    assert list(PendingConsent.objects.values_list("purpose", flat=True)) == ["terms"]
