"""Trusted devices: a cookie that skips the SMS step, sliding validity, hashed token."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from conftest import PHONE, login_password, sms_to
from zgoda.accounts.models import TrustedDevice
from zgoda.lib import crypto

from .conftest import log_in_fully

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.82 Mobile Safari/537.36"
)
COOKIE = "zgoda_device"


@pytest.fixture
def trusted_client(client, user_2fa):
    """A client that logged in with a code and ticked trust_device, then logged out."""
    log_in_fully(client, trust=True, HTTP_USER_AGENT=ANDROID_CHROME)
    client.post("/accounts/logout/")
    return client


def test_trusting_sets_a_long_lived_httponly_lax_cookie(client, user_2fa):
    response = log_in_fully(client, trust=True)
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP in this test
    assert int(cookie["max-age"]) == 60 * 86400


def test_cookie_is_secure_under_https(client, user_2fa):
    response = log_in_fully(client, trust=True, secure=True)
    assert response.cookies[COOKIE]["secure"] is True


def test_without_the_tick_no_device_is_trusted(client, user_2fa):
    response = log_in_fully(client)
    assert COOKIE not in response.cookies
    assert not TrustedDevice.objects.exists()


def test_token_is_stored_only_as_its_hmac(client, user_2fa):
    token = log_in_fully(client, trust=True).cookies[COOKIE].value
    device = TrustedDevice.objects.values().get()
    assert all(token not in str(value) for value in device.values())
    assert device["token_hmac"] == crypto.keyed_hash("device", token)


def test_device_gets_a_readable_name_ip_and_user(client, user_2fa):
    log_in_fully(client, trust=True, HTTP_USER_AGENT=ANDROID_CHROME, REMOTE_ADDR="203.0.113.5")
    device = TrustedDevice.objects.get()
    assert device.name == "Chrome na Android"
    assert device.ip == "203.0.113.5"
    assert device.user == user_2fa
    assert device.user_agent == ANDROID_CHROME


def test_next_login_from_the_trusted_client_sends_no_sms(trusted_client, user_2fa):
    response = login_password(trusted_client)
    assert response.status_code == 302 and response["Location"] == "/"
    assert trusted_client.session[SESSION_KEY] == str(user_2fa.pk)
    assert len(sms_to(PHONE)) == 1


def test_another_client_still_gets_the_sms(trusted_client, user_2fa):
    other = Client()
    response = login_password(other)
    assert response["Location"] == "/accounts/2fa/challenge/"
    assert len(sms_to(PHONE)) == 2


def test_cookie_of_another_user_does_not_skip_the_sms(trusted_client, db):
    from conftest import make_user

    make_user("bob@example.com", phone="+48600700800")
    response = login_password(trusted_client, email="bob@example.com")
    assert response["Location"] == "/accounts/2fa/challenge/"
    assert len(sms_to("+48600700800")) == 1


def test_forged_cookie_does_not_skip_the_sms(client, user_2fa):
    client.cookies[COOKIE] = "made-up-token"
    response = login_password(client)
    assert response["Location"] == "/accounts/2fa/challenge/"


def test_device_last_seen_61_days_ago_is_no_longer_trusted(trusted_client):
    TrustedDevice.objects.update(last_seen_at=timezone.now() - timedelta(days=61))
    response = login_password(trusted_client)
    assert response["Location"] == "/accounts/2fa/challenge/"
    assert len(sms_to(PHONE)) == 2


def test_each_use_slides_the_validity_forward(clock, trusted_client):
    clock.advance(days=59)
    assert login_password(trusted_client)["Location"] == "/"
    trusted_client.post("/accounts/logout/")
    clock.advance(days=59)  # 118 days after trusting, 59 after the last use
    assert login_password(trusted_client)["Location"] == "/"
    assert TrustedDevice.objects.get().last_seen_at == clock.now
    assert len(sms_to(PHONE)) == 1


def test_validity_is_a_setting(clock, settings, trusted_client):
    settings.ZGODA_TRUSTED_DEVICE_DAYS = 7
    clock.advance(days=8)
    assert login_password(trusted_client)["Location"] == "/accounts/2fa/challenge/"


def test_revoked_device_gets_the_sms_again(trusted_client):
    TrustedDevice.objects.update(revoked_at=timezone.now())
    assert login_password(trusted_client)["Location"] == "/accounts/2fa/challenge/"
