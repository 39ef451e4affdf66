"""Every admin list and change page (with a row of every model the admin shows) and every
customer page, in Polish and in English: no 5xx, no English words on a Polish page, no
Polish ones on an English page, none of the words docs/glossary.md rules out (what the shop itself stored, e.g. a campaign's name, is data
and is left alone); and, in Chromium, no page wider than a 390 px phone. Owner pages are
photographed at 1280x800 in test-output/browser/."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse

from . import demo_rows
from .page_language import glossary_misses, sentences, visible_texts, wrong_language

STAFF, CUSTOMER = "admin@zgoda.test", "anna@zgoda.test"
CUSTOMER_PAGES = ["/", "/accounts/2fa/sms/", "/accounts/2fa/sms/change/", "/accounts/2fa/sms/disable/",
                  "/accounts/devices/", "/accounts/sessions/", "/accounts/consents/", "/accounts/privacy/",
                  "/accounts/privacy/erase/", "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/",
                  "/accounts/logout/", "/accounts/reauthenticate/", "/accounts/2fa/recovery-codes/",
                  "/accounts/2fa/totp/activate/"]
STRANGER_PAGES = ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/", "/privacy/",
                  "/privacy/account-link/", "/privacy/forgotten/", "/privacy/erased/", "/o/Zz9Zz9Zz9Zz9",
                  "/accounts/password/reset/done/", "/accounts/password/reset/key/done/", "/accounts/confirm-email/",
                  "/accounts/inactive/"]


def admin_pages() -> list[str]:
    """The index, each model's list and the change page of its first row, and the owner's own pages."""
    from zgoda.campaigns.models import Campaign

    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        row = model._default_manager.order_by("pk").first()
        if row is not None and opts.model_name != "consentdashboard":
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(row.pk)]))  # as the admin links it
    for campaign in Campaign.objects.all()[:10]:
        pages += [reverse("admin:campaigns_report", args=[campaign.pk])]
        if campaign.state == Campaign.State.DRAFT:
            pages.append(reverse("admin:campaigns_confirm", args=[campaign.pk]))
    pages += [reverse("admin:campaigns_campaign_add"), reverse("admin:task_queue")]
    for name in ("admin:consent_exportaudit_download", "admin:consent_exportaudit_stale"):
        try:
            pages.append(reverse(name))
        except NoReverseMatch:
            pass
    return pages


def customer_pages() -> list[tuple[str, str]]:
    from zgoda.campaigns.models import LandingPage
    from zgoda.consent.models import ConsentText

    text = ConsentText.objects.order_by("pk").first()
    landing = LandingPage.objects.order_by("pk").first()
    stranger = [*STRANGER_PAGES, f"/accounts/consents/texts/{text.pk}/", f"/p/{landing.slug}/"]
    return [("stranger", p) for p in stranger] + [("customer", p) for p in CUSTOMER_PAGES] + [
        ("pending", "/accounts/2fa/challenge/")]  # after the password, before the SMS code


def stored_words() -> set[str]:
    """Every short text the demo stored: what the shop and its customers wrote is not UI."""
    words = set()
    for model in admin.site._registry:
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        for row in model._default_manager.values_list(*names)[:200] if names else []:
            for value in (str(v).strip() for v in row if v):
                # a text of several lines (a consent text's or a landing page's body) shows line by line
                words.update([value, *filter(None, map(str.strip, value.splitlines()))])
    return words


def at_the_code_step(email: str, language: str) -> Client:
    """A browser that gave the right password and now faces the SMS code (one was sent)."""
    from zgoda.consent.internal.flows.demo import PASSWORD

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    assert client.post("/accounts/login/", {"login": email, "password": PASSWORD})["Location"] == "/accounts/2fa/challenge/"
    return client


def signed_in(email: str, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    client.force_login(get_user_model().objects.get(email=email))
    return client


@pytest.fixture
def demo(transactional_db):
    demo_rows.build()
    return demo_rows.missing()


def test_every_model_in_the_admin_has_a_row_to_open(demo):
    assert demo == [], f"no demo row of: {', '.join(demo)} (add one to zgoda/tests/demo_rows.py)"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_page_speaks_one_language(demo, language):
    english, polish = sentences()
    data = stored_words()
    home, crumbs = {"pl": "Panel sklepu", "en": "Shop panel"}[language], 0
    clients = {"staff": signed_in(STAFF, language), "customer": signed_in(CUSTOMER, language),
               "stranger": Client(HTTP_ACCEPT_LANGUAGE=language), "pending": at_the_code_step(CUSTOMER, language)}
    clients["stranger"].cookies["django_language"] = language
    problems = []
    for who, path in [("staff", p) for p in admin_pages()] + customer_pages():
        response = clients[who].get(path)
        if response.status_code >= 500 or (who in ("staff", "pending") and response.status_code != 200):
            problems.append(f"{path}: HTTP {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        texts = visible_texts(body)
        first_crumb = re.search(r'class="breadcrumbs">\s*<a href="[^"]*">([^<]*)</a>', body)
        crumbs += bool(first_crumb)
        trail = re.search(r'class="breadcrumbs">(.*?)</div>', body, re.S)
        if trail and re.search(r'href="/admin/[a-z_]+/"', trail.group(1)):  # an app: not how the index groups
            problems.append(f"{path}: the breadcrumbs name an app")
        if first_crumb and first_crumb.group(1).strip() != home:  # one name for the way back everywhere
            problems.append(f"{path}: the breadcrumbs start with {first_crumb.group(1).strip()!r}, not {home!r}")
        wrong = wrong_language(texts, language, english, polish, data)
        problems += [f"{path}: {text!r}" for text in dict.fromkeys(wrong)]
        problems += [f"{path}: {text!r} (docs/glossary.md)" for text in dict.fromkeys(glossary_misses(texts))]
    assert not problems, f"{len(problems)} problems in {language}:\n" + "\n".join(problems)
    assert crumbs > 50  # the breadcrumbs were found (admin pages but the index have them)


OWNER_VIEWPORT = {"width": 1280, "height": 800}
PHONE_WIDTH = {"width": 390, "height": 844}
WIDTH = "document.documentElement.scrollWidth"
# Controls a person can use without a name a screen reader could say (a label, aria-label, title).
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button, a[href]')]
  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
  .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                 || e.title || (['BUTTON', 'A'].includes(e.tagName) && e.textContent.trim())
                 || (e.type === 'submit' && e.value) || e.querySelector('img[alt]:not([alt=""])')))
  .map(e => e.outerHTML.slice(0, 80))"""
WIDEST = """() => { const w = window.innerWidth; const e = [...document.querySelectorAll('body *')]
  .filter(x => x.getBoundingClientRect().right > w + 1).pop();
  return e ? e.tagName.toLowerCase() + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40) : ''; }"""


def _browser(chromium, live_server, client, viewport, language):
    context = chromium.new_context(viewport=viewport, base_url=live_server.url, locale=f"{language}-PL",
                                   extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(15_000)
    cookies = [{"name": name, "value": m.value, "url": live_server.url} for name, m in client.cookies.items() if m.value]
    context.add_cookies(cookies)
    return context


@pytest.mark.browser
@pytest.mark.parametrize("language", ["pl", "en"])
def test_no_page_is_wider_than_a_phone(chromium, live_server, demo, language, screenshots):
    """390 px in Chromium, every admin and customer page; owner pages photographed at 1280x800 (Polish);
    every control of a customer page has a name (its label, aria-label or text)."""
    clients = {"staff": signed_in(STAFF, language), "customer": signed_in(CUSTOMER, language),
               "stranger": Client(), "pending": at_the_code_step(CUSTOMER, language)}
    clients["stranger"].cookies["django_language"] = language
    walks = [("staff", p) for p in admin_pages()] + customer_pages()
    contexts = {who: _browser(chromium, live_server, client, PHONE_WIDTH, language) for who, client in clients.items()}
    pages = {who: context.new_page() for who, context in contexts.items()}
    owner = _browser(chromium, live_server, clients["staff"], OWNER_VIEWPORT, language).new_page() if language == "pl" else None
    wide = []
    try:
        for who, path in walks:
            response = pages[who].goto(path, wait_until="domcontentloaded")
            if response is not None and response.status >= 500:
                wide.append(f"{path}: HTTP {response.status}")
                continue
            if who != "staff":
                wide += [f"{path}: unlabelled {control}" for control in pages[who].evaluate(UNLABELLED)]
            width = pages[who].evaluate(WIDTH)
            if width > PHONE_WIDTH["width"]:
                culprit = pages[who].evaluate(WIDEST)
                wide.append(f"{path}: {width} px ({culprit})")
            if owner is not None and who == "staff":
                owner.goto(path, wait_until="domcontentloaded")
                screenshots(owner, path.strip("/").replace("/", "-") or "admin")
    finally:
        for context in contexts.values():
            context.close()
        if owner is not None:
            owner.context.close()
    assert not wide, f"{len(wide)} pages wider than 390 px in {language}:\n" + "\n".join(wide)
