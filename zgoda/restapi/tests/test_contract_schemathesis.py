"""The contract: schemathesis drives /api/v1/ from its own OpenAPI schema against the live
test server, with a valid key: every documented response matches the schema (status code,
content type, headers, body) and no request, however odd, gets a 5xx. Positive and negative
data, a bounded number of examples per operation, so it stays under a minute.

(schemathesis' lazy pytest loader does not run under pytest 9, so the operations are walked
here, each with its own hypothesis strategy.)"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import new_key

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 8}


@pytest.mark.django_db(transaction=True)
def test_every_response_matches_the_schema(live_server):
    _key, secret = new_key(rate_limit=1_000_000)
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_url(live_server.url + "/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures = []
    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck),
                      derandomize=True, database=None)
            def run(case):
                case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

            try:
                run()
            except Exception as error:  # noqa: BLE001  (collected: one report for every operation)
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)
