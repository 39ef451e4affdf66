"""Production refuses to start (`zgoda check --deploy --fail-level ERROR`, which the start
runs first) while the current consent texts are the shipped examples or the data controller
is unnamed; a demonstration (ZGODA_DEMO=1, which `make run` sets) may. A marketing text may
promise a STOP reply only when every gateway can receive one."""

import importlib
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from zgoda.consent.models import Purpose

from .conftest import publish

ROOT = Path(__file__).resolve().parents[3]
OWN = ("zgoda.consent.E002", "zgoda.consent.E003", "zgoda.consent.E004")
TWILIO = {"account_sid": "AC" + "0" * 32, "auth_token": "secret", "from_number": "+48500600700"}


def consent_errors() -> list[str]:
    found = checks.run_checks(include_deployment_checks=True)
    return sorted(c.id for c in found if c.id in OWN and c.level >= checks.ERROR)


def start():
    call_command("check", deploy=True, fail_level="ERROR")


@pytest.fixture
def controller(settings):
    settings.ZGODA_CONTROLLER_NAME = "Sklep Przykład sp. z o.o."
    settings.ZGODA_CONTROLLER_ADDRESS = "ul. Prosta 1, 00-001 Warszawa"
    settings.ZGODA_CONTROLLER_EMAIL = "dane@sklep.example.pl"
    settings.ZGODA_PUBLIC_URL = "https://zgoda.sklep.example.pl"  # links beyond this machine (campaigns.E005)
    settings.ZGODA_SHORT_BASE_URL = "sklep.example.pl"
    return settings


def own_texts(marketing_body="Nasza zgoda na SMS-y.") -> None:
    for language in ("pl", "en"):
        for purpose in Purpose.values:
            body = marketing_body if purpose == Purpose.SMS_MARKETING else None
            publish(purpose, "2.0", language=language, body=body, published_by="Ewa")


def test_production_start_with_the_shipped_texts_is_refused(db, controller):
    assert consent_errors() == ["zgoda.consent.E003"]
    with pytest.raises(SystemCheckError, match="zgoda.consent.E003"):
        start()


def test_the_shipped_wording_republished_by_hand_is_still_refused(db, controller):
    own_texts()
    assert consent_errors() == []
    label, body = importlib.import_module("zgoda.consent.migrations.0002_first_texts").TEXTS[("twofa", "pl")]
    publish(Purpose.TWOFA, "2.1", label=label, body=body, published_by="Ewa")
    assert consent_errors() == ["zgoda.consent.E003"]


def test_production_start_without_the_controller_is_refused(db, settings):
    own_texts()
    settings.ZGODA_CONTROLLER_NAME = "Sklep Przykład sp. z o.o."
    assert consent_errors() == ["zgoda.consent.E002"]
    with pytest.raises(SystemCheckError, match="ZGODA_CONTROLLER_ADDRESS, ZGODA_CONTROLLER_EMAIL"):
        start()


def test_production_start_with_own_texts_and_a_controller_goes_ahead(db, controller):
    own_texts()
    assert consent_errors() == []
    start()


def test_the_demo_starts_with_shipped_texts_and_no_controller(db, settings):
    settings.ZGODA_DEMO = "1"
    assert consent_errors() == []
    start()


def test_a_stop_promise_needs_a_gateway_that_receives_replies(db, controller):
    own_texts(marketing_body="Zgodę wycofasz linkiem w SMS-ie albo odpisując STOP.")
    assert consent_errors() == ["zgoda.consent.E004"]  # the dev outbox: nobody can answer
    controller.ZGODA_SMS_PROVIDERS = ["twilio"]
    controller.ZGODA_SMS_PROVIDER_OPTIONS = {"twilio": TWILIO}
    assert consent_errors() == []  # Twilio sends from a number and receives the reply


def test_the_shipped_marketing_text_promises_no_stop(db):
    from zgoda.consent.internal.flows import texts

    for language in ("pl", "en"):
        text = texts.current_text(Purpose.SMS_MARKETING, language)
        assert "STOP" not in text.label + text.body


def test_the_start_scripts_run_the_deploy_check_first_and_make_run_is_a_demo():
    serve = (ROOT / "scripts/serve-demo").read_text()
    assert serve.index("zgoda check --deploy --fail-level ERROR") < serve.index("zgoda.wsgi:application")
    run = (ROOT / "Makefile").read_text().split("\nrun: setup\n")[1].splitlines()[0]
    assert "ZGODA_DEMO=1" in run and "scripts/serve-demo" in run
