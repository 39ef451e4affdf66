"""Changing the 2FA number without turning 2FA off: password, then a code to the new number."""

import pytest

from conftest import PASSWORD, PHONE, last_code, sms_to
from zgoda.accounts.models import AuditEvent, SmsTwoFactor, TrustedDevice

from .conftest import page, wrong_code

CHANGE = "/accounts/2fa/sms/change/"
CONFIRM = "/accounts/2fa/sms/confirm/"
NEW_PHONE = "+48600700800"


@pytest.fixture
def signed_in(client, user_2fa):
    client.force_login(user_2fa)
    return client


def test_wrong_password_is_refused_and_sends_nothing(signed_in):
    response = signed_in.post(CHANGE, {"phone": "600 700 800", "password": "not-my-password"})
    assert response.status_code == 400
    assert "Hasło jest nieprawidłowe." in page(response)
    assert sms_to(NEW_PHONE) == []


def test_missing_password_is_asked_for(signed_in):
    response = signed_in.post(CHANGE, {"phone": "600 700 800"})
    assert response.status_code == 400
    assert "Podaj obecne hasło." in page(response)


def test_same_number_is_refused(signed_in):
    response = signed_in.post(CHANGE, {"phone": "500 100 200", "password": PASSWORD})
    assert response.status_code == 400
    assert "To jest już Twój numer do logowania." in page(response)
    assert sms_to(PHONE) == []


def test_bad_new_number_is_explained(signed_in):
    response = signed_in.post(CHANGE, {"phone": "+48 22 123 45 67", "password": PASSWORD})
    assert response.status_code == 400
    assert "To numer stacjonarny lub specjalny." in page(response)


def test_code_goes_to_the_new_number_and_2fa_stays_on_with_the_old_one_meanwhile(signed_in, user_2fa):
    response = signed_in.post(CHANGE, {"phone": "600 700 800", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CONFIRM
    assert len(sms_to(NEW_PHONE)) == 1 and sms_to(PHONE) == []
    assert SmsTwoFactor.objects.get(user=user_2fa).phone == PHONE


def test_wrong_code_leaves_the_old_number(signed_in, user_2fa):
    signed_in.post(CHANGE, {"phone": "600 700 800", "password": PASSWORD})
    response = signed_in.post(CONFIRM, {"code": wrong_code(NEW_PHONE)})
    assert response.status_code == 400
    assert SmsTwoFactor.objects.get(user=user_2fa).phone == PHONE


def test_code_from_the_new_number_switches_2fa_to_it(signed_in, user_2fa):
    signed_in.post(CHANGE, {"phone": "600 700 800", "password": PASSWORD})
    response = signed_in.post(CONFIRM, {"code": last_code(NEW_PHONE)[1]}, follow=True)
    assert SmsTwoFactor.objects.get(user=user_2fa).phone == NEW_PHONE
    assert "Numer zmieniony." in page(response)
    assert AuditEvent.objects.filter(event="phone_changed", user=user_2fa).exists()


def test_changing_the_number_revokes_every_trusted_device(signed_in, user_2fa):
    for name in ("Chrome na Android", "Firefox na Windows"):
        TrustedDevice.objects.create(user=user_2fa, token_hmac=name, name=name)
    signed_in.post(CHANGE, {"phone": "600 700 800", "password": PASSWORD})
    assert TrustedDevice.objects.filter(revoked_at__isnull=True).count() == 2  # not before the code
    signed_in.post(CONFIRM, {"code": last_code(NEW_PHONE)[1]})
    assert not TrustedDevice.objects.filter(revoked_at__isnull=True).exists()
    assert set(TrustedDevice.objects.values_list("revoke_reason", flat=True)) == {"phone_changed"}


def test_next_login_sends_the_code_to_the_new_number(client, signed_in, user_2fa):
    signed_in.post(CHANGE, {"phone": "600 700 800", "password": PASSWORD})
    signed_in.post(CONFIRM, {"code": last_code(NEW_PHONE)[1]})
    signed_in.post("/accounts/logout/")
    signed_in.post("/accounts/login/", {"login": user_2fa.email, "password": PASSWORD})
    assert len(sms_to(NEW_PHONE)) == 2
    assert sms_to(PHONE) == []


def test_change_page_without_2fa_sends_to_enrollment(client, user):
    client.force_login(user)
    response = client.get(CHANGE)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/sms/"


def test_login_elsewhere_during_the_change_still_needs_a_code_to_the_old_number(signed_in, user_2fa):
    from django.test import Client

    signed_in.post(CHANGE, {"phone": "600 700 800", "password": PASSWORD})
    other = Client()
    response = other.post("/accounts/login/", {"login": user_2fa.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/challenge/"
    assert len(sms_to(PHONE)) == 1
