"""Figures per provider for the admin: state, sends and spend today, delivery rate, last errors."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from . import app_settings, breaker
from .models import Message, ProviderHealth, SendAttempt


@dataclass
class ProviderStats:
    name: str
    kind: str
    state: str
    consecutive_failures: int = 0
    skipped_until: datetime | None = None
    attempts_today: int = 0
    sends_today: int = 0
    failures_today: int = 0
    spend_today: Decimal = Decimal(0)
    handed_24h: int = 0
    delivered_24h: int = 0
    last_errors: list = field(default_factory=list)

    @property
    def delivery_rate_24h(self) -> float | None:
        """Share of the messages it took in the last 24 h that a report says were delivered."""
        return self.delivered_24h / self.handed_24h if self.handed_24h else None


def _today_start(now):
    return timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))


def provider_stats(name: str, kind: str = "", now=None, errors: int = 10) -> ProviderStats:
    now = now or timezone.now()
    start, day_ago = _today_start(now), now - timedelta(hours=24)
    health = ProviderHealth.objects.filter(name=name).first()
    stats = ProviderStats(name=name, kind=kind or name, state=breaker.state(health, now))
    if health:
        stats.consecutive_failures = health.consecutive_failures
        stats.skipped_until = health.open_until if stats.state == breaker.SKIPPED else None
    attempts = SendAttempt.objects.filter(provider=name, finished_at__gte=start).aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(outcome=SendAttempt.Outcome.ACCEPTED)),
        failed=Count("id", filter=~Q(outcome=SendAttempt.Outcome.ACCEPTED)),
    )
    stats.attempts_today, stats.sends_today, stats.failures_today = attempts["total"], attempts["sent"], attempts["failed"]
    handed = Message.objects.filter(provider=name, submitted_at__isnull=False)
    stats.spend_today = handed.filter(submitted_at__gte=start).aggregate(s=Sum("cost"))["s"] or Decimal(0)
    recent = handed.filter(submitted_at__gte=day_ago).aggregate(
        total=Count("id"), delivered=Count("id", filter=Q(status=Message.Status.DELIVERED))
    )
    stats.handed_24h, stats.delivered_24h = recent["total"], recent["delivered"]
    stats.last_errors = list(
        SendAttempt.objects.filter(provider=name).exclude(outcome=SendAttempt.Outcome.ACCEPTED).order_by("-finished_at", "-id")[:errors]
    )
    return stats


def all_provider_stats(now=None) -> list[ProviderStats]:
    """Configured providers in order, then any other that sent something in the last day."""
    now = now or timezone.now()
    entries = app_settings.provider_entries()
    names = [name for name, _ in entries]
    recent = (
        SendAttempt.objects.filter(finished_at__gte=now - timedelta(hours=24))
        .exclude(provider__in=names).values_list("provider", flat=True).distinct()
    )  # fmt: skip
    return [provider_stats(n, k, now, errors=3) for n, k in entries] + [
        provider_stats(n, "", now, errors=3) for n in sorted(set(recent))
    ]
