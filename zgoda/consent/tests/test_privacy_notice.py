"""The first layer of the privacy notice (RODO art. 13) under the consent boxes on signup and
2FA enrollment: controller, purpose and basis, retention, recipients (a gateway outside the
EEA marked), rights with the complaint to the Prezes UODO, and a link to the full text."""

import pytest

from zgoda.consent.models import Purpose

from .conftest import ENROLL, current, page

SIGNUP = "/accounts/signup/"


@pytest.fixture
def controller(settings):
    settings.ZGODA_CONTROLLER_NAME = "Sklep Przykład sp. z o.o."
    settings.ZGODA_CONTROLLER_ADDRESS = "ul. Prosta 1, 00-001 Warszawa"
    settings.ZGODA_CONTROLLER_EMAIL = "dane@sklep.example.pl"
    return settings


def notice_of(body: str) -> str:
    start = body.index('data-testid="privacy-notice"')
    return body[start:body.index("</aside>", start)]


@pytest.mark.parametrize("url", [SIGNUP, ENROLL])
def test_notice_names_controller_basis_retention_rights_and_links_the_full_text(url, signed_in, client, controller):
    if url == SIGNUP:
        signed_in.logout()
    notice = notice_of(page(client.get(url)))
    assert "Sklep Przykład sp. z o.o., ul. Prosta 1, 00-001 Warszawa" in notice
    assert 'href="mailto:dane@sklep.example.pl"' in notice
    assert "art. 6 ust. 1 lit. a RODO" in notice and "art. 6 ust. 1 lit. b RODO" in notice
    assert "do wycofania zgody" in notice and "6 lat po jej wycofaniu" in notice
    assert "skargę do Prezesa UODO" in notice
    assert f'href="/accounts/consents/texts/{current(Purpose.PRIVACY).pk}/"' in notice


@pytest.mark.parametrize("url", [SIGNUP, ENROLL])
def test_notice_sits_under_the_boxes_before_the_button(url, signed_in, client):
    if url == SIGNUP:
        signed_in.logout()
    body = page(client.get(url))
    notice = body.index('data-testid="privacy-notice"')
    assert body.rindex('name="consent_') < notice < body.index('type="submit"', notice)


def test_recipients_are_the_configured_gateways_with_twilio_marked_outside_the_eea(signed_in, settings):
    settings.ZGODA_SMS_PROVIDERS = ["smsapi", "twilio", "kannel"]
    recipients = notice_of(page(signed_in.get(ENROLL)))
    recipients = recipients[recipients.index('data-testid="notice-recipients"'):]
    recipients = recipients[:recipients.index("</li>")]
    assert "SMSAPI.pl, Twilio (przekazanie poza EOG), operator sieci komórkowej" in recipients
    assert recipients.count("poza EOG") == 1


def test_without_twilio_nothing_is_marked_outside_the_eea(signed_in, settings):
    settings.ZGODA_SMS_PROVIDERS = ["smsapi"]
    notice = notice_of(page(signed_in.get(ENROLL)))
    assert "SMSAPI.pl" in notice and "poza EOG" not in notice


def test_without_a_controller_the_shop_name_stands_in(client, db, settings):
    settings.ZGODA_SITE_NAME = "Sklep Demo"
    assert "<strong>Administrator:</strong> Sklep Demo." in notice_of(page(client.get(SIGNUP)))
