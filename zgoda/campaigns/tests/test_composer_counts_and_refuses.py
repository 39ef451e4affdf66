"""The composer: the footer (with the longest opt-out link) counts in the length, the
server re-checks what the browser shows, UCS-2 is refused unless confirmed, a multi-part
SMS warns, a bad sender or link is refused in Polish, the footer needs {optout_url}."""

import pytest

from zgoda.campaigns.checks import campaign_settings as campaign_checks
from zgoda.campaigns.internal.flows import compose
from zgoda.campaigns.models import Campaign
from zgoda.sms.models import OutboxEntry

from .conftest import people
from .staff import staff_client

ADD = "/admin/campaigns/campaign/add/"


def form(**overrides):
    data = {"name": "Wiosna", "slug": "wiosna", "text": "Wiosna: -20% na wszystko! {link:https://sklep.pl/w}",
            "sender": "Sklep", "provider": "outbox", "language": "", "consent_since": "", "twofa": "",
            "send_at_0": "", "send_at_1": ""}
    data.update(overrides)
    return data


def test_footer_and_longest_links_count_in_the_length(campaign_settings):
    text = "Wiosna: -20% na wszystko! {link:https://sklep.example.pl/bardzo/dluga/sciezka}"
    sample = compose.sample(text)
    assert sample == ("Wiosna: -20% na wszystko! sklep.pl/l/XXXXXXXX "
                      "Sklep Zgoda: reklama, zgoda z 00.00.00. Wypisz: sklep.pl/o/XXXXXXXXX")
    analysis = compose.analyze(text, recipients=1000, provider_name="outbox")
    assert analysis.characters == len(sample) and analysis.encoding == "GSM-7" and analysis.segments == 1
    long = compose.analyze("x" * 100 + " {link:https://a.pl}", 10, "outbox")
    assert long.segments == 2  # 100 + link + footer > 160: the footer pushed it over


def test_cost_is_recipients_times_segments_times_price(campaign_settings, settings, db):
    settings.ZGODA_SMS_PROVIDERS = ["kannel"]
    settings.ZGODA_SMS_PROVIDER_OPTIONS = {"kannel": {"url": "http://127.0.0.1:9/", "username": "u",
                                                      "password": "p", "price": "PL:0.07"}}
    analysis = compose.analyze("a" * 120, recipients=1000, provider_name="kannel")
    assert analysis.segments == 2 and str(analysis.cost) == "140.00"


def test_analyze_endpoint_gives_the_server_numbers(client, db, campaign_settings):
    people(7)
    staff_client(client)
    data = client.get("/admin/campaigns/campaign/analyze/", {"text": "Zażółć gęślą jaźń", "provider": "outbox"}).json()
    assert data["recipients"] == 7 and data["encoding"] == "UCS-2" and data["normalized"] == "Zazolc gesla jazn"
    assert data["footer_sample"].endswith("sklep.pl/o/XXXXXXXXX") and data["errors"] == []
    bad = client.get("/admin/campaigns/campaign/analyze/", {"text": "x {link: zle}", "consent_since": "wczoraj"})
    assert bad.status_code == 200 and len(bad.json()["errors"]) == 2


def test_ucs2_text_is_refused_unless_confirmed(client, db, campaign_settings):
    staff_client(client)
    refused = client.post(ADD, form(text="Zażółć gęślą jaźń – promocja!"))
    assert refused.status_code == 200 and not Campaign.objects.exists()
    page = refused.content.decode()
    assert "UCS-2" in page and "Zazolc gesla jazn - promocja!" in page
    accepted = client.post(ADD, form(text="Zażółć gęślą jaźń – promocja!", ucs2_confirmed="on"))
    assert accepted.status_code == 302 and Campaign.objects.get().ucs2_confirmed


def test_more_than_one_segment_warns_but_saves(client, db, campaign_settings):
    staff_client(client)
    response = client.post(ADD, form(text="x" * 150), follow=True)
    assert Campaign.objects.count() == 1
    assert "części SMS" in response.content.decode()


@pytest.mark.parametrize("sender, problem", [
    ("SklepZbytDlugi", "najwyżej 11"), ("Śklep", "najwyżej 11"), ("123456", "samych cyfr"), ("", "wymagane"),
])
def test_bad_sender_is_refused_in_polish(client, db, campaign_settings, sender, problem):
    staff_client(client)
    response = client.post(ADD, form(sender=sender))
    assert response.status_code == 200 and not Campaign.objects.exists()
    assert problem in response.content.decode()


@pytest.mark.parametrize("text, problem", [
    ("Dwa linki {link:https://a.pl} i {link:https://b.pl}", "najwyżej jeden"),
    ("Zly link {link:sklep.pl}", "{link:https://adres-strony}"),
])
def test_bad_links_are_refused(client, db, campaign_settings, text, problem):
    staff_client(client)
    response = client.post(ADD, form(text=text))
    assert response.status_code == 200 and problem in response.content.decode()
    assert not Campaign.objects.exists()


def test_footer_template_without_optout_link_is_refused_by_a_check(settings):
    settings.ZGODA_CAMPAIGN_FOOTER = "Zgoda z {consent_date}."
    assert "campaigns.E001" in [c.id for c in campaign_checks(None)]
    settings.ZGODA_CAMPAIGN_FOOTER = "Zgoda z {data}. {optout_url}"
    assert "campaigns.E001" in [c.id for c in campaign_checks(None)]


def test_test_send_reaches_the_staff_phone_with_footer(client, db, campaign_settings):
    staff_client(client)
    client.post(ADD, form())
    campaign = Campaign.objects.get()
    response = client.post(f"/admin/campaigns/campaign/{campaign.pk}/test/", {"phone": "600 700 800"})
    assert response.status_code == 302
    [text] = OutboxEntry.objects.filter(to="+48600700800").values_list("text", flat=True)
    assert text.startswith("Wiosna: -20% na wszystko! sklep.pl/l/") and "Wypisz: sklep.pl/o/" in text
    bad = client.post(f"/admin/campaigns/campaign/{campaign.pk}/test/", {"phone": "12"}, follow=True)
    assert "krótki" in bad.content.decode() and OutboxEntry.objects.count() == 1
