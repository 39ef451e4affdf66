"""Zgoda's adapter of allauth.idp.oidc: the issuer from the configured public URL, the signing
key from Zgoda's key, and the claims of Zgoda's scopes (phone, consents)."""

from urllib.parse import urlsplit

from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from allauth.idp.oidc.models import PrivateKey
from django.utils.translation import gettext_lazy as _

from zgoda.consent import api as consent

from . import app_settings
from .internal import keys

# Discovery entries that are URLs of our own endpoints: rebuilt on the public URL too, so a
# request's Host header never decides where a shop sends codes and tokens.
ENDPOINT_KEYS = (
    "authorization_endpoint", "device_authorization_endpoint", "end_session_endpoint", "jwks_uri",
    "revocation_endpoint", "token_endpoint", "userinfo_endpoint", "introspection_endpoint",
    "registration_endpoint",
)


class ZgodaOIDCAdapter(DefaultOIDCAdapter):
    scope_display = {
        "openid": _("Twój identyfikator w Zgodzie"),
        "email": _("Twój adres e-mail"),
        "phone": _("Twój numer telefonu (potwierdzony kodem SMS)"),
        "consents": _("Czy zgadzasz się na SMS-y marketingowe (od kiedy, która wersja treści)"),
    }

    def get_issuer(self) -> str:
        return app_settings.public_url()

    def list_private_keys(self, *, did_activate=None, is_active=None) -> list[PrivateKey]:
        return [PrivateKey(pem=keys.pem())]

    def populate_server_metadata(self, data: dict) -> None:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(app_settings.public_url()))
        for name in ENDPOINT_KEYS:
            url = data.get(name)
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                parts = urlsplit(url)
                data[name] = origin + parts.path + (f"?{parts.query}" if parts.query else "")
        data["scopes_supported"] = list(app_settings.SCOPES)
        data["claims_supported"] = [
            "sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified",
            "phone_number", "phone_number_verified", "zgoda_consents",
        ]

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs) -> dict:
        """The same claims in the ID token and from userinfo: shop plugins read one or the other."""
        scopes = set(scopes)
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        if "phone" in scopes:
            contact = consent.marketing_contact(user)
            if contact is not None:
                claims["phone_number"], claims["phone_number_verified"] = contact
        if "consents" in scopes:
            claims["zgoda_consents"] = {"sms_marketing": consent.marketing_claim(user)}
        return claims
