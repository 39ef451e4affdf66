"""lib.plainsql hands the database what the field's get_db_prep_save would, for every field
of every model and the kinds of value a model holds (its quicker path on SQLite included)."""

import datetime
import uuid
import warnings
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from zgoda.lib import plainsql

AWARE = timezone.now()
VALUES = (
    None, "", "text", "+48500100200", 0, 7, -3, 2**40, True, False, AWARE, AWARE.astimezone(datetime.UTC),
    datetime.datetime(2026, 12, 2, 14, 5), datetime.date(2026, 12, 2), uuid.uuid4(), str(uuid.uuid4()),
    Decimal("0.0500"), 1.5, {"a": [1, "b"]}, ["outbox"],
)


def _prepared(prepare, value):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a naive datetime's warning, on both paths alike
        try:
            prepared = prepare(value)
        except Exception as error:  # noqa: BLE001  (the same refusal on both paths is what is compared)
            return "raised", type(error)
    # PostgreSQL's JSON adapter (psycopg's Jsonb) compares by identity: compare what it wraps
    return "ok", type(prepared), getattr(prepared, "obj", prepared)


@pytest.mark.parametrize("model", apps.get_models(), ids=lambda model: model._meta.label)
def test_every_field_prepares_every_value_as_django_does(model):
    for field in model._meta.concrete_fields:
        quick = plainsql.preparer(field, connection)
        for value in VALUES:
            expected = _prepared(lambda v, field=field: field.get_db_prep_save(v, connection), value)
            got = _prepared(quick, value)
            assert got == expected, (field, value)


def test_the_quick_path_covers_the_fields_a_login_writes():
    """Not only the fallback: on SQLite a text, a number, a UUID key, an integer key and an aware
    time are taken as they are or in one step (the generic method is not called for them)."""
    if connection.vendor != "sqlite":
        pytest.skip("the quick path is SQLite's")
    from zgoda.accounts.models import OneTimeCode

    for name, value in (("code_hmac", "ab"), ("ordinal", 2), ("challenge", uuid.uuid4()), ("user", 5), ("expires_at", AWARE)):
        field = OneTimeCode._meta.get_field(name)
        calls = []
        field.get_db_prep_save = lambda *args, calls=calls, field=field: calls.append(args)
        try:
            plainsql.preparer(field, connection)(value)
        finally:
            del field.get_db_prep_save
        assert not calls, name
