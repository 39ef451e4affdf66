"""Django's database cache, one statement per write.

Same table (``createcachetable``), same encoding and the same meaning of set/add/touch/delete
across processes, so allauth's rate limits stay shared by every worker and machine. Django's
backend spends five statements on a write (COUNT for culling, then BEGIN, SELECT, INSERT or
UPDATE, COMMIT); here a write is one upsert (``INSERT ... ON CONFLICT DO UPDATE``, SQLite and
PostgreSQL alike), and ``add`` overwrites only an expired entry, decided by the database in
that same statement. Culling (expired entries first, then a fraction above MAX_ENTRIES) runs
at most once per CULL_INTERVAL seconds per process instead of counting the table on every
write; between two culls the table may exceed MAX_ENTRIES by what was written meanwhile.
``incr`` is atomic (Django's is a get and a set, which loses counts made at the same time).
Other databases fall back to Django's own statements.
"""

import base64
import pickle
import random
import time
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

from .transactions import contained

UPSERT_VENDORS = ("sqlite", "postgresql")


class LeanDatabaseCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        options = params.get("OPTIONS", {})
        self._cull_interval = float(options.get("CULL_INTERVAL", 60))
        # Processes started together should not all cull in the same second.
        self._next_cull = time.monotonic() + self._cull_interval * random.uniform(0.5, 1.0)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._upsert(key, value, timeout, only_if_expired=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._upsert(key, value, timeout, only_if_expired=True)

    def incr(self, key, delta=1, version=None):
        """Atomic, unlike Django's (a get, then a set: two processes counting at once lose
        one): the entry is read and rewritten in one transaction with its row locked (FOR
        UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction already holds the write lock)."""
        connection = self._write_connection()
        if connection.vendor not in UPSERT_VENDORS:
            return super().incr(key, delta, version=version)
        key = self.make_and_validate_key(key, version=version)
        q = connection.ops.quote_name
        table = q(self._table)
        lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {q('value')} FROM {table} WHERE {q('cache_key')} = %s AND {q('expires')} >= %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {q('value')} = %s WHERE {q('cache_key')} = %s", [encoded, key])
        return value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = self._write_connection()
        if connection.vendor not in UPSERT_VENDORS:
            return self._base_set("touch", key, None, timeout)
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {q(self._table)} SET {q('expires')} = %s WHERE {q('cache_key')} = %s",
                [self._expiry(connection, timeout), key],
            )
            return bool(cursor.rowcount)

    def _write_connection(self):
        return connections[router.db_for_write(self.cache_model_class)]

    @staticmethod
    def _expiry(connection, timeout):
        if timeout is None:
            exp = datetime.max
        else:
            exp = datetime.fromtimestamp(timeout, tz=timezone.utc if settings.USE_TZ else None)
        return connection.ops.adapt_datetimefield_value(exp.replace(microsecond=0))

    def _upsert(self, key, value, timeout, *, only_if_expired):
        timeout = self.get_backend_timeout(timeout)
        connection = self._write_connection()
        if connection.vendor not in UPSERT_VENDORS:
            return self._base_set("add" if only_if_expired else "set", key, value, timeout)
        self._cull_when_due(connection)
        q = connection.ops.quote_name
        table = q(self._table)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        params = [key, encoded, self._expiry(connection, timeout)]
        sql = (
            f"INSERT INTO {table} ({q('cache_key')}, {q('value')}, {q('expires')}) "
            f"VALUES (%s, %s, %s) ON CONFLICT ({q('cache_key')}) DO UPDATE SET "
            f"{q('value')} = excluded.{q('value')}, {q('expires')} = excluded.{q('expires')}"
        )
        if only_if_expired:
            # As Django's add: an entry still valid (expires >= now, to the second) stays.
            sql += f" WHERE {table}.{q('expires')} < %s"
            params.append(connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0)))
        try:
            with contained(connection.alias):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.rowcount == 1
        except DatabaseError:
            # As Django's backend: a write that loses a race fails quietly.
            return False

    def _cull_when_due(self, connection):
        if time.monotonic() < self._next_cull:
            return
        self._next_cull = time.monotonic() + self._cull_interval
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {q(self._table)}")
            num = cursor.fetchone()[0]
            now = tz_now().replace(microsecond=0)
            if num > self._max_entries:
                self._cull(connection.alias, cursor, now, num)  # Django's: expired, then a fraction
            else:
                cursor.execute(
                    f"DELETE FROM {q(self._table)} WHERE {q('expires')} < %s",
                    [connection.ops.adapt_datetimefield_value(now)],
                )
