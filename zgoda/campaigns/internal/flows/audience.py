"""Who a campaign reaches: the consent app's one audience query, with the composer's
filters, counted, snapshotted into recipient rows in one INSERT ... SELECT, and checked
again just before each chunk is sent."""

from datetime import datetime, time

from django.db import connection, transaction
from django.utils import timezone

from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows.validity import marketing_sql

from ...models import Campaign, Recipient


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _since(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def audience_sql(select: str, *, language="", since_day=None, twofa="") -> tuple[str, list]:
    """(sql, params) of `select` over the columns uid, phone, at of every person the filters pick."""
    inner, params = marketing_sql(
        "st.user_id AS uid, cp.phone AS phone, st.at AS at", since=_since(since_day), language=language or None
    )
    where = ""
    if twofa:
        negate = "" if twofa == Campaign.TwoFactor.YES else "NOT "
        where = f" WHERE {negate}EXISTS (SELECT 1 FROM {_table(SmsTwoFactor)} tf WHERE tf.user_id = q.uid)"
    return f"SELECT {select} FROM ({inner}) q{where}", params


def count(*, language="", since_day=None, twofa="") -> int:
    sql, params = audience_sql("COUNT(DISTINCT q.phone)", language=language, since_day=since_day, twofa=twofa)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def count_for(campaign: Campaign) -> int:
    return count(language=campaign.language, since_day=campaign.consent_since, twofa=campaign.twofa)


def snapshot(campaign: Campaign) -> int:
    """Write one pending recipient row per number of the audience, in the database (no rows
    through Python). A number held by two accounts is one recipient (the older consent)."""
    select = f"{int(campaign.pk)}, MIN(q.uid), q.phone, MIN(q.at), 'pending', 0, ''"
    sql, params = audience_sql(
        select, language=campaign.language, since_day=campaign.consent_since, twofa=campaign.twofa
    )
    columns = ", ".join(
        connection.ops.quote_name(Recipient._meta.get_field(f).column)
        for f in ("campaign", "user", "phone", "consent_at", "state", "clicks", "optout_token")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_table(Recipient)} ({columns}) {sql} GROUP BY q.phone", params)
        return cursor.rowcount


def still_valid(recipients: list[Recipient]) -> set[int]:
    """Ids of the recipients whose consent still holds now for the same number (not withdrawn,
    not superseded, not suppressed by an opt-out, STOP or erasure)."""
    by_user = {r.user_id: r for r in recipients if r.user_id is not None}
    if not by_user:
        return set()
    if connection.vendor == "sqlite":
        # SQLite's planner would scan the whole audience for an IN list (the purpose index
        # looks better to it): one probe per person on the (user, purpose) index is ~50 µs.
        sql, params = marketing_sql("st.user_id, cp.phone", user_id=-1)
        if params[-1] != -1:
            raise RuntimeError("validity.marketing_sql no longer ends with the user id parameter")
        rows = []
        with connection.cursor() as cursor:
            for user_id in by_user:
                cursor.execute(sql, [*params[:-1], user_id])  # user_id is the query's last parameter
                rows.extend(cursor.fetchall())
    else:
        inner, params = marketing_sql("st.user_id AS uid, cp.phone AS phone")
        marks = ", ".join(["%s"] * len(by_user))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT q.uid, q.phone FROM ({inner}) q WHERE q.uid IN ({marks})", [*params, *by_user])
            rows = cursor.fetchall()
    return {by_user[uid].pk for uid, phone in rows if by_user[uid].phone == phone}
