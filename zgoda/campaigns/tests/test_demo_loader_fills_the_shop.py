"""`make run`'s demo loader (zgoda demo-campaign): customers with consents (some withdrawn), a
landing page and one sent campaign whose report has clicks, opt-outs and a conversion; the
composer then starts with recipients and a non-zero cost (the demo's prices). Run twice: the same."""

import io

from django.core.management import call_command
from django.test import Client

from zgoda.campaigns.internal.flows import report
from zgoda.campaigns.models import Campaign, LandingPage
from zgoda.consent import api as consent

from .staff import staff_client

DEMO_PRICES = {"outbox": {"price": "PL:0.07,*:0.20"}}  # what scripts/serve-demo sets


def test_demo_loader_fills_the_shop_once(db, settings):
    settings.ZGODA_SMS_PROVIDER_OPTIONS = DEMO_PRICES
    settings.ZGODA_PUBLIC_URL = "http://127.0.0.1:8611"
    out = io.StringIO()
    call_command("demo_campaign", stdout=out)
    call_command("demo_campaign", stdout=out)  # idempotent

    assert consent.audience_count() > 10
    assert LandingPage.objects.filter(slug="mikolajki").count() == 1
    campaign = Campaign.objects.get(slug="demo-mikolajki")
    assert campaign.state == Campaign.State.DONE
    figures = report.figures(campaign)
    assert figures.sent > 10 and figures.unique_clicks > 0 and figures.optouts == 2 and figures.conversions == 1
    assert figures.cost > 0
    assert "http://127.0.0.1:8611/admin/campaigns/campaign/add/" in out.getvalue()

    page = staff_client(Client()).get("/admin/campaigns/campaign/add/").content.decode()
    recipients = int(page.split('id="c-recipients">')[1].split("<")[0])
    cost = page.split('id="c-cost">')[1].split("<")[0]
    assert recipients > 0 and recipients == consent.audience_count()
    assert cost != "0,00\xa0zł" and cost.endswith("\xa0zł")
