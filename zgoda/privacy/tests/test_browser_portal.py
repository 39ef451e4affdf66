"""The privacy portal in a real Chromium at a phone's size (390x844): number, code from the
dev phone, the data page, download of the JSON file, one-click withdrawal. Screenshots of
every step land in test-output/browser/<test name>/."""

import json

import pytest

from conftest import CODE_IN_SMS, PHONE
from zgoda.consent.internal.flows import validity

from .conftest import consenting, marketing_sms

pytestmark = pytest.mark.browser


def code_from_phone(phone_page, screenshots):
    messages = [m for m in phone_page.goto("/dev/phone/messages.json").json() if m["to"] == PHONE]
    phone_page.goto("/dev/phone/")
    screenshots(phone_page, "dev-phone-code")
    assert len(messages) == 1, messages
    return CODE_IN_SMS.search(messages[-1]["text"]).group(2).replace(" ", "")


def test_portal_number_code_view_download_and_withdraw(phone_browser, live_server, screenshots, tmp_path):
    from playwright.sync_api import expect

    person = consenting()
    marketing_sms(PHONE, 2, tag="Wiosenna promocja")
    page = phone_browser.new_page()
    phone = phone_browser.new_page()
    assert page.viewport_size == {"width": 390, "height": 844}

    # 1. The home page leads to the portal; the person types the number in their own way.
    page.goto("/")
    page.get_by_role("link", name="Twoje dane i zgody (RODO)").click()
    page.wait_for_url("**/privacy/")
    page.fill("input[name=phone]", "500-100-200")
    screenshots(page, "number")
    page.get_by_role("button", name="Wyślij kod").click()
    page.wait_for_url("**/privacy/code/")
    expect(page.locator("main")).to_contain_text("+48 *** *** 200")
    screenshots(page, "code-form")

    # 2. The code from the SMS opens the data page.
    page.fill("input[name=code]", code_from_phone(phone, screenshots))
    page.get_by_role("button", name="Pokaż moje dane").click()
    page.wait_for_url("**/privacy/me/")
    expect(page.get_by_test_id("on-list")).to_have_text("jesteś na liście")
    expect(page.get_by_test_id("purpose-sms_marketing")).to_contain_text("RODO art. 6 ust. 1 lit. a")
    expect(page.get_by_test_id("marketing-messages")).to_contain_text("Wiosenna promocja")
    screenshots(page, "my-data")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"

    # 3. Download: one JSON file with the account, consents and messages.
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("moje-dane-") and download.suggested_filename.endswith(".json")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["accounts"][0]["email"] == "anna@example.com"
    assert [m["tag"] for m in data["sms_sent_to_you"] if m["kind"] == "marketing"] == ["Wiosenna promocja"] * 2

    # 4. Withdraw in one click.
    page.get_by_test_id("withdraw").click()
    page.wait_for_url("**/privacy/me/")
    expect(page.locator("main")).to_contain_text("Zgoda na SMS-y marketingowe została wycofana")
    expect(page.get_by_test_id("on-list")).to_have_text("nie jesteś na liście")
    screenshots(page, "withdrawn")
    assert not validity.marketing_valid(person)

    assert len(screenshots.taken) == 5
    for path in screenshots.taken:
        assert path.is_file() and path.stat().st_size > 1000, path
