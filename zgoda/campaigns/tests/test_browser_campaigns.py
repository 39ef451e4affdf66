"""The composer's live counter, a landing page and the report in a real Chromium, at a
phone's size (390x844) and on a desktop; screenshots in test-output/browser/<test>/."""

import pytest
from django.test import Client

from conftest import PHONE_VIEWPORT
from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Campaign, LandingPage, Recipient

from .conftest import people
from .staff import staff_client

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}


def staff_context(chromium, live_server, viewport):
    client = staff_client(Client())
    context = chromium.new_context(viewport=viewport, base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


@pytest.mark.parametrize("viewport", [PHONE_VIEWPORT, DESKTOP], ids=["phone", "desktop"])
def test_composer_counts_as_you_type_and_refuses_ucs2(chromium, live_server, screenshots, campaign_settings,
                                                      viewport):
    from playwright.sync_api import expect

    people(12)
    context = staff_context(chromium, live_server, viewport)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # a script error (not a missing favicon)
    page.goto("/admin/campaigns/campaign/add/")
    page.fill("#id_name", "Wiosna")
    page.fill("#id_text", "Wiosna: -20% na wszystko! {link:https://sklep.pl/w}")
    expect(page.locator("#c-encoding")).to_have_text("GSM-7")
    expect(page.locator("#c-segments")).to_have_text("1")
    expect(page.locator("#c-recipients")).to_have_text("12")
    expect(page.locator("#c-sample")).to_contain_text("Wypisz: sklep.pl/o/XXXXXXXXX")
    screenshots(page, "gsm7-one-segment")

    page.fill("#id_text", "Zażółć gęślą jaźń – wielka promocja na wiosnę!")
    expect(page.locator("#c-encoding")).to_have_text("UCS-2")
    expect(page.locator("#c-segments")).to_have_text("2")
    expect(page.locator("#c-warning")).to_contain_text("UCS-2")
    expect(page.locator("#c-normalized")).to_have_text("Zazolc gesla jazn - wielka promocja na wiosne!")
    screenshots(page, "ucs2-warning")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errorlist")).to_contain_text("UCS-2")
    assert not Campaign.objects.exists()

    page.click("#c-use-gsm")
    expect(page.locator("#c-encoding")).to_have_text("GSM-7")
    expect(page.locator("#c-segments")).to_have_text("1")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/campaigns/campaign/")
    assert Campaign.objects.get().text == "Zazolc gesla jazn - wielka promocja na wiosne!"
    screenshots(page, "saved")
    assert errors == []
    context.close()


def test_landing_page_is_light_and_readable_at_360_px(chromium, live_server, screenshots, db, settings):
    settings.ZGODA_SHOP_LOGO = "shop/demo-logo.svg"
    settings.ZGODA_SITE_NAME = "Kawiarnia Ziarenko"
    settings.ZGODA_PRIVACY_POLICY_URL = "https://sklep.example.pl/polityka-prywatnosci"
    LandingPage.objects.create(
        slug="wiosna", title="Wiosenna wyprzedaż: -20% na wszystko w sklepie",
        body="Tylko do niedzieli wszystkie produkty taniej o 20%.\n\nDarmowa dostawa od 99 zł.",
        cta_label="Idę na zakupy", cta_url="https://sklep.example.pl/",
    )
    context = chromium.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    sizes, hosts, statuses = [], set(), []
    page.on("response", lambda r: (sizes.append(len(r.body())), hosts.add(r.url.split("/")[2]),
                                   statuses.append(r.status)))
    page.goto("/p/wiosna/")
    page.wait_for_load_state("networkidle")
    assert sum(sizes) < 100_000 and hosts == {live_server.url.split("/")[2]}  # light, nothing external
    assert set(statuses) == {200} and len(statuses) == 3  # the page, its CSS and the shop's logo
    # The shop's face: its name and logo on top, a footer with the privacy policy and Zgoda's privacy page.
    assert page.locator(".lp-shop-name").inner_text() == "Kawiarnia Ziarenko"
    assert page.locator("img.lp-logo").evaluate("img => img.naturalWidth") > 0
    footer = page.locator("footer.lp-footer")
    assert footer.locator('a[href="https://sklep.example.pl/polityka-prywatnosci"]').count() == 1
    assert footer.locator('a[href="/privacy/"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    button = page.get_by_role("button", name="Idę na zakupy").bounding_box()
    assert button["height"] >= 44 and button["width"] >= 300  # a thumb-sized target
    screenshots(page, "landing-360")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE_VIEWPORT, DESKTOP], ids=["phone", "desktop"])
def test_report_page_shows_figures_and_charts(chromium, live_server, screenshots, campaign_settings, viewport):
    from playwright.sync_api import expect

    people(20)
    campaign = Campaign.objects.create(name="Wiosna", slug="wiosna", provider="outbox", sender="Sklep",
                                       text="Wiosna! {link:https://sklep.example.pl/w}")
    dispatch.schedule(campaign)
    viewer = Client()
    for row in Recipient.objects.filter(campaign=campaign)[:5]:
        viewer.get(f"/l/{row.link_token}", HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile Safari")
    context = staff_context(chromium, live_server, viewport)
    page = context.new_page()
    page.goto(f"/admin/campaigns/campaign/{campaign.pk}/report/")
    expect(page.locator("#r-sent")).to_have_text("20")
    expect(page.locator("#r-clicks")).to_have_text("5 / 5")
    expect(page.locator(".chart.funnel li")).to_have_count(5)
    expect(page.locator(".chart.clicks .col")).to_have_count(1)
    # The charts' words and figures are the page's text at any width (a scaled SVG made them 7 px
    # on a phone), inside the page, and clicks in one hour are one column, not a solid block.
    sizes = page.locator(".chart .label, .chart .n, .chart .axis span").evaluate_all(
        "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert len(sizes) == 11 and min(sizes) >= 12, sizes  # 5 labels, 5 figures, the one hour
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    column, plot = page.locator(".chart.clicks .col").bounding_box(), page.locator(".chart.clicks .cols").bounding_box()
    assert column["width"] <= 40 < plot["width"] / 2, (column, plot)
    screenshots(page, "report")
    context.close()


def test_campaign_list_on_a_phone_shows_the_report_link_without_sideways_scrolling(chromium, live_server, screenshots,
                                                                                campaign_settings):
    people(3)
    campaign = Campaign.objects.create(name="Wiosenna wyprzedaż w całym sklepie", slug="wiosna", provider="outbox",
                                       sender="Sklep", text="Wiosna! {link:https://sklep.example.pl/w}")
    dispatch.schedule(campaign)
    context = staff_context(chromium, live_server, PHONE_VIEWPORT)
    page = context.new_page()
    page.goto("/admin/campaigns/campaign/")
    link = page.locator(f'a.report-link[href="/admin/campaigns/campaign/{campaign.pk}/report/"]')
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE_VIEWPORT["width"], box
    assert page.evaluate("[...document.querySelectorAll('.results')].every(b => b.scrollWidth <= b.clientWidth)")
    screenshots(page, "list-390")
    link.click()
    page.wait_for_url(f"**/admin/campaigns/campaign/{campaign.pk}/report/")
    context.close()
