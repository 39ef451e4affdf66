"""Passwords tried at login are counted by Zgoda's limits policy (internal/password_limits.py):
5 wrong per login in 5 minutes, 10 wrong and 30 tries per client address a minute. A refused
try is not compared, says so in the person's language, and is the same for an unknown
e-mail; a right password does not count as wrong; the window frees as it passes; a password
reset forgets the wrong ones; the rows name nobody in clear and go within the hour."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone

from conftest import PASSWORD, login_password, make_user
from zgoda.accounts.models import PasswordAttempt
from zgoda.accounts.personal_data import AccountsPersonalData
from zgoda.lib import personal_data

REFUSED_PL = "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie później."
REFUSED_EN = "Too many failed login attempts. Try again later."
OTHER_ADDRESS = {"REMOTE_ADDR": "198.51.100.20"}


def logged_in(response):
    return response.status_code == 302


def wrong(client, email="anna@example.com", **extra):
    response = login_password(client, email, "wrong-password", **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_sixth_wrong_password_for_one_login_is_refused_even_when_right(client, user):
    for _ in range(5):
        assert REFUSED_PL not in wrong(client)
    response = login_password(client)
    assert not logged_in(response) and REFUSED_PL in response.content.decode()
    # from another address too: the limit is the login's
    response = login_password(client, **OTHER_ADDRESS)
    assert not logged_in(response) and REFUSED_PL in response.content.decode()


def test_refusal_speaks_english_on_request(client, user):
    for _ in range(5):
        wrong(client)
    response = login_password(client, HTTP_ACCEPT_LANGUAGE="en")
    assert REFUSED_EN in response.content.decode()


def test_unknown_email_is_refused_at_the_same_count(client, user):
    known = [REFUSED_PL in wrong(client) for _ in range(6)]
    unknown = [REFUSED_PL in wrong(client, "nobody@example.com", **OTHER_ADDRESS) for _ in range(6)]
    assert known == unknown == [False] * 5 + [True]


def test_a_right_password_is_not_counted_as_wrong(client, user):
    for _ in range(4):
        wrong(client)
    assert logged_in(login_password(client))
    client.post("/accounts/logout/")
    assert REFUSED_PL not in wrong(client)  # the 5th wrong one
    assert REFUSED_PL in wrong(client)


def test_the_window_frees_as_it_passes_and_refused_tries_do_not_extend_it(client, user):
    for _ in range(5):
        wrong(client)
    for _ in range(3):
        assert REFUSED_PL in wrong(client)
    assert PasswordAttempt.objects.count() == 5  # refused tries are not counted
    PasswordAttempt.objects.update(at=F("at") - timedelta(minutes=5, seconds=1))
    assert logged_in(login_password(client))


def test_eleventh_wrong_password_from_one_address_in_a_minute_is_refused(client, db):
    for n in range(10):
        assert REFUSED_PL not in wrong(client, f"guess{n}@example.com"), n
    assert REFUSED_PL in wrong(client, "guess10@example.com")
    make_user("ola@example.com")
    assert logged_in(login_password(client, "ola@example.com", **OTHER_ADDRESS))  # another address


def test_tries_per_address_count_right_passwords_too(client, settings, user):
    settings.ZGODA_LOGIN_TRIES_PER_IP_MINUTE = 3
    for _ in range(3):
        assert logged_in(login_password(client))
        client.post("/accounts/logout/")
    assert REFUSED_PL in login_password(client).content.decode()


def test_password_reset_forgets_the_wrong_tries(client, user):
    from allauth.account.signals import password_reset

    for _ in range(5):
        wrong(client)
    password_reset.send(get_user_model(), request=RequestFactory().get("/"), user=user)
    assert logged_in(login_password(client))


def test_rows_name_nobody_in_clear_and_expire_within_the_hour(client, user):
    wrong(client, REMOTE_ADDR="203.0.113.9")
    row = PasswordAttempt.objects.values().get()
    assert "203.0.113.9" not in str(row) and "anna" not in str(row)
    assert AccountsPersonalData().expire(timezone.now())["password_attempts"] == 0
    assert AccountsPersonalData().expire(timezone.now() + timedelta(hours=1, seconds=1))["password_attempts"] == 1


def test_erasure_deletes_the_tries_typed_with_the_accounts_address(client, user):
    wrong(client)
    wrong(client, "someone@example.com")
    subject = personal_data.Account(user_id=user.pk, emails=("anna@example.com",))
    data = AccountsPersonalData()
    assert data.find(subject)["password_attempts"] == 1
    assert data.erase(subject)["password_attempts"] == 1
    assert PasswordAttempt.objects.count() == 1


def test_benchmark_switch_turns_them_off(client, settings, user):
    settings.ACCOUNT_RATE_LIMITS = False  # ZGODA_DISABLE_RATE_LIMITS
    for _ in range(8):
        wrong(client)
    assert logged_in(login_password(client, password=PASSWORD))
    assert not PasswordAttempt.objects.exists()
