"""The one definition of "may receive SMS marketing", as SQL every reader shares.

A person qualifies when the latest sms_marketing event is a grant, its version is not
superseded by a later material version, they have a confirmed marketing number, and
that number has no suppression entry made after the grant. The export, the dashboard
and the per-person check all run this same query, so they can't disagree.
"""

from django.db import connection

from ...models import ConsentState, ConsentText, ContactPoint, Purpose, Suppression
from . import texts

def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def iso_utc(column: str) -> str:
    """The database writes the time as ISO 8601 in UTC ("2026-03-01T09:30:15Z"): done in C
    by the database, not per row in Python."""
    if connection.vendor == "sqlite":
        return f"strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', {column})"
    if connection.vendor == "postgresql":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    raise NotImplementedError(connection.vendor)


def marketing_sql(select: str, since=None, language=None, user_id=None, ordered=False) -> tuple[str, list]:
    """(sql, params) selecting `select` (over st: state, cp: contact point, tx: text version)
    for every person who may receive SMS marketing."""
    valid_ids = texts.valid_text_ids(Purpose.SMS_MARKETING)
    params: list = [Purpose.SMS_MARKETING.value, True]
    where = ["st.purpose = %s", "st.granted = %s"]
    if valid_ids:
        where.append(f"st.text_id IN ({', '.join(['%s'] * len(valid_ids))})")
        params.extend(valid_ids)
    else:
        where.append("1 = 0")
    if since is not None:
        where.append("st.at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(since))
    if language:
        where.append("tx.language = %s")
        params.append(language)
    if user_id is not None:  # the last parameter (per_person_sql relies on it)
        where.append("st.user_id = %s")
        params.append(user_id)
    where.append(
        f"NOT EXISTS (SELECT 1 FROM {_table(Suppression)} su "
        "WHERE su.phone_hash = cp.phone_hash AND su.created_at >= st.at)"
    )
    sql = (
        f"SELECT {select} FROM {_table(ConsentState)} st "
        f"INNER JOIN {_table(ContactPoint)} cp ON cp.user_id = st.user_id "
        f"INNER JOIN {_table(ConsentText)} tx ON tx.id = st.text_id "
        f"WHERE {' AND '.join(where)}"
    )
    if ordered:
        sql += " ORDER BY st.text_id, st.id"  # the index's own order: no sort step
    return sql, params


def per_person_sql(select: str) -> tuple[str, list]:
    """marketing_sql() for one person, built once: run it with [*params, user_id]."""
    sql, params = marketing_sql(select, user_id=0)
    return sql, params[:-1]  # marketing_sql's user filter is its last parameter


def count_valid(since=None, language=None) -> int:
    sql, params = marketing_sql("COUNT(*)", since=since, language=language)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def marketing_valid(user) -> bool:
    sql, params = marketing_sql("1", user_id=user.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None
