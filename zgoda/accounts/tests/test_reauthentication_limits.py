"""Every password prompt (2FA off, a new number, the authenticator app) is allauth's
reauthentication, with its limits; every refused try is in the audit log."""

from conftest import PASSWORD, PHONE, sms_to
from zgoda.accounts.models import AuditEvent, SmsTwoFactor

PROMPT = "/accounts/reauthenticate/"
DISABLE = "/accounts/2fa/sms/disable/"


def test_forty_wrong_passwords_are_limited_and_every_one_is_audited(client, user_2fa):
    client.force_login(user_2fa)
    answers = [client.post(PROMPT, {"password": f"guess-{n}"}, REMOTE_ADDR="203.0.113.7").status_code
               for n in range(40)]
    assert 302 not in answers  # none passed
    assert answers.count(429) >= 25, answers  # allauth's "reauthenticate" limit: 10 a minute per user
    refused = AuditEvent.objects.filter(event="reauth_failed", user=user_2fa)
    assert refused.count() == 40
    assert {e.ip for e in refused} == {"203.0.113.7"}
    reasons = [e.details["reason"] for e in refused.order_by("created_at", "id")]
    assert reasons[0] == "incorrect_password" and "rate_limited" in reasons
    assert "too_many_login_attempts" in reasons  # login_failed: 5 per 5 minutes for the address
    # Not logged as someone's failed logins of an unknown person: they are the account's.
    assert not AuditEvent.objects.filter(event="login_failed").exists()
    # Even the right password is refused now, and 2FA stays on.
    assert client.post(PROMPT, {"password": PASSWORD}).status_code in (200, 429)
    client.post(DISABLE, {"action": "password"})
    assert SmsTwoFactor.objects.filter(user=user_2fa).exists()


def test_the_prompt_passes_for_five_minutes_only(client, user_2fa, settings):
    import time
    from unittest import mock

    client.force_login(user_2fa)
    assert client.post(PROMPT, {"password": PASSWORD}).status_code == 302
    later = time.time() + settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1
    with mock.patch("allauth.account.internal.flows.reauthentication.time.time", return_value=later):
        response = client.post(DISABLE, {"action": "password"})
    assert response.status_code == 302 and response["Location"].startswith(PROMPT)
    assert SmsTwoFactor.objects.filter(user=user_2fa).exists()
    assert settings.ACCOUNT_REAUTHENTICATION_TIMEOUT == 300


def test_a_wrong_app_code_at_the_app_code_prompt_is_audited(client, user_2fa, settings):
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        return
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user_2fa, generate_totp_secret())
    client.force_login(user_2fa)
    response = client.post("/accounts/2fa/reauthenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(event="reauth_failed", user=user_2fa, details__method="mfa").count() == 1
    assert sms_to(PHONE) == []


def test_the_prompt_speaks_zgodas_polish_and_english(client, user_2fa):
    """allauth's own page said "Wprowadż hasło:" and "Zapomniałeś hasła?" (its catalogue);
    Zgoda's says what the login page says, in Polish or English, and shows a wrong password."""
    client.force_login(user_2fa)
    polish = client.get(PROMPT, HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "wpisz swoje hasło" in polish and "Nie pamiętasz hasła?" in polish
    assert "Wprowadż" not in polish and "Zapomniałeś" not in polish
    wrong = client.post(PROMPT, {"password": "to-nie-to"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert wrong.status_code == 200 and 'role="alert"' in wrong.content.decode()
    english = client.get(PROMPT, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirm it" in english and "enter your password" in english and "Forgot your password?" in english
    assert "hasło" not in english
