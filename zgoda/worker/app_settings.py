"""Task worker settings with their defaults, read from django.conf.settings."""

from django.conf import settings


def niceness() -> int:
    """The CPU niceness a running `zgoda db_worker` takes (0-19; 0 or empty: as started). On a
    machine that also serves the web, a busy CPU goes to the requests people wait on first and the
    worker's sends fill the gaps; a worker machine of its own loses nothing (nothing competes)."""
    value = getattr(settings, "ZGODA_WORKER_NICENESS", 10)
    return int(value) if value not in (None, "") else 0
