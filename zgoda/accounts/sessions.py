"""The session store (SESSION_ENGINE): lib.dbsessions on accounts' own table, whose row names
the account the session is about, so one statement reads the session and that account.

Every request of a logged-in person, and each step of a login waiting for its code, reads its
session and then its account. Here the session's read joins the account's row; the reads of
the account later in the request (the backend's get_user, the pending login's user) take that
instance instead of asking again (user_by_pk). Django's get_user still checks the session's
password hash and the account being active, as with a fresh read: the row is from this request.
"""

import contextvars

from allauth.account.internal.stagekit import LOGIN_SESSION_KEY
from allauth.account.utils import url_str_to_user_pk
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError

from zgoda.lib import dbsessions, plainsql
from zgoda.lib.prepared import Param, Prepared

from .models import Session

_WITH_ACCOUNT = Prepared(lambda: Session.objects.filter(
    pk=Param("key", Session._meta.pk)).select_related("user")[:1])

# The session of the request being served (RequestSessionMiddleware), for user_by_pk.
_of_request: contextvars.ContextVar = contextvars.ContextVar("zgoda_request_session", default=None)


class SessionStore(dbsessions.SessionStore):
    written_fields = (*dbsessions.SessionStore.written_fields, "user")
    _account_read = None

    @classmethod
    def get_model_class(cls):
        return Session

    def _read_row(self):
        row = _WITH_ACCOUNT.first(key=self.session_key)
        self._account_read = row.user if row is not None and row.user_id is not None else None
        return row

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        row.user_id = _whose(data)
        return row

    def take_account(self, user_id):
        """The account row read with this session if it is `user_id`'s, handed out once (a
        later read in the request asks the database)."""
        account, self._account_read = self._account_read, None
        return account if account is not None and str(account.pk) == str(user_id) else None


def _whose(data) -> int | None:
    """The logged-in account's id, else the one whose login waits for its code (allauth
    writes its key in base 36), else None."""
    try:
        if data.get(SESSION_KEY) is not None:
            return get_user_model()._meta.pk.to_python(data[SESSION_KEY])
        pending = (data.get(LOGIN_SESSION_KEY) or {}).get("user_pk")
        return url_str_to_user_pk(pending) if pending is not None else None
    except (ValidationError, ValueError, TypeError):
        return None


def user_by_pk(user_id):
    """The account `user_id`: the row read with this request's session when it is that one,
    else one plain-SQL read (lib.plainsql)."""
    session = _of_request.get()
    account = session.take_account(user_id) if isinstance(session, SessionStore) else None
    return account if account is not None else plainsql.by_pk(get_user_model(), user_id)


class RequestSessionMiddleware:
    """Names the request's session for user_by_pk while the request is served (after
    SessionMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _of_request.set(getattr(request, "session", None))
        try:
            return self.get_response(request)
        finally:
            _of_request.reset(token)
