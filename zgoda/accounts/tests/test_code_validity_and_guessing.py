"""A code lives 5 minutes; 5 wrong tries kill it, 10 end the login; only its HMAC is stored."""

import re

from django.contrib.auth import SESSION_KEY

from conftest import PHONE, last_code, sms_to
from zgoda.accounts.models import AuditEvent, CodeChallenge, OneTimeCode
from zgoda.lib import crypto

from .conftest import CHALLENGE, page, resend, submit_code, wrong_code


def test_code_is_accepted_just_before_five_minutes(clock, pending_login, user_2fa):
    clock.advance(seconds=299)
    submit_code(pending_login, last_code()[1])
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_code_expires_after_five_minutes(clock, pending_login):
    clock.advance(seconds=301)
    response = submit_code(pending_login, last_code()[1])
    assert response.status_code == 400
    assert "Kod nr 1 wygasł. Wyślij nowy kod." in page(response)
    assert SESSION_KEY not in pending_login.session


def test_code_lifetime_is_a_setting(clock, settings, pending_login):
    settings.ZGODA_OTP_TTL_SECONDS = 60
    clock.advance(seconds=61)
    resend(pending_login)
    clock.advance(seconds=61)
    response = submit_code(pending_login, last_code()[1])
    assert "Kod nr 2 wygasł." in page(response)


def test_new_code_after_expiry_works(clock, pending_login, user_2fa):
    clock.advance(seconds=301)
    resend(pending_login)
    submit_code(pending_login, last_code()[1])
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_wrong_code_says_which_number_to_check(pending_login):
    response = submit_code(pending_login, wrong_code())
    assert response.status_code == 400
    assert "Błędny kod. Sprawdź kod nr 1 z SMS-a." in page(response)


def test_five_wrong_tries_block_the_code_even_for_the_right_digits(pending_login):
    for _ in range(4):
        submit_code(pending_login, wrong_code())
    response = submit_code(pending_login, wrong_code())
    # The resend is still locked (30 s after the first code): its button counts down, never "send now".
    assert "Za dużo błędnych prób dla kodu nr 1." in page(response)
    assert re.search(r'data-countdown="\d+"[^>]*disabled>\s*Wyślij ponownie za \d+ s', page(response))
    assert "Wyślij nowy kod" not in page(response)
    assert OneTimeCode.objects.get().blocked
    response = submit_code(pending_login, last_code()[1])
    assert "Za dużo błędnych prób dla kodu nr 1." in page(response)
    assert SESSION_KEY not in pending_login.session


def test_a_blocked_code_offers_a_new_one_once_the_resend_is_unlocked(clock, pending_login):
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    clock.advance(seconds=31)
    response = submit_code(pending_login, last_code()[1])
    assert "Ten kod został zablokowany po błędnych próbach. Wyślij nowy kod." in page(response)


def test_four_wrong_tries_leave_the_code_usable(pending_login, user_2fa):
    for _ in range(4):
        submit_code(pending_login, wrong_code())
    submit_code(pending_login, last_code()[1])
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_after_a_blocked_code_a_resent_one_works(clock, pending_login, user_2fa):
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    clock.advance(seconds=31)
    resend(pending_login)
    submit_code(pending_login, last_code()[1])
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_ten_wrong_tries_end_the_login_and_are_audited(fast_resend, pending_login, user_2fa):
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    resend(pending_login)
    for _ in range(4):
        submit_code(pending_login, wrong_code())
    response = submit_code(pending_login, wrong_code(), follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Za dużo błędnych kodów. Ze względów bezpieczeństwa zacznij od nowa." in page(response)
    assert "account_login" not in pending_login.session
    assert pending_login.get(CHALLENGE)["Location"] == "/accounts/login/"
    ended = AuditEvent.objects.get(event="login_ended")
    assert ended.user == user_2fa
    assert CodeChallenge.objects.get().end_reason == "too_many_wrong"


def test_ended_login_cannot_be_finished_with_the_right_code(fast_resend, pending_login):
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    resend(pending_login)
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    submit_code(pending_login, last_code()[1])
    assert SESSION_KEY not in pending_login.session


def test_after_an_ended_login_the_password_starts_a_new_one(fast_resend, pending_login, user_2fa):
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    resend(pending_login)
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    from conftest import login_password

    assert login_password(pending_login)["Location"] == CHALLENGE
    assert len(sms_to(PHONE)) == 3
    submit_code(pending_login, last_code()[1])
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_used_code_cannot_be_used_again(client, user_2fa):
    from conftest import login_password

    login_password(client)
    _, code = last_code()
    submit_code(client, code)
    client.post("/accounts/logout/")
    login_password(client)  # a new login gets a new code
    response = submit_code(client, code)
    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_codes_are_stored_only_as_hmac(pending_login):
    _, raw = last_code()
    row = OneTimeCode.objects.values().get()
    for column, value in row.items():
        assert raw not in str(value), column
        assert f"{raw[:3]} {raw[3:]}" not in str(value), column
    assert row["code_hmac"] == crypto.keyed_hash("otp", raw)
