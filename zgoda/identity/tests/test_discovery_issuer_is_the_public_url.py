"""Discovery names ZGODA_PUBLIC_URL as the issuer and the base of every endpoint, whatever
Host the request came with; it lists Zgoda's scopes; the JWKS publishes the signing key."""

import pytest
from joserfc.jwk import KeySet

from zgoda.identity.internal import keys

from .conftest import PUBLIC_URL


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8000"])
def test_issuer_and_endpoints_ignore_the_host_header(client, db, settings, host):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    data = client.get("/.well-known/openid-configuration", HTTP_HOST=host).json()
    assert data["issuer"] == PUBLIC_URL
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                 "revocation_endpoint", "end_session_endpoint"):
        assert data[name].startswith(PUBLIC_URL + "/"), (name, data[name])
    assert data["token_endpoint"] == PUBLIC_URL + "/identity/o/api/token"
    assert data["scopes_supported"] == ["openid", "email", "phone", "consents"]
    assert data["code_challenge_methods_supported"] == ["S256"]


def test_jwks_publishes_the_signing_key(client, db):
    published = KeySet.import_key_set(client.get("/.well-known/jwks.json").json())
    assert len(published.keys) == 1
    from joserfc.jwk import RSAKey

    mine = RSAKey.import_key(keys.pem())
    assert published.keys[0].as_dict()["n"] == mine.as_dict(private=False)["n"]
