"""The few statements every SMS runs (claim, submit, good delivery report), as plain SQL.

Building a query with the ORM cost as much CPU as the rest of a send (measured on SQLite:
0.38 ms per ORM get or update, 0.04 ms plain), and an SMS gateway run is CPU-bound on a
small machine. Everything else uses the ORM. Columns and values go through the model's
fields (quote_name, get_db_prep_save), so this runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db import connection, transaction

from .models import Message, SendAttempt


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model, name: str) -> str:
    return _q(model._meta.get_field(name).column)


def _prep(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def load(message_id: int, fields: tuple[str, ...] = ()) -> Message | None:
    """The message (only `fields` and its id, when given), or None."""
    columns = ", ".join(_column(Message, name) for name in ("id", *fields)) if fields else "*"
    sql = f"SELECT {columns} FROM {_q(Message._meta.db_table)} WHERE {_column(Message, 'id')} = %s"  # noqa: S608
    found = list(Message.objects.raw(sql, [message_id]))
    return found[0] if found else None


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
    fields = [f for f in SendAttempt._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(_q(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(attempt, True), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_q(SendAttempt._meta.db_table)} ({columns}) VALUES ({placeholders})", values)  # noqa: S608


def claim(message_id: int, attempts_seen: int, now, changes: dict) -> bool:
    """Compare-and-set: take a queued message nobody holds, if its tries are still as we saw them."""
    where = (
        f"{column('status')} = %s AND {column('attempts')} = %s AND "
        f"({column('claimed_until')} IS NULL OR {column('claimed_until')} <= %s)"
    )
    params = [Message.Status.QUEUED, attempts_seen, value("claimed_until", now)]
    return update(message_id, changes, where, params) == 1


def submit(message_id: int, attempt: SendAttempt, target: str, lower: list[str], changes: dict) -> bool:
    """Log the accepted try and move the message to `target` unless a report moved it first.

    `changes` blank a code's clear text in this same UPDATE (delivery._submitted)."""
    condition, params = status_in(lower)
    with transaction.atomic():
        insert_attempt(attempt)
        return update(message_id, {"status": target, **changes}, f"{condition} AND {column('submitted_at')} IS NULL", params) == 1
