"""A customer's whole SMS 2FA journey in a real Chromium at a phone's size.

Sign up, turn SMS 2FA on (code read from the dev phone), log out, log in with the code
and trust the device, log out and in again: the trusted device costs no SMS.
Screenshots of every step land in test-output/browser/<test name>/.
"""

import pytest

from conftest import CODE_IN_SMS, PASSWORD, email_code_from_dev_phone

pytestmark = pytest.mark.browser

EMAIL = "ewa@example.com"
TYPED_PHONE = "500 100 200"
PHONE_E164 = "+48500100200"


def submit(page, field):
    """Click the submit button of the form holding input `field`, as a person would."""
    form = page.locator("form", has=page.locator(f"[name={field}]"))
    form.locator("button[type=submit], input[type=submit]").first.click()


def tick_required_boxes(page):
    """Tick the boxes a person must tick to go on (the terms box, when the consent app shows one)."""
    for box in page.locator("main form input[type=checkbox][required]").all():
        box.check()


def read_phone(phone_page, screenshots, step):
    """Open the dev phone in its own tab: (all messages to our number, ordinal, digits of the newest)."""
    messages = phone_page.goto("/dev/phone/messages.json").json()
    ours = [m for m in messages if m["to"] == PHONE_E164]
    phone_page.goto("/dev/phone/")
    screenshots(phone_page, step)
    if not ours:
        return ours, None, None
    ordinal, code = CODE_IN_SMS.search(ours[-1]["text"]).groups()
    return ours, int(ordinal), code


def log_out(page, screenshots, step):
    page.locator("header form button[type=submit]").click()
    page.wait_for_url("**/")
    page.get_by_role("navigation").get_by_role("link", name="Zaloguj się").wait_for()
    screenshots(page, step)


def log_in_with_password(page, screenshots, step):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    screenshots(page, step)
    submit(page, "password")


def test_signup_2fa_code_login_and_trusted_device_login_without_sms(phone_browser, live_server, screenshots):
    from playwright.sync_api import expect

    page = phone_browser.new_page()
    phone = phone_browser.new_page()
    home = f"{live_server.url}/"

    # 1. Sign up, then the code e-mailed to the address (the dev phone shows the e-mail):
    # logged in once the address is proved.
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    tick_required_boxes(page)
    screenshots(page, "signup-form")
    submit(page, "password2")
    page.wait_for_url("**/accounts/confirm-email/")
    screenshots(page, "signup-email-code-form")
    page.fill("input[name=code]", email_code_from_dev_phone(phone, EMAIL))
    screenshots(phone, "dev-phone-signup-email")
    submit(page, "code")
    page.wait_for_url(home)
    expect(page.locator("main")).to_contain_text(f"Zalogowano jako {EMAIL}")
    screenshots(page, "signed-up")

    # 2. Turn SMS 2FA on: number, then the confirmation code from the dev phone.
    page.goto("/accounts/2fa/sms/")
    page.fill("input[name=phone]", TYPED_PHONE)
    tick_required_boxes(page)
    screenshots(page, "2fa-number")
    submit(page, "phone")
    page.wait_for_url("**/accounts/2fa/sms/confirm/")
    expect(page.locator("main")).to_contain_text("+48 500 100 200")  # just typed: shown whole
    screenshots(page, "2fa-confirm-form")
    sms, ordinal, code = read_phone(phone, screenshots, "dev-phone-confirmation-code")
    assert len(sms) == 1, sms
    expect(page.get_by_test_id("expected-ordinal")).to_have_text(f"Wpisz kod nr {ordinal}")
    page.fill("input[name=code]", code)
    submit(page, "code")
    page.wait_for_url("**/accounts/2fa/sms/")
    expect(page.locator("main")).to_contain_text("Logowanie dwuetapowe SMS jest włączone.")
    screenshots(page, "2fa-on")

    # 3. Log out, log in from this (untrusted) browser: password, then a code by SMS.
    log_out(page, screenshots, "logged-out")
    log_in_with_password(page, screenshots, "login-form")
    page.wait_for_url("**/accounts/2fa/challenge/")
    sms, ordinal, code = read_phone(phone, screenshots, "dev-phone-login-code")
    assert len(sms) == 2, sms
    expect(page.get_by_test_id("expected-ordinal")).to_have_text(f"Wpisz kod nr {ordinal}")
    expect(page.locator("main")).to_contain_text("+48 *** *** 200")
    page.fill("input[name=code]", code)
    page.check("input[name=trust_device]")
    screenshots(page, "challenge-code-and-trust")
    submit(page, "code")
    page.wait_for_url(home)
    expect(page.locator("main")).to_contain_text(f"Zalogowano jako {EMAIL}")
    screenshots(page, "logged-in-with-code")
    device_cookie = next(c for c in phone_browser.cookies() if c["name"] == "zgoda_device")
    assert device_cookie["httpOnly"] and device_cookie["sameSite"] == "Lax"

    # 4. Log out and in again: the trusted device goes straight in, no new SMS.
    log_out(page, screenshots, "logged-out-again")
    log_in_with_password(page, screenshots, "login-form-trusted-device")
    page.wait_for_url(home)
    expect(page.locator("main")).to_contain_text(f"Zalogowano jako {EMAIL}")
    screenshots(page, "logged-in-without-sms")
    sms, _, _ = read_phone(phone, screenshots, "dev-phone-no-new-sms")
    assert len(sms) == 2, sms

    assert len(screenshots.taken) == 17
    for path in screenshots.taken:
        assert path.is_file() and path.stat().st_size > 1000, path
