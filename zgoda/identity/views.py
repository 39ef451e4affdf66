"""allauth's authorization endpoint, with one step before it: a customer without SMS 2FA who
logs a shop in is offered, once per session, to turn it on (with the consent boxes) and
comes back here. The rest is allauth's (zgoda/urls.py sends the path here first)."""

from urllib.parse import urlencode

from allauth.idp.oidc import views as allauth_views
from django.shortcuts import redirect
from django.urls import reverse

from zgoda.accounts import api as accounts

OFFERED_KEY = "zgoda_oidc_2fa_offered"


def authorization(request, *args, **kwargs):
    user = request.user
    if (
        request.method == "GET" and user.is_authenticated and not request.session.get(OFFERED_KEY)
        and request.GET.get("client_id") and "none" not in request.GET.get("prompt", "").split()
        and not accounts.has_twofa(user)
    ):
        request.session[OFFERED_KEY] = True
        return redirect(f"{reverse('accounts:twofa')}?{urlencode({'next': request.get_full_path()})}")
    return allauth_views.authorization(request, *args, **kwargs)
