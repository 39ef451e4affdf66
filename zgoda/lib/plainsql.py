"""A row read, updated or deleted by its primary key, or a new row inserted, in plain SQL, as the ORM would.

Every request reads its session and, once logged in, its user, and the SMS worker reads each
message it sends and each delivery report's message: with the ORM each read costs about
0.15 ms of composing the query (SQLite answers in 0.02). Here the statement is
composed once per model and database, and the values go through the same converters the
ORM applies (the backend's, e.g. aware datetimes on SQLite, then the field's), so the
instance is the one `Model.objects.filter(pk=pk).first()` returns, on SQLite and PostgreSQL.
A written value goes through the field's get_db_prep_save, except the values that method
hands SQLite unchanged (or, for datetimes and UUIDs, converts in one step): a login's write
transactions prepare about a hundred values while every other writer waits for SQLite's lock.
"""

import datetime
import uuid

from django.db import connections, router
from django.db.models import fields as model_fields
from django.db.models import signals
from django.db.models.expressions import Col
from django.db.models.fields.related import ForeignKey, OneToOneField

_statements: dict[tuple, tuple] = {}
_readers: dict[tuple, tuple] = {}


def _reader(model, connection, names: tuple[str, ...]):
    """(attnames, converters) that turn a row of these fields, in this order, into an instance."""
    key = (model, connection.alias, connection.vendor, names)
    if key not in _readers:
        fields = [model._meta.get_field(name) for name in names]
        converters = []
        for index, field in enumerate(fields):
            column = Col(model._meta.db_table, field)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, column, found))
        _readers[key] = ([f.attname for f in fields], converters)
    return _readers[key]


def _statement(model, connection, only):
    key = (model, connection.alias, connection.vendor, only)
    if key not in _statements:
        wanted = {model._meta.pk.name, *only}
        fields = [f for f in model._meta.concrete_fields if not only or f.name in wanted]
        q = connection.ops.quote_name
        sql = (
            f"SELECT {', '.join(q(f.column) for f in fields)} FROM {q(model._meta.db_table)} "  # noqa: S608
            f"WHERE {q(model._meta.pk.column)} = %s"
        )
        _statements[key] = (sql, *_reader(model, connection, tuple(f.name for f in fields)))
    return _statements[key]


def by_pk(model, pk, only: tuple[str, ...] = (), using: str | None = None):
    """The row of `model` whose primary key is `pk`, or None. `only`: read just these fields
    (and the key); the others are deferred, as with the ORM's `only()`."""
    using = using or router.db_for_read(model)
    connection = connections[using]
    sql, attnames, converters = _statement(model, connection, tuple(only))
    value = model._meta.pk.get_db_prep_value(model._meta.pk.get_prep_value(pk), connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    return _instance(model, row, using, attnames, converters, connection) if row is not None else None


def _instance(model, row, using, attnames, converters, connection):
    values = list(row)
    for index, column, functions in converters:
        for convert in functions:
            values[index] = convert(values[index], column, connection)
    return model.from_db(using, attnames, values)


def instance(model, row, fields: tuple[str, ...] = (), using: str | None = None):
    """The model instance of a `row` read by hand-written SQL (e.g. an UPDATE ... RETURNING):
    `fields` name its columns in order (default: every concrete field in the model's order);
    values go through the converters the ORM applies, the fields not read are deferred."""
    using = using or router.db_for_read(model)
    connection = connections[using]
    names = tuple(fields) or tuple(f.name for f in model._meta.concrete_fields)
    attnames, converters = _reader(model, connection, names)
    return _instance(model, row, using, attnames, converters, connection)


# The field classes (exactly these: a subclass may convert) whose get_db_prep_save hands
# SQLite a value of this type, or None, as it is.
_KEPT_ON_SQLITE = {
    model_fields.CharField: str, model_fields.TextField: str, model_fields.BooleanField: bool,
    **dict.fromkeys((model_fields.IntegerField, model_fields.BigIntegerField, model_fields.SmallIntegerField,
                     model_fields.PositiveIntegerField, model_fields.PositiveBigIntegerField,
                     model_fields.PositiveSmallIntegerField, model_fields.AutoField, model_fields.BigAutoField,
                     model_fields.SmallAutoField), int),
}


def preparer(field, connection):
    """A function of one value returning what `field.get_db_prep_save(value, connection)` returns."""
    generic = field.get_db_prep_save
    kind = type(field)
    if connection.vendor == "sqlite":
        if kind in (ForeignKey, OneToOneField):  # its own step turns only None and "" into None
            kind = type(field.target_field)
        kept = _KEPT_ON_SQLITE.get(kind)
        if kept is not None:
            return lambda value: value if value is None or type(value) is kept else generic(value, connection)
        if kind is model_fields.DateTimeField:
            adapt = connection.ops.adapt_datetimefield_value
            return lambda value: (value if value is None else adapt(value) if type(value) is datetime.datetime
                                  and value.utcoffset() is not None else generic(value, connection))
        if kind is model_fields.UUIDField:
            return lambda value: (value if value is None else value.hex if type(value) is uuid.UUID
                                  else generic(value, connection))
    return lambda value: generic(value, connection)


def _preparers(fields, connection) -> list[tuple]:
    return [(field, preparer(field, connection)) for field in fields]


_inserts: dict[tuple, tuple] = {}


def _insert_statement(model, connection, with_pk: bool, upsert: tuple = ()):
    key = (model, connection.alias, connection.vendor, with_pk, upsert)
    if key not in _inserts:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if with_pk or f is not meta.auto_field]
        q = connection.ops.quote_name
        sql = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        if upsert:  # the same words on SQLite and PostgreSQL
            unique, changed = ([meta.get_field(name).column for name in names] for names in upsert)
            sql += (f" ON CONFLICT ({', '.join(map(q, unique))}) DO UPDATE SET "
                    + ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in changed))
        if not with_pk:
            sql += f" RETURNING {q(meta.pk.column)}"
        _inserts[key] = (sql, _preparers(fields, connection))
    return _inserts[key]


def insert(instance, using: str | None = None, upsert: tuple[tuple[str, ...], tuple[str, ...]] = ()):
    """INSERT a new `instance` as `Model.save()` does (fields' pre_save: defaults, auto_now; an
    auto primary key read back; pre_save/post_save sent when anything listens), in a statement
    composed once per model and database. Not for models with parents (multi-table inheritance).
    `upsert`: (unique fields, fields to update): a row with the same unique values gets those
    fields instead, in the same one statement (the ORM's bulk_create would add BEGIN and COMMIT);
    the key read back is that row's, and the signals still say created."""
    model = type(instance)
    meta = model._meta
    assert not meta.parents, "plainsql.insert: no multi-table inheritance"
    using = using or router.db_for_write(model, instance=instance)
    connection = connections[using]
    if signals.pre_save.has_listeners(model):
        signals.pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    with_pk = meta.auto_field is None or getattr(instance, meta.pk.attname) is not None
    sql, fields = _insert_statement(model, connection, with_pk, upsert)
    values = [prepare(f.pre_save(instance, True)) for f, prepare in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if not with_pk:
            setattr(instance, meta.pk.attname, cursor.fetchone()[0])
    instance._state.adding, instance._state.db = False, using
    if signals.post_save.has_listeners(model):
        signals.post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using)
    return instance


def _insert_many_statement(model, connection, rows: int):
    key = (model, connection.alias, connection.vendor, "many", rows)
    if key not in _inserts:
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
        q = connection.ops.quote_name
        row = f"({', '.join(['%s'] * len(fields))})"
        _inserts[key] = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES {', '.join([row] * rows)} RETURNING {q(meta.pk.column)}", _preparers(fields, connection))
    return _inserts[key]


def insert_many(instances: list, using: str | None = None) -> list:
    """`insert` for several new rows of one model with an auto key, in one statement (composed
    once per model, database and number of rows); the keys read back in the rows' order, as
    the ORM's bulk_create reads them (which composes its statement on every call)."""
    model = type(instances[0])
    meta = model._meta
    assert meta.auto_field is not None and not meta.parents and all(type(i) is model for i in instances)
    using = using or router.db_for_write(model, instance=instances[0])
    connection = connections[using]
    for instance in instances:
        if signals.pre_save.has_listeners(model):
            signals.pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    sql, fields = _insert_many_statement(model, connection, len(instances))
    values = [prepare(f.pre_save(instance, True)) for instance in instances for f, prepare in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        keys = cursor.fetchall()
    for instance, (key,) in zip(instances, keys, strict=True):
        setattr(instance, meta.pk.attname, key)
        instance._state.adding, instance._state.db = False, using
        if signals.post_save.has_listeners(model):
            signals.post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using)
    return instances


_updates: dict[tuple, tuple] = {}


def update(instance, fields: tuple[str, ...], pk=None, using: str | None = None) -> int:
    """UPDATE `fields` of `instance`'s row as `save(update_fields=...)` does (fields' pre_save,
    save signals when anything listens), in a statement composed once per model, fields and
    database. `pk`: the row to update when it is not the instance's own key (a key being
    renamed). Returns the rows changed (0: no such row; `save()` would raise)."""
    model = type(instance)
    meta = model._meta
    using = using or router.db_for_write(model, instance=instance)
    connection = connections[using]
    key = (model, connection.alias, connection.vendor, fields)
    if key not in _updates:
        q = connection.ops.quote_name
        columns = [meta.get_field(name) for name in fields]
        sql = (
            f"UPDATE {q(meta.db_table)} SET {', '.join(f'{q(f.column)} = %s' for f in columns)} "  # noqa: S608
            f"WHERE {q(meta.pk.column)} = %s"
        )
        _updates[key] = (sql, _preparers(columns, connection))
    sql, columns = _updates[key]
    if signals.pre_save.has_listeners(model):
        signals.pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=frozenset(fields))
    values = [prepare(f.pre_save(instance, False)) for f, prepare in columns]
    where = meta.pk.get_db_prep_value(meta.pk.get_prep_value(instance.pk if pk is None else pk), connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, where])
        changed = cursor.rowcount
    if changed and signals.post_save.has_listeners(model):
        signals.post_save.send(sender=model, instance=instance, created=False, update_fields=frozenset(fields), raw=False,
                               using=using)
    return changed


def delete(model, pk, using: str | None = None) -> int:
    """DELETE the row of `model` whose key is `pk`: one statement, no signals and no cascade
    collected (only for a model nothing refers to and nobody listens to). Returns the rows deleted."""
    using = using or router.db_for_write(model)
    connection = connections[using]
    q = connection.ops.quote_name
    sql = f"DELETE FROM {q(model._meta.db_table)} WHERE {q(model._meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(model._meta.pk.get_prep_value(pk), connection)])
        return cursor.rowcount
