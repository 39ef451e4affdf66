"""A number proves a number, not an account: the whole journey in a real Chromium at a
phone's size (390x844), in Polish.

Ewa has an account (e-mail, password, SMS 2FA on P, a marketing consent on P, a trusted
device, audit events from her IP and browser, marketing SMS to P). Someone who only holds
P, in a browser with no cookies, proves P on /privacy/ with the SMS code and sees P's
marketing status and SMS, downloads P's JSON, withdraws and forgets P: no page and no file
gives them an e-mail, an IP, a browser, a login code or anything of the account, and Ewa
still logs in with her password and code afterwards. "Chcę też usunąć konto w sklepie"
answers exactly as for a number no account holds and changes nothing; only Ewa, following
the link from her e-mail, sees and erases the account, after which neither her e-mail nor P
is in any table and she can no longer log in.

Screenshots of every step land in test-output/browser/<test name>/NN-privacy-*.png.
"""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from conftest import CODE_IN_SMS, PASSWORD, PHONE, PHONE_VIEWPORT, run_worker, sms_to
from zgoda.accounts.models import AuditEvent, SmsTwoFactor, TrustedDevice
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, ConsentState, ContactPoint, Purpose
from zgoda.lib import dates
from zgoda.lib.phone import written_forms
from zgoda.sms.models import Message

from .conftest import marketing_sms
from .people import EMAIL, IP, UA, found_in_database, full_person, needles

pytestmark = pytest.mark.browser

NOBODYS_PHONE = "+48600700800"  # known from a marketing SMS only: no account holds it
EWA_BROWSER = "EwaKontoBrowser/3.1 (Linux; Android 14)"
HOLDER_BROWSER = "NumerTylkoBrowser/1.0 (Linux; Android 13)"
# What the account page (me.html, the account's JSON) shows and a number's page never does.
ACCOUNT_WORDS = ("założone", "audit", "zaufane urządzenia", "ostatnie logowanie", "historia", "kampanie sms, które")
ACCOUNT_KEYS = {"account", "accounts", "email", "email_addresses", "ip", "user_agent", "audit_events",
                "trusted_devices", "sms_two_factor", "consent_history", "consent_states", "marketing_number",
                "security_invitations", "last_login", "date_joined"}
# Where an account keeps its own number (2FA, contact, consent ledger, its login codes and
# their SMS, the staff log naming it): what forgetting the number leaves alone.
ACCOUNT_TABLES_WITH_P = {"accounts_smstwofactor", "accounts_codechallenge", "accounts_onetimecode",
                         "consent_contactpoint", "consent_consentevent", "django_admin_log", "sms_message",
                         "sms_outboxentry"}
DB_QUEUE = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}


@pytest.fixture
def new_context(chromium, live_server):
    """new_context(user_agent): a fresh phone-sized browser with no cookies of its own."""
    opened = []

    def make(user_agent):
        context = chromium.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url, locale="pl-PL",
                                       user_agent=user_agent)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


def codes_to(phone) -> list[str]:
    return [CODE_IN_SMS.search(text).group(2).replace(" ", "") for text in sms_to(phone) if CODE_IN_SMS.search(text)]


def new_code(phone, before: int) -> str:
    """The code of the one SMS sent to `phone` since there were `before` of them."""
    codes = codes_to(phone)
    assert len(codes) == before + 1, codes
    return codes[-1]


def submit(page, field):
    page.locator("form", has=page.locator(f"[name={field}]")).locator("button[type=submit]").first.click()


def run_queued_tasks():
    run_worker(verbosity=0)


class Journey:
    """Screenshots with a phone-width check, and the account-free checks of every page the
    number's holder sees."""

    def __init__(self, screenshots, secret_codes):
        self.screenshots = screenshots
        self.secret_codes = secret_codes  # Ewa's login and enrollment codes

    def shot(self, page, name):
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_VIEWPORT["width"], f"{name}: the page scrolls sideways on a phone ({width}px)"
        return self.screenshots(page, f"privacy-{name}")

    def number_only(self, page, name, number_page=False):
        """The page shows nothing of any account: no e-mail (whole or masked), IP, browser,
        login code, account section or audit. A number's page does not even say "Konto"."""
        html, text = page.content(), page.locator("body").inner_text()
        low = html.lower()
        assert "@" not in text, f"{name}: an e-mail-like text on the page"
        assert not re.search(r"\w\*+@|\*{2,}@", html), f"{name}: a masked e-mail on the page"
        for word in [EMAIL, EMAIL.split("@")[0], "example.com", IP, UA, EWA_BROWSER, HOLDER_BROWSER, "127.0.0.1"]:
            assert word.lower() not in low, f"{name}: {word!r} on the page"
        for word in ACCOUNT_WORDS:
            assert word not in low, f"{name}: {word!r} on the page"
        assert not re.search(r"Konto\s+\S*@", text) and 'data-testid="account"' not in html, name
        assert "Konto" not in text if number_page else True, f"{name}: 'Konto' on the number's page"
        assert "kod nr" not in text
        for code in self.secret_codes():
            assert code not in text, f"{name}: Ewa's code {code} on the page"
        self.shot(page, name)
        return html


def json_number_only(data, secret_codes):
    """The downloaded file holds the number's marketing data and nothing of an account."""
    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                assert key not in ACCOUNT_KEYS, f"{path}.{key} in the number's file"
                walk(inner, f"{path}.{key}")
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, f"{path}[{i}]")
        elif isinstance(value, str):
            assert "@" not in value and IP not in value and UA not in value and EWA_BROWSER not in value, path
            assert not any(code in value for code in secret_codes), path

    walk(data, "$")
    assert {m["kind"] for m in data["sms_sent_to_you"]} <= {"marketing", "service"}  # never a login code


def tables_with(word) -> set[tuple[str, str]]:
    return {(table, column) for table, column, _word in found_in_database([word])}


def account_rows(user_id) -> dict:
    """Every row of Ewa's account, 2FA and consents, to compare before and after."""
    return {
        "user": list(get_user_model().objects.filter(pk=user_id).values()),
        "email_addresses": list(get_user_model().objects.get(pk=user_id).emailaddress_set.values()),
        "sms_two_factor": list(SmsTwoFactor.objects.filter(user_id=user_id).values()),
        "trusted_devices": list(TrustedDevice.objects.filter(user_id=user_id).values()),
        "audit_events": list(AuditEvent.objects.filter(user_id=user_id).order_by("id").values()),
        "consent_events": list(ConsentEvent.objects.filter(user_id=user_id).order_by("id").values()),
        "consent_states": list(ConsentState.objects.filter(user_id=user_id).order_by("purpose").values()),
        "contact_points": list(ContactPoint.objects.filter(user_id=user_id).values()),
    }


def prove_number(page, journey, typed, phone, name):
    page.goto("/privacy/")
    page.fill("input[name=phone]", typed)
    journey.number_only(page, f"{name}-number")
    before = len(codes_to(phone))
    page.get_by_role("button", name="Wyślij kod").click()
    page.wait_for_url("**/privacy/code/")
    journey.number_only(page, f"{name}-code")
    page.fill("input[name=code]", new_code(phone, before))
    page.get_by_role("button", name="Pokaż moje dane").click()
    page.wait_for_url("**/privacy/me/")
    page.get_by_test_id("list-status").wait_for()


def log_in(page):
    """Ewa at the real login page: e-mail and password (the SMS code comes next). Returns
    how many codes P had before."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    before = len(codes_to(PHONE))
    with page.expect_navigation():
        submit(page, "password")
    return before


def test_privacy_a_number_proves_a_number_not_an_account(new_context, live_server, screenshots, client, settings,
                                                        tmp_path):
    from playwright.sync_api import expect

    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(10, 300), (20, 86400)]  # Ewa's logins
    # Ewa's enrollment and the portal's codes to P draw on the non-owners' budget, and add up
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN, settings.ZGODA_SMS_PER_NUMBER_OTHERS_DAY = 10, 20
    # 1. Ewa: signup, 2FA on P with the marketing box (her IP and browser), a trusted device,
    #    a failed and a good login, marketing SMS to P, a reply from P, a request by e-mail...
    ewa = full_person(client, marketing=3)
    Message.objects.filter(to=PHONE, kind=Message.Kind.MARKETING).update(tag="Wiosenna promocja")
    marketing_sms(NOBODYS_PHONE, 1, tag="Kampania bez konta")
    assert validity.marketing_valid(ewa) and TrustedDevice.objects.filter(user=ewa).exists()
    ewas_codes = codes_to(PHONE)
    rows_at_start, email_tables = account_rows(ewa.pk), tables_with(EMAIL)
    journey = Journey(screenshots, lambda: ewas_codes)
    state = ConsentState.objects.get(user=ewa, purpose=Purpose.SMS_MARKETING)
    since = dates.when(state.at, words=True, language="pl")

    # 2. Someone holding P only, in a browser that never saw Ewa: number, code, P's page.
    holder = new_context(HOLDER_BROWSER).new_page()
    assert holder.viewport_size == PHONE_VIEWPORT
    prove_number(holder, journey, "500-100-200", PHONE, "holder")
    expect(holder.get_by_test_id("on-list")).to_have_text("ten numer jest na liście")
    consent = holder.get_by_test_id("consent")
    expect(consent).to_have_count(1)
    expect(consent).to_contain_text(f"Zgoda od{since}")
    expect(consent).to_contain_text(f"wersja {state.text.version} (pełna treść)")
    expect(consent).to_contain_text("zgoda: RODO art. 6 ust. 1 lit. a")
    expect(holder.get_by_test_id("marketing-messages").locator("li")).to_have_count(3)
    expect(holder.get_by_test_id("marketing-messages")).to_contain_text("Wiosenna promocja")
    expect(holder.get_by_test_id("actions").locator("button")).to_have_count(4)
    journey.number_only(holder, "holder-number-page", number_page=True)

    # The JSON file: P's marketing status and SMS, nothing of the account.
    with holder.expect_download() as download_info:
        holder.get_by_test_id("download").click()
    download = download_info.value
    assert re.fullmatch(r"moje-dane-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["subject"] == {"phone": PHONE}
    assert data["sms_marketing"]["on_list"] and len(data["sms_marketing"]["consents"]) == 1
    assert data["sms_marketing"]["consents"][0]["version"] == state.text.version
    assert [m["tag"] for m in data["sms_sent_to_you"]] == ["Wiosenna promocja"] * 3
    json_number_only(data, ewas_codes)

    # Withdraw in one click: P is off the list (Ewa's consent on P ends, her account stays).
    holder.get_by_test_id("withdraw").click()
    expect(holder.locator("main .msg")).to_contain_text("Zgoda na SMS-y marketingowe została wycofana")
    expect(holder.get_by_test_id("on-list")).to_have_text("tego numeru nie ma na liście")
    expect(holder.get_by_test_id("withdraw")).to_have_count(0)
    journey.number_only(holder, "holder-withdrawn", number_page=True)
    assert not validity.marketing_valid(ewa)

    # Forget P: the box must be ticked, then the button.
    holder.get_by_test_id("forget").click()
    holder.wait_for_url("**/privacy/me/forget/")
    journey.number_only(holder, "holder-forget")
    holder.get_by_test_id("forget-confirm").click()
    expect(holder.locator(".field-error")).to_contain_text("Zaznacz, że rozumiesz")
    holder.check("#id_confirm")
    holder.get_by_test_id("forget-confirm").click()
    holder.wait_for_url("**/privacy/forgotten/")
    expect(holder.locator("main")).to_contain_text("Zapomnieliśmy ten numer")
    journey.number_only(holder, "holder-forgotten")

    # The database: P's marketing SMS, Ewa's consent on P, the reply from P are gone; P is
    # left only where Ewa's account keeps it (2FA, contact, ledger, login codes, staff log),
    # and her e-mail is everywhere it was, untouched.
    assert not Message.objects.filter(to__in=written_forms(PHONE)).exclude(kind=Message.Kind.OTP).exists()
    assert Message.objects.filter(to="", kind=Message.Kind.MARKETING).count() == 3
    left = {table for table, _column, _word in found_in_database(written_forms(PHONE))}
    assert "accounts_smstwofactor" in left and left <= ACCOUNT_TABLES_WITH_P, left
    assert tables_with(EMAIL) == email_tables
    assert {k: v for k, v in account_rows(ewa.pk).items() if not k.startswith("consent_")} == {
        k: v for k, v in rows_at_start.items() if not k.startswith("consent_")}
    assert not validity.marketing_valid(ewa)

    # Ewa still logs in, in her own browser: password, then the SMS code.
    ewa_page = new_context(EWA_BROWSER).new_page()
    before = log_in(ewa_page)
    ewa_page.wait_for_url("**/accounts/2fa/challenge/")
    expect(ewa_page.locator("main")).to_contain_text("+48 *** *** 200")
    journey.shot(ewa_page, "ewa-login-code")
    ewa_page.fill("input[name=code]", new_code(PHONE, before))
    submit(ewa_page, "code")
    ewa_page.wait_for_url(f"{live_server.url}/")
    expect(ewa_page.locator("main")).to_contain_text(f"Zalogowano jako {EMAIL}")
    journey.shot(ewa_page, "ewa-logged-in")
    ewas_codes = codes_to(PHONE)

    # 3. "Also delete my account": the portal session ended with the forget, so P is proved again.
    holder.goto("/privacy/me/")
    holder.wait_for_url("**/privacy/")
    prove_number(holder, journey, "500 100 200", PHONE, "holder-again")
    expect(holder.get_by_test_id("on-list")).to_have_text("tego numeru nie ma na liście")
    journey.number_only(holder, "holder-again-number-page", number_page=True)
    # ... and someone else with a number no account holds, in another browser.
    nobody = new_context(HOLDER_BROWSER).new_page()
    prove_number(nobody, journey, "600 700 800", NOBODYS_PHONE, "nobody")
    expect(nobody.get_by_test_id("marketing-messages")).to_contain_text("Kampania bez konta")

    settings.TASKS = DB_QUEUE  # from here the e-mail waits in the database queue for the worker
    mail.outbox.clear()
    rows_before = account_rows(ewa.pk)
    answers = []
    for page, name in ((holder, "holder-account-link"), (nobody, "nobody-account-link")):
        page.get_by_test_id("account-link").click()
        page.locator("main .msg").wait_for()
        answers.append(page.locator("main .msg").inner_text())
        journey.number_only(page, name, number_page=True)
    assert answers[0] == answers[1], answers
    assert answers[0].startswith("Jeśli z tego numeru korzysta konto, wysłaliśmy link")
    assert mail.outbox == []  # queued, not sent: nothing changed yet
    assert account_rows(ewa.pk) == rows_before
    run_queued_tasks()
    assert account_rows(ewa.pk) == rows_before

    # 4. Ewa follows the link from her e-mail: she (not the number's holder) sees the account.
    link_mail, = mail.outbox
    assert link_mail.to == [EMAIL]
    url, = re.findall(r"https?://\S+/privacy/link/\S+/", link_mail.body)
    ewa_page.goto(urlsplit(url).path)
    expect(ewa_page.get_by_test_id("open-account")).to_be_visible()
    journey.shot(ewa_page, "ewa-link")
    ewa_page.get_by_role("button", name="Otwórz dane konta").click()
    ewa_page.wait_for_url("**/privacy/account/")
    expect(ewa_page.get_by_test_id("account")).to_contain_text(f"Konto {EMAIL}")
    expect(ewa_page.get_by_test_id("on-list")).to_have_text("nie jesteś na liście")
    journey.shot(ewa_page, "ewa-account-page")
    ewa_page.get_by_test_id("erase").click()
    ewa_page.wait_for_url("**/privacy/account/erase/")
    expect(ewa_page.locator("main")).to_contain_text(f"konto {EMAIL} (nie zalogujesz się już na nie)")
    journey.shot(ewa_page, "ewa-erase")
    ewa_page.check("#id_confirm")
    ewa_page.get_by_role("button", name="Usuń moje dane na zawsze").click()
    ewa_page.wait_for_url("**/privacy/erased/")
    expect(ewa_page.locator("main")).to_contain_text("Usunęliśmy Twoje dane")
    expect(ewa_page.locator("header")).to_contain_text("Zaloguj")  # her login here ended with the account
    journey.shot(ewa_page, "ewa-erased")

    left = found_in_database([*needles(PHONE, EMAIL), EWA_BROWSER])
    assert left == [], left
    assert not get_user_model().objects.get(pk=ewa.pk).is_active

    # ... and she can no longer log in.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    before_sms = len(sms_to(PHONE))
    log_in(ewa_page)
    assert urlsplit(ewa_page.url).path == "/accounts/login/"
    expect(ewa_page.locator("main")).not_to_contain_text("Zalogowano jako")
    journey.shot(ewa_page, "ewa-login-refused")
    assert len(sms_to(PHONE)) == before_sms

    for path in screenshots.taken:
        assert path.is_file() and path.stat().st_size > 1000, path
