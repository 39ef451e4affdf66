"""An account with an authenticator app (allauth.mfa TOTP) gets the app's page first: its
code logs in and no SMS is sent; "send me an SMS instead" falls back to the SMS step."""

from django.contrib.auth import SESSION_KEY
from django.test import Client

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.adapter import AccountAdapter
from zgoda.accounts.models import AuditEvent

from .conftest import CHALLENGE, last_code, page, submit_code
from .mfa_helpers import add_app, add_recovery_codes, app_code

SMS_INSTEAD = "/accounts/2fa/challenge/sms/"


def test_allauths_own_mfa_steps_are_left_out():
    stages = AccountAdapter().get_login_stages()
    assert not [s for s in stages if s.startswith("allauth.mfa.")]
    assert "zgoda.accounts.stages.SmsChallengeStage" in stages


def test_app_user_logs_in_with_an_app_code_and_no_sms_is_sent(client, user_2fa):
    add_app(user_2fa)
    response = login_password(client)
    assert response["Location"] == CHALLENGE
    shown = page(client.get(CHALLENGE))
    assert "Kod z aplikacji uwierzytelniającej" in shown and "Wyślij mi SMS zamiast tego" in shown
    assert submit_code(client, app_code()).status_code == 302
    assert client.session[SESSION_KEY] == str(user_2fa.pk)
    assert sms_to(PHONE) == []
    assert AuditEvent.objects.filter(event=AuditEvent.Event.APP_CODE_ACCEPTED, user=user_2fa).exists()


def test_an_app_code_works_once(client, user_2fa):
    add_app(user_2fa)
    login_password(client)
    code = app_code()
    assert submit_code(client, code).status_code == 302
    other = Client()
    login_password(other)
    assert submit_code(other, code).status_code == 400
    assert SESSION_KEY not in other.session


def test_send_me_an_sms_instead(client, user_2fa):
    add_app(user_2fa)
    login_password(client)
    assert client.post(SMS_INSTEAD)["Location"] == CHALLENGE
    assert len(sms_to(PHONE)) == 1
    assert "Wysłaliśmy SMS z kodem" in page(client.get(CHALLENGE))
    client.post(SMS_INSTEAD)  # twice: no second SMS (the open challenge is reused)
    assert len(sms_to(PHONE)) == 1
    _, code = last_code(PHONE)
    assert submit_code(client, code).status_code == 302
    assert client.session[SESSION_KEY] == str(user_2fa.pk)
    assert AuditEvent.objects.filter(event=AuditEvent.Event.SMS_INSTEAD).count() == 1


def test_after_sms_instead_the_app_code_still_works(client, user_2fa):
    add_app(user_2fa)
    login_password(client)
    client.post(SMS_INSTEAD)
    assert submit_code(client, app_code()).status_code == 302
    assert client.session[SESSION_KEY] == str(user_2fa.pk)


def test_an_account_with_an_app_and_no_sms_gets_the_step(client, db):
    person = make_user("ola@example.com")
    add_app(person)
    assert login_password(client, email="ola@example.com")["Location"] == CHALLENGE
    assert SESSION_KEY not in client.session
    shown = page(client.get(CHALLENGE))
    assert "Wyślij mi SMS zamiast tego" not in shown
    assert client.post(SMS_INSTEAD)["Location"] == CHALLENGE  # nothing to send to
    assert submit_code(client, app_code()).status_code == 302


def test_wrong_app_codes_are_audited_limited_and_malformed_ones_cost_nothing(client, user_2fa):
    add_app(user_2fa)
    add_recovery_codes(user_2fa)
    login_password(client)
    assert "Wpisz 6-cyfrowy kod" in page(submit_code(client, "12"))
    assert not AuditEvent.objects.filter(event=AuditEvent.Event.FACTOR_CODE_WRONG).exists()
    wrong = str((int(app_code()) + 1) % 10**6).zfill(6)
    for _ in range(5):
        submit_code(client, wrong)
    assert AuditEvent.objects.filter(event=AuditEvent.Event.FACTOR_CODE_WRONG).count() == 5
    assert "Za dużo błędnych kodów" in page(submit_code(client, app_code()))
    assert SESSION_KEY not in client.session


def test_a_trusted_device_skips_the_app_step(client, user_2fa):
    add_app(user_2fa)
    login_password(client)
    submit_code(client, app_code(), trust=True)
    client.post("/accounts/logout/")
    response = login_password(client)
    assert response["Location"] != CHALLENGE and client.session[SESSION_KEY] == str(user_2fa.pk)


def test_app_code_guesses_after_the_sms_code_is_blocked_still_count(client, user_2fa, settings):
    """Six-digit guesses on the SMS page are counted once each, even when the SMS code itself
    is blocked and compares nothing: else the app code could be guessed for ever."""
    from zgoda.accounts.internal.secret_tries import failure_streak

    from .conftest import wrong_code

    settings.ACCOUNT_RATE_LIMITS = False  # allauth's own 5/5 min brake aside: Zgoda's streak is what is tested
    add_app(user_2fa)
    login_password(client)
    client.post(SMS_INSTEAD)
    for _ in range(5):  # the SMS code is blocked after these
        submit_code(client, wrong_code())
    blocked_at = failure_streak(user_2fa.pk)[0]
    guess = str((int(app_code()) + 500_000) % 1_000_000).zfill(6)
    for _ in range(3):
        submit_code(client, guess)
    assert failure_streak(user_2fa.pk)[0] == blocked_at + 3
