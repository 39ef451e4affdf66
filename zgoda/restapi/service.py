"""The NinjaAPI of /api/v1/: its routers, its error handling (every error a problem
response) and its OpenAPI schema and docs page (Swagger UI from django-ninja's own static
files: the Content-Security-Policy allows no CDN)."""

import json

from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger

from .endpoints import consents, lists, verifications, webhooks
from .internal import idempotency, problems
from .internal.problems import Problem

DESCRIPTION = """Zgoda's REST API for shops on any stack: SMS code verifications, consents collected on the
shop's own forms, the marketing list and the suppression feed, webhook subscriptions.

Authentication: `Authorization: Bearer zk_...` (an API key with scopes, made by staff in the admin or
with `zgoda api-key create`). Errors are RFC 9457 `application/problem+json`, in Polish, or in English
with `Accept-Language: en`. POSTs honour an `Idempotency-Key` header. Phone numbers never travel in URLs.

The guide with curl examples and the consent flow: [integration guide](/api/v1/docs/integration)."""


class ZgodaDocs(Swagger):
    """Swagger UI served from django-ninja's own static files, with a link to the guide.

    Rendered here: ninja would fall back to its CDN page, since it is not an installed app
    (settings.STATICFILES_DIRS serves its files)."""

    template = "restapi/docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, {"swagger_settings": json.dumps(self.settings, indent=1), "api": api})


class ZgodaApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                _describe_operation(method, operation)
        return schema


IDEMPOTENCY_PARAMETER = {
    "in": "header", "name": idempotency.HEADER, "required": False,
    "description": "Any unique string (e.g. a UUID), at most 255 characters: the same key and body within 24 h "
                   "replays the first response; the same key with another body is a 422 problem.",
    "schema": {"type": "string", "maxLength": idempotency.MAX_LENGTH},
}


def _describe_operation(method: str, operation: dict) -> None:
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        if str(status)[0] in "45" and "application/json" in content:
            response["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        if str(status) == "429":
            response.setdefault("headers", {})["Retry-After"] = {
                "description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
    if method == "post":
        operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_PARAMETER))


api = ZgodaApi(
    title="Zgoda API", version="1", description=DESCRIPTION, urls_namespace="restapi", docs=ZgodaDocs(),
    docs_url="/docs", openapi_url="/openapi.json",
)
api.add_router("", verifications.router)
api.add_router("", consents.router)
api.add_router("", lists.router)
api.add_router("", webhooks.router)


@api.exception_handler(Problem)
def _problem(request, exc):
    return problems.from_exception(request, exc)


@api.exception_handler(idempotency.Replay)
def _replay(request, exc):
    return idempotency.replay(exc.record)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = problems.validation_errors(exc.errors)
    return problems.response(request, "validation", _("Popraw zaznaczone pola."), errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problems.response(request, "unauthorized", _("Nieznany klucz API."), headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    kind = {401: "unauthorized", 403: "forbidden", 404: "not-found", 429: "rate-limited"}.get(exc.status_code)
    if kind is None:
        kind = "validation"
    return problems.response(request, kind, str(exc))
