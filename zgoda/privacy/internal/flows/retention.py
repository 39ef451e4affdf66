"""Retention on a schedule (RODO art. 5(1)(e)): every app's declaration deletes or blanks
what is past its period (`expire`); privacy runs them all, records the counts per category
as a `PurgeRun`, and keeps the next run queued for the task worker."""

import logging
from datetime import timedelta

from django.utils import timezone

from zgoda.lib import personal_data

from ... import app_settings
from ...models import PurgeRun

log = logging.getLogger(__name__)


def purge(trigger: str, now=None) -> PurgeRun:
    """Apply every app's retention periods once; {"app.category": count} in the run's counts."""
    now = now or timezone.now()
    run = PurgeRun.objects.create(started_at=now, trigger=trigger)
    counts = personal_data.each("expire", now, top_down=True)
    run.counts, run.finished_at = counts, timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    log.info("retention purge (%s): %s", trigger, ", ".join(f"{k}={v}" for k, v in sorted(counts.items()) if v)
             or "nothing past its period")
    return run


def next_run_at(now=None):
    """One interval after the last run started; now when there was none (or it is overdue)."""
    now = now or timezone.now()
    last = PurgeRun.objects.order_by("-started_at").values_list("started_at", flat=True).first()
    return max(now, last + timedelta(hours=app_settings.purge_interval_hours())) if last else now
