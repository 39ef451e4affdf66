"""Settings of Zgoda as an OpenID Connect provider, with their defaults (allauth's own
IDP_OIDC_* settings are in zgoda/settings/accounts.py)."""

from django.conf import settings

from zgoda.lib.site import public_url as public_url  # noqa: F401  (the issuer: never the request's Host)

# The signing key's file in ZGODA_DATA_DIR when ZGODA_OIDC_PRIVATE_KEY is not given (SQLite only).
KEY_FILE_NAME = "oidc_private_key.pem"

# Every scope Zgoda answers; a client may request those it is allowed (its `scopes`).
SCOPES = ("openid", "email", "phone", "consents")

# Where `make run`'s demo shop (a relying party on another host name than 127.0.0.1) comes back.
DEMO_REDIRECT_URI = "http://localhost:8001/callback"
DEMO_CLIENT_NAME = "Sklep demo (localhost:8001)"


def private_key() -> str:
    """ZGODA_OIDC_PRIVATE_KEY (or the content of ZGODA_OIDC_PRIVATE_KEY_FILE): a PEM RSA key, "" when not given."""
    return str(getattr(settings, "ZGODA_OIDC_PRIVATE_KEY", "") or "").strip()


def default_client_scopes() -> list[str]:
    """Scopes a client made by `zgoda oidc-client create` without --scope may request."""
    return list(SCOPES)
