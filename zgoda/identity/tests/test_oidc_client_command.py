"""`zgoda oidc-client create` prints the client's id and secret once as JSON; the database
keeps only the secret's hash; bad input is a clear error, never a traceback."""

import json
from io import StringIO

import pytest
from allauth.idp.oidc.models import Client
from django.core.management import CommandError, call_command


def run(*args):
    out = StringIO()
    call_command("oidc_client", *args, stdout=out)
    return json.loads(out.getvalue())


def test_create_prints_id_and_secret_and_stores_only_its_hash(db):
    printed = run("create", "--name", "Sklep Ani", "--redirect-uri", "https://sklep.example/openid-callback",
                  "--redirect-uri", "http://localhost:8001/callback")
    assert set(printed) == {"client_id", "client_secret"}
    client = Client.objects.get(pk=printed["client_id"])
    assert client.name == "Sklep Ani" and client.type == "confidential"
    assert printed["client_secret"] not in client.secret and client.check_secret(printed["client_secret"])
    assert client.get_redirect_uris() == ["https://sklep.example/openid-callback", "http://localhost:8001/callback"]
    assert client.get_scopes() == ["openid", "email", "phone", "consents"]
    assert client.get_response_types() == ["code"]


def test_scopes_can_be_narrowed(db):
    printed = run("create", "--name", "S", "--redirect-uri", "https://s.example/cb", "--scope", "email", "--scope", "consents")
    assert Client.objects.get(pk=printed["client_id"]).get_scopes() == ["openid", "email", "consents"]


def test_public_client_has_no_secret_to_show(db):
    printed = run("create", "--name", "Aplikacja", "--redirect-uri", "https://app.example/cb", "--public")
    assert printed["client_secret"] is None
    assert Client.objects.get(pk=printed["client_id"]).type == "public"


@pytest.mark.parametrize("args, message", [
    (["--redirect-uri", "http://sklep.example/cb"], "https://"),
    (["--redirect-uri", "sklep.example/cb"], "pełnym adresem"),
    (["--redirect-uri", "https://s.example/cb", "--scope", "profile"], "Nieznany zakres"),
])
def test_bad_input_is_a_clear_error(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("oidc_client", "create", "--name", "S", *args)
    assert not Client.objects.exists()


def test_the_cli_spelling_with_a_dash_names_this_command(monkeypatch):
    from django.core import management

    from zgoda.cli import main

    seen = []
    monkeypatch.setattr(management, "execute_from_command_line", seen.append)
    main(["zgoda", "oidc-client", "create"])
    assert seen == [["zgoda", "oidc_client", "create"]]
    assert "oidc_client" in management.get_commands()


def test_demo_client_is_made_once_and_printed_the_same_each_start(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = run("demo")
    assert run("demo") == first
    client = Client.objects.get(pk=first["client_id"])
    assert client.get_redirect_uris() == ["http://localhost:8001/callback"] and client.check_secret(first["client_secret"])
    assert oct((tmp_path / "oidc_demo_client.json").stat().st_mode & 0o777) == "0o600"
