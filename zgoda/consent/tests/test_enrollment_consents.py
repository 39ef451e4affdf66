"""Consents on the 2FA enrollment form: written only when the code confirms the number."""

from conftest import PHONE, sms_to
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ContactPoint, Purpose, Source

from .conftest import ENROLL, ask_for_code, box_value, confirm, enroll, events, page, terms_value


def test_enrollment_form_shows_unticked_marketing_box_with_link_to_full_text(signed_in):
    body = page(signed_in.get(ENROLL))
    assert 'name="consent_sms_marketing"' in body
    assert f'value="{box_value(Purpose.SMS_MARKETING)}"' in body
    assert "checked" not in body
    assert "Chcę otrzymywać od sklepu SMS-y z ofertami" in body
    assert "pełna treść (wersja 1.0)" in body
    assert "Zaznacz wszystkie zgody powyżej" in body  # a page convenience: test_select_all_is_a_page_convenience.py


def test_terms_box_shown_only_while_current_terms_are_not_accepted(signed_in, user):
    assert 'name="consent_terms"' in page(signed_in.get(ENROLL))
    enroll(signed_in, consent_terms=terms_value())
    SmsTwoFactor.objects.filter(user=user).delete()
    assert 'name="consent_terms"' not in page(signed_in.get(ENROLL))


def test_no_consent_is_recorded_before_the_number_is_confirmed(signed_in, user):
    response = ask_for_code(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    assert response.status_code == 302
    assert len(sms_to(PHONE)) == 1
    assert events(user) == []
    assert not ContactPoint.objects.exists()


def test_confirmed_number_records_marketing_and_twofa_as_separate_events(signed_in, user):
    ask_for_code(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    confirm(signed_in)
    recorded = {e.purpose: e for e in events(user)}
    assert set(recorded) == {Purpose.TWOFA, Purpose.SMS_MARKETING}
    marketing = recorded[Purpose.SMS_MARKETING]
    assert marketing.action == "granted" and marketing.source == Source.TWOFA_ENROLLMENT
    assert marketing.phone == PHONE and marketing.ip == "127.0.0.1"
    assert marketing.label.startswith("Chcę otrzymywać od sklepu SMS-y")
    assert marketing.pk != recorded[Purpose.TWOFA].pk
    assert ContactPoint.objects.get(user=user).phone == PHONE
    assert validity.marketing_valid(user)


def test_unticked_marketing_box_records_no_marketing_consent(signed_in, user):
    enroll(signed_in)
    assert [e.purpose for e in events(user)] == [Purpose.TWOFA]
    assert not ContactPoint.objects.exists()
    assert not validity.marketing_valid(user)


def test_terms_box_on_enrollment_records_terms_and_privacy_with_the_label_shown(signed_in, user):
    enroll(signed_in, consent_terms=terms_value())
    terms, privacy = (events(user, purpose) for purpose in (Purpose.TERMS, Purpose.PRIVACY))
    assert len(terms) == len(privacy) == 1
    assert terms[0].label == privacy[0].label == "Akceptuję Regulamin sklepu i zapoznałem(-am) się z Polityką prywatności."
    assert terms[0].source == Source.TWOFA_ENROLLMENT


def test_twofa_event_keeps_the_notice_shown_beside_the_phone_field(signed_in, user):
    assert "Numer wykorzystamy do wysyłania kodów logowania dwuetapowego." in page(signed_in.get(ENROLL))
    enroll(signed_in)
    (twofa,) = events(user, Purpose.TWOFA)
    assert twofa.label.startswith("Numer wykorzystamy do wysyłania kodów")
    assert twofa.details["form"] == "twofa_enrollment" and twofa.details["challenge"]


def test_english_form_records_the_english_version(signed_in, user):
    signed_in.cookies["django_language"] = "en"
    enroll(signed_in, consent_sms_marketing=str(current_en_marketing().pk))
    (marketing,) = events(user, Purpose.SMS_MARKETING)
    assert marketing.text.language == "en" and marketing.label.startswith("I want to receive text messages")


def current_en_marketing():
    from zgoda.consent.internal.flows import texts

    return texts.current_text(Purpose.SMS_MARKETING, "en")


def test_wrong_code_records_nothing(signed_in, user):
    from zgoda.accounts.tests.conftest import wrong_code

    ask_for_code(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    response = signed_in.post("/accounts/2fa/sms/confirm/", {"code": wrong_code()})
    assert response.status_code == 400
    assert events(user) == []


def test_changing_the_2fa_number_moves_the_marketing_number_to_the_confirmed_one(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    from conftest import reauthenticate

    reauthenticate(signed_in)  # allauth's password prompt first
    response = signed_in.post("/accounts/2fa/sms/change/", {"phone": "600 200 300"})
    assert response.status_code == 302
    assert ContactPoint.objects.get(user=user).phone == PHONE  # not before the code
    confirm(signed_in, "+48600200300")
    assert ContactPoint.objects.get(user=user).phone == "+48600200300"
    assert validity.marketing_valid(user)
    assert len(events(user, Purpose.SMS_MARKETING)) == 1
