"""The shop owner's whole campaign, as the demo staff user in Chromium at 1280x800, on a
server whose port is not 8000: the base URLs follow the server's port through what `make run`
sets from PORT (zgoda.lib.site.loopback_urls). Compose with {link:/p/<slug>/} (the picker),
recipients and cost beside the text from the first paint, a test SMS whose link opens the
landing page with a "test" notice, "Send" through the confirmation page, the campaign page in
every state and the report from the list: all 200, and every SMS on the dev phone carries
links to this port that open. Screenshots in test-output/browser/<test>/."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from zgoda.campaigns.models import Campaign
from zgoda.lib import site
from zgoda.sms.models import OutboxEntry

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}
STAFF = "admin@zgoda.test"  # the demo's staff user (zgoda demo-users)
STAFF_PHONE = "+48500100100"
DEMO_PRICES = {"outbox": {"price": "PL:0.07,*:0.20"}}  # what scripts/serve-demo sets
TEXT = "Kawa i herbata -20% tylko do niedzieli!"


def as_make_run_on(port, settings):
    """What scripts/serve-demo sets from PORT (and the demo's prices, cap and logo)."""
    for name, value in site.loopback_urls(port).items():
        setattr(settings, name, value)
    settings.ZGODA_SMS_PROVIDER_OPTIONS = DEMO_PRICES
    settings.ZGODA_SMS_DAILY_SPEND_CAP = "20"
    settings.ZGODA_SHOP_LOGO = "shop/demo-logo.svg"
    settings.ZGODA_DEMO = "1"
    # Whatever the hour the suite runs at: quiet hours would only postpone the send.
    settings.ZGODA_CAMPAIGN_QUIET_HOURS, settings.ZGODA_CAMPAIGN_QUIET_DAYS = "off", ""
    settings.ZGODA_CAMPAIGN_RATE = "0"
    return site.public_url()


def money_value(text: str) -> float:
    return float(re.sub(r"[^\d,]", "", text).replace(",", "."))


def test_owner_sends_a_campaign_whose_links_work(chromium, live_server, screenshots, settings):
    from playwright.sync_api import expect

    port = urlsplit(live_server.url).port
    assert port != 8000
    base = as_make_run_on(port, settings)
    assert base == f"http://127.0.0.1:{port}"
    call_command("demo_users", stdout=io.StringIO())
    call_command("demo_campaign", stdout=io.StringIO())

    staff = Client()
    staff.force_login(get_user_model().objects.get(username=STAFF))
    context = chromium.new_context(viewport=DESKTOP, base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    failures, script_errors = [], []
    page.on("response", lambda r: failures.append((r.status, r.url)) if r.status >= 500 else None)
    page.on("pageerror", lambda error: script_errors.append(str(error)))

    # --- compose: the counter beside the text, with real numbers before any script runs ----------
    response = page.goto("/admin/campaigns/campaign/add/")
    assert response.status == 200
    served = response.text()
    first_recipients = int(re.search(r'id="c-recipients">(\d+)<', served).group(1))
    first_cost = re.search(r'id="c-cost">([^<]+)<', served).group(1)
    assert first_recipients > 0 and money_value(first_cost) > 0 and first_cost.endswith("zł")
    page.fill("#id_name", "Kawosze")
    page.fill("#id_text", TEXT)
    page.select_option("#id_landing_page", "mikolajki")
    expect(page.locator("#id_text")).to_have_value(f"{TEXT} {{link:/p/mikolajki/}}")
    expect(page.locator("#c-sample")).to_contain_text(f"{base}/l/XXXXXXXX")
    expect(page.locator("#c-recipients")).to_have_text(str(first_recipients))
    assert money_value(page.locator("#c-cost").inner_text()) > 0
    text_box, counter = page.locator("#id_text").bounding_box(), page.locator("#sms-counter").bounding_box()
    screenshots(page, "composer")
    assert counter["x"] >= text_box["x"] + text_box["width"]  # beside the text, not below the form
    assert counter["y"] < text_box["y"] + text_box["height"] and counter["x"] + counter["width"] <= 1280
    page.locator("input[name=_continue]").click()
    page.wait_for_url("**/change/")
    campaign = Campaign.objects.get(name="Kawosze")
    assert campaign.text == f"{TEXT} {{link:/p/mikolajki/}}"
    screenshots(page, "draft")

    # --- a test SMS: its link opens the landing page, marked as a test ------------------------------
    page.fill("#id_phone", STAFF_PHONE)
    page.click("#campaign-test")
    expect(page.locator(".messagelist")).to_contain_text("testowy")
    test_sms = OutboxEntry.objects.filter(to=STAFF_PHONE, text__startswith=TEXT).latest("id").text
    test_link = re.search(rf"{re.escape(base)}/l/\w{{8}}", test_sms).group(0)
    landing = context.new_page()
    assert landing.goto(test_link).status == 200
    assert "/p/mikolajki/" in landing.url
    expect(landing.locator(".lp-test")).to_be_visible()
    expect(landing.locator(".lp-shop-name")).to_be_visible()
    screenshots(landing, "test-sms-landing")
    assert landing.goto(re.search(rf"{re.escape(base)}/o/\w+", test_sms).group(0)).status == 200

    # --- "Send" through the confirmation page --------------------------------------------------------
    page.click("#campaign-send")
    page.wait_for_url(f"**/admin/campaigns/campaign/{campaign.pk}/send/")
    assert int(page.locator("#s-recipients").inner_text()) == first_recipients
    assert money_value(page.locator("#s-cost").inner_text()) > 0
    expect(page.locator("#s-sample")).to_contain_text(f"{TEXT} {base}/l/")
    expect(page.locator("#s-provider")).to_have_text("outbox")
    screenshots(page, "confirm")
    page.click("#s-confirm")
    page.wait_for_url(f"**/admin/campaigns/campaign/{campaign.pk}/change/")
    expect(page.locator("#campaign-state")).to_have_text("zakończona")  # tasks run in-process here
    screenshots(page, "done")

    # --- every SMS on the dev phone carries links to this port, and each opens -----------------------
    sent = list(OutboxEntry.objects.filter(text__startswith=TEXT).exclude(to=STAFF_PHONE).values_list("text",
                                                                                                    flat=True))
    assert len(sent) == first_recipients
    phone = page.context.new_page()
    assert phone.goto("/dev/phone/").status == 200
    for text in sent:
        links = re.findall(r"https?://\S+", text)
        assert len(links) == 2 and all(link.startswith(f"{base}/") for link in links), text
        for link in links:
            opened = phone.request.get(link)
            assert opened.status == 200, (link, opened.status)
    # The phone's top: a whole-page shot of every campaign SMS took over a minute on a busy machine.
    screenshots(phone, "dev-phone", full_page=False)

    # --- the campaign page in every state, and the report from the list ------------------------------
    for state in Campaign.State.values:
        other = Campaign.objects.create(name=f"Stan: {state}", slug=f"stan-{state}", provider="outbox",
                                        sender="Sklep", text=f"{TEXT} {{link:/p/mikolajki/}}", state=state)
        assert page.goto(f"/admin/campaigns/campaign/{other.pk}/change/").status == 200
        screenshots(page, f"campaign-{state}")
    assert page.goto("/admin/campaigns/campaign/").status == 200
    screenshots(page, "list")
    page.locator(f'a.report-link[href="/admin/campaigns/campaign/{campaign.pk}/report/"]').click()
    page.wait_for_url(f"**/admin/campaigns/campaign/{campaign.pk}/report/")
    assert int(page.locator("#r-sent").inner_text()) == first_recipients
    screenshots(page, "report")
    demo = Campaign.objects.get(slug="demo-mikolajki")
    assert page.goto(f"/admin/campaigns/campaign/{demo.pk}/report/").status == 200
    assert int(page.locator("#r-clicks").inner_text().split(" / ")[0]) > 0
    screenshots(page, "demo-report")
    assert failures == [] and script_errors == []
    context.close()
