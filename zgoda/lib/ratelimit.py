"""Pure arithmetic for limits: growing cooldowns and the moment a window frees up."""

from datetime import datetime, timedelta


def growing_cooldown(base_seconds: int, sends_so_far: int, cap_seconds: int = 600) -> int:
    """Seconds to wait after the n-th send: base, 2x base, 4x base ... up to the cap."""
    if sends_so_far <= 0:
        return 0
    return min(cap_seconds, base_seconds * 2 ** (sends_so_far - 1))


def window_frees_at(timestamps: list[datetime], limit: int, window: timedelta) -> datetime | None:
    """With `limit` events allowed per sliding `window`, when is the next one allowed?

    Returns None when one is allowed now (fewer than `limit` events in the window).
    `timestamps` are the events inside the window, any order.
    """
    if len(timestamps) < limit:
        return None
    ordered = sorted(timestamps)
    return ordered[len(ordered) - limit] + window
