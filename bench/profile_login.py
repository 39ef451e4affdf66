"""Where a complete SMS login spends its CPU, in one process: `.venv/bin/python bench/profile_login.py`.

Not a benchmark (no target, no server): Django's test client takes N people through complete
logins (login page, password, the code SMS's task run by `db_worker --batch`, code page, the
code read from the dev phone, code, the new-device e-mail's task, a logged-in page, logout)
with the limits lifted as `make bench-login` lifts them (login.LIMITS_ENV) and the MD5
hasher, in a fresh SQLite data dir, after 20 warm-up logins. It prints the process CPU per
login and per step; `--profile` adds cProfile's own time grouped by package; `--step NAME`
profiles that step alone (its 60 most expensive calls, cumulative; `PROFILE_SORT=tottime` sorts
by own time, `PROFILE_CALLERS=<pattern>` adds who called the functions matching it;
`PROFILE_DUMP=FILE` with `--profile` writes the whole run's profile for pstats);
`--no-spend-cap` runs as the side-by-side referee does, without the daily cap on codes; `--holds` prints
how long each step's write transactions hold SQLite's write lock (BEGIN IMMEDIATE to COMMIT), the
time other workers wait for (with `--step`, only the step's transactions are profiled); `--templates` prints
how much of each step is template rendering (Django's `Template.render`, included templates inside it); `--writes`
prints each step's WAL frames (the pages its commits write, with automatic checkpoints off so
the WAL only grows) and the rows it inserts, updates or deletes, by table. One client is reused (a
new one builds the middleware again, as a new gunicorn worker would). The task worker's
steps include `call_command`'s own parsing (~1-2 ms), which the running worker does not pay.

`--instructions` counts instead of timing: the whole run under valgrind's cachegrind twice
(--logins and twice as many, each in a fresh data dir), the difference divided by the extra
logins. Instructions do not move with a busy or stolen CPU, so two builds compare on a noisy
machine; runs of one build still differ by up to about 2% (random codes, clock-dependent
windows), so compare means of a few runs (`make bench-login-instructions`; installs valgrind).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402

USERS = 50
WARM_UP = 20
STEPS = ("get_login", "post_login", "worker_sms", "get_challenge", "post_code", "worker_email", "get_private",
         "post_logout")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=100)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--step", choices=STEPS)
    parser.add_argument("--no-spend-cap", action="store_true",
                        help="no daily cap on code SMS, as the side-by-side referee runs (../shared/peers/zgoda/env.sh)")
    parser.add_argument("--holds", action="store_true", help="time each step's write transactions (BEGIN to COMMIT)")
    parser.add_argument("--templates", action="store_true", help="time each step's template rendering")
    parser.add_argument("--writes", action="store_true",
                        help="each step's WAL frames (pages written) and written rows by table, checkpoints off")
    parser.add_argument("--instructions", action="store_true",
                        help="instructions per login under valgrind (cachegrind): comparable on a busy machine")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _profile(args)
        return
    if args.instructions:
        counts = [_instructions(args, logins) for logins in (args.logins, 2 * args.logins)]
        print(f"{(counts[1] - counts[0]) / args.logins / 1e6:.2f} M instructions per complete login "
              f"(valgrind cachegrind: {2 * args.logins} logins less {args.logins}, the task worker's runs included)")
        return
    with common.fresh_data_dir("zgoda-profile-") as data_dir:
        print(common.run_script(_env(data_dir, args), Path(__file__), "--child", *sys.argv[1:]), end="")


def _env(data_dir: Path, args) -> dict[str, str]:
    """The project's settings with the MD5 hasher and the bench's lifted limits, in data_dir."""
    from full_login import SETTINGS_MODULE, SETTINGS_TEXT
    from login import LIMITS_ENV

    settings_dir = data_dir / "settings"
    settings_dir.mkdir()
    (settings_dir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_TEXT)
    env = common.server_env(data_dir, SETTINGS_MODULE, **LIMITS_ENV)
    if args.no_spend_cap:
        env["ZGODA_SMS_OTP_DAILY_SPEND_CAP"] = ""
    env["PYTHONPATH"] = f"{settings_dir}:{env['PYTHONPATH']}"
    return env


def _instructions(args, logins: int) -> int:
    """The instructions one whole run of `logins` logins took (setup and warm-up included)."""
    child = [sys.executable, str(Path(__file__)), "--child", "--logins", str(logins)]
    if args.no_spend_cap:
        child.append("--no-spend-cap")
    with common.fresh_data_dir("zgoda-instructions-") as data_dir:
        env = _env(data_dir, args) | {"PYTHONHASHSEED": "0"}  # the same set and dict orders in every run
        done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *child],
                              env=env, cwd=common.PROJECT_DIR, capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        sys.exit(f"valgrind reported no instruction count:\n{done.stderr[-2000:]}")
    return int(found[1].replace(",", ""))


def _profile(args) -> None:
    import cProfile
    import io
    import pstats
    import time

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from zgoda.accounts.models import SmsTwoFactor
    from zgoda.sms.models import OutboxEntry

    call_command("migrate", verbosity=0)
    for i in range(USERS):
        email = f"u{i}@bench.test"
        user = get_user_model().objects.create_user(username=email, email=email, password="pw")
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        SmsTwoFactor.objects.create(user=user, phone=f"+4850{i:07d}")

    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile")
    spent = dict.fromkeys(STEPS, 0.0)
    holds: dict[str, list[float]] = {name: [] for name in STEPS}
    current = {"step": None}
    in_transaction = cProfile.Profile(time.process_time)

    def transaction_began():
        if measuring and args.step == current["step"]:
            in_transaction.enable()

    def transaction_ended(held):
        in_transaction.disable()
        if measuring:
            holds[current["step"]].append(held)

    if args.holds:
        _time_write_transactions(transaction_began, transaction_ended)
    rendering = dict.fromkeys(STEPS, 0.0)
    writes = {name: {} for name in STEPS}
    if args.writes:
        _count_writes(lambda table: writes[current["step"]].__setitem__(table, writes[current["step"]].get(table, 0) + 1))
        wal = Path(settings.DATABASES["default"]["NAME"] + "-wal")
        frames = dict.fromkeys(STEPS, 0)
    if args.templates:
        _time_templates(lambda seconds: rendering.__setitem__(current["step"], rendering[current["step"]] + seconds))
    whole = cProfile.Profile(time.process_time)
    one_step = cProfile.Profile(time.process_time)
    measuring = False

    def step(name, action):
        current["step"] = name
        started = time.process_time()
        profiled = measuring and name == args.step
        if profiled:
            one_step.enable()
        wal_before = wal.stat().st_size if args.writes else 0
        result = action()
        if profiled:
            one_step.disable()
        spent[name] += time.process_time() - started
        if args.writes:
            frames[name] += wal.stat().st_size - wal_before
        return result

    def worker():
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    def login(i):
        client.cookies.clear()
        client.defaults["HTTP_X_FORWARDED_FOR"] = f"127.1.{i // 250}.{i % 250 + 1}"
        step("get_login", lambda: client.get("/accounts/login/"))
        response = step("post_login", lambda: client.post("/accounts/login/", {"login": f"u{i % USERS}@bench.test", "password": "pw"}))
        assert response.status_code == 302, response.status_code
        step("worker_sms", worker)
        step("get_challenge", lambda: client.get("/accounts/2fa/challenge/"))
        text = OutboxEntry.objects.filter(to=f"+4850{i % USERS:07d}").order_by("-id").values_list("text", flat=True).first()
        code = re.search(r"(\d{3}) (\d{3})", text)
        response = step("post_code", lambda: client.post("/accounts/2fa/challenge/", {"code": code[1] + code[2]}))
        assert response.status_code == 302, response.status_code
        step("worker_email", worker)
        step("get_private", lambda: client.get("/accounts/devices/"))
        step("post_logout", lambda: client.post("/accounts/logout/"))

    for i in range(WARM_UP):
        login(i)
    spent = dict.fromkeys(STEPS, 0.0)
    rendering.update(dict.fromkeys(STEPS, 0.0))
    if args.writes:
        writes = {name: {} for name in STEPS}
        frames = dict.fromkeys(STEPS, 0)
    measuring = True
    started = time.process_time()
    if args.profile:
        whole.enable()
    for i in range(args.logins):
        login(i)
    if args.profile:
        whole.disable()
    total = time.process_time() - started
    print(f"{args.logins} complete logins: {total / args.logins * 1000:.2f} ms CPU per login (this process)")
    for name in STEPS:
        templates = f"  (templates {rendering[name] / args.logins * 1000:5.2f} ms)" if args.templates else ""
        print(f"  {name:14s} {spent[name] / args.logins * 1000:6.2f} ms{templates}")
    if args.holds:
        print("write-lock holds per step (count per login, median and p90 ms):")
        for name in STEPS:
            if held := sorted(holds[name]):
                print(f"  {name:14s} {len(held) / args.logins:4.1f}  {held[len(held) // 2] * 1000:6.2f}"
                      f"  {held[len(held) * 9 // 10] * 1000:6.2f}")
    if args.writes:
        frame_size = 24 + connection_page_size()
        print(f"WAL frames ({frame_size} bytes) and rows written per login, by step:")
        for name in STEPS:
            tables = ", ".join(f"{table} {count / args.logins:g}" for table, count in
                               sorted(writes[name].items(), key=lambda item: -item[1]))
            print(f"  {name:14s} {frames[name] / frame_size / args.logins:5.1f}  {tables}")
    if args.profile:
        print("own time by package:")
        groups: dict[str, float] = {}
        for (path, _line, _name), (_cc, _nc, own, _cum, _callers) in pstats.Stats(whole).stats.items():
            found = re.search(r"site-packages/([^/]+)/(?:([^/]+)/)?", path)
            if found:
                key = found[1] + (f"/{found[2]}" if found[1] == "django" and found[2] else "")
            else:
                key = "zgoda" if "/zgoda/" in path else "other"
            groups[key] = groups.get(key, 0) + own
        everything = sum(groups.values()) or 1
        for key, own in sorted(groups.items(), key=lambda item: -item[1])[:20]:
            print(f"  {key:30s} {own / everything * 100:5.1f}%")
    if dump := os.environ.get("PROFILE_DUMP"):
        whole.dump_stats(dump)
    if args.step:
        out = io.StringIO()
        pstats.Stats(in_transaction if args.holds else one_step, stream=out).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(60)
        if os.environ.get("PROFILE_CALLERS"):
            pstats.Stats(one_step, stream=out).sort_stats("tottime").print_callers(os.environ["PROFILE_CALLERS"])
        print(out.getvalue())


def connection_page_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_size")
        return cursor.fetchone()[0]


def _count_writes(add) -> None:
    """Turns SQLite's automatic checkpoints off (the WAL only grows, so its size counts frames)
    and calls add(table) for every INSERT, UPDATE and DELETE statement, add("(BEGIN)") for every
explicit write transaction (the others are single autocommitted statements)."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    written = re.compile(r'^(?:INSERT INTO|UPDATE|DELETE FROM) "?(\w+)')

    def wrapper(execute, sql, params, many, context):
        if found := written.match(sql):
            add(found[1])
        elif sql.startswith("BEGIN"):
            add("(BEGIN)")
        return execute(sql, params, many, context)

    def watch(connection):
        connection.execute_wrappers.append(wrapper)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint=0")

    connection.ensure_connection()
    watch(connection)
    connection_created.connect(lambda connection, **_: watch(connection), weak=False)


def _time_templates(add) -> None:
    """Calls add(CPU seconds) after each outermost Template.render (the backend's: includes run inside it)."""
    import time

    from django.template.backends.django import Template

    render = Template.render

    def timed(self, context=None, request=None):
        started = time.process_time()
        try:
            return render(self, context, request)
        finally:
            add(time.process_time() - started)

    Template.render = timed


def _time_write_transactions(began_one, ended_one) -> None:
    """Calls began_one() at every write transaction's BEGIN and ended_one(seconds held) at its COMMIT."""
    import time

    from django.db import connection
    from django.db.backends.signals import connection_created

    began = []

    def wrapper(execute, sql, params, many, context):
        if sql.startswith("BEGIN"):
            began[:] = [time.perf_counter()]
            began_one()
        return execute(sql, params, many, context)

    def commit(original):
        def timed():
            original()
            if began:
                ended_one(time.perf_counter() - began.pop())
        return timed

    def watch(connection):
        connection.execute_wrappers.append(wrapper)
        connection._commit = commit(connection._commit)

    watch(connection)
    connection_created.connect(lambda connection, **_: watch(connection), weak=False)


if __name__ == "__main__":
    main()
