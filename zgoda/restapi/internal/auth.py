"""`Authorization: Bearer zk_...` for every endpoint: the key, then its scope, then its
rate limit, then (POST) the Idempotency-Key. Each refusal is a problem response."""

from ninja.security import HttpBearer

from django.utils.translation import gettext as _

from . import idempotency, keys
from .problems import Problem


class ApiKeyAuth(HttpBearer):
    """The key must carry `scope`. In the OpenAPI schema: the bearer scheme `ApiKeyAuth`."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _space, presented = header.partition(" ")
        if not header:
            raise Problem("unauthorized", _("Brak nagłówka Authorization: Bearer zk_..."),
                          headers={"WWW-Authenticate": "Bearer"})
        if scheme.lower() != "bearer":
            raise Problem("unauthorized", _("Nagłówek Authorization musi mieć postać: Bearer zk_..."),
                          headers={"WWW-Authenticate": "Bearer"})
        return self.authenticate(request, presented)

    def authenticate(self, request, token):
        key, why = keys.authenticate(token)
        if key is None:
            detail = {
                "revoked": _("Ten klucz API został unieważniony."),
                "expired": _("Ten klucz API wygasł."),
            }.get(why, _("Nieznany klucz API."))
            raise Problem("unauthorized", detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if self.scope not in key.scope_list:
            raise Problem("forbidden", _("Ten klucz API nie ma uprawnienia „%(scope)s”.") % {"scope": self.scope})
        wait = keys.over_rate_limit(key)
        if wait:
            raise Problem("rate-limited", _("Ten klucz API może wysłać najwyżej %(n)d zapytań na minutę. "
                                            "Spróbuj ponownie za %(s)d s.")
                          % {"n": key.rate_limit or keys.app_settings.rate_limit_per_minute(), "s": wait},
                          headers={"Retry-After": str(wait)})
        idempotency.begin(request, key)
        return key
