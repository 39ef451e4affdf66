"""Fixtures shared by every app's tests."""

import importlib
import os
import re
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, connections

from zgoda.accounts.models import SmsTwoFactor
from zgoda.sms.models import OutboxEntry

PASSWORD = "Sekretne-haslo-2026"
PHONE = "+48500100200"
CODE_IN_SMS = re.compile(r"(?:kod nr|code no\.) (\d+) (?:z dzis|of today): ([\d ]+)\.")  # the Polish or English code SMS
# allauth's e-mail verification code: a line of its own, e.g. "BCDF-GHJK" (USER_CODE_FORMAT).
EMAIL_CODE = re.compile(r"^\s*([A-Z0-9]{3,5}-?[A-Z0-9]{3,5})\s*$", re.MULTILINE)


@pytest.fixture(autouse=True)
def first_consent_texts(request):
    """The first consent texts come from a data migration; a transactional test (e.g. a
    browser test) empties every table when it ends, so put them back for tests using the db."""
    if not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    from django.apps import apps

    request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
    importlib.import_module("zgoda.consent.migrations.0002_first_texts").create_texts(apps, None)


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread after it (LocaleMiddleware
    does not switch back): each test starts in the default language, as a new process would."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """allauth keeps its rate-limit counters in the cache, a database table by default: a
    test using the database starts and ends with it empty (a transactional test's flush
    leaves that table alone); a test without the database has no cache to clear."""
    names = set(request.fixturenames)
    if not {"db", "transactional_db", "live_server"} & names and request.node.get_closest_marker("django_db") is None:
        yield
        return
    if "db" in names and not {"transactional_db", "live_server"} & names:
        request.getfixturevalue("db")
    elif {"transactional_db", "live_server"} & names:
        request.getfixturevalue("transactional_db")
    cache.clear()
    yield
    cache.clear()


def make_user(email="anna@example.com", phone=None, **extra):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if phone:
        SmsTwoFactor.objects.create(user=user, phone=phone)
    return user


@pytest.fixture
def database_queue(settings, transactional_db):  # the worker opens and closes its own connection
    """The database task queue, as production runs it: queued rows wait for `zgoda db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 (zgoda/lib/tests/smtp_server.py), and Django's SMTP
    backend sending to it; smtp_server.closed_port() is a server that is down."""
    from zgoda.lib.tests.smtp_server import SmtpServer

    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, False, 5
    yield server
    server.stop()


def run_worker(**options):
    """`zgoda db_worker --batch`: takes what waits (`options`: e.g. queue_name), then stops."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, reload=False, **options)


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def user_2fa(db):
    return make_user(phone=PHONE)


def sms_to(phone):
    return list(OutboxEntry.objects.filter(to=phone).order_by("sent_at", "id").values_list("text", flat=True))


def last_code(phone=PHONE):
    """(ordinal, code digits) of the newest code SMS to `phone`, read from the dev phone."""
    texts = sms_to(phone)
    assert texts, f"no SMS to {phone}"
    ordinal, code = CODE_IN_SMS.search(texts[-1]).groups()
    return int(ordinal), code.replace(" ", "")


def login_password(client, email="anna@example.com", password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def reauthenticate(client, password=PASSWORD, **extra):
    """Answer allauth's password prompt (reauthentication): sensitive changes then pass for
    ACCOUNT_REAUTHENTICATION_TIMEOUT seconds without asking again."""
    response = client.post("/accounts/reauthenticate/", {"password": password}, **extra)
    assert response.status_code == 302, response.status_code
    return response


def verify_email_by_code(client, email):
    """Type the code from allauth's verification e-mail to `email` (the newest one) on the
    code page that signup (or login) led to."""
    from django.core import mail

    sent = [m for m in mail.outbox if email in m.to]
    assert sent, f"no e-mail to {email}"
    code = EMAIL_CODE.search(sent[-1].body).group(1)
    return client.post("/accounts/confirm-email/", {"code": code})


def email_code_from_dev_phone(phone_page, email):
    """The code of the newest e-mail to `email`, read as a newcomer would: on the dev phone."""
    mails = [m for m in phone_page.goto("/dev/phone/emails.json").json() if m["to"] == email]
    assert mails, f"no e-mail to {email} on the dev phone"
    phone_page.goto("/dev/phone/#emails")  # where a person reads it (and a screenshot shows it)
    return EMAIL_CODE.search(mails[0]["body"]).group(1)


@pytest.fixture
def pending_login(client, user_2fa):
    """A client that gave the right password and now faces the SMS step."""
    response = login_password(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/challenge/"
    return client


# --- Real browser: Playwright driving Debian's Chromium (never `playwright install`) ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
BROWSER_OUTPUT = Path(__file__).resolve().parent / "test-output" / "browser"


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session; skipped only when the Debian package is missing."""
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} not found: install the Debian package chromium (`make test` does)"
        if os.environ.get("ZGODA_REQUIRE_BROWSER"):
            pytest.fail(reason + "; ZGODA_REQUIRE_BROWSER is set, so this is a failure, not a skip")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # and pytest-django's teardown are plain synchronous code, so let Django allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone_browser(chromium, live_server):
    """A fresh browser context sized like a phone, pointed at the live server."""
    context = chromium.new_context(viewport=PHONE_VIEWPORT, base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def screenshots(request):
    """screenshots(page, "name") saves test-output/browser/<test>/<nn>-<name>.png (the whole page; with
    full_page=False the window only) and returns the path."""
    folder = BROWSER_OUTPUT / request.node.name
    if folder.exists():
        for old in folder.glob("*.png"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def shoot(page, name, full_page=True):
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page, timeout=60_000)  # a busy machine renders a long page slowly
        taken.append(path)
        return path

    shoot.taken = taken
    return shoot


@contextmanager
def production_like_database(tmp_path):
    """On SQLite, run the threads on a file database in WAL mode, as Zgoda runs in production.

    The test database is an in-memory shared-cache one, where a second writer fails at once
    with "database table is locked" instead of waiting. So the data is copied to a file,
    the threads connect to that file (each with the project's IMMEDIATE mode and busy
    timeout), and the result is copied back for the assertions. On PostgreSQL the threads
    simply use the test database.
    """
    if connection.vendor != "sqlite":
        yield
        return
    path = str(tmp_path / "race.sqlite3")
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = path  # only connections opened from now on (the threads') see it
    try:
        yield
    finally:
        settings_dict["NAME"] = memory_name
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)


def run_at_once(action, threads: int, tmp_path) -> list:
    """`action()` in `threads` threads released at the same moment, each on its own database
    connection (production_like_database); their results. Any error fails the caller."""
    barrier = threading.Barrier(threads)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # noqa: BLE001 - a database error must show up as a failure, not vanish
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    workers = [threading.Thread(target=run) for _ in range(threads)]
    with production_like_database(tmp_path):
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
    assert not errors, errors
    return results
