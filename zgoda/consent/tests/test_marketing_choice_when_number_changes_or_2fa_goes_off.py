"""The pages that turn 2FA off or change its number say what happens to the marketing consent
(2FA off keeps it and its number; a new number takes it over) and offer to withdraw it in
the same step: a box the consent app adds to accounts' forms, acted on once the change is done."""

from conftest import PHONE, last_code, reauthenticate
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ContactPoint, Purpose

from .conftest import box_value, enroll, events, page

DISABLE = "/accounts/2fa/sms/disable/"
CHANGE = "/accounts/2fa/sms/change/"
NEW_PHONE = "+48500100300"


def with_marketing(client):
    enroll(client, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    reauthenticate(client)  # allauth's password prompt, for both pages


def test_disable_page_says_the_consent_stays_and_offers_to_withdraw_it(signed_in):
    with_marketing(signed_in)
    html = page(signed_in.get(DISABLE))
    assert "nie zmienia zgody na SMS-y marketingowe" in html
    assert 'name="withdraw_marketing"' in html


def test_without_a_marketing_consent_nothing_is_offered(signed_in):
    enroll(signed_in)
    reauthenticate(signed_in)
    assert 'name="withdraw_marketing"' not in page(signed_in.get(DISABLE))
    assert 'name="withdraw_marketing"' not in page(signed_in.get(CHANGE))


def test_turning_2fa_off_with_the_box_ticked_withdraws_marketing_too(signed_in, user):
    with_marketing(signed_in)
    response = signed_in.post(DISABLE, {"action": "password", "withdraw_marketing": "on"})
    assert response.status_code == 302
    assert not SmsTwoFactor.objects.filter(user=user).exists()
    assert [e.action for e in events(user, Purpose.SMS_MARKETING)] == ["granted", "withdrawn"]
    assert not validity.marketing_valid(user)
    assert not ContactPoint.objects.filter(user=user).exists()


def test_turning_2fa_off_by_code_with_the_box_ticked_withdraws_marketing_too(signed_in, user):
    with_marketing(signed_in)
    signed_in.post(DISABLE, {"action": "send_code"})
    _, code = last_code(PHONE)
    response = signed_in.post(DISABLE, {"action": "code", "code": code, "withdraw_marketing": "on"})
    assert response.status_code == 302
    assert [e.action for e in events(user, Purpose.SMS_MARKETING)] == ["granted", "withdrawn"]


def test_turning_2fa_off_without_the_box_keeps_marketing(signed_in, user):
    with_marketing(signed_in)
    assert signed_in.post(DISABLE, {"action": "password"}).status_code == 302
    assert [e.action for e in events(user, Purpose.SMS_MARKETING)] == ["granted"]
    assert ContactPoint.objects.get(user=user).phone == PHONE


def test_change_page_says_the_consent_moves_and_offers_to_withdraw_it_instead(signed_in):
    with_marketing(signed_in)
    html = page(signed_in.get(CHANGE))
    assert "przejdzie na nowy numer" in html
    assert 'name="withdraw_marketing"' in html


def test_new_number_with_the_box_ticked_withdraws_instead_of_moving(signed_in, user):
    with_marketing(signed_in)
    response = signed_in.post(CHANGE, {"phone": "500 100 300", "withdraw_marketing": "on"})
    assert response.status_code == 302
    assert [e.action for e in events(user, Purpose.SMS_MARKETING)] == ["granted"]  # not before the code
    _, code = last_code(NEW_PHONE)
    assert signed_in.post("/accounts/2fa/sms/confirm/", {"code": code}).status_code == 302
    assert SmsTwoFactor.objects.get(user=user).phone == NEW_PHONE
    assert [e.action for e in events(user, Purpose.SMS_MARKETING)] == ["granted", "withdrawn"]
    assert not ContactPoint.objects.filter(user=user).exists()


def test_new_number_without_the_box_takes_the_consent_over(signed_in, user):
    with_marketing(signed_in)
    signed_in.post(CHANGE, {"phone": "500 100 300"})
    _, code = last_code(NEW_PHONE)
    assert signed_in.post("/accounts/2fa/sms/confirm/", {"code": code}).status_code == 302
    assert ContactPoint.objects.get(user=user).phone == NEW_PHONE
    assert validity.marketing_valid(user)
