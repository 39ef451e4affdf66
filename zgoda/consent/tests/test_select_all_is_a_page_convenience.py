""""Select all" is a convenience of the page, after the boxes, for two boxes or more: the server
records a consent only from its own ticked box, whatever a submitted select_all says."""

from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ContactPoint, Purpose

from .conftest import ENROLL, box_value, enroll, events, page, terms_value

OLD_SELECT_ALL = "select_all"  # what the page used to submit to tick every box


def granted(user) -> set:
    return {e.purpose for e in events(user) if e.action == "granted"}


def test_select_all_without_the_marketing_box_records_no_marketing_consent(signed_in, user):
    everything = f"{terms_value()};{box_value(Purpose.SMS_MARKETING)}"  # the value that used to tick all
    enroll(signed_in, consent_terms=terms_value(), **{OLD_SELECT_ALL: everything})
    assert granted(user) == {Purpose.TWOFA, Purpose.TERMS, Purpose.PRIVACY}
    assert not events(user, Purpose.SMS_MARKETING)
    assert not validity.marketing_valid(user) and not ContactPoint.objects.exists()


def test_select_all_alone_records_no_consent_at_all(signed_in, user):
    enroll(signed_in, **{OLD_SELECT_ALL: "on"})
    assert granted(user) == {Purpose.TWOFA}  # the 2FA notice, which is no box


def test_each_ticked_box_is_recorded(signed_in, user):
    enroll(signed_in, consent_terms=terms_value(), consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    assert granted(user) == {Purpose.TWOFA, Purpose.TERMS, Purpose.PRIVACY, Purpose.SMS_MARKETING}
    assert validity.marketing_valid(user)


def test_select_all_comes_after_the_boxes_hidden_until_javascript_and_never_submitted(signed_in):
    body = page(signed_in.get(ENROLL))
    select_all = body.index("data-select-all")
    assert body.index('name="consent_terms"') < select_all and body.index('name="consent_sms_marketing"') < select_all
    assert "data-select-all hidden" in body  # without JavaScript the person sees plain boxes
    assert 'name="select_all"' not in body


def test_select_all_is_not_offered_with_a_single_box(signed_in, user, client):
    enroll(signed_in, consent_terms=terms_value())  # terms accepted: only the marketing box is left
    from zgoda.accounts.models import SmsTwoFactor

    SmsTwoFactor.objects.filter(user=user).delete()
    body = page(signed_in.get(ENROLL))
    assert 'name="consent_sms_marketing"' in body and 'name="consent_terms"' not in body
    assert "data-select-all" not in body
    signed_in.logout()
    assert "data-select-all" not in page(client.get("/accounts/signup/"))  # signup has the terms box only
