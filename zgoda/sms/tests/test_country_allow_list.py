"""SMS go only to numbers of allowed countries (ZGODA_ALLOWED_COUNTRIES, default PL): every
kind of send, and a refused one costs nothing."""

import html

import pytest

from conftest import PASSWORD, make_user
from zgoda.sms.api import SendRefused, queue_sms
from zgoda.sms.models import Message

from .conftest import use_providers
from .test_provider_contract_http import json_options

GERMAN = "+4915123456789"


@pytest.fixture
def gateway(settings, json_gateway, callbacks):
    use_providers(settings, jsongw=("http", json_options(json_gateway.url, price="PL:0.05,*:0.30")))
    return json_gateway


@pytest.mark.parametrize("kind", ["otp", "service", "marketing"])
def test_number_from_a_country_not_allowed_is_refused_and_costs_nothing(gateway, kind, db):
    with pytest.raises(SendRefused) as refused:
        queue_sms(GERMAN, "Hallo", kind)
    assert refused.value.reason == "country"
    assert refused.value.message == "Nie wysyłamy SMS-ów na numery z tego kraju (DE)."
    assert not Message.objects.exists() and gateway.calls == []


def test_allowed_country_is_sent_at_its_price(gateway, settings, db):
    settings.ZGODA_ALLOWED_COUNTRIES = ["PL", "DE"]
    message = queue_sms(GERMAN, "Hallo", "service")
    message.refresh_from_db()
    assert message.country == "DE" and str(message.cost) == "0.3000" and len(gateway.sent) == 1


def test_login_code_to_a_number_no_longer_allowed_is_refused_on_the_challenge_page(gateway, client, db):
    make_user("jan@example.com", phone=GERMAN)  # enrolled while Germany was allowed
    response = client.post("/accounts/login/", {"login": "jan@example.com", "password": PASSWORD}, follow=True)
    assert "Nie wysyłamy SMS-ów na numery z tego kraju (DE)." in html.unescape(response.content.decode())
    assert not Message.objects.exists() and gateway.calls == []
