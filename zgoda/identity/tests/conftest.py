"""Helpers for the OpenID Connect provider's tests: a registered shop, a customer with 2FA and
a marketing consent, and the authorization code flow driven by Django's test client."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from conftest import PASSWORD, PHONE, last_code
from zgoda.consent.tests.conftest import box_value, enroll
from zgoda.consent.models import Purpose
from zgoda.identity.internal.flows import clients

REDIRECT_URI = "http://localhost:8001/callback"
PUBLIC_URL = "https://zgoda.example"


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.ZGODA_PUBLIC_URL = PUBLIC_URL
    return PUBLIC_URL


@pytest.fixture
def shop(db):
    """A confidential client allowed every scope; `shop.secret_value` is its secret in clear."""
    client, secret = clients.create("Sklep testowy", [REDIRECT_URI], post_logout_uris=["http://localhost:8001/"])
    client.secret_value = secret
    return client


@pytest.fixture
def customer(client, user):
    """A customer with SMS 2FA and the marketing box ticked at enrollment (its code confirmed)."""
    client.force_login(user)
    enroll(client, consent_sms_marketing=box_value(Purpose.SMS_MARKETING))
    client.logout()
    return user


def pkce_pair():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_url(shop, scope="openid email phone consents", **extra):
    verifier, challenge = pkce_pair()
    params = {
        "client_id": shop.id, "response_type": "code", "redirect_uri": REDIRECT_URI, "scope": scope,
        "state": "st-123", "nonce": "n-456", "code_challenge": challenge, "code_challenge_method": "S256", **extra,
    }
    return f"/identity/o/authorize?{urlencode(params)}", verifier


def log_in_with_code(client, email="anna@example.com", phone=PHONE, next_url=""):
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/challenge/", response
    _, code = last_code(phone)
    return client.post("/accounts/2fa/challenge/", {"code": code})


def grant(client, url):
    """The consent page of `url` (the customer logged in), then "allow": the redirect to the shop."""
    page = client.get(url)
    assert page.status_code == 200, page
    form = page.context["form"]
    response = client.post("/identity/o/authorize", {
        "request": form.initial["request"], "scopes": form.fields["scopes"].initial, "action": "grant",
    })
    assert response.status_code == 302, response
    return response


def code_of(response):
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(REDIRECT_URI), response["Location"]
    assert query["state"] == ["st-123"], query
    return query["code"][0]


def exchange(client, shop, code, verifier):
    response = client.post("/identity/o/api/token", {
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
        "client_id": shop.id, "client_secret": shop.secret_value, "code_verifier": verifier,
    })
    assert response.status_code == 200, response.content
    return response.json()
