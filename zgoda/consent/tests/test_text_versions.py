"""Versioned texts: a new version never changes an old one; a material one invalidates
earlier marketing consents, a non-material one (a typo fix) keeps them."""

from zgoda.consent.internal.flows import texts, validity
from zgoda.consent.models import ConsentText, Purpose, text_sha256

from .conftest import box_value, enroll, page, publish


def test_every_purpose_has_a_first_version_in_polish_and_english(db):
    for purpose in Purpose.values:
        for language in ("pl", "en"):
            text = texts.current_text(purpose, language)
            assert text.language == language and text.version == "1.0"
            assert text.sha256 == text_sha256(text.label, text.body)


def test_newest_published_version_is_current_and_the_old_one_stays_readable(client, db):
    old = texts.current_text(Purpose.SMS_MARKETING, "pl")
    new = publish(Purpose.SMS_MARKETING, "2.0", body="Nowa pełna treść")
    assert texts.current_text(Purpose.SMS_MARKETING, "pl") == new
    assert ConsentText.objects.get(pk=old.pk).body == old.body
    body = page(client.get(f"/accounts/consents/texts/{old.pk}/"))
    assert old.body in body and "zastąpiona istotną zmianą" in body
    assert "Nowa pełna treść" in page(client.get(f"/accounts/consents/texts/{new.pk}/"))


def test_unknown_language_falls_back_to_polish(db):
    assert texts.current_text(Purpose.TERMS, "de").language == "pl"


def test_material_version_invalidates_earlier_marketing_consents(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    assert validity.marketing_valid(user)
    publish(Purpose.SMS_MARKETING, "2.0", material=True)
    assert not validity.marketing_valid(user)


def test_non_material_version_keeps_earlier_marketing_consents(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    publish(Purpose.SMS_MARKETING, "1.1", material=False)
    assert validity.marketing_valid(user)


def test_material_change_in_one_language_leaves_the_others_valid(db):
    en_v1 = texts.current_text(Purpose.SMS_MARKETING, "en")
    pl_v1 = texts.current_text(Purpose.SMS_MARKETING, "pl")
    publish(Purpose.SMS_MARKETING, "2.0", material=True, language="pl")
    valid = texts.valid_text_ids(Purpose.SMS_MARKETING)
    assert en_v1.pk in valid and pl_v1.pk not in valid


def test_a_version_published_in_the_future_is_not_current_yet(db):
    from datetime import timedelta

    from django.utils import timezone

    now_current = texts.current_text(Purpose.TERMS)
    ConsentText.objects.create(purpose=Purpose.TERMS, language="pl", version="9.0", label="x", body="y",
                               published_at=timezone.now() + timedelta(days=1))
    assert texts.current_text(Purpose.TERMS) == now_current
