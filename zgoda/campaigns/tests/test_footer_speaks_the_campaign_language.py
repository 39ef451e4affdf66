"""A campaign has one language and its footer speaks it: in every SMS sent, in the test SMS,
and in the composer's count (the same rendered footer), whatever language the admin page or
the task is in. Each language's footer must be GSM-7 (campaigns.W001 names the setting)."""

from django.utils import translation

from zgoda.campaigns.checks import campaign_settings as campaign_checks
from zgoda.campaigns.internal.flows import compose, dispatch, testsend
from zgoda.sms import api as sms
from zgoda.sms.models import OutboxEntry

from .conftest import make_campaign, people
from .staff import staff_client

TWILIO = {"account_sid": "AC" + "0" * 32, "auth_token": "secret", "from_number": "+48500600700"}
TEXT = "Spring sale: -20% on everything! {link:https://sklep.example.pl/wiosna}"


def assert_english_footer(text):
    assert " Sklep Zgoda: ad, consent given " in text and " Opt out: sklep.pl/o/" in text, text
    assert "reklama" not in text and "Wypisz" not in text and sms.is_gsm7(text)


def test_an_english_campaign_sends_english_footers_whatever_the_active_language(db, campaign_settings):
    people(6, english=1.0)
    campaign = make_campaign(language="en", text=TEXT)
    with translation.override("pl"):
        dispatch.schedule(campaign)
    texts = list(OutboxEntry.objects.values_list("text", flat=True))
    assert len(texts) == 6
    for text in texts:
        assert_english_footer(text)


def test_a_polish_campaign_keeps_polish_footers_from_an_english_admin(db, campaign_settings):
    people(3)
    with translation.override("en"):
        dispatch.schedule(make_campaign(language="pl"))
        assert compose.sample("x").endswith("Wypisz: sklep.pl/o/XXXXXXXXX")  # no language: Polish
    for text in OutboxEntry.objects.values_list("text", flat=True):
        assert " Sklep Zgoda: reklama, zgoda z " in text and " Wypisz: sklep.pl/o/" in text


def test_the_english_test_sms_offers_stop_in_english(db, campaign_settings, settings):
    settings.ZGODA_SMS_PROVIDERS = ["outbox", "twilio"]
    settings.ZGODA_SMS_PROVIDER_OPTIONS = {"twilio": TWILIO}
    testsend.send_test(make_campaign(language="en", provider="twilio", text=TEXT), "+48600700800", None)
    [text] = OutboxEntry.objects.filter(to="+48600700800").values_list("text", flat=True)
    assert_english_footer(text)
    assert text.endswith(" or reply STOP")


def test_the_composer_counts_the_footer_of_the_campaign_language(client, db, campaign_settings):
    english = compose.composer_numbers(TEXT, 0, "outbox", "en")
    assert english["footer_sample"] == "Sklep Zgoda: ad, consent given 00.00.00. Opt out: sklep.pl/o/XXXXXXXXX"
    assert english["sample"] == compose.sample(TEXT, "outbox", language="en")
    assert english["characters"] == len(english["sample"])
    assert english["footer_sample"] != compose.composer_numbers(TEXT, 0, "outbox", "pl")["footer_sample"]
    staff_client(client)
    answer = client.get("/admin/campaigns/campaign/analyze/", {"text": TEXT, "provider": "outbox", "language": "en"}).json()
    assert answer["footer_sample"] == english["footer_sample"] and answer["characters"] == english["characters"]


def test_the_footer_check_covers_every_language(settings):
    assert campaign_checks(None) == []
    settings.ZGODA_CAMPAIGN_FOOTER_EN = "{shop}: ad, consent given {consent_date}. Opt out — {optout_url}{stop}"
    [warning] = campaign_checks(None)
    assert warning.id == "campaigns.W001" and warning.hint.startswith("ZGODA_CAMPAIGN_FOOTER_EN:")
    settings.ZGODA_CAMPAIGN_FOOTER_EN = "{shop}: ad. Opt out: {optout_url}"
    assert [c.id for c in campaign_checks(None)] == ["campaigns.E001"]
    assert compose.footer(optout_url="u", consent_date="d", language="en") == "Sklep Zgoda: ad. Opt out: u"
