"""Campaign audiences: everyone who may receive SMS marketing (validity.marketing_sql)
narrowed by a campaign's filters, as SQL the caller runs inside the database, and the same
rule checked again for a chunk of recipients just before their SMS go out."""

from django.db import connection

from zgoda.accounts.api import users_with_twofa

from ...models import phone_hash
from .validity import marketing_sql, per_person_sql

COLUMNS = ("user_id", "phone", "consent_at")


def _filtered(select: str, language, since, twofa) -> tuple[str, list]:
    """(sql, params) of `select` over q (user_id, phone, consent_at): the valid consents the filters pick."""
    inner, params = marketing_sql(
        "st.user_id AS user_id, cp.phone AS phone, st.at AS consent_at", since=since, language=language or None
    )
    sql = f"SELECT {select} FROM ({inner}) q"
    if twofa is None:
        return sql, params
    twofa_sql, twofa_params = users_with_twofa().query.sql_with_params()
    negate = "" if twofa else "NOT "
    sql += f" WHERE {negate}EXISTS (SELECT 1 FROM ({twofa_sql}) tf WHERE tf.user_id = q.user_id)"
    return sql, [*params, *twofa_params]


def audience_sql(language=None, since=None, twofa=None) -> tuple[str, list]:
    # A number held by accounts and a number-only subject too: the account (MIN skips NULL).
    select = "MIN(q.user_id) AS user_id, q.phone AS phone, MIN(q.consent_at) AS consent_at"
    sql, params = _filtered(select, language, since, twofa)
    return f"{sql} GROUP BY q.phone", params


def audience_count(language=None, since=None, twofa=None) -> int:
    sql, params = _filtered("COUNT(DISTINCT q.phone)", language, since, twofa)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def still_valid(pairs) -> set[tuple[int | None, str]]:
    """Of these (user_id, phone) pairs, those still valid now; (None, phone) is the
    number-only subject of `phone`."""
    pairs = list(pairs)
    phone_of = {user_id: phone for user_id, phone in pairs if user_id is not None}
    valid: set[tuple[int | None, str]] = set()
    if phone_of:
        valid |= _accounts_still_valid(phone_of)
    numbers = {phone for user_id, phone in pairs if user_id is None and phone}
    if numbers:
        valid |= {(None, phone) for phone in _numbers_still_valid(numbers)}
    return valid


def _accounts_still_valid(phone_of: dict) -> set[tuple[int, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite's planner would scan the whole audience for an IN list (the purpose index
            # looks better to it): one probe per person on the (user, purpose) index is ~50 µs.
            sql, params = per_person_sql("st.user_id, cp.phone")
            rows = []
            for user_id in phone_of:
                cursor.execute(sql, [*params, user_id])
                rows.extend(cursor.fetchall())
        else:
            inner, params = marketing_sql("st.user_id AS user_id, cp.phone AS phone", subjects="accounts")
            marks = ", ".join(["%s"] * len(phone_of))
            cursor.execute(f"SELECT q.user_id, q.phone FROM ({inner}) q WHERE q.user_id IN ({marks})",
                           [*params, *phone_of])
            rows = cursor.fetchall()
    return {(user_id, phone) for user_id, phone in rows if phone_of[user_id] == phone}


def _numbers_still_valid(phones: set[str]) -> set[str]:
    """Of these numbers, those whose number-only subject's consent still holds."""
    keys = {phone_hash(phone): phone for phone in phones}
    sql, params = marketing_sql("cp.phone_hash", subjects="numbers", phone_hashes=sorted(keys))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {keys[key] for (key,) in cursor.fetchall() if key in keys}
