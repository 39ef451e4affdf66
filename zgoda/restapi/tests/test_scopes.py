"""A key without the scope an endpoint needs gets a 403 problem, before anything happens."""

import pytest

from conftest import sms_to

from .conftest import CUSTOMER

ENDPOINTS = [
    ("post", "/verifications", {"phone": CUSTOMER, "purpose": "login"}, "verifications"),
    ("post", "/verifications/00000000-0000-0000-0000-000000000000/check", {"code": "123456"}, "verifications"),
    ("get", "/consent-texts", None, "consents:read"),
    ("post", "/subjects/lookup", {"phone": CUSTOMER}, "consents:read"),
    ("post", "/consents", {"phone": CUSTOMER, "purpose": "sms_marketing", "text_version": "1.0"}, "consents:write"),
    ("post", "/withdrawals", {"phone": CUSTOMER, "purpose": "sms_marketing"}, "consents:write"),
    ("get", "/marketing-numbers", None, "lists:read"),
    ("get", "/suppressions", None, "lists:read"),
    ("get", "/webhooks", None, "webhooks"),
    ("post", "/webhooks", {"url": "https://shop.example/hook", "events": ["consent.withdrawn"]}, "webhooks"),
    ("delete", "/webhooks/1", None, "webhooks"),
]


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS)
def test_a_key_without_the_scope_gets_403(make_api, method, path, body, scope):
    from zgoda.restapi.models import SCOPES

    others = [s for s in SCOPES if s != scope]
    api = make_api(*others)
    response = getattr(api, method)(path, body) if body is not None else getattr(api, method)(path)
    assert response.status_code == 403, response.content
    problem = response.json()
    assert problem["type"] == "urn:zgoda:problem:forbidden" and scope in problem["detail"]
    assert sms_to(CUSTOMER) == []
