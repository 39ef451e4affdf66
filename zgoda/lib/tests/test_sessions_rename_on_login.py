"""The session store (lib/dbsessions.py): a login's new key takes over the old row in one
UPDATE, and the old key then finds nothing (no session fixation), as with Django's store."""

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zgoda.lib.dbsessions import SessionStore


def test_a_cycled_key_renames_the_row_in_one_statement_and_the_old_key_is_dead(db):
    store = SessionStore()
    store["pending"] = "login"
    store.save()
    old_key = store.session_key
    with CaptureQueriesContext(connection) as captured:
        store.cycle_key()
        store["_auth_user_id"] = "7"
        store.save()
    written = [q["sql"] for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(written) == 1 and written[0].startswith("UPDATE")
    assert store.session_key != old_key
    assert not SessionStore(old_key).exists(old_key) and SessionStore(old_key).load() == {}
    assert SessionStore(store.session_key).load() == {"pending": "login", "_auth_user_id": "7"}
    assert Session.objects.count() == 1


def test_a_cycled_key_whose_old_row_is_gone_is_inserted(db):
    store = SessionStore()
    store["a"] = 1
    store.save()
    Session.objects.all().delete()
    store.cycle_key()
    store.save()
    assert SessionStore(store.session_key).load() == {"a": 1}


def test_a_flush_after_a_cycle_leaves_no_row(db):
    store = SessionStore()
    store["a"] = 1
    store.save()
    store.cycle_key()
    store.flush()
    assert Session.objects.count() == 0


def test_a_clashing_new_key_takes_another(db, monkeypatch):
    taken = SessionStore()
    taken["other"] = "person"
    taken.save()
    store = SessionStore()
    store["mine"] = 1
    store.save()
    old_key = store.session_key
    keys = iter([taken.session_key, "z" * 32])
    monkeypatch.setattr(store, "_get_new_session_key", lambda: next(keys))
    store.cycle_key()
    store.save()
    assert store.session_key == "z" * 32
    assert SessionStore(taken.session_key).load() == {"other": "person"}
    assert SessionStore("z" * 32).load() == {"mine": 1} and SessionStore(old_key).load() == {}
