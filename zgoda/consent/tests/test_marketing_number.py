"""Turning 2FA off keeps the marketing consent and its number; removing the number asks
whether to withdraw marketing too."""

from conftest import PHONE, reauthenticate
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ContactPoint, Purpose
from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

from .conftest import CONSENTS, box_value, enroll, events, page

REMOVE = "/accounts/consents/number/remove/"


def _disable_2fa(client):
    reauthenticate(client)  # allauth's password prompt first
    response = client.post("/accounts/2fa/sms/disable/", {"action": "password"})
    assert response.status_code == 302


def test_turning_2fa_off_keeps_marketing_consent_and_number(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    _disable_2fa(signed_in)
    assert not SmsTwoFactor.objects.filter(user=user).exists()
    assert ContactPoint.objects.get(user=user).phone == PHONE
    assert validity.marketing_valid(user)
    twofa = events(user, Purpose.TWOFA)
    assert [e.action for e in twofa] == ["granted", "withdrawn"]
    assert [e.action for e in events(user, Purpose.SMS_MARKETING)] == ["granted"]
    assert twofa[-1].created_at > events(user, Purpose.SMS_MARKETING)[0].created_at


def test_turning_2fa_off_without_marketing_leaves_no_number_behind(signed_in, user):
    enroll(signed_in)
    _disable_2fa(signed_in)
    assert not ContactPoint.objects.exists()


def test_withdrawal_forgets_the_marketing_number_but_not_the_2fa_one(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    signed_in.post("/accounts/consents/marketing/", {"action": "withdraw"})
    assert not ContactPoint.objects.exists()
    assert SmsTwoFactor.objects.get(user=user).phone == PHONE


def test_withdrawal_after_2fa_is_off_forgets_the_number(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    _disable_2fa(signed_in)
    signed_in.post("/accounts/consents/marketing/", {"action": "withdraw"})
    assert not ContactPoint.objects.exists()


def test_removing_the_number_asks_whether_to_withdraw_marketing_too(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    body = page(signed_in.get(REMOVE))
    assert "Czy wycofać też zgodę na SMS-y marketingowe?" in body
    assert "Usuń numer i wycofaj zgodę" in body and "Usuń tylko numer, zgoda zostaje" in body
    assert ContactPoint.objects.exists()  # asking changes nothing


def test_removing_the_number_and_withdrawing(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    response = signed_in.post(REMOVE, {"withdraw": "yes"}, follow=True)
    assert "Numer usunięty, a zgoda na SMS-y marketingowe wycofana." in page(response)
    assert not ContactPoint.objects.exists()
    withdrawal = events(user, Purpose.SMS_MARKETING)[-1]
    assert withdrawal.action == "withdrawn" and withdrawal.label == "Usuń numer i wycofaj zgodę"
    assert SmsTwoFactor.objects.filter(user=user).exists()  # 2FA keeps its own number


def test_removing_only_the_number_keeps_the_consent_but_no_sms_goes_out(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    signed_in.post(REMOVE, {"withdraw": "no"})
    assert not ContactPoint.objects.exists()
    assert events(user, Purpose.SMS_MARKETING)[-1].action == "granted"
    assert not validity.marketing_valid(user)
    body = page(signed_in.get(CONSENTS))
    assert "zgoda bez numeru" in body and "Wycofuję zgodę" in body  # an invalid consent can still be withdrawn


def test_remove_without_a_choice_changes_nothing(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    response = signed_in.post(REMOVE, {}, follow=True)
    assert "Wybierz, czy wycofać też zgodę marketingową." in page(response)
    assert ContactPoint.objects.exists()



def test_the_remove_link_says_on_the_list_only_while_the_number_is_on_it(signed_in, user):
    enroll(signed_in, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    link = 'data-testid="remove-number">'
    assert f"{link}Usuń mój numer z listy SMS-ów marketingowych</a>" in page(signed_in.get(CONSENTS))
    assert 'Numer <span class="phone">+48 *** *** 200</span> przestanie być używany do SMS-ów marketingowych.' in page(signed_in.get(REMOVE))
    # The network reports the number inactive: the consent stands, the number is off the list.
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    assert not validity.marketing_valid(user) and ContactPoint.objects.exists()
    assert f"{link}Usuń numer zapisany do SMS-ów marketingowych</a>" in page(signed_in.get(CONSENTS))
    english = page(signed_in.get(CONSENTS, HTTP_ACCEPT_LANGUAGE="en"))
    assert f"{link}Remove the number kept for marketing SMS</a>" in english
    # The remove page it leads to says the same, and still asks about the standing consent.
    body = page(signed_in.get(REMOVE))
    assert "Usunąć numer zapisany do SMS-ów marketingowych?" in body and "Usunąć numer z listy" not in body
    assert ('Usuniemy zapisany numer <span class="phone">+48 *** *** 200</span>. '
            "SMS-ów marketingowych i tak teraz na niego nie wysyłamy.") in body
    assert "przestanie być używany" not in body
    assert "Czy wycofać też zgodę na SMS-y marketingowe?" in body
    assert "Remove the number kept for marketing SMS?" in page(signed_in.get(REMOVE, HTTP_ACCEPT_LANGUAGE="en"))
