"""Security baseline: CSRF, session rotation, no user enumeration, security headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from conftest import PASSWORD, PHONE, last_code, sms_to
from zgoda.accounts.models import Session

from .conftest import CHALLENGE, RESEND, page, submit_code

PROJECT_DIR = Path(__file__).resolve().parents[3]


# --- CSRF ------------------------------------------------------------------------------


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_login_post_without_csrf_token_is_forbidden(strict_client, user_2fa):
    response = strict_client.post("/accounts/login/", {"login": user_2fa.email, "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_KEY not in strict_client.session


def test_login_post_with_csrf_token_works(strict_client, user_2fa):
    strict_client.get("/accounts/login/")
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(
        "/accounts/login/", {"login": user_2fa.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == CHALLENGE


@pytest.mark.parametrize("path", [CHALLENGE, RESEND])
def test_code_and_resend_posts_without_csrf_token_are_forbidden(strict_client, user_2fa, path):
    strict_client.get("/accounts/login/")
    token = strict_client.cookies["csrftoken"].value
    strict_client.post("/accounts/login/", {"login": user_2fa.email, "password": PASSWORD, "csrfmiddlewaretoken": token})
    response = strict_client.post(path, {"code": last_code()[1]})
    assert response.status_code == 403
    assert SESSION_KEY not in strict_client.session
    assert len(sms_to(PHONE)) == 1


@pytest.mark.parametrize(
    "path, data",
    [
        ("/accounts/2fa/sms/", {"phone": "500 100 200"}),
        ("/accounts/devices/", {"action": "revoke_all"}),
        ("/accounts/2fa/sms/disable/", {"action": "password", "password": PASSWORD}),
    ],
)
def test_settings_posts_without_csrf_token_are_forbidden(strict_client, user, path, data):
    strict_client.force_login(user)
    assert strict_client.post(path, data).status_code == 403


# --- Session ---------------------------------------------------------------------------


def test_session_key_is_rotated_when_the_login_completes(pending_login, user_2fa):
    half = pending_login.session.session_key
    assert half
    submit_code(pending_login, last_code()[1])
    full = pending_login.session.session_key
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)
    assert full != half
    assert not Session.objects.filter(session_key=half).exists()


def test_session_cookie_is_httponly_and_lax(pending_login):
    cookie = pending_login.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- No user enumeration ---------------------------------------------------------------


def _login_errors(client, email, password):
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 200
    form = response.context["form"]
    return form.errors.as_json()


def test_unknown_email_and_wrong_password_get_the_same_message(client, user_2fa):
    unknown = _login_errors(client, "nobody@example.com", PASSWORD)
    wrong = _login_errors(Client(), user_2fa.email, "wrong-password")
    assert unknown == wrong
    assert json.loads(unknown)["__all__"]


def test_wrong_password_of_a_2fa_account_sends_no_sms_and_says_nothing_of_2fa(client, user_2fa):
    response = client.post("/accounts/login/", {"login": user_2fa.email, "password": "wrong-password"})
    assert sms_to(PHONE) == []
    assert "SMS" not in page(response) and "dwuetap" not in page(response)


def test_password_reset_looks_the_same_for_unknown_and_known_email(client, user):
    known = client.post("/accounts/password/reset/", {"email": user.email})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"


# --- Headers ---------------------------------------------------------------------------


def test_pages_carry_csp_and_anti_framing_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_challenge_page_carries_the_headers_too(pending_login):
    response = pending_login.get(CHALLENGE)
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_hsts_on_secure_requests_when_configured(settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()  # its middleware reads the settings on the first request
    assert client.get("/", secure=True)["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in Client().get("/")


def test_https_setting_turns_on_hsts_and_secure_cookies(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZGODA_")}
    env |= {"ZGODA_HTTPS": "1", "ZGODA_DATA_DIR": str(tmp_path), "ZGODA_SECRET_KEY": "x" * 50}
    script = (
        "import json, zgoda.settings as s; print(json.dumps([s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, list(s.SECURE_PROXY_SSL_HEADER)]))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [31536000, True, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]


def test_challenge_page_is_never_cached(pending_login):
    assert "no-cache" in pending_login.get(CHALLENGE).get("Cache-Control", "")
