"""Turning SMS 2FA on: a number, then a code to it; 2FA is on only after the code."""

import pytest

from conftest import PHONE, last_code, sms_to
from zgoda.accounts.models import AuditEvent, SmsTwoFactor

from .conftest import page, wrong_code

ENROLL = "/accounts/2fa/sms/"
CONFIRM = "/accounts/2fa/sms/confirm/"


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_enrollment_page_asks_for_the_phone(signed_in):
    response = signed_in.get(ENROLL)
    assert response.status_code == 200
    assert 'name="phone"' in page(response)


def test_number_sends_a_code_but_2fa_stays_off_until_confirmed(signed_in, user):
    response = signed_in.post(ENROLL, {"phone": "500 100 200"})
    assert response.status_code == 302 and response["Location"] == CONFIRM
    assert len(sms_to(PHONE)) == 1
    assert not SmsTwoFactor.objects.filter(user=user).exists()
    assert "Wpisz kod nr 1" in page(signed_in.get(CONFIRM))


def test_right_code_turns_2fa_on_with_the_number_in_e164(signed_in, user):
    signed_in.post(ENROLL, {"phone": "+48 500-100-200"})
    _, code = last_code()
    response = signed_in.post(CONFIRM, {"code": code}, follow=True)
    assert SmsTwoFactor.objects.get(user=user).phone == "+48500100200"
    assert "Logowanie dwuetapowe SMS jest włączone." in page(response)
    assert AuditEvent.objects.filter(event="twofa_enabled", user=user).exists()


def test_wrong_code_keeps_2fa_off(signed_in, user):
    signed_in.post(ENROLL, {"phone": "500 100 200"})
    response = signed_in.post(CONFIRM, {"code": wrong_code()})
    assert response.status_code == 400
    assert "Błędny kod. Sprawdź kod nr 1 z SMS-a." in page(response)
    assert not SmsTwoFactor.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "To nie jest numer telefonu."),
        ("500 100", "Numer jest za krótki."),
        ("500 100 2000", "Numer ma złą długość."),
        ("+48 22 123 45 67", "To numer stacjonarny lub specjalny."),
        ("+49 151 23456789", "Numery z tego kraju (DE) nie są obsługiwane."),
        ("", "Podaj numer telefonu komórkowego."),
    ],
)
def test_bad_number_is_explained_on_the_page_and_sends_nothing(signed_in, user, typed, message):
    response = signed_in.post(ENROLL, {"phone": typed})
    assert response.status_code == 400
    assert message in page(response)
    assert sms_to(PHONE) == [] and not SmsTwoFactor.objects.exists()


def test_foreign_number_enrolls_when_its_country_is_allowed(signed_in, user, settings):
    settings.ZGODA_ALLOWED_COUNTRIES = ["PL", "DE"]
    signed_in.post(ENROLL, {"phone": "+49 151 23456789"})
    _, code = last_code("+4915123456789")
    signed_in.post(CONFIRM, {"code": code})
    assert SmsTwoFactor.objects.get(user=user).phone == "+4915123456789"


def test_confirm_page_without_a_number_sends_back_to_the_form(signed_in):
    response = signed_in.get(CONFIRM)
    assert response.status_code == 302 and response["Location"] == ENROLL


def test_enrollment_needs_a_logged_in_user(client, user):
    response = client.get(ENROLL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_enrolled_user_next_login_asks_for_the_code(client, user):
    client.force_login(user)
    client.post(ENROLL, {"phone": "500 100 200"})
    client.post(CONFIRM, {"code": last_code()[1]})
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": user.email, "password": "Sekretne-haslo-2026"})
    assert response["Location"] == "/accounts/2fa/challenge/"
