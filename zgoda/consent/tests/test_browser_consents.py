"""Consents in a real Chromium at a phone's size: sign up, turn 2FA on with "select all" (a
page convenience after the boxes), see the consent on /accounts/consents/, withdraw it with
one click.
Screenshots of every step land in test-output/browser/<test name>/."""

import pytest

from conftest import CODE_IN_SMS, PASSWORD, email_code_from_dev_phone
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, Purpose

from .conftest import publish

pytestmark = pytest.mark.browser

EMAIL = "marta@example.com"
PHONE_E164 = "+48500100200"


def submit(page, field):
    form = page.locator("form", has=page.locator(f"[name={field}]"))
    form.locator("button[type=submit], input[type=submit]").first.click()


def newest_code(phone_page):
    messages = [m for m in phone_page.goto("/dev/phone/messages.json").json() if m["to"] == PHONE_E164]
    return CODE_IN_SMS.search(messages[-1]["text"]).group(2).replace(" ", "")


def test_enrollment_with_select_all_then_consent_page_and_one_click_withdrawal(phone_browser, live_server, screenshots):
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    page = phone_browser.new_page()
    phone = phone_browser.new_page()

    # 1. Sign up: the terms box is required.
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=consent_terms]")
    expect(page.get_by_test_id("privacy-notice")).to_contain_text("Administrator")
    expect(page.locator("input[data-select-all-box]")).to_be_hidden()  # one box: nothing to select all
    screenshots(page, "signup-with-terms")
    submit(page, "password2")
    page.wait_for_url("**/accounts/confirm-email/")  # the code e-mailed to the address, on the dev phone
    page.fill("input[name=code]", email_code_from_dev_phone(phone, EMAIL))
    submit(page, "code")
    page.wait_for_url(f"{live_server.url}/")

    # 2. Enrollment, after the shop changed its terms: the terms box and the marketing box
    # start unticked; "select all", after the boxes, ticks them all in the page (it has no
    # name: the server sees only the boxes), and follows them.
    publish(Purpose.TERMS, "2.0", change_note="Nowy regulamin.")
    page.goto("/accounts/2fa/sms/")
    marketing = page.locator("input[name=consent_sms_marketing]")
    expect(marketing).not_to_be_checked()
    expect(page.get_by_test_id("privacy-notice")).to_contain_text("Prezesa UODO")
    page.fill("input[name=phone]", "500 100 200")
    select_all = page.locator("input[data-select-all-box]")
    expect(select_all).to_be_visible()
    assert select_all.get_attribute("name") is None
    select_all.check()
    expect(marketing).to_be_checked()
    for box in page.locator("input[type=checkbox][name^=consent_]").all():
        expect(box).to_be_checked()
    marketing.uncheck()
    expect(select_all).not_to_be_checked()
    marketing.check()
    expect(select_all).to_be_checked()
    screenshots(page, "enrollment-select-all")
    submit(page, "phone")
    page.wait_for_url("**/accounts/2fa/sms/confirm/")
    user = get_user_model().objects.get(email=EMAIL)
    assert not ConsentEvent.objects.filter(user=user, purpose=Purpose.SMS_MARKETING).exists()
    page.fill("input[name=code]", newest_code(phone))
    screenshots(page, "enrollment-code")
    submit(page, "code")
    page.wait_for_url("**/accounts/2fa/sms/")
    assert validity.marketing_valid(user)

    # 3. The consents page shows the marketing consent with its version and number.
    page.goto("/")
    page.get_by_role("link", name="Twoje zgody").click()
    page.wait_for_url("**/accounts/consents/")
    expect(page.get_by_test_id("marketing-status")).to_have_text("zgoda udzielona")
    expect(page.get_by_test_id("marketing")).to_contain_text("Wersja 1.0")
    expect(page.get_by_test_id("marketing")).to_contain_text("+48 *** *** 200")
    expect(page.get_by_test_id("purpose-twofa")).to_contain_text("udzielona")
    screenshots(page, "consents-granted")

    # 4. Withdrawal: one click, no confirmation step.
    page.get_by_role("button", name="Wycofuję zgodę").click()
    expect(page.get_by_test_id("marketing-status")).to_have_text("zgoda wycofana")
    expect(page.locator("main")).to_contain_text("Zgoda na SMS-y marketingowe została wycofana.")
    screenshots(page, "consents-withdrawn")
    assert not validity.marketing_valid(user)
    assert ConsentEvent.objects.filter(user=user, purpose=Purpose.SMS_MARKETING).latest("id").action == "withdrawn"

    assert len(screenshots.taken) == 5
    for path in screenshots.taken:
        assert path.is_file() and path.stat().st_size > 1000, path
