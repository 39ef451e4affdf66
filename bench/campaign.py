"""`make bench-campaign`: a campaign to 1,000,000 recipients dispatched through the database
task queue to a local provider that accepts every message at once, beside the raw insert
rate of the same database measured in the same run (the ceiling).

Target (issue 6): at least 2,000 messages per second sustained, worker peak memory under
300 MB.

Setup (not timed, kept between runs under var/bench-campaign/): a SQLite database with N
people holding 2FA and a valid SMS marketing consent (`demo.create`), rebuilt when N or a
migration changes.

Timed, in one worker process (`python bench/campaign.py worker`), on that database:
1. raw inserts: 200,000 rows of the SMS log's shape into a scratch table with executemany,
   10,000 per transaction (what the database itself can write: the ceiling);
2. the campaign: schedule (snapshot of the audience into recipient rows), then
   `db_worker --batch` runs the batch tasks until the queue is empty. Every message gets
   its opt-out token, link token, consent re-check, Message row, send and record, exactly
   as in production; only the gateway is an in-process "accept at once" provider.
Reported: snapshot time, messages per second overall and the slowest 10-second window
(sustained), peak resident memory of the worker (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import PROJECT_DIR, print_table, server_env  # noqa: E402

DATA_DIR = PROJECT_DIR / "var" / "bench-campaign"
TARGET_RATE, TARGET_MB = 2000.0, 300.0
SETTINGS = {
    "ZGODA_SMS_PROVIDERS": "accept",
    "ZGODA_SMS_ACCEPT_PRICE": "PL:0.07",
    "ZGODA_CAMPAIGN_RATE": "0",
    "ZGODA_CAMPAIGN_QUIET_HOURS": "off",
    "ZGODA_CAMPAIGN_QUIET_DAYS": "",
    "ZGODA_CAMPAIGN_BATCH": "20000",
    "ZGODA_CAMPAIGN_CHUNK": os.environ.get("BENCH_CHUNK", "500"),
    "ZGODA_SHORT_BASE_URL": "sklep.pl",
}


class AcceptAtOnce:
    """Built on the real provider base class inside the worker (Django must be set up first)."""


def _provider_class():
    from zgoda.sms.providers.base import Provider

    class Accept(Provider):
        name = "accept"
        supports_idempotency = True

        def send(self, message) -> str:
            return f"a{message.pk}"

    return Accept


def setup(count: int):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zgoda.consent.internal.flows import demo

    mix = demo.Mix(twofa=1.0, marketing=1.0, withdrawn=0.0, twofa_off=0.0, english=0.0)
    demo.create(count, mix, seed=6)


def raw_inserts(rows: int = 200_000, per_tx: int = 10_000) -> float:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute("CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, key TEXT UNIQUE, kind TEXT, phone TEXT, "
                       "text TEXT, status TEXT, created TEXT, cost REAL)")
        text = "Wiosna w sklepie: -20% na wszystko! sklep.pl/l/AbCdEfGh Zgoda z 01.03.26. Wypisz: sklep.pl/o/AbCdEfGhI"
        started = time.perf_counter()
        for start in range(0, rows, per_tx):
            batch = [(f"{n:032x}", "marketing", f"+48500{n:06d}", text, "queued", "2026-03-16T09:00:00", 0.07)
                     for n in range(start, start + per_tx)]
            with transaction.atomic():
                cursor.executemany("INSERT INTO bench_raw (key, kind, phone, text, status, created, cost) "
                                   "VALUES (%s, %s, %s, %s, %s, %s, %s)", batch)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return rows / seconds


def worker():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Max, Min

    from zgoda.campaigns.internal.flows import dispatch
    from zgoda.campaigns.models import Campaign, Recipient
    from zgoda.sms.models import Message
    from zgoda.sms.providers import registry

    sys.modules.setdefault("campaign", sys.modules[__name__])
    globals()["AcceptAtOnce"] = _provider_class()
    registry.BUILTIN["accept"] = "campaign.AcceptAtOnce"

    from django.db import connection

    with connection.cursor() as cursor:  # a previous run's rows, in plain SQL (no ORM cascade of millions)
        for table in ("campaigns_conversion", "campaigns_linkclick", "campaigns_recipient", "campaigns_campaign",
                      "sms_sendattempt", "sms_message", "privacy_optouttoken"):
            cursor.execute(f"DELETE FROM {table}")
    insert_rate = raw_inserts()

    campaign = Campaign.objects.create(
        name="Bench", slug="bench", provider="accept", sender="Sklep",
        text="Wiosna w sklepie: -20% na wszystko! {link:https://sklep.example.pl/w}",
    )
    started = time.perf_counter()
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.SCHEDULED)
    from unittest import mock

    with mock.patch.object(dispatch, "enqueue", lambda *a: None):
        dispatch.start(campaign.pk)
    snapshot = time.perf_counter() - started
    dispatch.enqueue(campaign.pk, dispatch.clock.now())  # the first batch task, on the database queue
    sending = time.perf_counter()
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, reload=False, verbosity=0)
    seconds = time.perf_counter() - sending
    campaign.refresh_from_db()
    sent = Recipient.objects.filter(campaign=campaign, state=Recipient.State.SENT).count()
    # sustained: the slowest 10-second window, from the messages' own submitted times
    span = Message.objects.filter(kind="marketing").aggregate(a=Min("submitted_at"), b=Max("submitted_at"))
    windows = []
    if span["a"]:
        from datetime import timedelta

        t = span["a"]
        while t + timedelta(seconds=10) <= span["b"]:
            windows.append(Message.objects.filter(kind="marketing", submitted_at__gte=t,
                                                  submitted_at__lt=t + timedelta(seconds=10)).count() / 10)
            t += timedelta(seconds=10)
    peak_kb = int(next(line.split()[1] for line in Path("/proc/self/status").read_text().splitlines()
                       if line.startswith("VmHWM")))
    print(json.dumps({
        "state": campaign.state, "audience": campaign.audience_size, "sent": sent, "snapshot_s": snapshot,
        "send_s": seconds, "rate": sent / seconds if seconds else 0, "slowest_10s": min(windows) if windows else None,
        "insert_rate": insert_rate, "peak_mb": peak_kb / 1024,
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("phase", nargs="?", default="run", choices=["run", "setup", "worker"])
    parser.add_argument("--recipients", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.phase == "setup":
        return setup(args.recipients)
    if args.phase == "worker":
        return worker()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    migrations = sorted(str(p.relative_to(PROJECT_DIR)) for p in PROJECT_DIR.glob("zgoda/*/migrations/0*.py"))
    marker = DATA_DIR / "marker.json"
    wanted = json.dumps({"n": args.recipients, "migrations": migrations})
    env = server_env(DATA_DIR, **SETTINGS)
    if not marker.exists() or marker.read_text() != wanted:
        for old in DATA_DIR.glob("zgoda.sqlite3*"):
            old.unlink()
        print(f"setup: {args.recipients} people with a valid marketing consent (once)...", flush=True)
        subprocess.run([sys.executable, __file__, "setup", "--recipients", str(args.recipients)], env=env, check=True)
        marker.write_text(wanted)
    print("running the campaign...", flush=True)
    out = subprocess.run([sys.executable, __file__, "worker"], env=env, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    ok_rate = result["rate"] >= TARGET_RATE and (result["slowest_10s"] or result["rate"]) >= TARGET_RATE
    print_table(
        ["", "value", "target"],
        [
            ["recipients (audience snapshot)", f"{result['audience']:,}", ""],
            ["snapshot (INSERT ... SELECT)", f"{result['snapshot_s']:.1f} s", ""],
            ["messages sent", f"{result['sent']:,}", f"{result['audience']:,}"],
            ["dispatch, messages/s overall", f"{result['rate']:,.0f}", f">= {TARGET_RATE:,.0f}"],
            ["dispatch, slowest 10 s window", f"{result['slowest_10s'] or 0:,.0f}", f">= {TARGET_RATE:,.0f}"],
            ["raw INSERT rate, same database (ceiling)", f"{result['insert_rate']:,.0f} rows/s", ""],
            ["worker peak memory", f"{result['peak_mb']:.0f} MB", f"< {TARGET_MB:.0f} MB"],
        ],
    )
    print("state:", result["state"], "| target met:", ok_rate and result["peak_mb"] < TARGET_MB)


if __name__ == "__main__":
    main()
