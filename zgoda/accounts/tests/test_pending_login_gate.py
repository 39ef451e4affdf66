"""After the password, until the code: only the challenge, resend and logout are open."""

import pytest
from django.contrib.auth import SESSION_KEY

from conftest import PHONE, sms_to

from .conftest import CHALLENGE, RESEND


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/devices/", "/accounts/2fa/sms/", "/accounts/2fa/sms/disable/", "/admin/", "/accounts/email/",
     "/accounts/password/change/"],
)
def test_half_logged_in_session_is_sent_back_to_the_challenge(pending_login, path):
    response = pending_login.get(path)
    assert response.status_code == 302
    assert response["Location"] == CHALLENGE


def test_posting_elsewhere_is_sent_back_too(pending_login):
    response = pending_login.post("/accounts/2fa/sms/disable/", {"action": "password", "password": "x"})
    assert response["Location"] == CHALLENGE


def test_challenge_page_is_open(pending_login):
    assert pending_login.get(CHALLENGE).status_code == 200


def test_resend_is_open_without_password(pending_login):
    response = pending_login.post(RESEND)
    assert response.status_code == 302 and response["Location"] == CHALLENGE


def test_half_logged_in_session_is_not_a_user(pending_login):
    assert SESSION_KEY not in pending_login.session
    response = pending_login.get(CHALLENGE)
    assert not response.wsgi_request.user.is_authenticated


def test_logout_ends_the_pending_login(pending_login):
    response = pending_login.post("/accounts/logout/")
    assert response.status_code == 302
    assert "account_login" not in pending_login.session
    home = pending_login.get("/")
    assert home.status_code == 200 and not home.wsgi_request.user.is_authenticated
    back = pending_login.get(CHALLENGE)
    assert back.status_code == 302 and back["Location"] == "/accounts/login/"


def test_challenge_without_a_pending_login_goes_to_login(client, db):
    response = client.get(CHALLENGE)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_resend_without_a_pending_login_sends_nothing(client, user_2fa):
    response = client.post(RESEND)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert sms_to(PHONE) == []


def test_resend_only_accepts_post(pending_login):
    assert pending_login.get(RESEND).status_code == 405
    assert len(sms_to(PHONE)) == 1


def test_dev_phone_stays_reachable_to_read_the_code(pending_login):
    assert pending_login.get("/dev/phone/messages.json").status_code == 200
