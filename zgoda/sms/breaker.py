"""Circuit breaker: a provider that keeps failing is skipped for a while.

After ZGODA_SMS_BREAKER_FAILURES consecutive failures (temporary errors, or permanent ones
that are the provider's fault, never a bad number) the provider is skipped for
ZGODA_SMS_BREAKER_SECONDS. Then one message may try it again (half-open): a success closes
the breaker, another failure opens it again at once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import app_settings
from .models import ProviderHealth

OK, FAILING, SKIPPED = "ok", "failing", "skipped"


@dataclass
class Pick:
    name: str | None  # the provider to try now, or None when all are skipped
    reopens_at: datetime | None = None  # then: when the first of them may be tried again
    failing: bool = False  # the chosen one has failures on record (a success must clear them)


def pick(names: list[str], now=None) -> Pick:
    """The first of `names` whose breaker lets it be tried now."""
    now = now or timezone.now()
    rows = {
        name: (failures, open_until)
        for name, failures, open_until in ProviderHealth.objects.filter(name__in=names, consecutive_failures__gt=0)
        .values_list("name", "consecutive_failures", "open_until")
    }  # fmt: skip
    skipped = {name: until for name, (_, until) in rows.items() if until and until > now}
    for name in names:
        if name not in skipped:
            return Pick(name, failing=name in rows)
    return Pick(None, reopens_at=min(skipped.values()))


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
