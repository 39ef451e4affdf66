"""What a shop posts is checked field by field: each refusal names the field and says why,
and nothing is recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zgoda.consent import api
from zgoda.consent.models import PendingConsent, Purpose

from .conftest import current, publish
from .number_only import post_consent


@pytest.mark.parametrize(("changes", "field"), [
    ({"phone": "123"}, "phone"),
    ({"phone": "+48 22 123 45 67"}, "phone"),  # a landline gets no code
    ({"purpose": "newsletter"}, "purpose"),
    ({"purpose": "twofa"}, "purpose"),  # Zgoda's own login's notice
    ({"version": "9.9"}, "text_version"),
    ({"version": None}, "text_version"),
    ({"version": None, "text_sha256": "0" * 64}, "text_sha256"),
    ({"language": "de"}, "language"),
    ({"given_at": "wczoraj"}, "given_at"),
    ({"ip": "300.1.1.1"}, "ip"),
    ({"reference": "x" * 101}, "reference"),
    ({"label": "x" * 2001}, "label"),
])
def test_each_bad_field_is_refused_by_name(db, changes, field):
    with pytest.raises(api.ConsentInputError) as refused:
        post_consent(**changes)
    assert refused.value.field == field and refused.value.message
    assert isinstance(refused.value, ValueError) and PendingConsent.objects.count() == 0


def test_a_time_in_the_future_is_refused(db):
    with pytest.raises(api.ConsentInputError) as refused:
        post_consent(given_at=timezone.now() + timedelta(hours=1))
    assert refused.value.field == "given_at"
    post_consent(given_at=timezone.now() + timedelta(minutes=1))  # a clock a little ahead is fine


def test_a_hash_of_another_purposes_text_is_refused(db):
    with pytest.raises(api.ConsentInputError) as refused:
        post_consent(version=None, text_sha256=current(Purpose.TERMS).sha256)
    assert refused.value.field == "text_sha256"


def test_a_superseded_version_is_refused_and_the_current_accepted_by_hash(db):
    publish(Purpose.SMS_MARKETING, "2.0")
    with pytest.raises(api.ConsentInputError) as refused:
        post_consent(version="1.0")
    assert refused.value.field == "text_version"
    answer = post_consent(version=None, text_sha256=current(Purpose.SMS_MARKETING).sha256)
    assert answer["version"] == "2.0"


def test_current_texts_list_each_purpose_and_language_with_its_hash(db):
    texts = api.current_texts()
    marketing = next(t for t in texts if t["purpose"] == "sms_marketing" and t["language"] == "pl")
    text = current(Purpose.SMS_MARKETING)
    assert marketing == {"purpose": "sms_marketing", "language": "pl", "version": text.version, "sha256": text.sha256,
                         "text": text.body, "label": text.label, "material": text.material}
    assert {t["purpose"] for t in texts} == {"sms_marketing", "terms", "privacy"}
