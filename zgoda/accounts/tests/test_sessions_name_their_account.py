"""Each session row names the account it is about (accounts/sessions.py): a request reads its
session and that account in one statement, and no request is handed another account's row."""

import importlib
from types import SimpleNamespace

from allauth.account.utils import user_pk_to_url_str
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore as DjangosStore
from django.contrib.sessions.models import Session as DjangosSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PHONE, last_code, login_password, make_user
from zgoda.accounts.models import Session
from zgoda.accounts.sessions import SessionStore

from .conftest import CHALLENGE, submit_code

DEVICES = "/accounts/devices/"


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_waiting_login_and_the_logged_in_session_name_the_account(client, db):
    user_2fa = make_user(phone=PHONE, id=4711)  # allauth writes a waiting login's key in base 36
    login_password(client)
    assert _row(client).user_id == user_2fa.pk, "waiting for its code"
    submit_code(client, last_code()[1])
    assert _row(client).user_id == user_2fa.pk, "logged in, under its new key"
    client.post("/accounts/logout/")
    assert not Session.objects.filter(user_id=user_2fa.pk).exists()


def test_a_session_of_nobody_names_no_account(db):
    store = SessionStore()
    store["language_chosen"] = "en"
    store.create()
    assert Session.objects.get(session_key=store.session_key).user_id is None


def test_a_request_reads_its_session_and_account_in_one_statement(client, user):
    client.force_login(user, backend="zgoda.accounts.backends.EmailAuthenticationBackend")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DEVICES).status_code == 200
    statements = [q["sql"] for q in captured.captured_queries]
    assert 'JOIN "auth_user"' in statements[0] and '"accounts_session"' in statements[0]
    assert not [sql for sql in statements[1:] if sql.startswith("SELECT") and 'FROM "auth_user"' in sql]


def test_the_account_read_with_a_session_goes_to_no_other_account(user):
    other = make_user("jan@example.com")
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    reader = SessionStore(store.session_key)
    reader.load()
    assert reader.take_account(other.pk) is None
    assert reader.take_account(user.pk) is None, "handed out at most once, and only to its own id"
    reader.load()
    assert reader.take_account(user.pk).pk == user.pk


def test_a_deactivated_account_is_logged_out_at_its_next_request(client, user):
    client.force_login(user, backend="zgoda.accounts.backends.EmailAuthenticationBackend")
    assert client.get(DEVICES).status_code == 200
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(DEVICES).status_code == 302


def test_a_changed_password_ends_the_other_sessions(client, user):
    client.force_login(user, backend="zgoda.accounts.backends.EmailAuthenticationBackend")
    user.set_password("Inne-haslo-2026-x")
    user.save()
    assert client.get(DEVICES).status_code == 302


def test_the_upgrade_moves_live_sessions_with_their_account(db):
    """Migration 0010: who was logged in stays logged in; an expired session does not move."""
    user_2fa = make_user(phone=PHONE, id=4711)
    encode = DjangosStore().encode
    later, earlier = timezone.now() + timezone.timedelta(days=1), timezone.now() - timezone.timedelta(days=1)
    DjangosSession.objects.create(session_key="a" * 32, expire_date=later,
                                  session_data=encode({"_auth_user_id": str(user_2fa.pk)}))
    DjangosSession.objects.create(session_key="b" * 32, expire_date=later,
                                  session_data=encode({"account_login": {"user_pk": user_pk_to_url_str(user_2fa)}}))
    DjangosSession.objects.create(session_key="c" * 32, expire_date=later, session_data=encode({"x": 1}))
    DjangosSession.objects.create(session_key="d" * 32, expire_date=earlier,
                                  session_data=encode({"_auth_user_id": str(user_2fa.pk)}))
    migration = importlib.import_module("zgoda.accounts.migrations.0010_sessions_name_their_account")
    migration.move_live_sessions(apps, SimpleNamespace(connection=connection))
    moved = dict(Session.objects.values_list("session_key", "user_id"))
    assert moved == {"a" * 32: user_2fa.pk, "b" * 32: user_2fa.pk, "c" * 32: None}
    assert SessionStore("a" * 32).load() == {"_auth_user_id": str(user_2fa.pk)}
    assert not DjangosSession.objects.exists()


def test_a_login_waiting_for_its_code_reads_its_account_with_the_session(client, user_2fa):
    login_password(client)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CHALLENGE).status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "auth_user"')]
