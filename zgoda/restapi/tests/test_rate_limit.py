"""A key makes at most its requests a minute; then a 429 problem with Retry-After, until the
minute is over."""

import time_machine
from django.utils import timezone

from zgoda.restapi.models import ApiKey


def test_over_the_limit_is_429_with_retry_after(make_api):
    start = timezone.now().replace(second=10, microsecond=0)
    with time_machine.travel(start, tick=False):
        api = make_api("consents:read", rate_limit=2)
        assert [api.get("/consent-texts").status_code for _ in range(2)] == [200, 200]
        refused = api.get("/consent-texts")
        assert refused.status_code == 429 and refused["Retry-After"] == "50"
        assert refused.json()["type"] == "urn:zgoda:problem:rate-limited"
    with time_machine.travel(start + timezone.timedelta(minutes=1), tick=False):
        assert api.get("/consent-texts").status_code == 200


def test_the_default_limit_comes_from_the_setting(make_api, settings):
    settings.ZGODA_API_RATE_LIMIT_PER_MINUTE = 1
    with time_machine.travel(timezone.now().replace(second=0), tick=False):
        api = make_api("consents:read")
        assert ApiKey.objects.get(pk=api.key.pk).rate_limit is None
        assert [api.get("/consent-texts").status_code for _ in range(2)] == [200, 429]
