"""The default campaign footer names the shop, says it is advertising, states the basis (the
consent date) and the opt-out link, in GSM-7; "lub odpisz STOP" appears only when the
campaign's gateway can receive the reply (never from an alphanumeric sender). The footer
check requires {optout_url} and {consent_date} and refuses a STOP promised outside {stop}."""

import pytest

from zgoda.campaigns.checks import campaign_settings as campaign_checks
from zgoda.campaigns.internal.flows import compose, testsend
from zgoda.sms import api as sms
from zgoda.sms.models import OutboxEntry

from .conftest import make_campaign

TWILIO = {"account_sid": "AC" + "0" * 32, "auth_token": "secret", "from_number": "+48500600700"}
KANNEL = {"url": "http://127.0.0.1:9/", "username": "u", "password": "p"}


def footer_checks():
    return campaign_checks(None)


@pytest.fixture
def gateways(settings):
    settings.ZGODA_SMS_PROVIDERS = ["outbox", "kannel", "twilio"]
    settings.ZGODA_SMS_PROVIDER_OPTIONS = {"kannel": KANNEL, "twilio": TWILIO}
    return settings


def test_default_footer_names_the_shop_says_reklama_and_is_gsm7(campaign_settings):
    campaign_settings.ZGODA_SITE_NAME = "Sklep Łąka"
    text = compose.render("Wiosna -20%!", link_token="", optout_url="sklep.pl/o/AbCdEfGhI", consent_date="01.03.26")
    assert text == "Wiosna -20%! Sklep Laka: reklama, zgoda z 01.03.26. Wypisz: sklep.pl/o/AbCdEfGhI"
    assert sms.is_gsm7(text)
    assert sms.is_gsm7(compose.footer(optout_url="sklep.pl/o/AbCdEfGhI", consent_date="01.03.26", stop=True))


def test_no_stop_wording_with_an_alphanumeric_sender(db, campaign_settings, gateways):
    assert not compose.offers_stop("outbox", "Sklep")  # takes no replies
    assert not compose.offers_stop("kannel", "Sklep")  # takes replies, but nobody can answer "Sklep"
    assert "STOP" not in compose.sample("Promocja", "kannel", "Sklep")
    testsend.send_test(make_campaign(provider="kannel"), "+48600700800", None)
    [text] = OutboxEntry.objects.filter(to="+48600700800").values_list("text", flat=True)
    assert " Wypisz: sklep.pl/o/" in text and "STOP" not in text


def test_stop_wording_with_a_gateway_that_receives_replies(db, campaign_settings, gateways):
    assert compose.offers_stop("twilio", "Sklep")  # Twilio sends from its number
    assert compose.sample("Promocja", "twilio").endswith(" lub odpisz STOP")
    testsend.send_test(make_campaign(provider="twilio"), "+48600700800", None)
    [text] = OutboxEntry.objects.filter(to="+48600700800").values_list("text", flat=True)
    assert text.endswith(" lub odpisz STOP") and " Wypisz: sklep.pl/o/" in text
    assert sms.is_gsm7(text)


def test_footer_check_requires_optout_link_and_consent_date(settings):
    assert footer_checks() == []
    settings.ZGODA_CAMPAIGN_FOOTER = "{shop}: reklama. Wypisz: {optout_url}"
    assert [c.id for c in footer_checks()] == ["campaigns.E001"]
    assert "{consent_date}" in footer_checks()[0].msg
    settings.ZGODA_CAMPAIGN_FOOTER = "{shop}: reklama, zgoda z {consent_date}."
    assert [c.id for c in footer_checks()] == ["campaigns.E001"]


def test_footer_check_refuses_stop_promised_outside_the_placeholder(settings):
    settings.ZGODA_CAMPAIGN_FOOTER = "{shop}: reklama, zgoda z {consent_date}. Wypisz: {optout_url} lub STOP"
    (error,) = footer_checks()
    assert error.id == "campaigns.E001" and "{stop}" in error.msg


def test_footer_check_warns_when_the_footer_is_not_gsm7(settings):
    settings.ZGODA_CAMPAIGN_FOOTER = "{shop}: reklama, zgoda z {consent_date}. Wypisz się: {optout_url}"
    assert [c.id for c in footer_checks()] == ["campaigns.W001"]
