"""Which shop origins a page's forms may end at (lib.headers' form-action hook).

A form on Zgoda that finishes a shop's login redirects to the shop: the consent page of
an authorization, the login pages (password, SMS code, re-consent, signup, e-mail code,
turning 2FA on) while their `next` is an authorization, and the logout page of a shop's
logout. Those pages, and only those, name the registered redirect URIs' origins of that
client. The origins come from the client's registration, never from the request.
"""

from urllib.parse import parse_qs, urlsplit

import jwt
from allauth.account.internal.stagekit import LOGIN_SESSION_KEY
from allauth.idp.oidc.models import Client
from django.core.exceptions import SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse


# The pages of a login (allauth's and ours) whose forms may end at the shop once `next` is an
# authorization; no other page names a shop's origin, whatever its `next` or the session says.
LOGIN_FLOW_PAGES = {
    "account_login", "account_signup", "account_confirm_login_code", "account_email_verification_sent",
    "account_confirm_email", "account_reauthenticate", "mfa_authenticate",
    "accounts:challenge", "accounts:challenge_resend", "accounts:challenge_sms", "accounts:twofa",
    "accounts:confirm_number", "accounts:confirm_resend",
    "consent:reconsent", "oidc_authorization",
}


AUTHORIZATION_PAGE = "oidc_authorization"  # Zgoda's view at allauth's path (identity/urls.py)
LOGOUT_PAGE = "idp:oidc:logout"


def origins_for(request) -> set[str]:
    match = getattr(request, "resolver_match", None)  # the page by its name: no reverse() per request
    if match is None:
        return set()
    if match.view_name == AUTHORIZATION_PAGE:
        return _redirect_origins(request.GET.get("client_id"))
    if match.view_name == LOGOUT_PAGE:
        return _post_logout_origins(request)
    if match.view_name not in LOGIN_FLOW_PAGES:
        return set()
    authorize = reverse("idp:oidc:authorization")
    for url in _next_urls(request):
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and parts.path == authorize:
            client_ids = parse_qs(parts.query).get("client_id") or [None]
            return _redirect_origins(client_ids[0])
    return set()


def _next_urls(request):
    yield request.GET.get("next") or ""
    if request.method == "POST":
        try:  # the view may not have read the body; a broken one is its answer, not ours to fail on
            yield request.POST.get("next") or ""
        except (MultiPartParserError, SuspiciousOperation, OSError):
            pass
    session = getattr(request, "session", None)
    if session is not None:
        pending = session.get(LOGIN_SESSION_KEY)  # allauth's login in progress (its stages)
        if isinstance(pending, dict) and isinstance(pending.get("redirect_url"), str):
            yield pending["redirect_url"]


def _client(client_id) -> Client | None:
    if not isinstance(client_id, str) or not client_id or len(client_id) > 100:
        return None
    return Client.objects.filter(pk=client_id).first()


def origin_of(uri: str) -> str | None:
    if "*" in uri:
        return None
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _origins(uris) -> set[str]:
    return {origin for origin in map(origin_of, uris) if origin}


def _redirect_origins(client_id) -> set[str]:
    client = _client(client_id)
    return _origins(client.get_redirect_uris()) if client else set()


def _post_logout_origins(request) -> set[str]:
    try:
        params = request.POST if request.method == "POST" else request.GET
        params.get("client_id")
    except (MultiPartParserError, SuspiciousOperation, OSError):
        return set()
    client_id = params.get("client_id")
    hint = params.get("id_token_hint")
    if not client_id and hint:
        try:  # only to find the client: what is allowed comes from its registration
            audience = jwt.decode(hint, options={"verify_signature": False}).get("aud")
        except jwt.PyJWTError:
            audience = None
        client_id = audience[0] if isinstance(audience, list) and audience else audience
    client = _client(client_id)
    return _origins(client.get_post_logout_redirect_uris()) if client else set()
