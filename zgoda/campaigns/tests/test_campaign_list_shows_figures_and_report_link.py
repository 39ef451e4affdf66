"""The campaign list shows each campaign's state, recipients, sent / delivered, clicks,
opt-outs and a link to its report (before, the report was only on the change page)."""

from django.test import Client

from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Campaign, Recipient
from zgoda.privacy.api import withdraw_marketing_by_phone

from .conftest import make_campaign, people
from .staff import staff_client


def test_campaign_list_shows_figures_and_report_link(db, campaign_settings):
    people(6)
    campaign = make_campaign()
    dispatch.schedule(campaign)
    viewer = Client()
    rows = list(Recipient.objects.filter(campaign=campaign).order_by("id"))
    for row in rows[:2]:
        viewer.get(f"/l/{row.link_token}", HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile Safari")
    withdraw_marketing_by_phone(rows[-1].phone, "sms_reply")
    make_campaign(name="Szkic", slug="szkic")

    staff = staff_client(Client())
    html = staff.get("/admin/campaigns/campaign/").content.decode()
    row = html.split(f'/admin/campaigns/campaign/{campaign.pk}/change/')[1].split("</tr>")[0]
    assert "zakończona" in row
    assert '<td class="field-recipients_column">6</td>' in row
    assert '<td class="field-sent_delivered_column">6 / 6</td>' in row
    assert '<td class="field-clicks_column">2</td>' in row
    assert '<td class="field-optouts_column">1</td>' in row
    report = f"/admin/campaigns/campaign/{campaign.pk}/report/"
    assert report in row and staff.get(report).status_code == 200
    assert Campaign.objects.count() == 2
