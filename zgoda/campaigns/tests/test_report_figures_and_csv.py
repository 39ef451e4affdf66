"""The report: audience, sent, delivered, failed, delivery rate, unique/total clicks, CTR,
opt-outs by link and STOP within 7 days, conversions, cost; SVG charts; the CSV masks
numbers unless staff hold the dedicated permission."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zgoda.campaigns.internal.flows import dispatch, report, tracking
from zgoda.campaigns.models import Recipient
from zgoda.privacy.api import withdraw_marketing_by_phone
from zgoda.sms.models import Message

from .conftest import make_campaign, people
from .staff import staff_client

UA = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"


@pytest.fixture
def finished(db, campaign_settings, client):
    people(10)
    campaign = make_campaign()
    dispatch.schedule(campaign)
    rows = list(Recipient.objects.filter(campaign=campaign).order_by("id"))
    # one failed delivery, three clickers (one twice), two conversions, two opt-outs, one late
    Message.objects.filter(pk=rows[9].message_id).update(status=Message.Status.FAILED)
    for row in (rows[0], rows[0], rows[1], rows[2]):
        client.get(f"/l/{row.link_token}", HTTP_USER_AGENT=UA)
    tracking.convert(rows[0], "cta", "page:x")
    tracking.convert(rows[1], "api", "order-1")
    assert client.post(f"/o/{rows[3].optout_token}").status_code in (200, 302)  # link
    withdraw_marketing_by_phone(rows[4].phone, "sms_reply")  # a STOP reply
    Recipient.objects.filter(pk=rows[5].pk).update(sent_at=timezone.now() - timedelta(days=9))
    withdraw_marketing_by_phone(rows[5].phone, "sms_reply")  # nine days later: not counted
    return campaign, rows


def test_figures(finished):
    campaign, _rows = finished
    f = report.figures(campaign)
    assert (f.audience, f.sent, f.delivered, f.failed) == (10, 10, 9, 1)
    assert (f.unique_clicks, f.total_clicks, f.conversions, f.optouts) == (3, 4, 2, 2)
    assert f.delivery_rate == pytest.approx(0.9) and f.ctr == pytest.approx(3 / 9)
    assert f.cost == 0  # the dev outbox is free; a priced provider is in the composer tests


def test_report_page_has_figures_and_server_rendered_charts(finished, client):
    campaign, _rows = finished
    staff_client(client)
    page = client.get(f"/admin/campaigns/campaign/{campaign.pk}/report/").content.decode()
    assert '<td id="r-delivered">9</td>' in page and '<td id="r-clicks">3 / 4</td>' in page
    assert '<td id="r-optouts">2</td>' in page and '<td id="r-delivery-rate">90%</td>' in page
    assert 'class="chart funnel"' in page and 'class="chart clicks"' in page
    assert "<script" not in page.split('class="campaign-report"', 1)[1].split("</div>", 1)[0]


def test_csv_masks_numbers_without_the_permission(finished, client):
    campaign, rows = finished
    staff_client(client)
    body = b"".join(client.get(f"/admin/campaigns/campaign/{campaign.pk}/report.csv").streaming_content).decode()
    lines = body.splitlines()
    assert lines[0].startswith("phone,state,message_status") and len(lines) == 11
    assert rows[0].phone not in body and f"*** {rows[0].phone[-3:]}" in lines[1]


def test_csv_shows_full_numbers_with_the_permission(finished, client):
    campaign, rows = finished
    staff_client(client, email="analityk@example.com", full_numbers=True)
    body = b"".join(client.get(f"/admin/campaigns/campaign/{campaign.pk}/report.csv").streaming_content).decode()
    assert all(row.phone in body for row in rows)


@pytest.mark.parametrize(("language", "first", "last"), [("pl", "1 grudnia 11:00", "2 grudnia 09:00"),
                                                         ("en", "December 1 11:00", "December 2 09:00")])
def test_clicks_axis_names_the_day_in_the_pages_language(language, first, last):
    from datetime import datetime

    from django.utils import translation

    from zgoda.campaigns.internal.flows import charts

    points = [(datetime(2026, 12, 1, 11), 3), (datetime(2026, 12, 2, 9), 1)]  # noqa: DTZ001  (hours as the report gives them)
    with translation.override(language):
        chart = charts.clicks_over_time(points)
    assert f"<span>{first}</span><span>{last}</span>" in chart
