"""Providers are configured in order from the environment, secrets from files; third-party
providers plug in through the zgoda.sms_providers entry point group."""

from decimal import Decimal
from importlib.metadata import EntryPoint
from io import StringIO

import pytest
from django.core.management import call_command

from zgoda.sms.checks import providers_configured
from zgoda.sms.config import parse_prices, provider_options_from_env
from zgoda.sms.providers import registry
from zgoda.sms.providers.base import Provider

from .conftest import use_providers


def test_options_come_from_prefixed_variables_and_files_win(tmp_path):
    secret = tmp_path / "kannel_password"
    secret.write_text("from-file\n")
    environ = {
        "ZGODA_SMS_KANNEL_URL": "http://127.0.0.1:13013/cgi-bin/sendsms",
        "ZGODA_SMS_KANNEL_PASSWORD": "from-env",
        "ZGODA_SMS_KANNEL_PASSWORD_FILE": str(secret),
        "ZGODA_SMS_BACKUP_TOKEN": "abc",
        "ZGODA_SMS_SENDER": "Sklep",  # not a provider option
    }
    options = provider_options_from_env(["kannel", "backup:smsapi"], environ)
    assert options == {
        "kannel": {"url": "http://127.0.0.1:13013/cgi-bin/sendsms", "password": "from-file"},
        "backup": {"token": "abc"},
    }


def test_order_and_types_of_providers(settings):
    settings.ZGODA_SMS_PROVIDERS = ["kannel", "backup:kannel", "smsapi"]
    from zgoda.sms import app_settings

    assert app_settings.provider_entries() == [("kannel", "kannel"), ("backup", "kannel"), ("smsapi", "smsapi")]


def test_prices_per_country_with_a_default():
    assert parse_prices("pl:0.07, DE:0.12") == {"PL": Decimal("0.07"), "DE": Decimal("0.12")}
    prices = parse_prices("PL:0.07,*:0.20")
    assert str(prices["PL"]) == "0.07" and str(prices["*"]) == "0.20"
    assert str(parse_prices("0.05")["*"]) == "0.05"
    with pytest.raises(ValueError, match="not a number"):
        parse_prices("PL:abc")


class PluginProvider(Provider):
    name = "plugin"

    def send(self, message):
        return "plugin-1"


def test_third_party_provider_plugs_in_through_the_entry_point_group(settings, monkeypatch, db, request):
    found = [EntryPoint(name="acme", value=f"{__name__}:PluginProvider", group=registry.ENTRY_POINT_GROUP)]
    monkeypatch.setattr(registry, "entry_points", lambda group: found if group == registry.ENTRY_POINT_GROUP else [])
    registry._plugins.cache_clear()
    request.addfinalizer(registry._plugins.cache_clear)
    use_providers(settings, acme=("acme", {"price": "0.01"}))
    from zgoda.sms.api import queue_sms

    message = queue_sms("+48500100200", "Hej", "service")
    message.refresh_from_db()
    assert (message.provider, message.provider_message_id, message.status) == ("acme", "plugin-1", "submitted")


def test_system_check_names_the_missing_variable(settings):
    use_providers(settings, kannel=("kannel", {"url": "http://127.0.0.1:13013/cgi-bin/sendsms"}))
    errors = providers_configured(None)
    assert [e.id for e in errors] == ["zgoda.sms.E003"]
    assert "ZGODA_SMS_KANNEL_USERNAME" in errors[0].msg and "ZGODA_SMS_KANNEL_PASSWORD" in errors[0].msg


def test_system_check_refuses_an_unknown_type(settings):
    settings.ZGODA_SMS_PROVIDERS = ["kanel"]
    assert "Unknown SMS provider type 'kanel'" in providers_configured(None)[0].msg


def test_system_check_warns_without_callback_url_or_price(settings):
    settings.ZGODA_SMS_CALLBACK_BASE_URL = ""
    use_providers(settings, smsapi=("smsapi", {"token": "t"}))
    assert sorted(w.id for w in providers_configured(None)) == ["zgoda.sms.W001", "zgoda.sms.W002"]
    use_providers(settings, smsapi=("smsapi", {"token": "t", "price": "PL:0.16"}))
    settings.ZGODA_SMS_CALLBACK_BASE_URL = "https://zgoda.example.pl"
    assert providers_configured(None) == []


def test_sms_providers_command_lists_order_capabilities_and_inbound_url(settings, db):
    settings.ZGODA_SMS_CALLBACK_BASE_URL = "https://zgoda.example.pl"
    use_providers(settings, kannel=("kannel", {"url": "http://k/", "username": "u", "password": "p"}),
                  backup=("smsapi", {"token": "t"}))  # fmt: skip
    out = StringIO()
    call_command("sms_providers", stdout=out)
    text = out.getvalue()
    assert text.index("1. kannel (kannel): ok") < text.index("2. backup (smsapi): ok")
    assert "inbound SMS URL: https://zgoda.example.pl/sms/callbacks/kannel/inbound/" in text
    assert "from=%p&to=%P&text=%b" in text
