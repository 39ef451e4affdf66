"""allauth's pending login (stashed in the session between the password and the code) read
back with its user as the session read it (accounts.sessions.user_by_pk, the same instance as
the ORM's) instead of a query the ORM composes on every request of the code step. allauth's
`Login.deserialize` is wrapped, not copied: it reads everything else as it does
(installed by apps.py)."""

from allauth.account.models import Login
from allauth.account.utils import url_str_to_user_pk

from .. import sessions

_allauths_deserialize = Login.deserialize.__func__


def _deserialize(cls, data):
    login = _allauths_deserialize(cls, {**data, "user_pk": None})
    if data["user_pk"] is not None:
        login.user = sessions.user_by_pk(url_str_to_user_pk(data["user_pk"]))
    return login


def install() -> None:
    Login.deserialize = classmethod(_deserialize)
