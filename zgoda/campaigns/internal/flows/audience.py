"""Who a campaign reaches: the consent app's audience, with the composer's filters,
counted, snapshotted into recipient rows in one INSERT ... SELECT, and checked again just
before each chunk is sent."""

from datetime import datetime, time

from django.db import connection, transaction
from django.utils import timezone

from zgoda.consent import api as consent

from ...models import Campaign, Recipient


def _filters(language, since_day, twofa) -> dict:
    """The composer's filters as consent's audience takes them."""
    return {
        "language": language or None,
        "since": timezone.make_aware(datetime.combine(since_day, time.min)) if since_day else None,
        "twofa": twofa == Campaign.TwoFactor.YES if twofa else None,
    }


def count(*, language="", since_day=None, twofa="") -> int:
    return consent.audience_count(**_filters(language, since_day, twofa))


def count_for(campaign: Campaign) -> int:
    return count(language=campaign.language, since_day=campaign.consent_since, twofa=campaign.twofa)


def snapshot(campaign: Campaign) -> int:
    """Write one pending recipient row per number of the audience, in the database (no rows
    through Python). A number held by two accounts is one recipient (the older consent)."""
    sql, params = consent.audience_sql(**_filters(campaign.language, campaign.consent_since, campaign.twofa))
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(Recipient._meta.get_field(f).column)
        for f in ("campaign", "user", "phone", "consent_at", "state", "clicks", "optout_token")
    )
    select = f"SELECT {int(campaign.pk)}, a.user_id, a.phone, a.consent_at, 'pending', 0, '' FROM ({sql}) a"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(Recipient._meta.db_table)} ({columns}) {select}", params)
        return cursor.rowcount


def still_valid(recipients: list[Recipient]) -> set[int]:
    """Ids of the recipients whose consent still holds now for the same number (not withdrawn,
    not superseded, not suppressed by an opt-out, STOP or erasure)."""
    valid = consent.still_valid([(r.user_id, r.phone) for r in recipients])
    return {r.pk for r in recipients if (r.user_id, r.phone) in valid}


def first_of(campaign: Campaign):
    """(phone, consent time) of one person the campaign would reach now (the earliest consent),
    or None: whose SMS the send confirmation shows."""
    from datetime import timezone as dt_timezone

    from django.utils.dateparse import parse_datetime

    sql, params = consent.audience_sql(**_filters(campaign.language, campaign.consent_since, campaign.twofa))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT a.phone, a.consent_at FROM ({sql}) a ORDER BY a.consent_at, a.phone LIMIT 1", params)
        row = cursor.fetchone()
    if row is None:
        return None
    phone, at = row
    at = parse_datetime(at) if isinstance(at, str) else at
    if timezone.is_naive(at):
        at = timezone.make_aware(at, dt_timezone.utc)
    return phone, at
