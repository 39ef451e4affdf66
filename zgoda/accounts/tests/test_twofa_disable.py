"""Turning SMS 2FA off needs the password (allauth's reauthentication), or a code sent to the
current number; it e-mails the account."""

import pytest
from django.core import mail

from conftest import PHONE, last_code, reauthenticate, sms_to
from zgoda.accounts.models import AuditEvent, SmsTwoFactor, TrustedDevice

from .conftest import page, wrong_code

DISABLE = "/accounts/2fa/sms/disable/"


@pytest.fixture
def signed_in(client, user_2fa):
    client.force_login(user_2fa)
    return client


def is_on(user):
    return SmsTwoFactor.objects.filter(user=user).exists()


def test_disable_page_offers_password_and_code(signed_in):
    html = page(signed_in.get(DISABLE))
    assert 'value="password"' in html and 'value="send_code"' in html


def test_password_prompt_then_2fa_off(signed_in, user_2fa):
    response = signed_in.post(DISABLE, {"action": "password"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/?next=")
    assert is_on(user_2fa)
    # allauth's prompt; once the password passed, the suspended POST goes on.
    response = signed_in.post(response["Location"], {"password": "Sekretne-haslo-2026"}, follow=True)
    assert not is_on(user_2fa)
    assert "Logowanie dwuetapowe SMS jest wyłączone." in page(response)
    assert AuditEvent.objects.filter(event="twofa_disabled", user=user_2fa).exists()


def test_a_recent_password_prompt_is_not_asked_again(signed_in, user_2fa):
    reauthenticate(signed_in)
    signed_in.post(DISABLE, {"action": "password"})
    assert not is_on(user_2fa)


def test_wrong_password_keeps_2fa_on_and_is_audited(signed_in, user_2fa):
    prompt = signed_in.post(DISABLE, {"action": "password"})["Location"]
    response = signed_in.post(prompt, {"password": "guess"})
    assert response.status_code == 200 and 'name="password"' in page(response)
    assert is_on(user_2fa)
    assert AuditEvent.objects.filter(event="reauth_failed", user=user_2fa, details__method="password").count() == 1


def test_turning_off_e_mails_the_account_and_no_sms(signed_in, user_2fa):
    reauthenticate(signed_in)
    mail.outbox.clear()
    signed_in.post(DISABLE, {"action": "password"}, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0")
    [notice] = mail.outbox
    assert notice.to == [user_2fa.email] and "Wyłączono logowanie dwuetapowe" in notice.subject
    assert "127.0.0.1" in notice.body and "Firefox" in notice.body and "Jeśli to nie Ty" in notice.body
    assert sms_to(PHONE) == []


def test_code_to_the_current_number_turns_2fa_off(signed_in, user_2fa):
    signed_in.post(DISABLE, {"action": "send_code"})
    assert len(sms_to(PHONE)) == 1
    assert "Wpisz kod nr 1" in page(signed_in.get(DISABLE))
    signed_in.post(DISABLE, {"action": "code", "code": last_code()[1]})
    assert not is_on(user_2fa)


def test_wrong_code_keeps_2fa_on(signed_in, user_2fa):
    signed_in.post(DISABLE, {"action": "send_code"})
    response = signed_in.post(DISABLE, {"action": "code", "code": wrong_code()})
    assert response.status_code == 400
    assert "Błędny kod" in page(response)
    assert is_on(user_2fa)


def test_code_without_asking_for_one_does_nothing(signed_in, user_2fa):
    response = signed_in.post(DISABLE, {"action": "code", "code": "123456"})
    assert "Nieznana operacja" in page(response)
    assert is_on(user_2fa)


def test_asking_twice_for_a_code_sends_one_sms_while_it_is_valid(signed_in):
    signed_in.post(DISABLE, {"action": "send_code"})
    signed_in.post(DISABLE, {"action": "send_code"})
    assert len(sms_to(PHONE)) == 1


def test_turning_off_revokes_trusted_devices(signed_in, user_2fa):
    TrustedDevice.objects.create(user=user_2fa, token_hmac="x", name="Chrome na Android")
    reauthenticate(signed_in)
    signed_in.post(DISABLE, {"action": "password"})
    assert not TrustedDevice.objects.filter(revoked_at__isnull=True).exists()


def test_after_turning_off_login_needs_no_code(client, signed_in, user_2fa):
    reauthenticate(signed_in)
    signed_in.post(DISABLE, {"action": "password"})
    signed_in.post("/accounts/logout/")
    response = signed_in.post("/accounts/login/", {"login": user_2fa.email, "password": "Sekretne-haslo-2026"})
    assert response["Location"] == "/"
    assert sms_to(PHONE) == []


def test_send_again_after_the_cooldown_sends_a_new_code_and_says_so(clock, signed_in):
    """The page's "Wyślij kod ponownie" is a resend: while the first code still works it used to
    pick that try up again, sending nothing and saying nothing."""
    signed_in.post(DISABLE, {"action": "send_code"})
    html = page(signed_in.get(DISABLE))
    assert 'value="resend_code"' in html
    signed_in.post(DISABLE, {"action": "resend_code"})  # during the cooldown: nothing goes
    assert len(sms_to(PHONE)) == 1
    clock.advance(seconds=31)
    response = signed_in.post(DISABLE, {"action": "resend_code"}, follow=True)
    assert len(sms_to(PHONE)) == 2
    assert "Wysłaliśmy nowy kod nr 2." in page(response)
    submit = signed_in.post(DISABLE, {"action": "code", "code": last_code()})
    assert submit.status_code == 302 and not SmsTwoFactor.objects.exists()
