"""Forged or replayed consent forms change nothing and say why."""

import pytest

from conftest import PHONE, sms_to
from zgoda.accounts.models import CodeChallenge
from zgoda.consent.models import ConsentEvent, Purpose

from .conftest import ENROLL, box_value, page, publish, terms_value


def _nothing_happened():
    assert sms_to(PHONE) == []
    assert not CodeChallenge.objects.exists()
    assert not ConsentEvent.objects.exists()


@pytest.mark.parametrize("field, message", [
    ("consent_newsletter", "Nie ma takiej zgody: „newsletter”. Nic nie zapisano."),
    ("consent_twofa", "Ten formularz nie zbiera zgody „twofa”. Nic nie zapisano."),
])
def test_box_for_a_purpose_the_form_does_not_have_is_refused(signed_in, field, message):
    response = signed_in.post(ENROLL, {"phone": "500 100 200", field: "1"})
    assert response.status_code == 400
    assert message in page(response)
    _nothing_happened()


def test_marketing_box_for_a_version_that_is_not_current_is_refused(signed_in):
    old = box_value(Purpose.SMS_MARKETING)
    publish(Purpose.SMS_MARKETING, "2.0", material=False)
    response = signed_in.post(ENROLL, {"phone": "500 100 200", "consent_sms_marketing": old})
    assert response.status_code == 400
    assert "Treść tej zgody zmieniła się, zanim wysłano formularz." in page(response)
    _nothing_happened()


def test_marketing_box_naming_another_purposes_text_is_refused(signed_in):
    response = signed_in.post(ENROLL, {"phone": "500 100 200", "consent_sms_marketing": terms_value()})
    assert response.status_code == 400
    _nothing_happened()


def test_tampered_payload_on_the_challenge_records_nothing_unknown(signed_in, user):
    from .conftest import ask_for_code, confirm

    ask_for_code(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    challenge = CodeChallenge.objects.get()
    challenge.payload["consents"][0]["sha256"] = "0" * 64
    challenge.payload["consents"].append({"purpose": "newsletter", "text": 1, "sha256": "x", "label": "x"})
    challenge.save(update_fields=["payload"])
    confirm(signed_in)
    assert list(ConsentEvent.objects.values_list("purpose", flat=True)) == [Purpose.TWOFA]
