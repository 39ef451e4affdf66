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

Several workers (issue 14): `--database postgres --workers 1,2,4` starts a throw-away
PostgreSQL cluster (as scripts/with-postgres does), loads the people once, and for each
worker count runs the same campaign with that many `db_worker` processes sharing the queue.
Each worker's provider notes every message it is handed; after the run every recipient must
have been handed over exactly once (a second hand-over or a skipped recipient fails the run).
Timed from the first batch task's enqueue to the campaign's `done`, workers already polling.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import PROJECT_DIR, postgres_cluster, print_table, server_env  # noqa: E402

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


def _provider_class(handed: list | None = None):
    """`handed`: every message id this process hands over is appended (the parallel runs count them)."""
    from zgoda.sms.providers.base import Provider

    class Accept(Provider):
        name = "accept"
        supports_idempotency = True

        def send(self, message) -> str:
            if handed is not None:
                handed.append(message.pk)
            return f"a{message.pk}"

    return Accept


def _use_accept_provider(handed: list | None = None):
    from zgoda.sms.providers import registry

    sys.modules.setdefault("campaign", sys.modules[__name__])
    globals()["AcceptAtOnce"] = _provider_class(handed)
    registry.BUILTIN["accept"] = "campaign.AcceptAtOnce"


CAMPAIGN_TABLES = ("campaigns_conversion", "campaigns_linkclick", "campaigns_recipient", "campaigns_campaign",
                   "sms_sendattempt", "sms_message", "privacy_optouttoken")


def _clear_previous_run(tables=CAMPAIGN_TABLES):
    from django.db import connection

    with connection.cursor() as cursor:  # a previous run's rows, in plain SQL (no ORM cascade of millions)
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")


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

    _use_accept_provider()
    _clear_previous_run()
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


# --- several workers on PostgreSQL ---------------------------------------------------------
HANDED_DIR = DATA_DIR / "handed"


def db_worker():
    """One `db_worker` with the accept provider; writes the ids it handed over when it stops."""
    import django

    django.setup()
    from django.core.management import call_command

    handed: list[int] = []
    _use_accept_provider(handed)
    atexit.register(lambda: (HANDED_DIR / f"{os.getpid()}.txt").write_text("\n".join(map(str, handed))))
    call_command("db_worker", interval=0.01, startup_delay=False, reload=False, verbosity=0,
                 worker_id=f"bench-{os.getpid()}")


def parallel(workers: int, deadline_s: float = 3600.0):
    """The campaign with `workers` db_worker processes on this (PostgreSQL) database."""
    import django

    django.setup()
    from unittest import mock

    from django.db import connection

    from zgoda.campaigns.internal.flows import dispatch
    from zgoda.campaigns.models import Campaign, Recipient

    _clear_previous_run((*CAMPAIGN_TABLES, "django_tasks_database_dbtaskresult"))
    HANDED_DIR.mkdir(parents=True, exist_ok=True)
    for old in HANDED_DIR.glob("*.txt"):
        old.unlink()
    campaign = Campaign.objects.create(
        name="Bench", slug="bench", provider="accept", sender="Sklep",
        text="Wiosna w sklepie: -20% na wszystko! {link:https://sklep.example.pl/w}",
    )
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.SCHEDULED)
    with mock.patch.object(dispatch, "enqueue", lambda *a: None):
        dispatch.start(campaign.pk)
    procs = [subprocess.Popen([sys.executable, __file__, "dbworker"], cwd=PROJECT_DIR) for _ in range(workers)]
    try:
        with connection.cursor() as cursor:  # every worker connected and polling before the clock starts
            for _ in range(600):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND pid <> pg_backend_pid()")
                if cursor.fetchone()[0] >= workers:
                    break
                time.sleep(0.1)
        cpu0 = _children_cpu(procs)
        started = time.perf_counter()
        dispatch.enqueue(campaign.pk, dispatch.clock.now())
        deadline = time.monotonic() + deadline_s
        while Campaign.objects.filter(pk=campaign.pk).values_list("state", flat=True).first() != Campaign.State.DONE:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise SystemExit("the campaign did not finish (a worker died or the deadline passed)")
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        cpu = _children_cpu(procs) - cpu0
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
    handed = Counter(int(line) for f in HANDED_DIR.glob("*.txt") for line in f.read_text().split())
    per_worker = sorted((len(f.read_text().split()) for f in HANDED_DIR.glob("*.txt")), reverse=True)
    recipients = list(Recipient.objects.filter(campaign=campaign).values_list("state", "message_id"))
    sent = sum(1 for state, _ in recipients if state == Recipient.State.SENT)
    print(json.dumps({
        "workers": workers, "audience": len(recipients), "sent": sent, "send_s": seconds, "rate": sent / seconds,
        "worker_cpu_s": cpu, "handed": sum(handed.values()),
        "twice": sum(1 for n in handed.values() if n > 1),
        "skipped": sum(1 for state, message in recipients if state != Recipient.State.SENT or handed[message] == 0),
        "per_worker": per_worker, "load": os.getloadavg()[0],
    }))


def _children_cpu(procs) -> float:
    from _common import process_cpu_seconds

    return sum(process_cpu_seconds(p.pid) for p in procs)


def run_postgres(args):
    counts = [int(n) for n in (args.workers or "1,2,4").split(",")]
    rows, clean = [], True
    with postgres_cluster() as url:
        env = server_env(DATA_DIR / "pg", **SETTINGS)
        # With DATABASE_URL the keys kept in the SQLite data folder must be given (throw-away ones here).
        env.update(DATABASE_URL=url, ZGODA_HASH_KEY="bench-hash-key-not-for-production",
                   ZGODA_MFA_KEY="bench-mfa-key-not-for-production",
                   ZGODA_OIDC_PRIVATE_KEY_FILE=str(PROJECT_DIR / "zgoda/identity/tests/signing_key.pem"))
        (DATA_DIR / "pg").mkdir(parents=True, exist_ok=True)
        print(f"setup: PostgreSQL, {args.recipients:,} people with a valid marketing consent...", flush=True)
        subprocess.run([sys.executable, __file__, "setup", "--recipients", str(args.recipients)], env=env, check=True)
        for workers in counts:
            print(f"running the campaign with {workers} worker(s)...", flush=True)
            out = subprocess.run([sys.executable, __file__, "parallel", "--workers", str(workers)], env=env,
                                 check=True, capture_output=True, text=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            ok = r["twice"] == 0 and r["skipped"] == 0 and r["handed"] == r["audience"] == r["sent"]
            clean = clean and ok
            rows.append([r["workers"], f"{r['sent']:,}/{r['audience']:,}", f"{r['rate']:,.0f}",
                         f"{r['worker_cpu_s'] * 1000 / max(r['sent'], 1):.2f} ms", f"{r['handed']:,}",
                         r["twice"], r["skipped"], "/".join(f"{n:,}" for n in r["per_worker"]), f"{r['load']:.1f}"])
    print_table(["workers", "sent", "messages/s", "worker CPU/msg", "hand-overs", "twice", "skipped",
                 "hand-overs per worker", "load (1 min)"], rows)
    print(f"machine: {os.cpu_count()} CPUs | every recipient handed over exactly once:", clean)
    if not clean:
        raise SystemExit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("phase", nargs="?", default="run", choices=["run", "setup", "worker", "dbworker", "parallel"])
    parser.add_argument("--recipients", type=int, default=None,
                        help="audience size (default 1,000,000 on SQLite, 100,000 on PostgreSQL)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite",
                        help="postgres: a throw-away cluster, several workers sharing the queue")
    parser.add_argument("--workers", default=None,
                        help="worker processes, one run per comma-separated count (PostgreSQL; default 1,2,4)")
    args = parser.parse_args()
    if args.recipients is None:
        args.recipients = 100_000 if args.database == "postgres" else 1_000_000
    if args.phase == "setup":
        return setup(args.recipients)
    if args.phase == "worker":
        return worker()
    if args.phase == "dbworker":
        return db_worker()
    if args.phase == "parallel":
        return parallel(int(args.workers))
    if args.database == "postgres":
        return run_postgres(args)
    if args.workers not in (None, "1"):
        parser.error("several workers share one queue on PostgreSQL only: add --database postgres")
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
