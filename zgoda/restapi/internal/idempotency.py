"""`Idempotency-Key` on POSTs: the first response (2xx only) is kept per API key for
ZGODA_API_IDEMPOTENCY_HOURS with a keyed hash of the method, path and body. The same key
and body again: the kept response, replayed. The same key with another body: 422. A request
still running under the key: 409. A non-2xx response is not kept, so the shop may retry.
A response that carries a secret shown once (a webhook's signing secret) is never kept: the
same key again answers 409 `secret-shown-once` with the created object's id."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib import crypto

from .. import app_settings
from ..models import IdempotencyRecord
from .problems import Problem

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_LENGTH = 255
STALE_RUNNING = timedelta(minutes=2)  # a first request that never finished (a crash): taken over
ATTRIBUTE = "_zgoda_idempotency"
SECRET_SHOWN = "secret-shown-once"  # in place of a kept response's content type: its body was never kept


class Replay(Exception):
    def __init__(self, record: IdempotencyRecord):
        super().__init__("replay")
        self.record = record


def _hash(request) -> str:
    return crypto.keyed_hash("api-idempotency", f"{request.method} {request.path} {crypto.sha256_hex(request.body)}")


def begin(request, api_key) -> None:
    """Before the endpoint runs: raises Replay or Problem, or claims the key for this request."""
    value = request.headers.get(HEADER)
    if value is None or request.method != "POST":
        return
    value = value.strip()
    if not value or len(value) > MAX_LENGTH or not value.isprintable():
        raise Problem("validation", _("Nagłówek Idempotency-Key musi mieć od 1 do %(n)d znaków.") % {"n": MAX_LENGTH},
                      errors=[{"field": HEADER, "message": _("Niepoprawna wartość.")}])
    now = timezone.now()
    digest = _hash(request)
    rows = IdempotencyRecord.objects.filter(api_key=api_key, key=value)
    rows.filter(created_at__lt=now - timedelta(hours=app_settings.idempotency_hours())).delete()
    rows.filter(status__isnull=True, created_at__lt=now - STALE_RUNNING).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(api_key=api_key, key=value, request_hash=digest, created_at=now)
    except IntegrityError:
        record = rows.first()
        if record is None:  # gone in between: just run
            return
        if record.request_hash != digest:
            raise Problem("idempotency-conflict", _("Ten klucz idempotencji był już użyty z inną treścią zapytania "
                                                    "albo pod innym adresem. Użyj nowego klucza.")) from None
        if record.status is None:
            raise Problem("idempotency-in-progress", _("Pierwsze zapytanie z tym kluczem idempotencji jeszcze "
                                                       "trwa. Spróbuj ponownie za chwilę."),
                          headers={"Retry-After": "1"}) from None
        if record.content_type == SECRET_SHOWN:
            raise Problem(SECRET_SHOWN, _("Ten klucz idempotencji już utworzył obiekt %(id)s, a jego sekret "
                                          "pokazaliśmy tylko wtedy. Jeśli go nie masz, usuń ten obiekt i utwórz "
                                          "nowy.") % {"id": record.response_body}) from None
        raise Replay(record) from None
    setattr(request, ATTRIBUTE, record)


def finish(request, response, created_id=None) -> None:
    """After the endpoint: keep a 2xx response for replay (only the created object's id when
    `created_id` is given: its body holds a secret); let go of the key otherwise."""
    record = getattr(request, ATTRIBUTE, None)
    if record is None:
        return
    setattr(request, ATTRIBUTE, None)
    if created_id is not None and 200 <= response.status_code < 300:
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status=response.status_code, content_type=SECRET_SHOWN, response_body=str(created_id))
    elif 200 <= response.status_code < 300 and not getattr(response, "streaming", False):
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status=response.status_code, content_type=response.get("Content-Type", ""),
            response_body=response.content.decode("utf-8", "replace"))
    else:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()


def replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(record.response_body, status=record.status, content_type=record.content_type)
    response[REPLAYED] = "true"
    return response


def idempotent(run=None, *, secret_once: bool = False):
    """For ninja's decorate_view on a POST endpoint: keeps or lets go of the claimed key.
    `idempotent(secret_once=True)` for an endpoint whose 2xx body (JSON with "id") holds a
    secret shown once: only the id is kept, and a repeat answers 409 secret-shown-once."""
    import json
    from functools import wraps

    if run is None:
        return lambda view: idempotent(view, secret_once=secret_once)

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        created = None
        if secret_once and 200 <= response.status_code < 300:
            created = json.loads(response.content).get("id")
        finish(request, response, created_id=created)
        return response

    return wrapper
