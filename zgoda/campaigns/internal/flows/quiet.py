"""Quiet hours: local hours and weekdays in which no campaign SMS goes out."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ... import app_settings


def _quiet_at(local: datetime) -> bool:
    if local.weekday() in app_settings.quiet_days():
        return True
    hours = app_settings.quiet_hours()
    if hours is None:
        return False
    start, end = hours
    moment = local.time()
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end  # over midnight, e.g. 20:00-09:00


def next_allowed(moment: datetime) -> datetime | None:
    """None when `moment` is outside quiet hours, else the first moment after them."""
    zone = ZoneInfo(app_settings.quiet_time_zone())
    local = moment.astimezone(zone)
    if not _quiet_at(local):
        return None
    hours = app_settings.quiet_hours()
    # Walk forward to the next boundary where sending may start: the end of the quiet hours
    # (or midnight of a non-quiet day), at most two weeks ahead.
    candidate = local
    for _ in range(15 * 2):
        ends = []
        if hours is not None:
            end = candidate.replace(hour=hours[1].hour, minute=hours[1].minute, second=0, microsecond=0)
            ends.append(end if end > candidate else end + timedelta(days=1))
        midnight = (candidate + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        ends.append(midnight)
        candidate = min(ends)
        candidate = candidate.replace(tzinfo=None).replace(tzinfo=zone)  # wall clock across DST
        if not _quiet_at(candidate):
            return candidate
    raise ValueError("quiet hours leave no time to send")
