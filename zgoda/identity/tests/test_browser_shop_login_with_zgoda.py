"""Done when (issue 12): a real relying party, in its own process on localhost (authlib, knowing
only the discovery URL, a client id and a secret), sends Chromium to Zgoda. A new customer signs
up inside the authorize flow, turns on SMS 2FA with the marketing box ticked, types the code from
the dev phone and comes back: the shop verified the ID token against the JWKS and sees a verified
number and a granted marketing consent. A second login in a fresh browser, with password and SMS
code, gets the same claims. Every redirect back to the shop follows a form sent from a Zgoda page,
so Chromium's form-action enforcement is part of the proof. Screenshots: test-output/browser/<test>/."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CODE_IN_SMS, PASSWORD, PHONE_VIEWPORT, email_code_from_dev_phone
from zgoda.identity.internal.flows import clients

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "ola@example.com"
PHONE_E164 = "+48500100300"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


@pytest.fixture
def shop_url(live_server, settings, chromium):
    """The relying party's address; its process ends with the test."""
    settings.ZGODA_PUBLIC_URL = live_server.url
    port = free_port()
    client, secret = clients.create("Sklep Oli", [f"http://localhost:{port}/callback"])
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "AUTHLIB_INSECURE_TRANSPORT": "1",  # http on localhost
           "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "zgoda.identity.tests.relying_party", f"--issuer={live_server.url}",
         f"--client-id={client.id}", f"--client-secret={secret}", f"--port={port}"],  # a secret may start with "-"
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def submit(page, field):
    form = page.locator("form", has=page.locator(f"[name={field}]"))
    form.locator("button[type=submit], input[type=submit]").first.click()


def newest_code(phone_page):
    messages = [m for m in phone_page.goto("/dev/phone/messages.json").json() if m["to"] == PHONE_E164]
    return CODE_IN_SMS.search(messages[-1]["text"]).group(2).replace(" ", "")


def claims_shown(page, shop_url) -> dict:
    page.wait_for_url(f"{shop_url}/callback**")
    error = page.locator("#error")
    assert error.count() == 0, error.inner_text()
    return json.loads(page.locator("#claims").inner_text())


def grant_on_consent_page(page, screenshots, name):
    from playwright.sync_api import expect

    page.wait_for_url("**/identity/o/authorize?**")
    expect(page.get_by_test_id("oidc-consent")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text("Sklep Oli")
    screenshots(page, name)
    page.get_by_role("button", name="Zezwól i wróć do sklepu").click()


def assert_verified_number_and_marketing(claims):
    for source in ("id_token", "userinfo"):
        got = claims[source]
        assert got["email"] == EMAIL and got["email_verified"] is True, source
        assert got["phone_number"] == PHONE_E164 and got["phone_number_verified"] is True, source
        marketing = got["zgoda_consents"]["sms_marketing"]
        assert marketing["granted"] is True and marketing["version"] == "1.0" and marketing["since"], source
    assert claims["id_token"]["sub"] == claims["userinfo"]["sub"]


def test_new_customer_signs_up_turns_on_2fa_and_returns_to_the_shop_then_logs_in_again(
        phone_browser, live_server, shop_url, screenshots, chromium):
    from playwright.sync_api import expect

    page = phone_browser.new_page()
    phone = phone_browser.new_page()

    # 1. The shop sends the customer to Zgoda; no account yet: "sign up" keeps the way back.
    page.goto(f"{shop_url}/login")
    page.wait_for_url("**/accounts/login/?next=**")
    screenshots(page, "login-from-shop")
    page.locator("main a[href*='/accounts/signup/?next=']").first.click()
    page.wait_for_url("**/accounts/signup/?next=**")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=consent_terms]")
    screenshots(page, "signup")
    submit(page, "password2")
    page.wait_for_url("**/accounts/confirm-email/")
    page.fill("input[name=code]", email_code_from_dev_phone(phone, EMAIL))
    submit(page, "code")

    # 2. Offered SMS 2FA on the way: the number, the marketing box ticked, the code from the dev phone.
    page.wait_for_url("**/accounts/2fa/sms/?next=**")
    expect(page.get_by_test_id("skip-twofa")).to_be_visible()
    page.fill("input[name=phone]", "500 100 300")
    page.check("input[name=consent_sms_marketing]")
    screenshots(page, "enroll-with-marketing")
    submit(page, "phone")
    page.wait_for_url("**/accounts/2fa/sms/confirm/?next=**")
    page.fill("input[name=code]", newest_code(phone))
    screenshots(page, "confirm-number")
    submit(page, "code")

    # 3. Back in the authorization: allow, and the shop has verified claims.
    grant_on_consent_page(page, screenshots, "consent-page")
    claims = claims_shown(page, shop_url)
    screenshots(page, "shop-sees-claims")
    assert_verified_number_and_marketing(claims)

    # 4. A fresh browser: password and SMS code, then the same claims.
    other = chromium.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url, locale="pl-PL")
    other.set_default_timeout(15_000)
    try:
        again = other.new_page()
        again.goto(f"{shop_url}/login")
        again.wait_for_url("**/accounts/login/?next=**")
        again.fill("input[name=login]", EMAIL)
        again.fill("input[name=password]", PASSWORD)
        submit(again, "password")
        again.wait_for_url("**/accounts/2fa/challenge/")
        again.fill("input[name=code]", newest_code(phone))
        screenshots(again, "second-login-code")
        submit(again, "code")
        grant_on_consent_page(again, screenshots, "second-consent-page")
        second = claims_shown(again, shop_url)
        assert_verified_number_and_marketing(second)
        assert second["id_token"]["sub"] == claims["id_token"]["sub"]
    finally:
        other.close()
