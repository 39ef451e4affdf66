"""One write statement that may fail (a unique key): contained without a transaction of its own;
and whether a write transaction holds the whole database."""

from contextlib import nullcontext

from django.db import connections, router, transaction


def contained(using=None):
    """A savepoint when already inside a transaction, so a failure leaves the caller's
    transaction usable; nothing otherwise (one statement needs no BEGIN and COMMIT)."""
    return transaction.atomic(using=using) if transaction.get_connection(using).in_atomic_block else nullcontext()


def writes_one_at_a_time(model) -> bool:
    """Whether a write transaction on `model`'s database holds the whole database from its start
    (SQLite's BEGIN IMMEDIATE): every read in it sees what the next writer will see, so a row's
    lock and reads of other rows may share one statement. On PostgreSQL a statement that waited
    for a row lock still reads the other rows as they were before it waited: read them after."""
    return connections[router.db_for_write(model)].vendor == "sqlite"
