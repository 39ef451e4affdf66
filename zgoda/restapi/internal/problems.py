"""RFC 9457 problem details (`application/problem+json`), in the request's language
(LocaleMiddleware: Polish by default, English by Accept-Language)."""

import json

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:zgoda:problem:"  # a stable name, not a page: docs/integration.md lists them

# slug: (status, title)
KINDS = {
    "unauthorized": (401, gettext_lazy("Brak ważnego klucza API")),
    "forbidden": (403, gettext_lazy("Klucz API nie ma tego uprawnienia")),
    "not-found": (404, gettext_lazy("Nie znaleziono")),
    "idempotency-in-progress": (409, gettext_lazy("Zapytanie z tym kluczem idempotencji jeszcze trwa")),
    "verification-ended": (409, gettext_lazy("Weryfikacja zakończona")),
    "secret-shown-once": (409, gettext_lazy("Sekret pokazaliśmy tylko raz")),
    "validation": (422, gettext_lazy("Niepoprawne dane")),
    "idempotency-conflict": (422, gettext_lazy("Klucz idempotencji użyty z inną treścią")),
    "rate-limited": (429, gettext_lazy("Za dużo zapytań")),
    "sms-limit": (429, gettext_lazy("Kod SMS nie został wysłany")),
}


class Problem(Exception):
    """Raised anywhere in an endpoint; the API turns it into a problem response."""

    def __init__(self, kind: str, detail: str, *, errors: list[dict] | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.kind, self.detail, self.errors, self.headers = kind, str(detail), errors, headers or {}


def invalid(field: str, message) -> Problem:
    """A 422 naming one field."""
    message = str(message)
    return Problem("validation", message, errors=[{"field": field, "message": message}])


def response(request, kind: str, detail: str, *, errors=None, headers=None) -> HttpResponse:
    status, title = KINDS[kind]
    body = {"type": TYPE_PREFIX + kind, "title": str(title), "status": status, "detail": str(detail),
            "instance": request.path}
    if errors:
        body["errors"] = [{"field": str(e["field"]), "message": str(e["message"])} for e in errors]
    reply = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    reply["Content-Language"] = get_language() or "pl"
    for name, value in (headers or {}).items():
        reply[name] = value
    return reply


def from_exception(request, problem: Problem) -> HttpResponse:
    return response(request, problem.kind, problem.detail, errors=problem.errors, headers=problem.headers)


# --- ninja's 422 (pydantic's errors) in our words -----------------------------------------------

_MESSAGES = {
    "missing": gettext_lazy("To pole jest wymagane."),
    "json_invalid": gettext_lazy("Treść zapytania nie jest poprawnym JSON-em."),
    "model_attributes_type": gettext_lazy("Treść zapytania musi być obiektem JSON."),
    "model_type": gettext_lazy("Treść zapytania musi być obiektem JSON."),
    "dict_type": gettext_lazy("Treść zapytania musi być obiektem JSON."),
    "string_type": gettext_lazy("Podaj tekst."),
    "string_too_long": gettext_lazy("Ten tekst jest za długi."),
    "string_too_short": gettext_lazy("Ten tekst jest za krótki."),
    "literal_error": gettext_lazy("Niedozwolona wartość."),
    "enum": gettext_lazy("Niedozwolona wartość."),
    "list_type": gettext_lazy("Podaj listę."),
    "int_parsing": gettext_lazy("Podaj liczbę całkowitą."),
    "int_type": gettext_lazy("Podaj liczbę całkowitą."),
    "uuid_parsing": gettext_lazy("To nie jest poprawny identyfikator."),
    "uuid_type": gettext_lazy("To nie jest poprawny identyfikator."),
    "datetime_parsing": gettext_lazy("Zła data i godzina: podaj ISO 8601, np. 2026-01-31T12:00:00Z."),
    "datetime_from_date_parsing": gettext_lazy("Zła data i godzina: podaj ISO 8601, np. 2026-01-31T12:00:00Z."),
    "datetime_type": gettext_lazy("Zła data i godzina: podaj ISO 8601, np. 2026-01-31T12:00:00Z."),
    "bool_parsing": gettext_lazy("Podaj true albo false."),
    "bool_type": gettext_lazy("Podaj true albo false."),
    "extra_forbidden": gettext_lazy("Nieznane pole."),
    "greater_than_equal": gettext_lazy("Ta liczba jest za mała."),
    "less_than_equal": gettext_lazy("Ta liczba jest za duża."),
}


def _field(location) -> str:
    parts = [str(p) for p in location or ()]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in ("payload", "data", "body", "query", "filters"):
        parts = parts[1:]  # the endpoint's own name for the whole body
    return ".".join(parts) or "body"


def validation_errors(errors) -> list[dict]:
    found = []
    for error in errors or []:
        message = _MESSAGES.get(error.get("type", ""))
        found.append({"field": _field(error.get("loc")), "message": str(message or _("Niepoprawna wartość."))})
    return found
