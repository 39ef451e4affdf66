"""allauth's pending login comes back from the session with the same user as allauth's own
reading gives (internal/pending_login.py), read by one statement; a login without a user and
an account no longer there read as allauth reads them."""

from allauth.account.models import Login
from django.db import connection
from django.utils.http import int_to_base36
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from zgoda.accounts.internal import pending_login


def fields_of(user):
    return {f.attname: getattr(user, f.attname) for f in type(user)._meta.concrete_fields}


def _stashed(user):
    return Login(user=user, email_verification="none", redirect_url="/next/", email="anna@example.com").serialize()


def test_the_pending_users_fields_are_allauths_and_read_by_one_statement(db):
    user = make_user()
    data = _stashed(user)
    theirs = pending_login._allauths_deserialize(Login, data)
    with CaptureQueriesContext(connection) as captured:
        ours = Login.deserialize(data)
    assert len(captured) == 1
    assert fields_of(ours.user) == fields_of(theirs.user) and ours.user.pk == user.pk
    assert (ours.redirect_url, ours.email, ours.initiated_at) == (theirs.redirect_url, theirs.email, theirs.initiated_at)


def test_no_user_and_a_deleted_user_read_as_allauth_reads_them(db):
    assert Login.deserialize(_stashed(None)).user is None
    user = make_user()
    data = _stashed(user) | {"user_pk": int_to_base36(user.pk + 1000)}  # an account no longer there
    assert Login.deserialize(data).user is None and pending_login._allauths_deserialize(Login, data).user is None
