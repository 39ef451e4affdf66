"""A login from a new device sends the user an e-mail notice; a trusted device does not."""

from django.core import mail

from conftest import login_password

from .conftest import log_in_fully

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
