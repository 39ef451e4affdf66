"""The authorization code flow with PKCE end to end through allauth's endpoints (Django's
test client): the ID token verifies against the JWKS with the public URL as its issuer,
userinfo answers the same claims, revocation ends the access token, a refresh token left
unused for 30 days lapses."""

import base64
from datetime import timedelta

import time_machine
from django.utils import timezone

from joserfc import jwt
from joserfc.jwk import KeySet

from .conftest import PUBLIC_URL, authorize_url, code_of, exchange, grant, log_in_with_code


def verified_id_token(client, shop, id_token):
    keys = KeySet.import_key_set(client.get("/.well-known/jwks.json").json())
    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": PUBLIC_URL},
                          aud={"essential": True, "value": shop.id}).validate(token.claims)
    return token.claims


def test_code_flow_gives_a_verified_id_token_with_zgoda_claims(client, shop, customer):
    url, verifier = authorize_url(shop)
    login = client.get(url)
    assert login.status_code == 302 and login["Location"].startswith("/accounts/login/?next=")
    assert log_in_with_code(client, next_url=url)["Location"] == url
    tokens = exchange(client, shop, code_of(grant(client, url)), verifier)

    claims = verified_id_token(client, shop, tokens["id_token"])
    assert claims["nonce"] == "n-456"
    assert claims["email"] == "anna@example.com" and claims["email_verified"] is True
    assert claims["phone_number"] == "+48500100200" and claims["phone_number_verified"] is True
    marketing = claims["zgoda_consents"]["sms_marketing"]
    assert marketing["granted"] is True and marketing["version"] == "1.0" and len(marketing["since"]) == 10

    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens['access_token']}"}
    userinfo = client.get("/identity/o/api/userinfo", **auth).json()
    assert userinfo["sub"] == claims["sub"] and userinfo["zgoda_consents"] == claims["zgoda_consents"]
    assert userinfo["phone_number"] == "+48500100200"


def test_revocation_ends_the_access_token(client, shop, customer):
    url, verifier = authorize_url(shop)
    log_in_with_code(client, next_url=url)
    tokens = exchange(client, shop, code_of(grant(client, url)), verifier)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens['access_token']}"}
    assert client.get("/identity/o/api/userinfo", **auth).status_code == 200
    basic = base64.b64encode(f"{shop.id}:{shop.secret_value}".encode()).decode()
    revoked = client.post("/identity/o/api/revoke", {"token": tokens["access_token"]},
                          HTTP_AUTHORIZATION=f"Basic {basic}")
    assert revoked.status_code == 200
    assert client.get("/identity/o/api/userinfo", **auth).status_code == 401


def test_a_wrong_code_verifier_gets_no_tokens(client, shop, customer):
    url, _verifier = authorize_url(shop)
    log_in_with_code(client, next_url=url)
    code = code_of(grant(client, url))
    response = client.post("/identity/o/api/token", {
        "grant_type": "authorization_code", "code": code, "redirect_uri": "http://localhost:8001/callback",
        "client_id": shop.id, "client_secret": shop.secret_value, "code_verifier": "x" * 50,
    })
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_end_session_logs_out_and_returns_to_the_registered_address(client, shop, customer):
    url, verifier = authorize_url(shop)
    log_in_with_code(client, next_url=url)
    tokens = exchange(client, shop, code_of(grant(client, url)), verifier)
    logout = "/identity/o/logout"
    params = {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "http://localhost:8001/",
              "state": "bye"}
    page = client.get(logout, params)
    assert page.status_code == 200 and b"Wyloguj mnie" in page.content  # asks: log out of Zgoda too?
    csrf = str(page.context["csrf_token"])
    response = client.post(logout, {**params, "action": "logout", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 302 and response["Location"] == "http://localhost:8001/?state=bye"
    assert "_auth_user_id" not in client.session


def test_an_unregistered_post_logout_address_is_not_followed(client, shop, customer):
    response = client.get("/identity/o/logout", {"client_id": shop.id, "post_logout_redirect_uri": "https://evil.example/"})
    assert response.status_code == 200 and b"evil.example" not in response.content.split(b"<main>")[0]
    assert "Location" not in response


def test_a_refresh_token_unused_for_30_days_no_longer_works(client, shop, customer):
    url, verifier = authorize_url(shop)
    log_in_with_code(client, next_url=url)
    tokens = exchange(client, shop, code_of(grant(client, url)), verifier)

    def refresh(token):
        return client.post("/identity/o/api/token", {
            "grant_type": "refresh_token", "refresh_token": token,
            "client_id": shop.id, "client_secret": shop.secret_value,
        })

    with time_machine.travel(timezone.now() + timedelta(days=29)):
        renewed = refresh(tokens["refresh_token"])
        assert renewed.status_code == 200, renewed.content
        rotated = renewed.json()["refresh_token"]
    with time_machine.travel(timezone.now() + timedelta(days=29 + 31)):
        expired = refresh(rotated)
    assert expired.status_code == 400 and expired.json()["error"] == "invalid_grant"
