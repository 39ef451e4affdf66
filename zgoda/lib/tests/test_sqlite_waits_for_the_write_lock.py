"""SQLite (lib/sqlite): a write that finds the write lock taken waits in short steps and
succeeds when the lock frees, up to the configured timeout; SQLite's own busy handler
(sleeps of 1, 2, 5, 10... ms) is off."""

import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "zgoda.lib.sqlite",
                                reason="the SQLite backend's own behaviour")


@pytest.fixture(autouse=True)
def own_connections(django_db_blocker):
    """These tests open their own connections to a file of their own, not the test database."""
    with django_db_blocker.unblock():
        yield


def _two_connections(path, timeout):
    options = dict(settings.DATABASES["default"].get("OPTIONS", {}), timeout=timeout)
    handler = ConnectionHandler({alias: {"ENGINE": "zgoda.lib.sqlite", "NAME": str(path), "OPTIONS": options}
                                 for alias in ("default", "holder", "waiter")})
    holder, waiter = handler["holder"], handler["waiter"]
    holder.inc_thread_sharing()  # used by the thread that holds the lock
    with holder.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE t (n INTEGER)")
    return holder, waiter


@contextmanager
def _lock_held_for(holder, seconds):
    """Another connection takes the write lock, writes and keeps it `seconds`; yields once it holds it."""
    taken = threading.Event()

    def hold():
        with holder.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("INSERT INTO t VALUES (1)")
            taken.set()
            time.sleep(seconds)
            cursor.execute("COMMIT")
        holder.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(5)
    try:
        yield
    finally:
        thread.join()


def test_a_write_waits_for_the_lock_and_then_succeeds(tmp_path):
    holder, waiter = _two_connections(tmp_path / "db.sqlite3", timeout=5)
    with _lock_held_for(holder, 0.3):
        started = time.monotonic()
        with waiter.cursor() as cursor:
            assert cursor.execute("PRAGMA busy_timeout").fetchone() == (0,)  # SQLite's own handler off
            cursor.execute("INSERT INTO t VALUES (2)")  # autocommit: tried again until the lock frees
            cursor.execute("BEGIN IMMEDIATE")  # so is BEGIN
            cursor.execute("INSERT INTO t VALUES (3)")
            cursor.execute("COMMIT")
            waited = time.monotonic() - started
            assert cursor.execute("SELECT n FROM t ORDER BY n").fetchall() == [(1,), (2,), (3,)]
    waiter.close()
    assert 0.2 < waited < 2


def test_a_write_gives_up_after_the_timeout(tmp_path):
    holder, waiter = _two_connections(tmp_path / "db.sqlite3", timeout=0.3)
    with _lock_held_for(holder, 1.0):
        started = time.monotonic()
        with pytest.raises(OperationalError, match="locked"), waiter.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        assert 0.25 < time.monotonic() - started < 0.9
    waiter.close()
