"""Cooldowns that grow with every resend, and when a sliding window lets the next event in."""

from datetime import datetime, timedelta, timezone

from zgoda.lib.ratelimit import growing_cooldown, window_frees_at

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def test_cooldown_doubles_with_every_send():
    assert [growing_cooldown(30, n) for n in range(1, 6)] == [30, 60, 120, 240, 480]


def test_cooldown_is_zero_before_anything_was_sent():
    assert growing_cooldown(30, 0) == 0


def test_cooldown_stops_growing_at_the_cap():
    assert growing_cooldown(30, 6) == 600
    assert growing_cooldown(30, 20) == 600
    assert growing_cooldown(30, 6, cap_seconds=900) == 900


def test_window_with_room_left_allows_now():
    assert window_frees_at([T0, T0 + timedelta(seconds=10)], 3, timedelta(minutes=5)) is None
    assert window_frees_at([], 1, timedelta(minutes=5)) is None


def test_full_window_frees_when_the_oldest_counted_event_leaves_it():
    times = [T0 + timedelta(seconds=s) for s in (40, 0, 20)]  # any order
    assert window_frees_at(times, 3, timedelta(minutes=5)) == T0 + timedelta(minutes=5)


def test_overfull_window_waits_for_enough_events_to_leave():
    times = [T0 + timedelta(seconds=s) for s in (0, 10, 20, 30)]
    # Limit 2: the next is allowed once only one event remains in the window.
    assert window_frees_at(times, 2, timedelta(seconds=60)) == T0 + timedelta(seconds=80)
