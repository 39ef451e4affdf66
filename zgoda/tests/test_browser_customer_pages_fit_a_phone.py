"""Every customer page at a phone's size (390x844), in Polish and in English, in a real
Chromium: no page scrolls sideways, none answers 5xx, every form control has a label, a
destructive button is red with a contrast of at least 4.5:1, a resend that is still locked
is never offered (the code page says when it unlocks), the site has a favicon, the device
list marks this device and the confirmation step shows the number just typed in full.

Screenshots of every page land in test-output/browser/<test name>/NN-<page>.png.
"""

import re

import pytest
from django.test import Client

from conftest import PHONE, PHONE_VIEWPORT, login_password, make_user, sms_to
from zgoda.accounts.models import TrustedDevice
from zgoda.consent.internal.flows import texts
from zgoda.consent.models import Purpose
from zgoda.lib import crypto
from zgoda.privacy import api as privacy_api
from zgoda.privacy.tests.conftest import consenting

pytestmark = pytest.mark.browser

EWA = "ewa.kowalska@example.com"
ANNA = "anna.nowak@example.com"
ANNA_TYPED = "500 100 300"
ANNA_IN_FULL = "+48 500 100 300"
# What a locked resend must not be offered as (the flow's words, and their English).
RESEND_NOW = ("Wyślij nowy kod", "Send a new code")

OVERFLOW = "document.documentElement.scrollWidth > window.innerWidth"
WIDTH = "document.documentElement.scrollWidth"
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(e => e.offsetParent !== null)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map(e => e.name || e.id || e.outerHTML.slice(0, 80))"""
DANGER_COLOURS = """() => [...document.querySelectorAll('.danger')].filter(e => e.offsetParent !== null).map(e => {
  const s = getComputedStyle(e); return [e.textContent.trim(), s.color, s.backgroundColor]; })"""
QUIET_BUTTONS = """() => [...document.querySelectorAll('button.link, button.secondary, .button.link, .button.secondary')]
  .filter(e => e.offsetParent !== null && !e.disabled).map(e => [e.textContent.trim(), getComputedStyle(e).backgroundColor])"""
LOCKED_BUTTONS = """() => [...document.querySelectorAll('button[data-countdown]')]
  .filter(b => parseInt(b.dataset.countdown, 10) > 0 && !b.disabled).map(b => b.textContent.trim())"""


def newest_code(phone=PHONE) -> str:
    """The digits of the newest code SMS to `phone`, whichever language it was written in."""
    return re.search(r": ([\d ]+)\.", sms_to(phone)[-1]).group(1).replace(" ", "")


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(css: str) -> float:
    """WCAG relative luminance of a computed colour such as 'rgb(180, 35, 24)'."""
    red, green, blue = rgb(css)[:3]
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def rgb(css: str) -> list[float]:
    return [float(part) for part in css[css.index("(") + 1:css.index(")")].split(",")]


def reddish(css: str) -> bool:
    red, green, blue = rgb(css)[:3]
    return red > green + 80 and red > blue + 80


def transparent(css: str) -> bool:
    parts = rgb(css)
    return len(parts) == 4 and parts[3] == 0


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_says():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)"), 2) == 4.54


class Walk:
    """Opens pages in browser contexts of one language and collects what is wrong."""

    def __init__(self, chromium, live_server, language, screenshots):
        self.chromium, self.live_server, self.language = chromium, live_server, language
        self.screenshots = screenshots
        self.contexts, self.problems, self.seen = [], [], []

    def context(self, client: Client | None = None):
        context = self.chromium.new_context(
            viewport=PHONE_VIEWPORT, base_url=self.live_server.url, locale=f"{self.language}-PL",
            extra_http_headers={"Accept-Language": self.language},
        )
        context.set_default_timeout(15_000)
        if client is not None:  # the same person as the test client: its session (and trusted device)
            context.add_cookies([{"name": name, "value": morsel.value, "url": self.live_server.url}
                                 for name, morsel in client.cookies.items() if morsel.value])
        self.contexts.append(context)
        return context

    def check(self, page, name, response=None):
        """The page as it stands: status, sideways scroll, labels, red buttons, locked resends."""
        page.wait_for_load_state("load")
        self.seen.append(name)
        if response is not None and response.status >= 500:
            self.problems.append(f"{name}: HTTP {response.status}")
        if page.evaluate(OVERFLOW):
            self.problems.append(f"{name}: {page.evaluate(WIDTH)} px wide, the page scrolls sideways")
        for control in page.evaluate(UNLABELLED):
            self.problems.append(f"{name}: a control without a label: {control}")
        for text, colour, background in page.evaluate(DANGER_COLOURS):
            ratio = contrast(colour, background)
            if ratio < 4.5 or not reddish(background):
                self.problems.append(f"{name}: '{text}' is not a red button ({colour} on {background}, {ratio:.2f}:1)")
        for text, background in page.evaluate(QUIET_BUTTONS):
            if not (transparent(background) or luminance(background) > 0.8):  # a link or an outline, never filled
                self.problems.append(f"{name}: '{text}' looks like the main action ({background})")
        for text in page.evaluate(LOCKED_BUTTONS):
            self.problems.append(f"{name}: '{text}' offered while the resend is locked")
        self.screenshots(page, name)

    def expect(self, condition, problem):
        if not condition:
            self.problems.append(problem)

    def open(self, page, path, name):
        response = page.goto(path)
        self.check(page, name, response)
        return response

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def walk(chromium, live_server, transactional_db, screenshots, request):
    opened = Walk(chromium, live_server, request.node.callspec.params["language"], screenshots)
    yield opened
    opened.close()


def logged_in_with_trusted_device(email) -> Client:
    """Password, then the SMS code with "trust this device": the session and the device cookie."""
    client = Client()
    assert login_password(client, email).status_code == 302
    code = newest_code()
    assert client.post("/accounts/2fa/challenge/", {"code": code, "trust_device": "on"}).status_code == 302
    return client


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_customer_page_fits_a_phone(walk, language, live_server):
    ewa = consenting(EWA, PHONE)
    TrustedDevice.objects.create(user=ewa, token_hmac=crypto.keyed_hash("device", "other-phone"),
                                 name="Android · Chrome", user_agent="Mozilla/5.0 (Linux; Android 14)")
    anna = make_user(ANNA)
    token = privacy_api.issue_optout_tokens([(ewa.pk, PHONE)])[0]
    marketing_text = texts.current_text(Purpose.SMS_MARKETING, language)

    # --- Someone not logged in ---
    stranger = walk.context().new_page()
    for path, name in [("/accounts/signup/", "signup"), ("/accounts/login/", "login"),
                       ("/accounts/password/reset/", "password-reset"), ("/privacy/", "privacy-start"),
                       ("/privacy/account-link/", "privacy-ask-link"), ("/privacy/forgotten/", "privacy-forgotten"),
                       ("/privacy/erased/", "privacy-erased"), (f"/o/{token}", "optout"),
                       ("/o/Zz9Zz9Zz9", "optout-unknown"), (f"/accounts/consents/texts/{marketing_text.pk}/",
                                                             "consent-text")]:
        walk.open(stranger, path, name)
    stranger.goto("/accounts/signup/")
    box = stranger.locator("input[name=consent_terms]").bounding_box()
    walk.expect(box["width"] >= 24 and box["height"] >= 24, f"signup: the terms box is {box['width']}x{box['height']} px")
    walk.expect(stranger.locator("input[data-select-all-box]").is_hidden(), "signup: 'select all' with one box")
    favicon = stranger.request.get("/favicon.ico")
    assert favicon.status == 200 and favicon.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert stranger.locator("link[rel=icon]").count() >= 1

    # --- The privacy portal for a number: code step (resend locked at first), the number's page ---
    portal = walk.context().new_page()
    portal.goto("/privacy/")
    portal.fill("input[name=phone]", "500 100 200")
    portal.locator("form.card button[type=submit]").click()
    portal.wait_for_url("**/privacy/code/")
    walk.check(portal, "privacy-code")
    portal.fill("input[name=code]", newest_code())
    portal.locator("form.card button[type=submit]").click()
    portal.wait_for_url("**/privacy/me/")
    walk.check(portal, "privacy-number")
    walk.open(portal, "/privacy/me/forget/", "privacy-forget")

    # --- The SMS step of a login: fresh, then after five wrong codes while resend is locked ---
    pending = Client()
    assert login_password(pending, EWA).status_code == 302
    challenge = walk.context(pending).new_page()
    walk.open(challenge, "/accounts/2fa/challenge/", "login-code")
    right = newest_code()
    wrong = str((int(right) + 1) % 10 ** len(right)).zfill(len(right))
    for _ in range(5):
        challenge.fill("input[name=code]", wrong)
        challenge.locator("form.card button[type=submit]").click()
        challenge.wait_for_load_state("load")
    walk.check(challenge, "login-code-blocked")
    text = challenge.locator("main").inner_text()
    walk.expect(not any(words in text for words in RESEND_NOW), f"login-code-blocked: a locked resend offered: {text}")
    walk.expect(challenge.locator("form.resend button").is_disabled(), "login-code-blocked: resend enabled")
    walk.expect(challenge.locator("form.card button[type=submit]").is_disabled(),  # the blocked code can't pass
                "login-code-blocked: 'Potwierdź' offered for a blocked code")
    sms_before = len(sms_to(PHONE))

    # --- Anna turns 2FA on: the form, then the confirmation step with the number in full ---
    annas = Client()
    annas.force_login(anna)
    enrollment = walk.context(annas).new_page()
    walk.open(enrollment, "/accounts/2fa/sms/", "twofa-enroll")
    enrollment.fill("input[name=phone]", ANNA_TYPED)
    enrollment.locator("form.card button[type=submit]").click()
    enrollment.wait_for_url("**/accounts/2fa/sms/confirm/")
    walk.check(enrollment, "twofa-confirm")
    walk.expect(ANNA_IN_FULL in enrollment.locator("main").inner_text(), "twofa-confirm: the number not in full")

    # --- Ewa, logged in on a trusted device: every page of her account ---
    ewas = walk.context(logged_in_with_trusted_device(EWA)).new_page()
    for path, name in [("/accounts/2fa/sms/", "twofa-on"), ("/accounts/2fa/sms/change/", "twofa-change"),
                       ("/accounts/2fa/sms/disable/", "twofa-disable"), ("/accounts/devices/", "devices"),
                       ("/accounts/sessions/", "sessions"), ("/accounts/consents/", "consents"),
                       ("/accounts/consents/number/remove/", "consents-remove-number"),
                       ("/accounts/privacy/", "account-privacy"), ("/accounts/privacy/erase/", "account-erase"),
                       ("/accounts/email/", "email"), ("/accounts/password/change/", "password-change"),
                       ("/accounts/2fa/", "mfa"), ("/", "shop")]:
        walk.open(ewas, path, name)
    ewas.goto("/accounts/devices/")
    walk.expect(ewas.locator(".devices > li").count() == 2, "devices: not the two devices")
    walk.expect(ewas.locator("[data-testid=this-device]").count() == 1, "devices: this device not marked")
    ewas.goto("/accounts/2fa/sms/disable/")
    ewas.locator("button[value=send_code]").click()
    walk.check(ewas, "twofa-disable-code")

    assert len(sms_to(PHONE)) == sms_before + 2  # Ewa's login code, then the code to turn 2FA off
    assert not walk.problems, "\n".join(walk.problems)
    assert len(walk.seen) >= 30
