"""The shared cache's `incr` loses no count when processes count at once (the REST API's
requests per minute are counted with it): eight threads, each with its own database
connection, add 25 each to one counter and it ends at 200."""

import pytest
from django.core.cache import cache

from conftest import run_at_once

THREADS, EACH = 8, 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_are_all_counted(tmp_path):
    cache.set("zgoda:test-counter", 0, 120)

    def count():
        for _ in range(EACH):
            cache.incr("zgoda:test-counter")

    run_at_once(count, THREADS, tmp_path)
    assert cache.get("zgoda:test-counter") == THREADS * EACH


@pytest.mark.django_db
def test_incr_of_a_missing_or_expired_key_is_a_value_error():
    with pytest.raises(ValueError):
        cache.incr("zgoda:never-set")
    cache.set("zgoda:gone", 5, -1)
    with pytest.raises(ValueError):
        cache.incr("zgoda:gone")
    cache.set("zgoda:here", 5, 60)
    assert cache.incr("zgoda:here", 3) == 8 and cache.get("zgoda:here") == 8
