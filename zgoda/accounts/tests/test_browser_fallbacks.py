"""A lost phone in a real Chromium at a phone's size: log in with a recovery code, set up an
authenticator app on allauth's pages (its code computed from the shown secret with allauth's
TOTP helpers), log in next time with an app code and no SMS, then with "send me an SMS instead".
Screenshots of every step land in test-output/browser/<test name>/."""

import pytest

from conftest import CODE_IN_SMS, PASSWORD, PHONE, make_user, sms_to

from .mfa_helpers import add_recovery_codes, app_code
from .test_browser_login import EMAIL, log_in_with_password, log_out, read_phone, submit

pytestmark = pytest.mark.browser


def test_lost_phone_recovery_code_then_app_then_sms_instead(phone_browser, live_server, screenshots):
    from playwright.sync_api import expect

    make_user(EMAIL, phone=PHONE)
    from django.contrib.auth import get_user_model

    codes = add_recovery_codes(get_user_model().objects.get(email=EMAIL))  # saved when 2FA went on
    page = phone_browser.new_page()
    phone = phone_browser.new_page()
    home = f"{live_server.url}/"

    # 1. The phone is lost: password, then a recovery code on the same step.
    log_in_with_password(page, screenshots, "password")
    page.wait_for_url("**/accounts/2fa/challenge/")
    page.get_by_text("Nie masz dostępu do telefonu?").click()
    screenshots(page, "lost-phone-help")
    page.fill("input[name=code]", codes[0])
    submit(page, "code")
    page.wait_for_url(home)
    expect(page.locator("main")).to_contain_text("Zalogowano kodem odzyskiwania")
    screenshots(page, "logged-in-with-recovery-code")

    # 2. Set up an authenticator app on allauth's mfa pages.
    page.goto("/accounts/2fa/sms/")
    page.get_by_test_id("mfa-link").click()
    page.wait_for_url("**/accounts/2fa/")
    screenshots(page, "mfa-index")
    page.get_by_role("link", name="Włącz aplikację").click()
    page.wait_for_url("**/accounts/reauthenticate/**")  # allauth asks for the password again first
    page.fill("input[name=password]", PASSWORD)
    screenshots(page, "reauthenticate")
    submit(page, "password")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    page.fill("input[name=code]", app_code(secret))
    screenshots(page, "app-activation")
    submit(page, "code")
    page.wait_for_url("**/accounts/2fa/**")
    expect(page.locator("main")).not_to_contain_text("Nieprawidłowy kod")
    screenshots(page, "app-active")
    log_out(page, screenshots, "logged-out")

    # 3. Next login: the app's code, and no SMS.
    sent_before = len(sms_to(PHONE))
    log_in_with_password(page, screenshots, "password-again")
    page.wait_for_url("**/accounts/2fa/challenge/")
    expect(page.get_by_test_id("app-code-form")).to_be_visible()
    screenshots(page, "app-code-page")
    page.fill("input[name=code]", app_code(secret))
    submit(page, "code")
    page.wait_for_url(home)
    assert len(sms_to(PHONE)) == sent_before
    log_out(page, screenshots, "logged-out-again")

    # 4. "Send me an SMS instead" (the phone is back): the SMS code logs in.
    log_in_with_password(page, screenshots, "password-third")
    page.wait_for_url("**/accounts/2fa/challenge/")
    page.get_by_test_id("sms-instead").click()
    page.wait_for_url("**/accounts/2fa/challenge/")
    expect(page.get_by_test_id("expected-ordinal")).to_be_visible()
    ours, ordinal, code = read_phone(phone, screenshots, "dev-phone")
    assert len(ours) == sent_before + 1 and CODE_IN_SMS.search(ours[-1]["text"])
    page.fill("input[name=code]", code.replace(" ", ""))
    screenshots(page, "sms-code")
    submit(page, "code")
    page.wait_for_url(home)
    screenshots(page, "logged-in-with-sms")
