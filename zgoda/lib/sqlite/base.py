"""Django's SQLite backend, waiting for the write lock in short steps.

SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries while another
process holds the write lock; a login's write transaction holds it for a few milliseconds,
so a worker that just missed it slept longer than the wait, with its CPU idle. Here SQLite
answers "locked" at once (busy_timeout 0) and the statement is tried again after 0.1 ms,
growing by a fifth a try to 0.5 ms, for up to `timeout` seconds (the OPTIONS value, 20 s by default here) —
only where a new try is safe: a statement outside a transaction (autocommit: the failed try
changed nothing) and BEGIN itself. A statement inside a transaction is never retried (the
IMMEDIATE transactions already hold the lock; anything else is the caller's to handle).
"""

import random
import time

from django.db.backends.sqlite3 import base

# A refused try costs SQLite ~3 us; a waiter that oversleeps the holder's COMMIT leaves its
# CPU idle (bench/README.md "Session 18": 2.61 -> 2.19 ms slept per wait against 0.2-2 ms).
FIRST_WAIT, LONGEST_WAIT, GROWTH = 0.0001, 0.0005, 1.2


def _busy(error) -> bool:
    """Another connection holds the lock (SQLITE_BUSY). Not SQLITE_LOCKED: a conflict inside
    this connection's own shared cache (the test suite's in-memory database) fails at once."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) == base.Database.SQLITE_BUSY


class LockWaitingCursor(base.SQLiteCursorWrapper):
    lock_timeout: float  # set by DatabaseWrapper.create_cursor

    def execute(self, query, params=None):
        return self._waiting(super().execute, query, params)

    def executemany(self, query, param_list):
        if not isinstance(param_list, (list, tuple)):
            param_list = list(param_list)  # a retry needs the rows again
        return self._waiting(super().executemany, query, param_list)

    def _waiting(self, run, query, params):
        deadline, wait = None, FIRST_WAIT
        while True:
            in_transaction = self.connection.in_transaction
            try:
                return run(query, params)
            except base.Database.OperationalError as error:
                if in_transaction or not _busy(error):
                    raise
                now = time.monotonic()
                deadline = deadline or now + self.lock_timeout
                if now >= deadline:
                    raise
                time.sleep(wait * random.uniform(0.5, 1.5))
                wait = min(wait * GROWTH, LONGEST_WAIT)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        # Opened (and its PRAGMAs run) with SQLite's busy handler; then statements wait here.
        connection = super().get_new_connection(conn_params)
        connection.execute("PRAGMA busy_timeout = 0")
        self._lock_timeout = conn_params.get("timeout", 5.0)  # sqlite3.connect's own default
        return connection

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=LockWaitingCursor)
        cursor.lock_timeout = self._lock_timeout
        return cursor
