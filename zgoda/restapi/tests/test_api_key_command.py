"""`zgoda api-key create --name NAME --scope SCOPE...` prints the new key once as JSON; the
key works with exactly those scopes; `revoke` ends it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from zgoda.cli import main as zgoda
from zgoda.restapi.models import ApiKey

from .conftest import ApiClient


def _create(*args):
    out = io.StringIO()
    call_command("api_key", "create", *args, stdout=out)
    return json.loads(out.getvalue())


def test_create_prints_the_key_once_and_it_works(client, db):
    made = _create("--name", "WooCommerce", "--scope", "consents:read", "verifications")
    assert set(made) == {"id", "key", "scopes", "kind"} and made["kind"] == "live"
    assert made["scopes"] == ["consents:read", "verifications"] and made["key"].startswith("zk_live_")
    row = ApiKey.objects.get(pk=made["id"])
    assert row.name == "WooCommerce" and made["key"] not in str(ApiKey.objects.values().get(pk=row.pk))
    api = ApiClient(client, made["key"])
    assert api.get("/consent-texts").status_code == 200
    assert api.get("/webhooks").status_code == 403


def test_the_console_script_takes_dashes(capsys, db, monkeypatch):
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)  # run_from_argv closes them: the test's own
    zgoda(["zgoda", "api-key", "create", "--name", "Sklep", "--scope", "lists:read", "--sandbox", "--rate-limit", "5"])
    made = json.loads(capsys.readouterr().out)
    assert made["kind"] == "sandbox" and made["key"].startswith("zk_test_")
    assert ApiKey.objects.get(pk=made["id"]).rate_limit == 5


def test_an_unknown_scope_is_refused(db):
    with pytest.raises(CommandError):
        _create("--name", "X", "--scope", "everything")
    assert not ApiKey.objects.exists()


def test_revoke(client, db):
    made = _create("--name", "X", "--scope", "consents:read")
    call_command("api_key", "revoke", str(made["id"]), stdout=io.StringIO())
    assert ApiClient(client, made["key"]).get("/consent-texts").status_code == 401
