"""Changing the 2FA number without turning 2FA off: password (allauth's reauthentication),
then a code to the new number; the account gets an e-mail, the old number nothing."""

import pytest
from django.core import mail

from conftest import PASSWORD, PHONE, last_code, reauthenticate, sms_to
from zgoda.accounts.models import AuditEvent, SmsTwoFactor, TrustedDevice

from .conftest import page, wrong_code

CHANGE = "/accounts/2fa/sms/change/"
CONFIRM = "/accounts/2fa/sms/confirm/"
NEW_PHONE = "+48600700800"


@pytest.fixture
def signed_in(client, user_2fa):
    client.force_login(user_2fa)
    reauthenticate(client)
    return client


def test_the_page_asks_for_the_password_first(client, user_2fa):
    client.force_login(user_2fa)
    response = client.get(CHANGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/?next=")


def test_wrong_password_is_refused_audited_and_sends_nothing(client, user_2fa):
    client.force_login(user_2fa)
    response = client.post(CHANGE, {"phone": "600 700 800"})
    response = client.post(response["Location"], {"password": "not-my-password"})
    assert response.status_code == 200 and 'name="password"' in page(response)
    assert sms_to(NEW_PHONE) == []
    assert AuditEvent.objects.filter(event="reauth_failed", user=user_2fa).count() == 1


def test_right_password_carries_the_change_on(client, user_2fa):
    client.force_login(user_2fa)
    prompt = client.post(CHANGE, {"phone": "600 700 800"})["Location"]
    response = client.post(prompt, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CONFIRM
    assert len(sms_to(NEW_PHONE)) == 1


def test_new_number_e_mails_the_account_and_sends_the_old_number_nothing(signed_in, user_2fa):
    signed_in.post(CHANGE, {"phone": "600 700 800"})
    mail.outbox.clear()
    signed_in.post(CONFIRM, {"code": last_code(NEW_PHONE)[1]}, REMOTE_ADDR="203.0.113.9")
    [notice] = mail.outbox
    assert notice.to == [user_2fa.email] and "Zmieniono numer telefonu do logowania" in notice.subject
    assert "203.0.113.9" in notice.body and "Jeśli to nie Ty" in notice.body
    assert sms_to(PHONE) == []


def test_same_number_is_refused(signed_in):
    response = signed_in.post(CHANGE, {"phone": "500 100 200"})
    assert response.status_code == 400
    assert "To jest już Twój numer do logowania." in page(response)
    assert sms_to(PHONE) == []


def test_bad_new_number_is_explained(signed_in):
    response = signed_in.post(CHANGE, {"phone": "+48 22 123 45 67"})
    assert response.status_code == 400
    assert "To numer stacjonarny lub specjalny." in page(response)


def test_code_goes_to_the_new_number_and_2fa_stays_on_with_the_old_one_meanwhile(signed_in, user_2fa):
    response = signed_in.post(CHANGE, {"phone": "600 700 800"})
    assert response.status_code == 302 and response["Location"] == CONFIRM
    assert len(sms_to(NEW_PHONE)) == 1 and sms_to(PHONE) == []
    assert SmsTwoFactor.objects.get(user=user_2fa).phone == PHONE


def test_wrong_code_leaves_the_old_number(signed_in, user_2fa):
    signed_in.post(CHANGE, {"phone": "600 700 800"})
    response = signed_in.post(CONFIRM, {"code": wrong_code(NEW_PHONE)})
    assert response.status_code == 400
    assert SmsTwoFactor.objects.get(user=user_2fa).phone == PHONE


def test_code_from_the_new_number_switches_2fa_to_it(signed_in, user_2fa):
    signed_in.post(CHANGE, {"phone": "600 700 800"})
    response = signed_in.post(CONFIRM, {"code": last_code(NEW_PHONE)[1]}, follow=True)
    assert SmsTwoFactor.objects.get(user=user_2fa).phone == NEW_PHONE
    assert "Numer zmieniony." in page(response)
    assert AuditEvent.objects.filter(event="phone_changed", user=user_2fa).exists()


def test_changing_the_number_revokes_every_trusted_device(signed_in, user_2fa):
    for name in ("Chrome na Android", "Firefox na Windows"):
        TrustedDevice.objects.create(user=user_2fa, token_hmac=name, name=name)
    signed_in.post(CHANGE, {"phone": "600 700 800"})
    assert TrustedDevice.objects.filter(revoked_at__isnull=True).count() == 2  # not before the code
    signed_in.post(CONFIRM, {"code": last_code(NEW_PHONE)[1]})
    assert not TrustedDevice.objects.filter(revoked_at__isnull=True).exists()
    assert set(TrustedDevice.objects.values_list("revoke_reason", flat=True)) == {"phone_changed"}


def test_next_login_sends_the_code_to_the_new_number(client, signed_in, user_2fa):
    signed_in.post(CHANGE, {"phone": "600 700 800"})
    signed_in.post(CONFIRM, {"code": last_code(NEW_PHONE)[1]})
    signed_in.post("/accounts/logout/")
    signed_in.post("/accounts/login/", {"login": user_2fa.email, "password": PASSWORD})
    assert len(sms_to(NEW_PHONE)) == 2
    assert sms_to(PHONE) == []


def test_change_page_without_2fa_sends_to_enrollment(client, user):
    client.force_login(user)  # no password prompt for nothing
    response = client.get(CHANGE)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/sms/"


def test_login_elsewhere_during_the_change_still_needs_a_code_to_the_old_number(signed_in, user_2fa):
    from django.test import Client

    signed_in.post(CHANGE, {"phone": "600 700 800"})
    other = Client()
    response = other.post("/accounts/login/", {"login": user_2fa.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/challenge/"
    assert len(sms_to(PHONE)) == 1
