"""The one definition of "may receive SMS marketing", as SQL every reader shares.

A person qualifies when the latest sms_marketing event is a grant, its version is not
superseded by a later material version, their account is active (a number-only subject,
a consent tied to a number and no account, has none to be), they have a marketing
number confirmed by a code within ZGODA_MARKETING_RECONFIRM_MONTHS (a login with a code to
it confirms it again: numbers get recycled), and that number has no suppression entry made
after the grant. A suppression because the network did not know the number (an unknown or
absent subscriber) ends when the holder proves the number again, after it. The export,
campaigns, the dashboard and the per-person check all run this same query, so they can't
disagree.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from zgoda.sms.signals import UNREACHABLE_REASONS

from ... import app_settings
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


def marketing_sql(select: str, since=None, language=None, user_id=None, ordered=False, *, subjects: str = "all",
                  number_subject_id=None, phone_hashes=None) -> tuple[str, list]:
    """(sql, params) selecting `select` (over st: state, cp: contact point, tx: text version)
    for every subject who may receive SMS marketing: accounts, and number-only subjects
    (whose rows have st.user_id NULL), as one UNION ALL of the two kinds under the same rule.
    `select` is per row (wrap the result for an aggregate). `subjects` "accounts" or
    "numbers" keeps one kind; `user_id` an account (the last parameter: per_person_sql relies
    on it), `number_subject_id` a number-only subject, `phone_hashes` numbers' contact keys."""
    if user_id is not None:
        subjects = "accounts"
    elif number_subject_id is not None:
        subjects = "numbers"
    parts = []
    for kind in ("accounts", "numbers") if subjects == "all" else (subjects,):
        sql, params = _one_kind(kind, select, since, language, user_id, number_subject_id, phone_hashes)
        if ordered:
            # Each kind in its index's own order (no sort step), numbers after accounts.
            sql = f"SELECT * FROM ({sql} ORDER BY st.text_id, st.id) {kind}_q"
        parts.append((sql, params))
    return " UNION ALL ".join(sql for sql, _p in parts), [p for _sql, params in parts for p in params]


def _one_kind(kind, select, since, language, user_id, number_subject_id, phone_hashes) -> tuple[str, list]:
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
    if kind == "accounts":
        where.append("u.is_active = %s")  # a deactivated account is never in an audience
        params.append(True)
    else:
        where.append("st.number_subject_id IS NOT NULL")
    cutoff = reconfirm_cutoff()
    if cutoff is not None:
        where.append("cp.confirmed_at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(cutoff))
    reasons = ", ".join(["%s"] * len(UNREACHABLE_REASONS))
    where.append(
        f"NOT EXISTS (SELECT 1 FROM {_table(Suppression)} su "
        "WHERE su.phone_hash = cp.phone_hash AND su.created_at >= st.at "
        f"AND NOT (su.reason IN ({reasons}) AND cp.confirmed_at > su.created_at))"
    )
    params.extend(UNREACHABLE_REASONS)
    if phone_hashes is not None:
        where.append(f"cp.phone_hash IN ({', '.join(['%s'] * len(phone_hashes))})" if phone_hashes else "1 = 0")
        params.extend(phone_hashes)
    if kind == "numbers" and number_subject_id is not None:
        where.append("st.number_subject_id = %s")
        params.append(number_subject_id)
    if kind == "accounts" and user_id is not None:  # the last parameter (per_person_sql relies on it)
        where.append("st.user_id = %s")
        params.append(user_id)
    if kind == "accounts":
        user_model = get_user_model()
        joins = (
            f"INNER JOIN {_table(ContactPoint)} cp ON cp.user_id = st.user_id "
            f"INNER JOIN {_table(ConsentText)} tx ON tx.id = st.text_id "
            f"INNER JOIN {_table(user_model)} u "
            f"ON u.{connection.ops.quote_name(user_model._meta.pk.column)} = st.user_id "
        )
    else:  # a number-only subject: its own contact point, no account to be active
        joins = (
            f"INNER JOIN {_table(ContactPoint)} cp ON cp.number_subject_id = st.number_subject_id "
            f"INNER JOIN {_table(ConsentText)} tx ON tx.id = st.text_id "
        )
    sql = f"SELECT {select} FROM {_table(ConsentState)} st {joins}WHERE {' AND '.join(where)}"
    return sql, params


def blocking_entry(entries: list[dict], granted_at, confirmed_at) -> dict | None:
    """marketing_sql's suppression clause for one consent, over its number's entries already
    read (contacts.suppressions_of, newest first): the newest entry that keeps off the list a
    consent granted at `granted_at` on a number a code last confirmed at `confirmed_at`. It was
    made at or after the grant, and is not a network report (UNREACHABLE_REASONS) that a code
    typed back after it lifted. None when no entry blocks the consent: what a page names as
    the reason is the entry that holds now, never an older or lifted one."""
    for entry in entries:
        if entry["at"] < granted_at:
            return None  # this one and every older entry came before the grant
        if entry["reason"] in UNREACHABLE_REASONS and confirmed_at is not None and confirmed_at > entry["at"]:
            continue
        return entry
    return None


def standing_entry(entries: list[dict]) -> dict | None:
    """Of a number's entries (newest first), the newest that outlasts a code proof: a withdrawal,
    STOP, opt-out or erasure. A network report only pauses the consents given before it until
    their holder proves the number, so on a number with no consent to pause it says nothing."""
    return next((entry for entry in entries if entry["reason"] not in UNREACHABLE_REASONS), None)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day when
    that month is shorter: 31 May - 3 months = 28/29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = datetime(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - datetime(year, month, 1)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def reconfirm_cutoff(now=None) -> datetime | None:
    """A marketing number confirmed before this needs a new code SMS to count (None: never)."""
    months = app_settings.marketing_reconfirm_months()
    if months is None:
        return None
    return months_before(now or timezone.now(), months)


def per_person_sql(select: str) -> tuple[str, list]:
    """marketing_sql() for one person, built once: run it with [*params, user_id]."""
    sql, params = marketing_sql(select, user_id=0)
    return sql, params[:-1]  # marketing_sql's user filter is its last parameter


def count_valid(since=None, language=None, subjects: str = "all") -> int:
    sql, params = marketing_sql("1 AS one", since=since, language=language, subjects=subjects)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) q", params)
        return cursor.fetchone()[0]


def marketing_valid(user) -> bool:
    sql, params = marketing_sql("1", user_id=user.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def number_subject_valid(number_subject_id) -> bool:
    """marketing_valid() for a number-only subject."""
    sql, params = marketing_sql("1", number_subject_id=number_subject_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def blocked_reason(user) -> str:
    """Why a granted marketing consent doesn't count now, for the person's own page:
    "no_number" (no confirmed number), "superseded" (a material change of the text),
    "reconfirm" (the number wasn't confirmed by a code within the window), "suppressed"
    (opt-out, STOP, an unknown number), or "" when it counts or nothing is granted."""
    from . import contacts, ledger

    state = ledger.state_of(user, Purpose.SMS_MARKETING)
    if state is None or not state.granted:
        return ""
    contact = contacts.contact_of(user)
    if contact is None:
        return "no_number"
    if marketing_valid(user):
        return ""
    if texts.is_superseded(state.text):
        return "superseded"
    cutoff = reconfirm_cutoff()
    if cutoff is not None and contact.confirmed_at < cutoff:
        return "reconfirm"
    return "suppressed"
