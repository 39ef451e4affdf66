"""/l/<token>: a click is recorded (time, unique per recipient, bots not counted) and
redirects with the UTM parameters; the landing page's button and the shop's server call
(authenticated by a secret) record conversions."""

import json
import urllib.parse

import pytest

from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Conversion, LandingPage, LinkClick, Recipient

from .conftest import make_campaign, people

PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


@pytest.fixture
def sent(db, campaign_settings):
    people(3)
    campaign = make_campaign(text="Nowosci! {link:https://sklep.example.pl/p/wiosna/?ref=sms}")
    dispatch.schedule(campaign)
    return campaign, list(Recipient.objects.filter(campaign=campaign).order_by("id"))


def test_click_redirects_with_utm_and_counts_unique_and_total(client, sent):
    campaign, (first, second, _third) = sent
    response = client.get(f"/l/{first.link_token}", HTTP_USER_AGENT=PHONE_UA)
    assert response.status_code == 302
    target = urllib.parse.urlsplit(response["Location"])
    query = dict(urllib.parse.parse_qsl(target.query))
    assert target.netloc == "sklep.example.pl" and target.path == "/p/wiosna/"
    assert query == {"ref": "sms", "utm_source": "sms", "utm_medium": "sms", "utm_campaign": "wiosna",
                     "zr": first.link_token}
    client.get(f"/l/{first.link_token}", HTTP_USER_AGENT=PHONE_UA)
    client.get(f"/l/{second.link_token}", HTTP_USER_AGENT=PHONE_UA)
    first.refresh_from_db()
    assert first.clicks == 2 and first.first_click_at is not None
    assert LinkClick.objects.filter(campaign=campaign).count() == 3
    assert Recipient.objects.filter(campaign=campaign, first_click_at__isnull=False).count() == 2


@pytest.mark.parametrize("agent", ["facebookexternalhit/1.1", "WhatsApp/2.23.20.0", "Slackbot-LinkExpanding 1.0",
                                   "TelegramBot (like TwitterBot)", ""])
def test_link_preview_bots_are_redirected_but_not_counted(client, sent, agent):
    _campaign, (first, *_rest) = sent
    assert client.get(f"/l/{first.link_token}", HTTP_USER_AGENT=agent).status_code == 302
    first.refresh_from_db()
    assert first.clicks == 0 and not LinkClick.objects.exists()


@pytest.mark.parametrize("token", ["nosuchtk", "short", "AAAA-BBB", "x" * 40])
def test_unknown_or_malformed_token_is_a_clear_404(client, db, token):
    response = client.get(f"/l/{token}", HTTP_USER_AGENT=PHONE_UA)
    assert response.status_code == 404
    assert "Ten link nie działa" in response.content.decode()


def test_landing_page_button_records_a_conversion_once_and_goes_on(client, sent):
    campaign, (first, *_rest) = sent
    LandingPage.objects.create(slug="wiosna", title="Wiosna", body="Akapit jeden.\n\nAkapit dwa.",
                               cta_label="Kupuję", cta_url="https://sklep.example.pl/koszyk")
    page = client.get(f"/p/wiosna/?zr={first.link_token}")
    html = page.content.decode()
    assert page.status_code == 200 and f'value="{first.link_token}"' in html and "<script" not in html
    for _ in range(2):
        response = client.post("/p/wiosna/cta", {"zr": first.link_token})
        assert response.status_code == 302 and response["Location"] == "https://sklep.example.pl/koszyk"
    assert Conversion.objects.filter(recipient=first, source="cta").count() == 1
    # without a token the button still works, nothing is counted
    assert client.post("/p/wiosna/cta", {"zr": ""}).status_code == 302
    assert Conversion.objects.count() == 1


def test_shop_reports_a_conversion_with_the_secret_and_the_token(client, sent, settings):
    _campaign, (first, *_rest) = sent
    settings.ZGODA_CAMPAIGN_CONVERSION_SECRET = "s3cret-for-tests"
    body = json.dumps({"token": first.link_token, "reference": "order-17"})
    bad = client.post("/api/campaigns/conversions", body, content_type="application/json",
                      HTTP_AUTHORIZATION="Bearer wrong")
    assert bad.status_code == 401 and "klucz" in bad.json()["error"]
    ok = client.post("/api/campaigns/conversions", body, content_type="application/json",
                     HTTP_AUTHORIZATION="Bearer s3cret-for-tests")
    assert ok.status_code == 201 and ok.json() == {"recorded": True, "campaign": "wiosna"}
    again = client.post("/api/campaigns/conversions", body, content_type="application/json",
                        HTTP_AUTHORIZATION="Bearer s3cret-for-tests")
    assert again.status_code == 200 and again.json()["recorded"] is False
    unknown = client.post("/api/campaigns/conversions", json.dumps({"token": "AAAAAAAA"}),
                          content_type="application/json", HTTP_AUTHORIZATION="Bearer s3cret-for-tests")
    assert unknown.status_code == 404
    garbage = client.post("/api/campaigns/conversions", "not json", content_type="application/json",
                          HTTP_AUTHORIZATION="Bearer s3cret-for-tests")
    assert garbage.status_code == 400
    assert Conversion.objects.filter(source="api").count() == 1


def test_conversion_api_is_off_without_a_secret(client, sent, settings):
    _campaign, (first, *_rest) = sent
    settings.ZGODA_CAMPAIGN_CONVERSION_SECRET = ""
    response = client.post("/api/campaigns/conversions", json.dumps({"token": first.link_token}),
                           content_type="application/json", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 401 and not Conversion.objects.exists()
