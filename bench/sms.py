"""`make bench-sms`: how many SMS per second Zgoda pushes through Kannel, delivery reports
included, beside what Kannel itself takes from a plain loop of sendsms requests.

Everything runs on loopback in a fresh temporary data dir: Kannel (bearerbox + smsbox +
fakesmsc as the operator, Debian's `kannel` and `kannel-extras`), gunicorn serving Zgoda
(it receives Kannel's delivery reports), and `zgoda db_worker` processes sending.

  1. ceiling, in this process: --loops (default 8) plain loops of sendsms requests side by
     side, each over its share of N messages, with the same parameters Zgoda sends
     (charset, coding, sender, dlr-mask and a dlr-url to a trivial local receiver). One
     sequential loop pushes only ~115/s (each request waits for Kannel's answer), so the
     parallel loops are the ceiling, as Zgoda's workers send side by side too. Figure:
     requests Kannel accepted per second. Measured before and after Zgoda's run; the better
     of the two is the ceiling (machines are noisy). One sequential loop runs once, for
     reference.
  2. Zgoda, not timed: `zgoda migrate`; gunicorn (it takes the delivery reports) and
     --workers `zgoda db_worker` processes (default: as many as --loops, so Zgoda has as
     many requests in flight as the ceiling) start and settle; then `sms.py queue` (run with
     the project's settings) queues N service SMS through zgoda.sms.api.queue_sms, the way
     every app sends, in one transaction.
  3. Zgoda, timed: the workers send them through Kannel, gunicorn processes the reports.
     Figure: N / (first send .. last report processed), read from the message log
     (submitted_at, delivered_at). Two rounds (steps 2-3 again with N more messages); the
     better one counts, as the better ceiling does. CPU per SMS of the workers (claim, send,
     record: the task queue's own bookkeeping included), of gunicorn (the delivery report)
     and of Kannel, from /proc over each round.
  4. Checks: every message delivered; fakesmsc received exactly N messages of the round,
     each text exactly once.

Targets (issue 14): Zgoda >= 80% of the ceiling, at most 3 ms of worker CPU per SMS. Exit
status 1 when either is missed or a check fails. `--profile DIR` runs each worker under
cProfile (DIR/worker-N.prof; the CPU figures then include the profiler's cost).
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402

sys.path.insert(0, str(common.PROJECT_DIR))
from zgoda.sms.tests import kannel as harness  # noqa: E402  (pure Python, no Django)

TARGET_SHARE = 0.80
TARGET_WORKER_MS = 3.0  # task-worker CPU per SMS: claim, send, record
PHONE = "+48500100200"
DLR_MASK = "19"  # what the kannel provider asks for: 1 delivered + 2 failed + 16 SMSC reject


# --- run with the project's settings: python bench/sms.py queue N RUN ----------------------
def queue(count: int, run: str) -> None:
    import django

    django.setup()
    from zgoda.sms.api import queue_sms

    from django.db import transaction

    with transaction.atomic():  # all at once: the workers see every task at the same moment
        for n in range(count):
            queue_sms(PHONE, text(run, n), "service")


def text(run: str, n: int) -> str:
    return f"Zgoda bench {run} nr {n}: Twoje zamowienie zostalo wyslane."


# --- the ceiling: a plain loop --------------------------------------------------------------
class DlrSink:
    """Counts delivery reports; answers at once."""

    def __init__(self):
        self.count = 0
        self.last_at = 0.0
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                sink.count += 1
                sink.last_at = time.monotonic()
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer((common.HOST, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{common.HOST}:{self.httpd.server_address[1]}/dlr"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def plain_loop(kannel: harness.Kannel, count: int, run: str, connections: int = 1) -> dict:
    """`connections` loops side by side (1: the plain loop), each over its share of messages."""
    import requests

    sink = DlrSink()
    before = len(kannel.received())
    accepted = [0] * connections

    def loop(k):
        session = requests.Session()
        for n in range(k, count, connections):
            response = session.get(kannel.sendsms_url, params={
                "username": harness.USERNAME, "password": harness.PASSWORD, "from": "Zgoda", "to": PHONE,
                "text": text(run, n), "charset": "UTF-8", "coding": "0", "dlr-mask": DLR_MASK,
                "dlr-url": f"{sink.url}?m={n}&status=%d&answer=%A",
            }, timeout=30)  # fmt: skip
            accepted[k] += response.status_code == 202

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(k,)) for k in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = sum(accepted)
    loop_done = time.monotonic()
    deadline = loop_done + 120
    while time.monotonic() < deadline and (sink.count < count or len(kannel.received()) - before < count):
        time.sleep(0.05)
    sink.close()
    return {
        "accepted": accepted,
        "accept_rate": accepted / (loop_done - started),
        "reports": sink.count,
        "e2e_rate": sink.count / ((sink.last_at or loop_done) - started),
    }


# --- Zgoda ------------------------------------------------------------------------------------
def zgoda_run(kannel, data_dir: Path, count: int, runs: list[str], workers: int, web_workers: int,
              profile_dir: Path | None = None) -> list[dict]:
    """One round per run id, each queueing `count` messages; the same server and workers."""
    env = common.server_env(
        data_dir,
        ZGODA_DEV_OUTBOX="0",
        ZGODA_SMS_PROVIDERS="kannel",
        ZGODA_SMS_KANNEL_URL=kannel.sendsms_url,
        ZGODA_SMS_KANNEL_USERNAME=harness.USERNAME,
        ZGODA_SMS_KANNEL_PASSWORD=harness.PASSWORD,
        ZGODA_SMS_KANNEL_PRICE="PL:0.07",
        ZGODA_SMS_KANNEL_DLR_MASK=DLR_MASK,
    )
    server = common.Server(env, workers=web_workers, ready_path="/sms/")
    env["ZGODA_SMS_CALLBACK_BASE_URL"] = server.base_url
    common.zgoda(env, "migrate", "--noinput", "-v", "0")
    db = sqlite3.connect(str(data_dir / "zgoda.sqlite3"), timeout=30)
    procs: list[subprocess.Popen] = []
    rounds = []
    with server, open(data_dir / "workers.log", "ab") as log:
        try:
            for n in range(workers):
                runner = [__file__, "profile", str(profile_dir / f"worker-{n}.prof")] if profile_dir else ["-m", "zgoda.cli"]
                procs.append(subprocess.Popen(
                    [sys.executable, *runner, "db_worker", "--interval", "0.05", "--no-startup-delay",
                     "--no-reload", "-v", "0"],
                    env=env, cwd=common.PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT,
                ))  # fmt: skip
            wait_until_idle(procs)  # started and polling an empty queue: start-up is not timed
            for run in runs:
                rounds.append(_round(db, env, procs, server, kannel, count, run, data_dir))
                print(f"Zgoda: {rounds[-1]['rate']:.1f} delivered/s", flush=True)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=20)
    db.close()
    return rounds


def _round(db, env, procs, server, kannel, count, run, data_dir) -> dict:
    worker_cpu0 = sum(common.process_cpu_seconds(p.pid) for p in procs)
    web_cpu0 = server.cpu_seconds()
    first_id = (db.execute("SELECT max(id) FROM sms_message").fetchone()[0] or 0) + 1
    common.run_script(env, Path(__file__), "queue", str(count), run)
    kannel_cpu0 = kannel.cpu_seconds()
    deadline = time.monotonic() + 600
    finished = "SELECT count(*) FROM sms_message WHERE id >= ? AND status IN ('delivered', 'failed', 'expired')"
    while db.execute(finished, [first_id]).fetchone()[0] < count:
        if time.monotonic() > deadline:
            raise RuntimeError("Zgoda did not finish within 10 minutes")
        if any(p.poll() is not None for p in procs):
            raise RuntimeError(f"a db_worker exited; see {data_dir / 'workers.log'}")
        time.sleep(0.1)
    rows = db.execute(
        "SELECT status, count(*), min(julianday(submitted_at)), max(julianday(delivered_at)), sum(attempts) "
        "FROM sms_message WHERE id >= ? GROUP BY status",
        [first_id],
    ).fetchall()
    statuses = {status: n for status, n, *_ in rows}
    first = min(r[2] for r in rows if r[2] is not None)
    last = max(r[3] for r in rows if r[3] is not None)
    seconds = (last - first) * 86400
    return {
        "run": run,
        "statuses": statuses,
        "attempts": sum(r[4] or 0 for r in rows),
        "seconds": seconds,
        "rate": statuses.get("delivered", 0) / seconds if seconds > 0 else 0.0,
        "web_cpu": server.cpu_seconds() - web_cpu0,
        "worker_cpu": sum(common.process_cpu_seconds(p.pid) for p in procs) - worker_cpu0,
        "kannel_cpu": kannel.cpu_seconds() - kannel_cpu0,
    }


def wait_until_idle(procs, timeout=120.0):
    """Until the processes have booted: their CPU time stops growing."""
    deadline = time.monotonic() + timeout
    last = -1.0
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = sum(common.process_cpu_seconds(p.pid) for p in procs)
        if last >= 0 and now - last < 0.05 * len(procs):
            return
        last = now


def operator_copies(kannel, run: str) -> Counter:
    prefix = f"Zgoda bench {run} "
    return Counter(m.text for m in kannel.received() if m.text.startswith(prefix))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--loops", type=int, default=8, help="plain sendsms loops side by side: the ceiling")
    parser.add_argument("--workers", type=int, help="zgoda db_worker processes (default: as many as --loops, "
                        "the same number of requests in flight as the ceiling)")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers taking the reports")
    parser.add_argument("--profile", type=Path, help="run each worker under cProfile, writing DIR/worker-N.prof")
    args = parser.parse_args(argv)
    args.workers = args.workers or args.loops
    if missing := harness.missing_binaries():
        print("Kannel is not installed (missing " + ", ".join(missing) + "): run `make system-packages` "
              "(Debian packages kannel, kannel-extras).", file=sys.stderr)  # fmt: skip
        return 1
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)

    with common.fresh_data_dir("zgoda-bench-sms-") as data_dir:
        kannel = harness.Kannel(data_dir / "kannel")
        kannel.start()
        try:
            zgoda_runs = [uuid.uuid4().hex[:6] for _ in range(2)]
            print(f"Kannel on {kannel.sendsms_url}; {args.messages} messages per phase", flush=True)
            single = plain_loop(kannel, args.messages, uuid.uuid4().hex[:6])
            print(f"one plain loop: {single['accept_rate']:.1f} accepted/s", flush=True)
            before = plain_loop(kannel, args.messages, uuid.uuid4().hex[:6], connections=args.loops)
            print(f"{args.loops} plain loops side by side: {before['accept_rate']:.1f} accepted/s", flush=True)
            rounds = zgoda_run(kannel, data_dir, args.messages, zgoda_runs, args.workers, args.web_workers,
                               args.profile)
            after = plain_loop(kannel, args.messages, uuid.uuid4().hex[:6], connections=args.loops)
            print(f"{args.loops} plain loops side by side again: {after['accept_rate']:.1f} accepted/s", flush=True)
            ceiling = max(before, after, key=lambda run: run["accept_rate"])
            zgoda = max(rounds, key=lambda run: run["rate"])
            time.sleep(0.5)
            copies = [operator_copies(kannel, run) for run in zgoda_runs]
        finally:
            kannel.stop()

    share = zgoda["rate"] / ceiling["accept_rate"] if ceiling["accept_rate"] else 0.0
    per_sms = lambda seconds: seconds / args.messages * 1000  # noqa: E731  (ms per SMS)
    worker_ms = per_sms(zgoda["worker_cpu"])
    common.print_table(
        ["", "messages", "per second", "note"],
        [
            ["Kannel, one plain sendsms loop: accepted", single["accepted"], f"{single['accept_rate']:.1f}",
             "for reference"],
            [f"Kannel, {args.loops} plain loops side by side, before", before["accepted"],
             f"{before['accept_rate']:.1f}", "the ceiling" if ceiling is before else ""],
            [f"Kannel, {args.loops} plain loops side by side, after", after["accepted"],
             f"{after['accept_rate']:.1f}", "the ceiling" if ceiling is after else ""],
            ["Kannel, loops: first send to last DLR", ceiling["reports"], f"{ceiling['e2e_rate']:.1f}",
             "reports to a bare sink"],
            *[[f"Zgoda round {n}: {args.workers} db_workers, DLRs processed", r["statuses"].get("delivered", 0),
               f"{r['rate']:.1f}", f"{r['rate'] / ceiling['accept_rate']:.0%} of the ceiling; worker CPU "
               f"{per_sms(r['worker_cpu']):.1f} ms/SMS"]
              for n, r in enumerate(rounds, 1)],
            ["Zgoda, better round", zgoda["statuses"].get("delivered", 0), f"{zgoda['rate']:.1f}",
             f"{share:.0%} of the ceiling (target {TARGET_SHARE:.0%})"],
        ],
    )  # fmt: skip
    problems = []
    for n, (r, got) in enumerate(zip(rounds, copies, strict=True), 1):
        if r["statuses"] != {"delivered": args.messages}:
            problems.append(f"round {n}: not every message was delivered: {r['statuses']}")
        received = sum(got.values())
        if received != args.messages or len(got) != args.messages:
            doubled = sum(1 for k in got.values() if k > 1)
            problems.append(f"round {n}: sent {args.messages}, fakesmsc received {received} "
                            f"({len(got)} distinct texts, {doubled} more than once)")
    if share < TARGET_SHARE:
        problems.append(f"Zgoda reached {share:.0%} of the ceiling, target {TARGET_SHARE:.0%}")
    if worker_ms > TARGET_WORKER_MS and not args.profile:
        problems.append(f"worker CPU {worker_ms:.1f} ms per SMS, target {TARGET_WORKER_MS:.0f} ms")
    print(
        f"better round: {zgoda['attempts']} tries for {args.messages} messages; CPU per SMS: workers "
        f"{worker_ms:.2f} ms (target {TARGET_WORKER_MS:.0f}), gunicorn {per_sms(zgoda['web_cpu']):.2f} ms, "
        f"Kannel {per_sms(zgoda['kannel_cpu']):.2f} ms; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("OK: every message delivered exactly once; targets met.")
    return 1 if problems else 0


def profile(out: str, argv: list[str]) -> None:
    """`zgoda ARGV` under cProfile counting CPU time (not wall time: a worker mostly waits),
    from when it has booted; the stats are written when it is stopped."""
    import cProfile
    import signal

    import django

    django.setup()
    from zgoda.cli import main as zgoda_main

    profiler = cProfile.Profile(time.process_time)

    def stop(*_):
        profiler.disable()
        profiler.dump_stats(out)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    profiler.enable()
    try:
        zgoda_main(["zgoda", *argv])
    finally:
        stop()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "queue":
        queue(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "profile":
        profile(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(main())
