"""Fixtures for the REST API tests: keys with chosen scopes, and a client that sends one."""

import json

import pytest

from zgoda.restapi.internal import keys
from zgoda.restapi.models import SCOPES, ApiKey

ALL_SCOPES = tuple(SCOPES)
CUSTOMER = "+48500300400"


class ApiClient:
    """Django's test client with `Authorization: Bearer <key>` and JSON bodies."""

    def __init__(self, client, secret, key=None):
        self.client, self.secret, self.key = client, secret, key

    def _headers(self, headers):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {self.secret}"} if self.secret else {}
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        return extra

    def post(self, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post("/api/v1" + path, data=data, content_type="application/json", **self._headers(headers))

    def get(self, path, params=None, headers=None):
        return self.client.get("/api/v1" + path, params or {}, **self._headers(headers))

    def delete(self, path, headers=None):
        return self.client.delete("/api/v1" + path, **self._headers(headers))


def new_key(*scopes, kind=ApiKey.Kind.LIVE, **extra) -> tuple[ApiKey, str]:
    made = keys.create(name=extra.pop("name", "Sklep testowy"), scopes=scopes or ALL_SCOPES, kind=kind, **extra)
    return made.key, made.secret


@pytest.fixture
def api(client, db):
    key, secret = new_key()
    return ApiClient(client, secret, key)


@pytest.fixture
def make_api(client, db):
    def make(*scopes, **extra):
        key, secret = new_key(*scopes, **extra)
        return ApiClient(client, secret, key)

    return make
