"""The e-mail about a login from a browser the account had not logged in from before.

With the database task backend the login's audit event is its own task: written with
`notice_due` set (no task row beside it), taken by `zgoda db_worker` from this source
(worker.api) in one statement that clears the flag and reads the account's address, so of
several workers exactly one sends it. Another backend (the in-process one of the tests)
gets the `send_new_device_notice` task, which carries the event's id only.
"""

import functools
import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.utils import translation

from zgoda.lib import dates, plainsql
from zgoda.lib.http import device_name
from zgoda.lib.mail_retry import send_or_retry
from zgoda.worker import api as worker_api

from ...models import AuditEvent
from . import audit, devices

logger = logging.getLogger(__name__)

SOURCE = "new_device_notice"  # the worker source's name (and a --queue-name that serves it alone)
_WANTED = "_zgoda_new_device_notice"  # request attribute: the language of the e-mail this login asks for
# The same in the session, when a later login stage (the re-consent question) completes the
# login in another request.
_WANTED_LATER = "zgoda_new_device_notice"
_RECORDED = "_zgoda_new_device_notice_recorded"  # request attribute: the login's event carries the e-mail
_READ = ("id", "ip", "user_agent", "created_at", "details")


def want(request, user) -> None:
    """At the second factor, before the login completes: a browser the account has not logged
    in from gets the e-mail, in the language of the page, carried by the login's audit event
    (login_event_fields) whichever request completes the login."""
    request.session.pop(_WANTED_LATER, None)
    if not devices.seen_before(request, user):
        setattr(request, _WANTED, translation.get_language() or "pl")


def carry_over(request) -> None:
    """After the second factor: a login a later stage has still to complete takes the e-mail
    along in its session."""
    language = getattr(request, _WANTED, None)
    if language is not None and not getattr(request, _RECORDED, False):
        request.session[_WANTED_LATER] = language


def _language(request) -> str | None:
    language = getattr(request, _WANTED, None)
    if language is None and _WANTED_LATER in request.session:
        language = request.session.pop(_WANTED_LATER)
        setattr(request, _WANTED, language)
    return language


def login_event_fields(request) -> dict:
    """What the login's audit event carries when it is the e-mail's task itself."""
    language = _language(request) if request is not None else None
    if language is None:
        return {}
    setattr(request, _RECORDED, True)
    return {"notice_due": True, "language": language} if worker_api.takes_waiting_rows() else {}


def after_login_event(request, login_event) -> None:
    """For a task backend that needs a task for it (see the module's docstring)."""
    language = getattr(request, _WANTED, None) if request is not None else None
    if language is None or login_event.notice_due:
        return
    from ...tasks import send_new_device_notice

    audit.write_pending()  # the task names the event by its id
    send_new_device_notice.enqueue(login_event.pk, language)


def send(event: AuditEvent, email: str, language: str) -> None:
    with translation.override(language):
        context = {
            "device": device_name(event.user_agent), "ip": event.ip or "?",
            "when": dates.when(event.created_at),
        }
        subject = render_to_string("accounts/email/new_device_subject.txt", context).strip()
        body = render_to_string("accounts/email/new_device_message.txt", context)
    send_mail(subject, body, None, [email])


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def waiting_sql() -> str:
    """A SELECT that finds the event whose e-mail waits longest (no parameters). The condition
    is the partial index's, term by term, so SQLite uses that index."""
    table = _q(AuditEvent._meta.db_table)
    return f"SELECT {_q('id')} FROM {table} WHERE {_q('notice_due')} ORDER BY {_q('id')} LIMIT 1"  # noqa: S608


def waiting_figures() -> tuple[int, object]:
    """(how many e-mails wait for a worker, the oldest one's login time or None): one read."""
    figures = AuditEvent.objects.filter(notice_due=True).aggregate(count=Count("id"), oldest=Min("created_at"))
    return figures["count"], figures["oldest"]


def _claim_sql() -> str:
    return _claim_sql_of(connection.vendor)


@functools.cache  # composed once per database: the worker asks on every poll
def _claim_sql_of(vendor: str) -> str:
    table, users = _q(AuditEvent._meta.db_table), _q(get_user_model()._meta.db_table)
    skip_locked = " FOR UPDATE SKIP LOCKED" if vendor == "postgresql" else ""
    user_id = f"{table}.{_q('user_id')}"
    return (
        f"UPDATE {table} SET {_q('notice_due')} = false WHERE {_q('id')} = ({waiting_sql()}{skip_locked}) "  # noqa: S608
        f"AND {_q('notice_due')} RETURNING {', '.join(_q(name) for name in _READ)}, "
        f"(SELECT {_q('email')} FROM {users} WHERE {_q('id')} = {user_id})"
    )


def take_one() -> int | None:
    """The worker source: claim the event whose e-mail waits longest, send it, return its id
    (None when none waits). A mail server that is out gets it again later from the
    `send_new_device_notice` task (lib.mail_retry); a refusal is logged, as a failed task's was."""
    from ...tasks import send_new_device_notice

    with connection.cursor() as cursor:
        cursor.execute(_claim_sql())
        row = cursor.fetchone()
    if row is None:
        return None
    event, email = plainsql.instance(AuditEvent, row[:-1], fields=_READ, using=connection.alias), row[-1]
    if email:
        language = event.details.get("language") or "pl"
        try:
            send_or_retry(lambda: send(event, email, language), send_new_device_notice, event.pk, language)
        except Exception:
            logger.exception("New-device e-mail of login event id=%s not sent", event.pk)
    return event.pk
