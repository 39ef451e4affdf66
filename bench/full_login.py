"""Complete SMS logins under load, the second part of `make bench-login` (bench/login.py runs it).

What a person does, on the stack `make run` serves (gunicorn, 2 sync workers, and the task
worker `zgoda db_worker` beside it) with SQLite in a fresh temporary data dir:

  untrusted device: GET the login page, POST e-mail and password (302 to the code page; the
  code SMS is queued), GET the code page (it says which code it wants: "kod nr N"), read
  code nr N from the dev phone's outbox (the task worker has to have sent it), POST it
  (302: logged in), GET a page only a logged-in person gets (/accounts/devices/), POST logout.
  trusted device: the same with the cookie of a device trusted by one earlier login with
  "trust this device" ticked: the password POST logs in at once (no SMS, no code page).

32 people (--full-concurrency) loop over their own users for a fixed window (--full-seconds,
after --full-warmup); a flow that goes anywhere a browser would not is an error. Figures:
completed logins per second, the code POST's and the whole flow's latency, server CPU per
login split into the web workers (gunicorn master + workers) and the task worker, read from
/proc per process over the window.

SQL statements per login by step are counted by the server's side: `full_login.py queries`
runs one login of each kind through Django's test client in a setup process, with
CaptureQueriesContext around each request and around the task worker's run of what that
request queued (`db_worker --batch`). It runs with every limit at its default (allauth's
rate limits and the cache table's queries included), unlike the load run; each is a repeat
login of its account from its browser, as under load. BENCH_LOGIN_SQL=1 prints every
counted statement (to stderr).

Password hashing is not what is measured: users' passwords use the MD5 hasher (a settings
module written into the temp dir), as in the side-by-side harness in ../shared/peers/.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402

LOGIN, CHALLENGE, PRIVATE, LOGOUT = "/accounts/login/", "/accounts/2fa/challenge/", "/accounts/devices/", "/accounts/logout/"
DEVICE_COOKIE = "zgoda_device"  # zgoda.accounts.app_settings.DEVICE_COOKIE (no Django here)
PASSWORD = "bench-full-login"
SETTINGS_MODULE = "zgoda_bench_full_login_settings"
SETTINGS_TEXT = (
    "# Written by bench/full_login.py: the project's settings, passwords hashed with MD5 (hashing is not measured).\n"
    "from zgoda.settings import *  # noqa: F401,F403\n"
    'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n'
)
ORDINAL = re.compile(r'data-testid="expected-ordinal">[^<]*?(\d+)')
MAX_ERROR_SHARE = 0.01


def email(i: int) -> str:
    return f"full{i}@bench.test"


def phone(i: int) -> str:
    return f"+4851{i:07d}"


def code_in(text: str, ordinal: int) -> str | None:
    """Code nr `ordinal` in a code SMS ("... kod nr 3 z dzis: 123 456 ..."), as a person reads it."""
    found = re.search(r"\bnr %d\b\D*(\d[\d ]*\d)" % ordinal, text)
    return found.group(1).replace(" ", "") if found else None


def full_env(data_dir: Path, limits_env: dict[str, str]) -> dict[str, str]:
    """The server's environment: the project's settings with the MD5 hasher, `limits_env` on top."""
    settings_dir = data_dir / "settings"
    settings_dir.mkdir(exist_ok=True)
    (settings_dir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_TEXT)
    env = common.server_env(data_dir, SETTINGS_MODULE, **limits_env)
    env["PYTHONPATH"] = f"{settings_dir}:{env['PYTHONPATH']}"
    return env


# --- the Django side: `python bench/full_login.py prepare|queries` with the server's env -------

def _django():
    import django

    django.setup()


def prepare(users: int) -> None:
    """Users full0.. with a verified e-mail, the bench password and SMS 2FA on +4851<i:07d>."""
    _django()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from zgoda.accounts.models import SmsTwoFactor

    password = make_password(PASSWORD)
    user_model = get_user_model()
    with transaction.atomic():
        made = user_model.objects.bulk_create(
            user_model(username=email(i), email=email(i), password=password) for i in range(users)
        )
        EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in made)
        SmsTwoFactor.objects.bulk_create(SmsTwoFactor(user=u, phone=phone(i)) for i, u in enumerate(made))


def queries(out: Path) -> None:
    """SQL statements of one login of each kind, by step, as the server runs them."""
    _django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zgoda.sms.models import OutboxEntry

    prepare(1)
    counts: dict[str, list[list]] = {}

    idle = [0]  # statements of the worker's poll that finds nothing (not the login's)

    def run_tasks() -> int:
        with CaptureQueriesContext(connection) as captured:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")
        return max(0, len(captured) - idle[0])

    def step(kind, label, call, status, check=None):
        with CaptureQueriesContext(connection) as captured:
            response = call()
        common.expect(response.status_code == status, f"{kind}: {label}", f"status {response.status_code}")
        if check is not None:
            common.expect(check(response), f"{kind}: {label}", f"unexpected answer ({response.get('Location')})")
        tasks = run_tasks()
        counts.setdefault(kind, []).append([label, len(captured), tasks])
        if os.environ.get("BENCH_LOGIN_SQL") and kind in ("untrusted", "trusted"):  # each statement, to find waste
            print(f"--- {kind}: {label}", *(q["sql"] for q in captured.captured_queries), sep="\n", file=sys.stderr)
        return response

    def login(kind, client, trusted, trust=False):
        page = step(kind, "login page (GET)", lambda: client.get(LOGIN), 200)
        token = common.csrf_field(page.content.decode())
        data = {"csrfmiddlewaretoken": token, "login": email(0), "password": PASSWORD}
        if trusted:
            step(kind, "password (POST)", lambda: client.post(LOGIN, data), 302, lambda r: r["Location"] != CHALLENGE)
        else:
            step(kind, "password (POST)", lambda: client.post(LOGIN, data), 302, lambda r: r["Location"] == CHALLENGE)
            page = step(kind, "code page (GET)", lambda: client.get(CHALLENGE), 200)
            html = page.content.decode()
            ordinal = int(ORDINAL.search(html).group(1))
            text = OutboxEntry.objects.filter(to=phone(0)).order_by("-id").values_list("text", flat=True).first()
            code = code_in(text or "", ordinal)
            common.expect(code is not None, f"{kind}: code page (GET)", f"no code nr {ordinal} on the dev phone")
            data = {"csrfmiddlewaretoken": common.csrf_field(html), "code": code, "action": "code"}
            if trust:
                data["trust_device"] = "on"
            step(kind, "code (POST)", lambda: client.post(CHALLENGE, data), 302, lambda r: r["Location"] != CHALLENGE)
        page = step(kind, "logged-in page (GET)", lambda: client.get(PRIVATE), 200)
        csrf = client.cookies["csrftoken"].value
        step(kind, "logout (POST)", lambda: client.post(LOGOUT, {"csrfmiddlewaretoken": csrf}), 302)

    headers = {"HTTP_HOST": "127.0.0.1", "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) bench-full-login"}
    run_tasks()  # anything setup queued
    idle[0] = run_tasks()
    # Not counted: the process's first login (one-time reads and caches) and this device's
    # first login of the account (its new-device notice); under load a person logs in again.
    browser = Client(enforce_csrf_checks=True, **headers)
    login("warm-up", browser, trusted=False)
    login("untrusted", browser, trusted=False)
    device = Client(enforce_csrf_checks=True, **headers)
    login("trust this device", device, trusted=False, trust=True)
    common.expect(DEVICE_COOKIE in device.cookies, "trust this device", "no device cookie")
    login("trusted", device, trusted=True)
    del counts["warm-up"], counts["trust this device"]
    out.write_text(json.dumps(counts))


# --- the client side ---------------------------------------------------------------------

class Outbox:
    """The dev phone: its outbox table, read-only, as the customer's phone shows it."""

    def __init__(self, database: Path):
        self.db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)

    async def code(self, to: str, ordinal: int, timeout=10.0) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.db.execute('select text from sms_outboxentry where "to"=? order by id desc limit 3', (to,))
            for (text,) in rows:
                code = code_in(text, ordinal)
                if code:
                    return code
            await asyncio.sleep(0.02)
        return None

    def queued_tasks(self) -> int:
        """Tasks ready or running, and the rows that are their own tasks waiting for a worker
        (a queued SMS, a login's new-device e-mail)."""
        table = self.db.execute("select name from sqlite_master where name like '%dbtaskresult'").fetchone()[0]
        tasks = self.db.execute(f"select count(*) from {table} where status in ('READY', 'RUNNING')").fetchone()[0]
        sms = self.db.execute("select count(*) from sms_message where status = 'queued' and attempts = 0 "
                              "and claimed_until is null and next_attempt_at is null").fetchone()[0]
        emails = self.db.execute("select count(*) from accounts_auditevent where notice_due").fetchone()[0]
        return tasks + sms + emails


async def login_flow(browser: common.Browser, outbox: Outbox, i: int, device: str | None, trust=False) -> dict:
    """One complete login of user i and its logout; raises common.FlowError where it goes wrong.
    `device`: the trusted device's cookie (no SMS expected); `trust`: tick "trust this device"."""
    expect, pc = common.expect, time.perf_counter
    if device:
        browser.cookies[DEVICE_COOKIE] = device
    else:
        browser.cookies.pop(DEVICE_COOKIE, None)
    started = pc()
    r = await browser.get(LOGIN)
    expect(r.status == 200, "login page", f"status {r.status}")
    token = common.csrf_field(r.text)
    expect(token is not None, "login page", "no CSRF field")
    r = await browser.post(LOGIN, {"csrfmiddlewaretoken": token, "login": email(i), "password": PASSWORD},
                           {"Referer": f"http://{common.HOST}:{browser.port}{LOGIN}"})
    code_seconds = 0.0
    if device:
        expect(r.status == 302 and r.location_path not in (CHALLENGE, LOGIN), "password (trusted)",
               f"status {r.status} -> {r.headers.get('location')!r}")
    else:
        expect(r.status == 302 and r.location_path == CHALLENGE, "password", f"status {r.status} -> "
               f"{r.headers.get('location')!r}")
        r = await browser.get(CHALLENGE)
        expect(r.status == 200 and 'name="code"' in r.text, "code page", f"status {r.status}")
        token, ordinal = common.csrf_field(r.text), ORDINAL.search(r.text)
        expect(token is not None and ordinal is not None, "code page", "no form or no code number")
        code = await outbox.code(phone(i), int(ordinal.group(1)))
        expect(code is not None, "read code", f"no code nr {ordinal.group(1)} on the dev phone within 10 s")
        data = {"csrfmiddlewaretoken": token, "code": code, "action": "code"}
        if trust:
            data["trust_device"] = "on"
        sent = pc()
        r = await browser.post(CHALLENGE, data, {"Referer": f"http://{common.HOST}:{browser.port}{CHALLENGE}"})
        code_seconds = pc() - sent
        expect(r.status == 302 and r.location_path not in (CHALLENGE, LOGIN), "code", f"status {r.status} -> "
               f"{r.headers.get('location')!r}")
    r = await browser.get(PRIVATE)
    expect(r.status == 200, "logged-in page", f"status {r.status} (not logged in)")
    csrf = browser.cookies.get("csrftoken")
    expect(csrf is not None, "logout", "no csrftoken cookie")
    r = await browser.post(LOGOUT, {"csrfmiddlewaretoken": csrf}, {"Referer": f"http://{common.HOST}:{browser.port}{PRIVATE}"})
    expect(r.status == 302, "logout", f"status {r.status}")
    expect("sessionid" not in browser.cookies, "logout", "session cookie still set")
    return {"flow": pc() - started, "code": code_seconds, "device": browser.cookies.get(DEVICE_COOKIE)}


@dataclass
class Window:
    kind: str
    seconds: float
    flows: list[dict] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    web_cpu: float = 0.0
    task_cpu: float = 0.0
    client_cpu: float = 0.0
    machine_busy: float = 0.0  # share of all cores
    queued: tuple[int, int] = (0, 0)  # tasks waiting at the window's start and end


async def _window(server, worker, outbox, kind, users, devices, concurrency, warmup, seconds, headers) -> Window:
    loop = asyncio.get_running_loop()
    start = loop.time() + warmup
    end = start + seconds
    window = Window(kind, seconds)
    marks = {}

    def mark(name):
        marks[name] = (server.cpu_seconds(), worker.cpu_seconds(), time.process_time(), common.machine_stat(),
                       outbox.queued_tasks())

    async def person(k):
        mine = users[k::concurrency]
        browser, n = common.Browser(server.port, headers(mine[0])), 0
        while loop.time() < end:
            i = mine[n % len(mine)]
            n += 1
            browser.headers = headers(i)
            try:
                result = await login_flow(browser, outbox, i, devices.get(i) if devices is not None else None)
            except common.FlowError as e:
                if start <= loop.time() <= end:
                    window.errors[e.key] += 1
                browser = common.Browser(server.port, headers(i))  # the next login in a clean browser
                continue
            if start <= loop.time() <= end:
                window.flows.append(result)

    async def marker():
        await asyncio.sleep(max(0.0, start - loop.time()))
        mark("start")
        await asyncio.sleep(max(0.0, end - loop.time()))
        mark("end")

    await asyncio.gather(marker(), *(person(k) for k in range(concurrency)))
    (web0, task0, client0, stat0, queued0), (web1, task1, client1, stat1, queued1) = marks["start"], marks["end"]
    window.web_cpu, window.task_cpu, window.client_cpu = web1 - web0, task1 - task0, client1 - client0
    total = stat1[0] - stat0[0]
    window.machine_busy = (total - (stat1[1] - stat0[1])) / total if total else 0.0
    window.queued = (queued0, queued1)
    return window


async def _trust_devices(server, outbox, users, concurrency, headers) -> dict[int, str]:
    """One login per user with "trust this device" ticked; the device cookie each one got."""
    devices, todo, failures = {}, list(users), Counter()

    async def person():
        while todo:
            i = todo.pop()
            try:
                result = await login_flow(common.Browser(server.port, headers(i)), outbox, i, None, trust=True)
            except common.FlowError as e:
                failures[e.key] += 1
                continue
            if result["device"]:
                devices[i] = result["device"]
            else:
                failures["trust this device: no device cookie"] += 1

    await asyncio.gather(*(person() for _ in range(concurrency)))
    if failures:
        print(f"  trust-this-device logins failed: {dict(failures)}", file=sys.stderr)
    return devices


def _drain(outbox: Outbox, worker, timeout=60.0) -> int:
    """Wait until the task worker has done what the last window queued; what is left."""
    deadline = time.monotonic() + timeout
    while (left := outbox.queued_tasks()) and time.monotonic() < deadline and worker.alive():
        time.sleep(0.2)
    return left


def run(args, limits_env: dict[str, str], headers) -> tuple[list[list], list[str], bool]:
    """Setup, the two timed windows and the query count: (table rows, detail lines, flows all
    right, SQL statements per step or None)."""
    concurrency, users = args.full_concurrency, list(range(args.full_users))
    if len(users) < concurrency:
        raise SystemExit(f"--full-users ({len(users)}) must be at least --full-concurrency ({concurrency})")
    with common.fresh_data_dir("zgoda-bench-full-") as data_dir:
        env = full_env(data_dir, limits_env)
        print(f"setup (complete logins): fresh SQLite in {data_dir}, migrate, {len(users)} users (MD5 hasher) ...",
              flush=True)
        common.zgoda(env, "migrate", "--noinput", "-v", "0")
        common.run_script(env, Path(__file__), "prepare", str(len(users)))
        with common.Server(env, workers=args.workers, extra_args=["--no-control-socket"], ready_path=LOGIN) as server, \
                common.TaskWorker(env) as worker:
            outbox = Outbox(data_dir / "zgoda.sqlite3")
            print(f"setup: gunicorn --workers {args.workers} on {server.base_url} + zgoda db_worker; one login per"
                  " user with \"trust this device\" ticked ...", flush=True)
            devices = asyncio.run(_trust_devices(server, outbox, users, concurrency, headers))
            _drain(outbox, worker)
            windows = []
            for kind, known in (("untrusted device (SMS)", None), ("trusted device", devices)):
                print(f"timed: complete logins, {kind}, concurrency {concurrency}, {args.full_warmup:g} s warm-up +"
                      f" {args.full_seconds:g} s ...", flush=True)
                windows.append(asyncio.run(_window(server, worker, outbox, kind, users, known, concurrency,
                                                   args.full_warmup, args.full_seconds, headers)))
                _drain(outbox, worker)
            worker_alive = worker.alive()
    print("setup: SQL statements per step, one login of each kind through the test client (limits at their"
          " defaults) ...", flush=True)
    counts, queries_error = None, ""
    with common.fresh_data_dir("zgoda-bench-queries-") as data_dir:
        env = full_env(data_dir, {"PYTHONWARNINGS": "ignore:No directory at"})  # whitenoise: no collectstatic here
        common.zgoda(env, "migrate", "--noinput", "-v", "0")
        out = data_dir / "queries.json"
        try:
            common.run_script(env, Path(__file__), "queries", str(out))
            counts = json.loads(out.read_text())
        except Exception as e:  # noqa: BLE001 - reported below as a broken flow
            queries_error = str(e)
    return report(windows, devices, len(users), counts, queries_error, worker_alive)


def report(windows, devices, n_users, counts, queries_error, worker_alive):
    rows, details, good = [], [], True
    if len(devices) != n_users:
        details.append(f"  BROKEN: only {len(devices)} of {n_users} trust-this-device logins gave a device cookie")
        good = False
    if not worker_alive:
        details.append("  BROKEN: the task worker died (its log is in the data dir)")
        good = False
    for w in windows:
        done, failed = len(w.flows), sum(w.errors.values())
        flows = [f["flow"] * 1000 for f in w.flows]
        codes = [f["code"] * 1000 for f in w.flows if f["code"]]
        def per(seconds, done=done):
            return f"{1000 * seconds / done:.1f}" if done else "-"

        rows.append([
            w.kind, done, f"{done / w.seconds:.1f}", f"{common.percentile(flows, 50):.0f}",
            f"{common.percentile(flows, 99):.0f}",
            f"{common.percentile(codes, 50):.0f}/{common.percentile(codes, 99):.0f}" if codes else "-",
            per(w.web_cpu + w.task_cpu), per(w.web_cpu), per(w.task_cpu), failed,
        ])
        details.append(
            f"  {w.kind}: CPU in % of one core over the window: gunicorn {w.web_cpu / w.seconds:.0%}, task worker"
            f" {w.task_cpu / w.seconds:.0%}, client {w.client_cpu / w.seconds:.0%}; machine busy {w.machine_busy:.0%}"
            f" of all cores; tasks waiting at the window's start {w.queued[0]}, end {w.queued[1]}"
        )
        if w.errors:
            details.append(f"    errors: {dict(w.errors.most_common(5))}")
        if not done or failed > MAX_ERROR_SHARE * (done + failed):
            details.append(f"    BROKEN: {failed} of {done + failed} logins went wrong")
            good = False
    if counts is None:
        details.append(f"  BROKEN: the query count failed: {queries_error}")
        good = False
    return rows, details, good, counts


def print_report(rows, details, counts) -> None:
    print()
    common.print_table(
        ["complete login", "logins", "logins/s", "flow p50 ms", "flow p99 ms", "code POST p50/p99 ms",
         "server CPU ms/login", "web", "task worker", "errors"], rows)
    print("\n".join(details))
    if counts:
        print("\nSQL statements per login, by step (web request + the task worker's run of what it queued),"
              " counted by the server (test client, limits at their defaults):")
        kinds = [k for k in ("untrusted", "trusted") if k in counts]
        steps = list(dict.fromkeys(label for k in kinds for label, _web, _tasks in counts[k]))
        table = []
        for label in steps:
            row = [label]
            for k in kinds:
                found = [(web, tasks) for step_label, web, tasks in counts[k] if step_label == label]
                row.append(f"{found[0][0]} + {found[0][1]}" if found else "-")
            table.append(row)
        totals = ["total (web + task worker)"]
        for k in kinds:
            web, tasks = sum(c[1] for c in counts[k]), sum(c[2] for c in counts[k])
            totals.append(f"{web} + {tasks} = {web + tasks}")
        common.print_table(["step", *kinds], [*table, totals])


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(int(sys.argv[2]))
    elif sys.argv[1:2] == ["queries"]:
        queries(Path(sys.argv[2]))
    else:
        sys.exit("run by bench/login.py (make bench-login)")
