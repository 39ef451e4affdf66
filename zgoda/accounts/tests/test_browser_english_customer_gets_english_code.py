"""An English customer logging in from a fresh phone browser that speaks Polish (real Chromium,
390x844): the code SMS on the dev phone is English and the code page switches to English, so
"Enter code no. 1" and the SMS agree; the code logs them in."""

import re

import pytest

from conftest import PASSWORD, PHONE, make_user
from zgoda.accounts.models import AccountLanguage

pytestmark = pytest.mark.browser

ENGLISH_CODE = re.compile(r"^Zgoda: code no\. (\d+) of today: ([\d ]+)\. Do not share it with anyone\.$")


def test_an_english_customer_gets_an_english_code_and_an_english_code_page(phone_browser, live_server, screenshots):
    from playwright.sync_api import expect

    person = make_user("kate@example.com", phone=PHONE)
    AccountLanguage.objects.create(user=person, language="en")
    page = phone_browser.new_page()
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_have_text("Zaloguj się")  # the browser guesses Polish
    page.fill("input[name=login]", "kate@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/challenge/")
    expect(page.get_by_test_id("expected-ordinal")).to_have_text("Enter code no. 1")
    screenshots(page, "code-page-in-english")

    phone = phone_browser.new_page()
    texts = [m["text"] for m in phone.goto("/dev/phone/messages.json").json() if m["to"] == PHONE]
    phone.goto("/dev/phone/")
    screenshots(phone, "english-code-sms")
    found = ENGLISH_CODE.match(texts[-1])
    assert found and int(found.group(1)) == 1, texts
    page.fill("input[name=code]", found.group(2).replace(" ", ""))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/2fa/challenge" not in url)
    screenshots(page, "logged-in")
