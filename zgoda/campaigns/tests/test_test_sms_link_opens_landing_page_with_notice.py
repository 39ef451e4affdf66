"""A test SMS carries a working link: /l/TEST<campaign> leads where the campaign's link will
(a landing page shows a "test" notice), counting no click and no conversion; it was a 404."""

from zgoda.campaigns.internal.flows import compose, testsend, tokens
from zgoda.campaigns.models import Conversion, LandingPage, LinkClick
from zgoda.sms.models import OutboxEntry

from .conftest import LINK_IN_TEXT, make_campaign

PHONE = "+48500900901"
NOTICE = "Podgląd z SMS-a testowego"


def test_test_sms_link_opens_the_landing_page_with_a_test_notice(client, db, settings):
    settings.ZGODA_PUBLIC_URL = settings.ZGODA_SHORT_BASE_URL = "http://127.0.0.1:8611"
    LandingPage.objects.create(slug="mikolajki", title="Mikołajki", body="Taniej.", cta_label="Kupuję",
                               cta_url="https://sklep.example.pl/")
    campaign = make_campaign(text="Mikolajki! {link:/p/mikolajki/}")
    assert testsend.send_test(campaign, PHONE, None) == ""
    text = OutboxEntry.objects.get(to=PHONE).text
    token = LINK_IN_TEXT.search(text).group(1)
    assert f"http://127.0.0.1:8611/l/{token}" in text and token == compose.test_token(campaign.pk)

    response = client.get(f"/l/{token}", HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile Safari")
    assert response.status_code == 302
    assert response["Location"].startswith("http://127.0.0.1:8611/p/mikolajki/?utm_source=sms")
    page = client.get(response["Location"].removeprefix("http://127.0.0.1:8611"))
    assert page.status_code == 200 and NOTICE in page.content.decode()
    client.post("/p/mikolajki/cta", {"zr": token})
    assert not LinkClick.objects.exists() and not Conversion.objects.exists()


def test_a_real_recipients_page_has_no_test_notice_and_unknown_tokens_stay_404(client, db):
    LandingPage.objects.create(slug="mikolajki", title="Mikołajki", body="Taniej.", cta_label="Kupuję",
                               cta_url="https://sklep.example.pl/")
    assert NOTICE not in client.get("/p/mikolajki/?zr=Ab3dE5gH").content.decode()
    assert client.get("/l/TEST9999").status_code == 404  # no such campaign
    assert client.get("/l/Ab3dE5gH").status_code == 404


def test_test_tokens_name_their_campaign_and_no_recipient_token_looks_like_one():
    for campaign_id in (1, 12, 9999, 14_000_000):
        assert compose.campaign_of_test_token(compose.test_token(campaign_id)) == campaign_id
        assert len(compose.test_token(campaign_id)) == 8
    assert not any(t.startswith("TEST") for t in tokens.link_tokens(20000))
