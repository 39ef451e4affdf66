""""Send" shows what it is about to do (recipients, segments per message and in total, cost,
what is left of the day's spend cap, gateway, sending window, one recipient's exact SMS) and
schedules only when confirmed, and only what was shown; no bare button sends any more."""

from django.test import Client

from zgoda.campaigns.models import Campaign, Recipient

from .conftest import make_campaign, people
from .staff import staff_client

PRICES = {"outbox": {"price": "PL:0.07,*:0.20"}}


def test_confirmation_shows_the_send_then_schedules_it(db, settings, campaign_settings):
    settings.ZGODA_SMS_PROVIDER_OPTIONS = PRICES
    settings.ZGODA_CAMPAIGN_QUIET_HOURS = "20:00-09:00"
    settings.ZGODA_CAMPAIGN_QUIET_DAYS = "sun"
    people(12)
    campaign = make_campaign()
    staff = staff_client(Client())
    page = staff.get(f"/admin/campaigns/campaign/{campaign.pk}/send/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="s-recipients">12<' in html and 'id="s-segments">1 (GSM-7)<' in html
    assert 'id="s-total-segments">12<' in html and 'id="s-cost">0,84\xa0zł<' in html
    assert 'id="s-provider">outbox<' in html and "20:00–09:00" in html and "Niedziela" in html
    assert "Wiosna w sklepie: -20% na wszystko do niedzieli! sklep.pl/l/" in html and "Wypisz: sklep.pl/o/" in html
    assert "s-cap-warning" not in html and not Recipient.objects.exists()

    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    Campaign.objects.filter(pk=campaign.pk).update(text="Inna treść")
    response = staff.post(f"/admin/campaigns/campaign/{campaign.pk}/send/", {"fingerprint": fingerprint})
    assert response.status_code == 302 and Campaign.objects.get().state == Campaign.State.DRAFT  # not what was shown

    html = staff.get(f"/admin/campaigns/campaign/{campaign.pk}/send/").content.decode()
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    staff.post(f"/admin/campaigns/campaign/{campaign.pk}/send/", {"fingerprint": fingerprint})
    assert Campaign.objects.get().state != Campaign.State.DRAFT


def test_cost_over_what_is_left_of_the_days_cap_is_warned(db, settings, campaign_settings):
    settings.ZGODA_SMS_PROVIDER_OPTIONS = PRICES
    settings.ZGODA_SMS_DAILY_SPEND_CAP = "1"
    people(30)
    campaign = make_campaign()
    html = staff_client(Client()).get(f"/admin/campaigns/campaign/{campaign.pk}/send/").content.decode()
    assert 'id="s-cost">2,10\xa0zł<' in html and "s-cap-warning" in html


def test_no_bare_send_button_and_save_leads_to_confirmation(db, campaign_settings):
    campaign = make_campaign()
    staff = staff_client(Client())
    assert staff.post(f"/admin/campaigns/campaign/{campaign.pk}/state/schedule/").status_code == 404
    data = {"name": "W", "slug": "wiosna", "text": "Wiosna!", "sender": "Sklep", "provider": "outbox",
            "language": "", "twofa": "", "_send": "1"}
    response = staff.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", data)
    assert response["Location"] == f"/admin/campaigns/campaign/{campaign.pk}/send/"
    assert Campaign.objects.get().state == Campaign.State.DRAFT


def test_only_a_draft_can_be_confirmed(db, campaign_settings):
    campaign = make_campaign(state=Campaign.State.DONE)
    response = staff_client(Client()).get(f"/admin/campaigns/campaign/{campaign.pk}/send/")
    assert response.status_code == 302


def test_a_campaign_set_for_later_is_scheduled_by_a_button_that_says_so(db, campaign_settings):
    from datetime import timedelta

    from django.utils import timezone

    people(3)
    later = make_campaign(send_at=timezone.now() + timedelta(days=2))
    now = make_campaign(name="Teraz", slug="teraz")
    staff = staff_client(Client())
    scheduled = staff.get(f"/admin/campaigns/campaign/{later.pk}/send/").content.decode()
    assert "Zaplanuj wysyłkę do 3 osób na" in scheduled and "Wyślij do 3 osób" not in scheduled
    assert "Wyślij do 3 osób" in staff.get(f"/admin/campaigns/campaign/{now.pk}/send/").content.decode()
