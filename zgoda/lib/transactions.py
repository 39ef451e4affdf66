"""One write statement that may fail (a unique key): contained without a transaction of its own."""

from contextlib import nullcontext

from django.db import transaction


def contained(using=None):
    """A savepoint when already inside a transaction, so a failure leaves the caller's
    transaction usable; nothing otherwise (one statement needs no BEGIN and COMMIT)."""
    return transaction.atomic(using=using) if transaction.get_connection(using).in_atomic_block else nullcontext()
