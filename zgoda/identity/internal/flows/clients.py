"""Registering a shop as an OpenID Connect client (allauth's Client): the admin, the
`zgoda oidc-client create` command and `make run`'s demo client."""

from urllib.parse import urlsplit

from allauth.idp.oidc.adapter import get_adapter
from allauth.idp.oidc.models import Client
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ... import app_settings

LOOPBACK = ("localhost", "127.0.0.1", "::1")


def default_scopes() -> list[str]:
    return app_settings.default_client_scopes()


def new_secret(client: Client) -> str:
    """A fresh secret for `client`, stored as allauth stores it (a password hash); returned once."""
    secret = get_adapter().generate_client_secret()
    client.set_secret(secret)
    return secret


def clean_redirect_uri(uri: str) -> str:
    """An absolute http(s) URL without a fragment; http only for this machine (localhost)."""
    uri = (uri or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(uri)
    except ValidationError as error:
        message = _("Adres powrotu musi być pełnym adresem http(s)://…, jest: %(uri)s") % {"uri": uri}
        raise ValidationError(message) from error
    parts = urlsplit(uri)
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise ValidationError(_("Adres powrotu poza tym komputerem musi używać https://, jest: %(uri)s") % {"uri": uri})
    if "#" in uri:
        raise ValidationError(_("Adres powrotu nie może mieć części po znaku #: %(uri)s") % {"uri": uri})
    return uri


def clean_scopes(scopes) -> list[str]:
    scopes = list(dict.fromkeys(s.strip() for s in scopes if s.strip())) or default_scopes()
    unknown = [s for s in scopes if s not in app_settings.SCOPES]
    if unknown:
        raise ValidationError(_("Nieznany zakres: %(scopes)s. Dostępne: %(known)s.") % {
            "scopes": ", ".join(unknown), "known": ", ".join(app_settings.SCOPES)})
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    return scopes


@transaction.atomic
def create(name: str, redirect_uris, scopes=(), post_logout_uris=(), public: bool = False,
           client_id: str | None = None) -> tuple[Client, str]:
    """A new client for the authorization code flow; (client, secret): the secret ("" for a
    public client, which must use PKCE) is shown once, only its hash stays."""
    name = (name or "").strip()
    if not name or len(name) > 100 or "<" in name or ">" in name:
        raise ValidationError(_("Podaj nazwę klienta (do 100 znaków, bez < i >)."))
    uris = [clean_redirect_uri(uri) for uri in redirect_uris]
    if not uris:
        raise ValidationError(_("Podaj co najmniej jeden adres powrotu (--redirect-uri)."))
    client = Client(name=name, type=Client.Type.PUBLIC if public else Client.Type.CONFIDENTIAL)
    if client_id:
        client.id = client_id
    client.set_redirect_uris(uris)
    client.set_scopes(clean_scopes(scopes))
    client.set_default_scopes(["openid"])
    client.set_grant_types([Client.GrantType.AUTHORIZATION_CODE, Client.GrantType.REFRESH_TOKEN])
    client.set_response_types([Client.ResponseType.CODE])
    post_logout = [clean_redirect_uri(uri) for uri in post_logout_uris]
    if post_logout:
        client.set_post_logout_redirect_uris(post_logout)
    secret = "" if public else new_secret(client)
    if public:
        client.set_secret(get_adapter().generate_client_secret())  # never shown: a public client has none
    client.save()
    return client, secret


def demo_client() -> tuple[Client, str]:
    """`make run`'s demo shop at http://localhost:8001/callback: created once; its id and secret
    are kept in ZGODA_DATA_DIR/oidc_demo_client.json (0600, like the demo's other secrets), so
    every start prints the same pair. Made again if the client or the file was deleted."""
    import json
    from pathlib import Path

    from django.conf import settings

    from zgoda.lib import files

    path = Path(settings.DATA_DIR) / "oidc_demo_client.json"
    try:
        saved = json.loads(path.read_text())
        client = Client.objects.filter(pk=saved["client_id"]).first()
        if client is not None and client.check_secret(saved["client_secret"]):
            return client, saved["client_secret"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        pass
    client, secret = create(app_settings.DEMO_CLIENT_NAME, [app_settings.DEMO_REDIRECT_URI],
                            post_logout_uris=["http://localhost:8001/"])
    path.unlink(missing_ok=True)
    files.write_private(path, json.dumps({"client_id": client.id, "client_secret": secret}))
    return client, secret
