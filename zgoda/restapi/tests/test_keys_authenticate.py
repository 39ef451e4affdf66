"""Only a valid key gets in: a missing, malformed, unknown, revoked or expired key is a 401
problem; the key rests only as a keyed hash; using it notes when."""

import pytest
from django.utils import timezone

from zgoda.restapi.internal import keys
from zgoda.restapi.models import ApiKey

from .conftest import ApiClient, new_key


def _problem(response, status=401):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.mark.parametrize("header", [None, "Basic abc", "Bearer", "Bearer zk_live_nothex______", "Bearer " + "x" * 5000])
def test_missing_or_malformed_key_is_401(client, db, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    body = _problem(client.get("/api/v1/consent-texts", **extra))
    assert body["type"] == "urn:zgoda:problem:unauthorized" and body["status"] == 401


def test_unknown_secret_with_a_known_prefix_is_401(client, db):
    key, secret = new_key()
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert _problem(ApiClient(client, forged).get("/consent-texts"))["detail"] == "Nieznany klucz API."


def test_revoked_and_expired_keys_are_401(client, db):
    revoked, revoked_secret = new_key()
    keys.revoke(ApiKey.objects.filter(pk=revoked.pk))
    assert "unieważniony" in _problem(ApiClient(client, revoked_secret).get("/consent-texts"))["detail"]
    _expired, expired_secret = new_key(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    assert "wygasł" in _problem(ApiClient(client, expired_secret).get("/consent-texts"))["detail"]


def test_the_key_rests_only_as_a_hash_and_its_use_is_noted(client, db):
    key, secret = new_key()
    row = ApiKey.objects.values().get(pk=key.pk)
    assert secret.startswith(f"zk_live_{key.prefix}_")
    token = secret.removeprefix(f"zk_live_{key.prefix}_")  # random, may itself hold "_"
    assert secret not in str(row) and token not in str(row)
    assert ApiClient(client, secret).get("/consent-texts").status_code == 200
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


def test_a_sandbox_key_looks_like_one(db):
    _key, secret = new_key(kind=ApiKey.Kind.SANDBOX)
    assert secret.startswith("zk_test_")
