"""Circuit breaker: a provider that keeps failing is skipped for a while.

After ZGODA_SMS_BREAKER_FAILURES consecutive failures (temporary errors, or permanent ones
that are the provider's fault, never a bad number) the provider is skipped for
ZGODA_SMS_BREAKER_SECONDS. Then one message may try it again (half-open): a success closes
the breaker, another failure opens it again at once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from . import app_settings
from .models import ProviderHealth

OK, FAILING, SKIPPED = "ok", "failing", "skipped"


@dataclass
class Pick:
    name: str | None  # the provider to try now, or None when all are skipped
    reopens_at: datetime | None = None  # then: when the first of them may be tried again
    failing: bool = False  # the chosen one has failures on record (a success must clear them)


def _failing(now) -> dict[str, bool]:
    """{name: skipped now?} of every provider with failures on record. Runs before every send,
    so a plain query (a row per provider that ever failed; usually none match)."""
    table = connection.ops.quote_name(ProviderHealth._meta.db_table)
    sql = f"SELECT name, open_until IS NOT NULL AND open_until > %s FROM {table} WHERE consecutive_failures > 0"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now)])
        return {name: bool(skipped) for name, skipped in cursor.fetchall()}


def pick(names: list[str], now=None) -> Pick:
    """The first of `names` whose breaker lets it be tried now."""
    now = now or timezone.now()
    failing = _failing(now)
    for name in names:
        if not failing.get(name):
            return Pick(name, failing=name in failing)
    reopens_at = ProviderHealth.objects.filter(name__in=names).aggregate(first=Min("open_until"))["first"]
    return Pick(None, reopens_at=reopens_at)


def succeeded(name: str) -> None:
    ProviderHealth.objects.filter(name=name, consecutive_failures__gt=0).update(consecutive_failures=0, open_until=None)


def failed(name: str, error: str, now=None) -> bool:
    """Count a failure; True when this failure (re)opened the breaker."""
    now = now or timezone.now()
    changes = {"consecutive_failures": F("consecutive_failures") + 1, "last_error": error[:2000], "last_error_at": now}
    if not ProviderHealth.objects.filter(name=name).update(**changes):
        try:
            with transaction.atomic():
                ProviderHealth.objects.create(name=name, consecutive_failures=1, last_error=error[:2000], last_error_at=now)
        except IntegrityError:  # another worker created it first
            ProviderHealth.objects.filter(name=name).update(**changes)
    failures = ProviderHealth.objects.filter(name=name).values_list("consecutive_failures", flat=True).first()
    if failures >= app_settings.breaker_failures():
        until = now + timedelta(seconds=app_settings.breaker_seconds())
        ProviderHealth.objects.filter(name=name).update(open_until=until)
        return True
    return False


def state(health: ProviderHealth | None, now=None) -> str:
    now = now or timezone.now()
    if health is None or health.consecutive_failures == 0:
        return OK
    if health.open_until and health.open_until > now:
        return SKIPPED
    return FAILING
