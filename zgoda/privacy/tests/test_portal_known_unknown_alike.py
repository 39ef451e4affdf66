"""Known and unknown numbers at /privacy/ go through the same limits in the same order and
run the same SQL statements (literals aside) with the same task enqueued: the answers are
the same at every limit (per IP, per day, spend cap), and so is the work behind them."""

import re
import statistics
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PHONE, sms_to
from zgoda.sms.models import Message, SpendDay

from .conftest import CODE, PORTAL, consenting, page

UNKNOWN = "+48600999888"
SAVEPOINT = re.compile(r'"s\d+_x\d+"')
LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|\bNULL\b|\bTrue\b|\bFalse\b|\btrue\b|\bfalse\b")


def normalized(ctx) -> list[str]:
    literals = (re.sub(r"\?::\w+", "?", LITERAL.sub("?", SAVEPOINT.sub("SP", q["sql"]))) for q in ctx.captured_queries)
    return [re.sub(r"\?(?:\s*,\s*\?)+", "?", sql) for sql in literals]  # PostgreSQL casts them: ?::uuid


@pytest.fixture
def database_queue(settings):
    """Tasks queued as rows, as in production: the SMS itself is sent later by the worker."""
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    return settings


@pytest.fixture
def known(db):
    return consenting()


@pytest.fixture(autouse=True)
def clock():
    """One moment for both numbers: "try again at HH:MM:SS" must not differ by a second of test time."""
    from zgoda.accounts.tests.conftest import Clock

    with mock.patch("django.utils.timezone.now", Clock(timezone.now())) as patched:
        yield patched


def answer(client, path, data=None, **extra):
    """(status, Location, what the page says of it: its messages, a field's error, and why no
    code can go now beside the resend button) of a POST, and the statements it ran."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(path, data or {}, **extra)
    statements = normalized(ctx)  # before the next request, which clears the log
    shown = page(client.get(CODE, **extra)) if response.status_code == 302 else page(response)
    alerts = re.findall(r'role="alert">([^<]*)<', shown) + re.findall(r'class="messages?[^"]*">\s*<[^>]*>([^<]*)<', shown)
    alerts += re.findall(r'data-testid="resend-(?:why|locked)"[^>]*>([^<]*)<', shown)
    return (response.status_code, response.get("Location"), alerts), statements


def both(path_data, known_ip="198.51.100.10", unknown_ip="198.51.100.11", clients=None, **extra):
    k, u = clients or (Client(), Client())
    a = answer(k, *path_data("500 100 200"), REMOTE_ADDR=known_ip)
    b = answer(u, *path_data("600 999 888"), REMOTE_ADDR=unknown_ip)
    return a, b, (k, u)


def ask(digits):
    return PORTAL, {"phone": digits}


def test_asking_for_a_code_runs_the_same_statements_and_queues_the_same_sms(known, database_queue):
    both(lambda d: ask(d[:-1] + "7"))  # warm up: first-time reads (content types, texts) are not ours
    (a, sql_a), (b, sql_b), clients = both(ask)
    assert a[:2] == b[:2] == (302, CODE)
    assert sql_a == sql_b
    inserts = [s for s in sql_a if s.lstrip().upper().startswith("INSERT")]
    assert any('"sms_message"' in s for s in inserts) and any('"accounts_onetimecode"' in s for s in inserts)
    assert not any("dbtaskresult" in s.lower() for s in inserts), inserts  # the queued SMS is the worker's task
    assert Message.objects.filter(to=PHONE, status="queued").count() == 1  # the worker sends it
    assert not Message.objects.filter(to=UNKNOWN).exists() and sms_to(UNKNOWN) == []
    # a resend within the cooldown, a wrong code: the same again
    (a, sql_a), (b, sql_b), _ = both(lambda d: ("/privacy/code/resend/", {}), clients=clients)
    assert a == b and sql_a == sql_b and "Nowy kod możesz wysłać za" in " ".join(a[2])
    (a, sql_a), (b, sql_b), _ = both(lambda d: (CODE, {"code": "000000"}), clients=clients)
    assert a == b and sql_a == sql_b


def test_at_the_per_ip_limit_the_answers_and_statements_are_the_same(known, database_queue, settings):
    settings.ZGODA_SMS_LIMITS_PER_IP = [(1, 3600)]
    both(lambda d: ask(d[:-1] + "7"), known_ip="203.0.113.1", unknown_ip="203.0.113.2")  # each address used up
    (a, sql_a), (b, sql_b), _ = both(ask, known_ip="203.0.113.1", unknown_ip="203.0.113.2")
    assert a == b and sql_a == sql_b
    assert "Z tej sieci poproszono o za dużo kodów" in " ".join(a[2])
    assert sms_to(PHONE) == []


def test_at_the_per_day_limit_the_answers_and_statements_are_the_same(known, database_queue, settings, clock):
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_DAY = 1
    both(ask)
    clock.advance(minutes=10)  # the first codes expired: a new try needs a new code
    (a, sql_a), (b, sql_b), _ = both(ask)
    assert a == b and sql_a == sql_b
    assert "Dla tego numeru poproszono już o za dużo kodów" in " ".join(a[2])


def test_at_the_spend_cap_the_answers_and_statements_are_the_same(known, database_queue, settings):
    settings.ZGODA_SMS_OTP_DAILY_SPEND_CAP = "0.5"
    both(lambda d: ask(d[:-1] + "7"))
    with mock.patch("zgoda.sms.costs.estimate", return_value=Decimal("1")):
        SpendDay.objects.get_or_create(day=timezone.localdate(), kind="otp")  # as the day's first refusal at the cap writes it
        (a, sql_a), (b, sql_b), _ = both(ask)
    assert a == b and sql_a == sql_b
    assert "limit wydatków na SMS-y z kodami" in " ".join(a[2])


def test_timings_of_known_and_unknown_numbers_are_reported(known, database_queue, settings, capsys, clock):
    """Reported, not asserted (machines differ): the median time of asking for a code."""
    settings.ZGODA_SMS_LIMITS_PER_IP = [(10000, 3600)]
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_5MIN = settings.ZGODA_SMS_PER_NUMBER_OTHERS_DAY = 10000
    settings.ZGODA_OTP_MAX_PER_USER_PER_DAY = 10000
    timings = {"known": [], "unknown": []}
    for _n in range(30):
        for kind, digits in (("known", "500 100 200"), ("unknown", "600 999 888")):
            client = Client()
            started = time.perf_counter()
            client.post(PORTAL, {"phone": digits})
            timings[kind].append((time.perf_counter() - started) * 1000)
        clock.advance(minutes=6)  # the codes expired: every try sends a new one
    with capsys.disabled():
        print("\nportal code request, median ms: known %.1f, unknown %.1f (min %.1f / %.1f)" % (
            statistics.median(timings["known"]), statistics.median(timings["unknown"]),
            min(timings["known"]), min(timings["unknown"])))


def test_after_a_refused_code_the_code_page_offers_nothing_locked_and_is_the_same_for_both(
        known, database_queue, settings, clock):
    settings.ZGODA_SMS_PER_NUMBER_OTHERS_DAY = 1
    both(ask)
    clock.advance(minutes=10)  # the first codes expired; the number's day is used up
    _, _, clients = both(ask)
    shown = []
    for client, ip in zip(clients, ("198.51.100.10", "198.51.100.11"), strict=True):
        html = page(client.get(CODE, REMOTE_ADDR=ip))
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        shown.append(re.sub(r"<strong>[^<]*</strong>", "<strong>NUMER</strong>", html))
    assert shown[0] == shown[1]
    assert "Nie wysłaliśmy jeszcze kodu na numer" in shown[0]
    assert '<button type="submit" class="primary" disabled>' in shown[0]  # no code to confirm
    assert re.search(r'class="secondary" data-countdown="\d+" data-ready-label="Wyślij kod" disabled>\s*Wyślij kod (o\s\d|\d+ \w+ \d{4} o\s\d)',
                     shown[0])


def test_codes_sent_to_a_known_number_by_other_paths_do_not_change_the_portal_answer(known, database_queue, clock):
    """The portal draws on a budget of its own: a shop's API verifications, another account's
    enrolment and the owner's logins sent the known number codes today, the unknown number got
    none, and the portal still answers both alike (a refusal would tell a stranger the number
    is in use)."""
    from conftest import make_user
    from zgoda.accounts import api as accounts
    from zgoda.accounts.internal.flows import challenge
    from zgoda.accounts.models import CodeChallenge, DailyCodeCounter

    for _n in range(5):  # the "others" budget of the number: 5 a day
        assert not isinstance(accounts.start_api_verification(phone=PHONE, purpose="confirm_number", api_key_id=7),
                              accounts.ApiVerificationRefused)
        clock.advance(minutes=6)
    challenge.start(None, make_user("ktos@example.com"), CodeChallenge.Purpose.ENROLL, PHONE)
    # a shop's API logins of the number as a returning key leave the bare number's day full
    DailyCodeCounter.objects.update_or_create(subject=DailyCodeCounter.subject_for(phone=PHONE),
                                              day=timezone.localdate(), defaults={"count": 10})
    clock.advance(minutes=6)
    queued = Message.objects.filter(to=PHONE, status="queued").count()
    (a, sql_a), (b, sql_b), _ = both(ask)
    assert a == b and sql_a == sql_b
    assert a[:2] == (302, CODE) and a[2] == []  # no refusal: a code went
    assert Message.objects.filter(to=PHONE, status="queued").count() == queued + 1
