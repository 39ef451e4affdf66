"""The "sessions" page's row for a new login (allauth.usersessions), in one statement.

allauth purges the account's rows one session at a time (a read per row) and then records
the new one with a get_or_create in its own transaction: eleven statements for an account
with one old row. Here rows whose session has ended are left to the daily retention run
(personal_data.expire) and to the page, which runs allauth's purge when it lists them; since
a login nearly always starts a fresh session key the new row is one upsert.
"""

from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.utils import timezone

from zgoda.lib import plainsql

_UA_MAX = UserSession._meta.get_field("user_agent").max_length


def record_login(request, user) -> None:
    session = request.session
    now = timezone.now()
    if not session.session_key:
        session.save()
    client = {"ip": get_adapter().get_client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:_UA_MAX]}
    # One upsert: when the key was kept (Django keeps it for the same user) the row is there;
    # no savepoint inside the login's transaction (views/login.py).
    plainsql.insert(UserSession(user=user, session_key=session.session_key, created_at=now, last_seen_at=now, **client),
                    upsert=(("session_key",), ("user", "last_seen_at", "ip", "user_agent")))
