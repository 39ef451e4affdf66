"""A login from a new device sends the user an e-mail notice; a trusted device does not, nor
does a browser that logged in to the account before (until the password changes)."""

from django.core import mail
from django.test import Client

from conftest import PASSWORD, PHONE, last_code, login_password, make_user

from .conftest import log_in_fully, submit_code

SEEN = "zgoda_seen"

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.82 Mobile Safari/537.36"
)


def test_login_with_a_code_sends_a_notice_naming_the_device_and_ip(client, user_2fa):
    log_in_fully(client, HTTP_USER_AGENT=ANDROID_CHROME, REMOTE_ADDR="203.0.113.5")
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["anna@example.com"]
    assert notice.subject == "Nowe logowanie do Twojego konta"
    assert "Chrome na Android" in notice.body and "203.0.113.5" in notice.body


def test_no_notice_before_the_code_is_given(pending_login):
    assert mail.outbox == []


def test_login_from_a_trusted_device_sends_no_notice(client, user_2fa):
    log_in_fully(client, trust=True)
    client.post("/accounts/logout/")
    mail.outbox.clear()
    login_password(client)
    assert mail.outbox == []


def test_a_second_login_from_the_same_browser_sends_no_notice(client, user_2fa):
    log_in_fully(client)
    client.post("/accounts/logout/")
    log_in_fully(client)
    assert len(mail.outbox) == 1
    assert client.cookies[SEEN]["httponly"] and client.cookies[SEEN]["samesite"] == "Lax"


def test_another_browser_is_a_new_device(client, user_2fa):
    log_in_fully(client)
    log_in_fully(Client())
    assert len(mail.outbox) == 2


def test_the_browser_is_new_to_another_account_holding_the_same_number(client, user_2fa):
    make_user("bartek@example.com", phone=PHONE)
    log_in_fully(client)
    client.post("/accounts/logout/")
    login_password(client, email="bartek@example.com")
    assert submit_code(client, last_code()[1]).status_code == 302
    assert [m.to for m in mail.outbox] == [["anna@example.com"], ["bartek@example.com"]]


def test_a_password_change_makes_every_browser_new_again(client, user_2fa):
    log_in_fully(client)
    client.post("/accounts/logout/")
    user_2fa.set_password(PASSWORD)  # a new salt: a new password hash, as any change makes
    user_2fa.save()
    log_in_fully(client)
    assert len(mail.outbox) == 2


def test_a_forged_or_foreign_seen_cookie_counts_for_nothing(client, user_2fa):
    client.cookies[SEEN] = "not-signed"
    log_in_fully(client)
    assert len(mail.outbox) == 1
