"""The session store (lib/dbsessions.py) keeps a session's data as plain JSON in its row (the
data never goes to the browser, so Django's signing and compression bought nothing per
request), and still reads a row in Django's signed format, as rows written before are."""

from django.contrib.sessions.backends.db import SessionStore as DjangosStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from zgoda.lib.dbsessions import SessionStore


def test_the_row_holds_the_data_as_json_and_reads_back(db):
    store = SessionStore()
    store["account_login"] = {"user_pk": "7", "state": {"ąę": "źż"}}
    store.save()
    row = Session.objects.get(session_key=store.session_key)
    assert row.session_data.startswith("{") and "account_login" in row.session_data
    assert SessionStore(store.session_key).load() == {"account_login": {"user_pk": "7", "state": {"ąę": "źż"}}}


def test_a_row_in_djangos_signed_format_still_reads(db):
    signed = DjangosStore().encode({"_auth_user_id": "7"})
    Session.objects.create(session_key="k" * 32, session_data=signed,
                           expire_date=timezone.now() + timezone.timedelta(hours=1))
    assert SessionStore("k" * 32).load() == {"_auth_user_id": "7"}


def test_unreadable_data_is_no_session(db):
    for data in ("{not json", "garbage-not-signed"):
        Session.objects.update_or_create(session_key="u" * 32, defaults={
            "session_data": data, "expire_date": timezone.now() + timezone.timedelta(hours=1)})
        assert SessionStore("u" * 32).load() == {}
