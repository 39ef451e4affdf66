"""The few statements every SMS runs (claim, submit, good delivery report), as plain SQL.

Building a query with the ORM cost as much CPU as the rest of a send (measured on SQLite:
0.38 ms per ORM get or update, 0.04 ms plain), and an SMS gateway run is CPU-bound on a
small machine. Everything else uses the ORM. Columns and values go through the model's
fields (quote_name, get_db_prep_save), so this runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import functools

from django.db import connection, transaction

from zgoda.lib import plainsql

from .models import Message, ProviderHealth, SendAttempt


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model, name: str) -> str:
    return _column_of(model, name, connection.vendor)


@functools.cache  # looked up once per process and database: every poll and every SMS asks
def _column_of(model, name: str, vendor: str) -> str:
    return _q(model._meta.get_field(name).column)


def _prep(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def load(message_id: int, fields: tuple[str, ...] = ()) -> Message | None:
    """The message (only `fields` and its id, when given), or None."""
    return plainsql.by_pk(Message, message_id, only=fields)


def update(message_id: int, changes: dict, where: str = "", where_params=()) -> int:
    """UPDATE one message row; `where` (SQL with %s, columns via column()) narrows it. Rows changed."""
    sets = ", ".join(f"{_column(Message, name)} = %s" for name in changes)
    params = [_prep(Message, name, value) for name, value in changes.items()]
    sql = f"UPDATE {_q(Message._meta.db_table)} SET {sets} WHERE {_column(Message, 'id')} = %s"  # noqa: S608
    if where:
        sql += f" AND ({where})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, message_id, *where_params])
        return cursor.rowcount


def column(name: str) -> str:
    return _column(Message, name)


def value(name: str, python_value):
    return _prep(Message, name, python_value)


def status_in(statuses) -> tuple[str, list]:
    return f"{column('status')} IN ({', '.join(['%s'] * len(statuses))})", list(statuses)


def insert_attempt(attempt: SendAttempt) -> None:
    plainsql.insert(attempt)


def _waiting() -> str:
    """models.WAITING in SQL, the values written out, not bound: SQLite uses the partial index
    "sms_msg_waiting" only for a WHERE that repeats its condition term by term."""
    return (
        f"{column('status')} = '{Message.Status.QUEUED}' AND {column('attempts')} = 0 AND "
        f"{column('claimed_until')} IS NULL AND {column('next_attempt_at')} IS NULL"
    )


def _oldest_waiting(lock: bool) -> str:
    # SQLite's planner, without statistics, prefers sms_msg_due (status, next_attempt_at), which
    # also holds every campaign row its sender has claimed: named, the index of waiting rows only.
    indexed_by = " INDEXED BY sms_msg_waiting" if connection.vendor == "sqlite" else ""
    skip_locked = " FOR UPDATE SKIP LOCKED" if lock and connection.vendor == "postgresql" else ""
    return (
        f"SELECT {column('id')} FROM {_q(Message._meta.db_table)}{indexed_by} WHERE {_waiting()} "  # noqa: S608
        f"ORDER BY {column('id')} LIMIT 1{skip_locked}"
    )


def waiting_sql() -> str:
    """A SELECT that finds the message waiting longest for its first try (no parameters)."""
    return _oldest_waiting(lock=False)


def oldest_waiting() -> int | None:
    """The id of the message that has waited longest for its first try, or None."""
    with connection.cursor() as cursor:
        cursor.execute(waiting_sql())
        row = cursor.fetchone()
    return row[0] if row else None


def claim_first_try(message_id: int | None, now, changes: dict, due_by, created_after: dict, fields: tuple[str, ...]):
    """The common case in one statement: a message never tried (no attempt, no provider or
    `changes`' provider), queued, unclaimed, due by `due_by` and created after its kind's
    `created_after` (not expired) is claimed with `changes` and returned with `fields`, when
    that provider has no failures on record (its breaker is closed); None when it is not such
    a message (delivery._claim then decides the slow way). message_id None: the message that
    has waited longest (on PostgreSQL skipping one another worker is taking). Needs UPDATE ...
    RETURNING (PostgreSQL, SQLite 3.35+)."""
    params = [changes["provider"], Message.Status.QUEUED, changes["provider"], value("claimed_until", now),
              value("next_attempt_at", due_by)]
    for kind, moment in created_after.items():
        params += [kind, value("created_at", moment)]
    returned = ("id", *fields)
    which_params = [message_id] if message_id is not None else []
    sql = _claim_sql(tuple(changes), len(created_after), returned, message_id is None)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(_prep(Message, n, v) for n, v in changes.items()), *which_params, *params])
        row = cursor.fetchone()
    if row is None:
        return None
    message = plainsql.instance(Message, row, fields=returned, using=connection.alias)
    for name, new in changes.items():
        setattr(message, name, new)
    return message


def _claim_sql(changed: tuple[str, ...], kinds: int, returned: tuple[str, ...], oldest: bool) -> str:
    return _claim_sql_of(changed, kinds, returned, oldest, connection.vendor)


@functools.cache  # claim_first_try's statement, composed once per shape and database
def _claim_sql_of(changed: tuple[str, ...], kinds: int, returned: tuple[str, ...], oldest: bool, vendor: str) -> str:
    health = _q(ProviderHealth._meta.db_table)
    where = (
        f"NOT EXISTS (SELECT 1 FROM {health} WHERE {_column(ProviderHealth, 'name')} = %s "  # noqa: S608
        f"AND {_column(ProviderHealth, 'consecutive_failures')} > 0) AND "
        f"{column('status')} = %s AND {column('attempts')} = 0 AND {column('provider')} IN ('', %s) AND "
        f"({column('claimed_until')} IS NULL OR {column('claimed_until')} <= %s) AND "
        f"({column('next_attempt_at')} IS NULL OR {column('next_attempt_at')} <= %s) AND "
        f"{column('created_at')} >= CASE {column('kind')} {' '.join(['WHEN %s THEN %s'] * kinds)} END"
    )
    sets = ", ".join(f"{column(name)} = %s" for name in changed)
    which = f"({_oldest_waiting(lock=True)})" if oldest else "%s"
    return (
        f"UPDATE {_q(Message._meta.db_table)} SET {sets} WHERE {column('id')} = {which} AND {where} "  # noqa: S608
        f"RETURNING {', '.join(column(name) for name in returned)}"
    )


def claim(message_id: int, attempts_seen: int, now, changes: dict) -> bool:
    """Compare-and-set: take a queued message nobody holds, if its tries are still as we saw them."""
    where = (
        f"{column('status')} = %s AND {column('attempts')} = %s AND "
        f"({column('claimed_until')} IS NULL OR {column('claimed_until')} <= %s)"
    )
    params = [Message.Status.QUEUED, attempts_seen, value("claimed_until", now)]
    return update(message_id, changes, where, params) == 1


# What a delivery report may have written before the hand-over is recorded (lifecycle.py), in
# the model's order (plainsql.instance reads a partial row so).
AS_STORED = tuple(f.name for f in Message._meta.concrete_fields if f.name in {
    "status", "submitted_at", "delivered_at", "failed_at", "expired_at", "reported_at", "reported_status", "last_error"})


def submit(message_id: int, attempt: SendAttempt, target: str, lower: list[str], changes: dict) -> Message | None:
    """Log the accepted try and record the hand-over: an INSERT and one UPDATE ... RETURNING.
    The status moves to `target` (and `changes`' delivered_at with it) only if no delivery
    report moved it first (a report may beat us here, a fast gateway's often does), and a
    submitted_at already set stays; the other `changes` (cost, the code's clear text blanked...)
    always apply. Returns the message's AS_STORED fields as they now stand; None if it is gone."""
    params = [*lower, target]
    for name, new in changes.items():
        params += [*lower, value(name, new)] if name == "delivered_at" else [value(name, new)]
    with transaction.atomic():
        insert_attempt(attempt)
        with connection.cursor() as cursor:
            cursor.execute(_submit_sql(tuple(changes), len(lower)), [*params, message_id])
            row = cursor.fetchone()
    return plainsql.instance(Message, row, fields=AS_STORED, using=connection.alias) if row is not None else None


def _submit_sql(changed: tuple[str, ...], lower: int) -> str:
    return _submit_sql_of(changed, lower, connection.vendor)


@functools.cache  # composed once per shape and database: every SMS handed over runs it
def _submit_sql_of(changed: tuple[str, ...], lower: int, vendor: str) -> str:
    status = column("status")
    moving = f"{status} IN ({', '.join(['%s'] * lower)}) AND {column('submitted_at')} IS NULL"
    sets = [f"{status} = CASE WHEN {moving} THEN %s ELSE {status} END"]
    for name in changed:
        if name == "submitted_at":
            sets.append(f"{column(name)} = COALESCE({column(name)}, %s)")
        elif name == "delivered_at":
            sets.append(f"{column(name)} = CASE WHEN {moving} THEN %s ELSE {column(name)} END")
        else:
            sets.append(f"{column(name)} = %s")
    return (
        f"UPDATE {_q(Message._meta.db_table)} SET {', '.join(sets)} WHERE {column('id')} = %s "  # noqa: S608
        f"RETURNING {', '.join(column(name) for name in AS_STORED)}"
    )
