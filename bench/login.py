"""`make bench-login`: the SMS step of login, and complete logins, under load on the embedded stack.

Part one, code checks and resends (below). Part two, complete logins (bench/full_login.py):
login page, password, code page, the code read from the dev phone, a logged-in page and
logout, for an untrusted and a trusted device, with gunicorn and the task worker running,
plus SQL statements per login by step.

gunicorn (2 sync workers) on SQLite in a fresh temporary data dir, the database task
queue (a send only writes rows), 32 concurrent clients from a separate process.

  1. setup, not timed: `zgoda migrate`, then `login.py prepare` (run with the project's
     settings) creates users with SMS 2FA and logs each one in up to the SMS step through
     allauth's own login flow, minus the password check (password hashing is excluded by
     the target): the real stage opens the challenge and queues the real code SMS, and the
     code is read back from that SMS. Each session then GETs the challenge page once, as a
     browser would, for its CSRF cookie and form token.
  2. timed, code checks: each session POSTs --wrong wrong codes (400, the form again with
     the error) and then its right code (302 to the shop: logged in). Every check is a real
     one: no session reaches the 10-wrong-codes end of its login.
  3. timed, resends: other sessions each POST --resends-per-session resends (302 back to
     the challenge page, a new code queued).
  4. `login.py verify` counts the audit events the server wrote, so a run whose requests
     "passed" without doing the work is caught.

Exit status 1 only for a broken flow: more than 1% of answers (or complete logins) not what
a real browser would get, the server's own records disagreeing with what was sent, or the
query count failing. A missed speed target is printed (MISS), never a failure: judging speed
is the side-by-side harness's job (../shared/peers/).
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import shlex
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as common  # noqa: E402
import full_login  # noqa: E402

CHALLENGE = "/accounts/2fa/challenge/"
RESEND = "/accounts/2fa/challenge/resend/"
TARGET_RPS, TARGET_P99_MS = 300, 100
MAX_ERROR_SHARE = 0.01
# People log in from phones, each from its own address; Zgoda sits behind one proxy that
# appends that address to X-Forwarded-For (ZGODA_TRUSTED_PROXIES=1). The addresses are only
# header values (every request still goes to 127.0.0.1): they keep the per-address SMS
# limit's query as small as it is for real visitors instead of one address holding every code.
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


def visitor_headers(i: int) -> dict[str, str]:
    return {"User-Agent": USER_AGENT, "X-Forwarded-For": f"127.1.{i // 256 % 256}.{i % 256}"}


# Limits that would stop one machine sending thousands of logins and resends in a minute
# are lifted (each one of accounts/internal/limits.py through its setting; bench/README.md
# lists them); everything else (code length, attempts per code and login) is the default.
LIMITS_ENV = {
    "ZGODA_TRUSTED_PROXIES": "1",
    "ZGODA_DISABLE_RATE_LIMITS": "1",  # allauth's own (login, failed logins, the app-code step)
    "ZGODA_OTP_RESEND_COOLDOWN_SECONDS": "0",
    "ZGODA_OTP_MAX_PER_LOGIN": "1000",
    "ZGODA_OTP_MAX_PER_USER_PER_DAY": "100000",
    "ZGODA_SMS_PER_NUMBER_5MIN": "100000",  # the owner's budget of a number
    "ZGODA_SMS_PER_NUMBER_DAY": "100000",
    "ZGODA_SMS_PER_NUMBER_OTHERS_5MIN": "100000",  # everybody else's (not on the login path)
    "ZGODA_SMS_PER_NUMBER_OTHERS_DAY": "100000",
    "ZGODA_SMS_PER_IP_HOUR": "1000000",  # per address, IPv6 per /64
    "ZGODA_OTP_NEW_NUMBERS_PER_DAY": "100000",  # not on the login path
    "ZGODA_API_CODES_PER_KEY_HOUR": "100000000",  # not on the login path (REST API keys)
    "ZGODA_API_CODES_PER_KEY_DAY": "100000000",
    "ZGODA_OTP_MAX_CONSECUTIVE_FAILURES": "100000000",  # the failure streak (still counted)
    "ZGODA_SMS_CODES_PER_HOUR": "100000000",  # kept on (its count is part of every send), never reached
    # The daily spend cap on code SMS stays on at its default: the outbox costs nothing.
    # allauth gives a pending login 15 minutes; codes live as long, so a slow setup can't
    # turn right codes into expired ones.
    "ZGODA_OTP_TTL_SECONDS": "900",
}


# --- the Django side: run as `python bench/login.py prepare|verify` with the server's env --

def _django():
    import django

    django.setup()


def prepare(out: Path, n_check: int, n_resend: int) -> None:
    """Users with SMS 2FA, each half logged in: a session at the SMS step and its code."""
    _django()
    from allauth.account.internal.flows.login import perform_password_login
    from allauth.account.models import EmailAddress, Login
    from allauth.core import context
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage import default_storage
    from django.db import transaction
    from django.test import RequestFactory
    from importlib import import_module

    from zgoda.accounts.models import SmsTwoFactor
    from zgoda.sms.models import Message

    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    factory = RequestFactory(HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    password = make_password("bench-password-not-timed")  # one hash shared: hashing is not measured
    n = n_check + n_resend
    with transaction.atomic():
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"bench{i}@example.com", email=f"bench{i}@example.com", password=password)
            for i in range(n)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users
        )
        SmsTwoFactor.objects.bulk_create(
            SmsTwoFactor(user=u, phone=f"+48500{i:06d}") for i, u in enumerate(users)
        )
        pending = []
        for i, user in enumerate(users):
            headers = visitor_headers(i)
            request = factory.post(
                "/accounts/login/", HTTP_USER_AGENT=headers["User-Agent"], HTTP_X_FORWARDED_FOR=headers["X-Forwarded-For"]
            )
            request.session, request.user = session_store(), AnonymousUser()
            request._messages = default_storage(request)
            with context.request_context(request):  # what allauth's middleware sets up
                response = perform_password_login(request, {"email": user.email}, Login(user=user, email=user.email))
            assert response.status_code == 302 and response["Location"] == CHALLENGE, response
            request.session.set_expiry(0)  # what allauth's form does without "remember me"
            request.session.save()
            pending.append(request.session.session_key)
    codes = {}
    # No worker runs: each code SMS is still queued, its clear text not yet handed over.
    for to, text in Message.objects.filter(kind=Message.Kind.OTP).values_list("to", "clear_text"):
        codes[to] = "".join(ch for ch in text.split("z dzis:")[1] if ch.isdigit())
    sessions = [[key, codes[f"+48500{i:06d}"]] for i, key in enumerate(pending)]
    out.write_text(json.dumps({"check": sessions[:n_check], "resend": [s[0] for s in sessions[n_check:]]}))


def verify() -> None:
    """What the server recorded: audit events by kind, codes and queued tasks."""
    _django()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from zgoda.accounts.models import AuditEvent, OneTimeCode

    events = dict(AuditEvent.objects.values_list("event").annotate(n=Count("id")))
    addresses = OneTimeCode.objects.values("ip").distinct().count()
    print(json.dumps({"events": events, "codes": OneTimeCode.objects.count(), "addresses": addresses,
                      "tasks": DBTaskResult.objects.count()}))


# --- the client side ---------------------------------------------------------------------

def wrong_code(right: str, rng: random.Random) -> str:
    while True:
        code = f"{rng.randrange(10 ** len(right)):0{len(right)}d}"
        if code != right:
            return code


def check_scripts(sessions, tokens, wrong: int, rng) -> list[list[common.Step]]:
    """Per session: `wrong` wrong codes (the form again, 400), then the right one (302 to the shop)."""
    scripts = []
    for i, ((key, code), (csrf_cookie, csrf_token)) in enumerate(zip(sessions, tokens, strict=True)):
        post = functools.partial(
            code_step, csrf_token, {"sessionid": key, "csrftoken": csrf_cookie}, visitor_headers(i)
        )
        scripts.append([post(wrong_code(code, rng), "wrong", 400) for _ in range(wrong)] + [post(code, "right", 302, "/")])
    return scripts


def code_step(csrf_token, cookies, headers, typed, kind, status, location=None) -> common.Step:
    """One POST of `typed` to the code page, as the session with these cookies and headers."""
    data = {"csrfmiddlewaretoken": csrf_token, "code": typed, "action": "code"}
    return common.Step("code check", "POST", CHALLENGE, status, data, cookies, location, kind, headers)


def resend_scripts(keys, tokens, per_session: int, first_index: int) -> list[list[common.Step]]:
    """Per session: `per_session` resends, each a 302 back to the challenge page."""
    return [
        [
            common.Step(
                "resend", "POST", RESEND, 302, {"csrfmiddlewaretoken": token}, {"sessionid": key, "csrftoken": cookie},
                CHALLENGE, "resend", visitor_headers(first_index + i),
            )
        ]
        * per_session
        for i, (key, (cookie, token)) in enumerate(zip(keys, tokens, strict=True))
    ]


@dataclass
class Phase:
    run: common.LoadRun
    server_cpu: float  # seconds, gunicorn master and workers
    machine_cpu: float  # seconds, every process on the machine
    worker_on_cpu: float  # seconds the workers ran
    worker_runq: float  # seconds the workers were ready but waited for a CPU
    workers: int
    threads: int  # of all workers together


def timed(server, scripts, args) -> Phase:
    server0, machine0, (cpu0, runq0) = server.cpu_seconds(), common.machine_busy_seconds(), server.worker_sched()
    run = common.run_load(
        server.base_url, scripts, args.concurrency, args.clients, max_seconds=args.max_seconds, keep_alive=args.keep_alive
    )
    cpu1, runq1 = server.worker_sched()
    return Phase(
        run, server.cpu_seconds() - server0, common.machine_busy_seconds() - machine0, cpu1 - cpu0, runq1 - runq0,
        len(server.worker_pids()), server.worker_threads(),
    )


def summarize(label, phase: Phase, target: bool):
    run = phase.run
    results = [r for r in run.results if r.label == label]
    ms = [r.seconds * 1000 for r in results]
    rps = len(results) / run.wall_seconds
    p50, p99 = common.percentile(ms, 50), common.percentile(ms, 99)
    errors = sum(not r.ok for r in results)
    if target:
        verdict = "PASS" if rps >= TARGET_RPS and p99 < TARGET_P99_MS else "MISS"
        target_text = f">={TARGET_RPS}/s, p99<{TARGET_P99_MS}"
    else:
        verdict, target_text = "-", "none set"
    row = [label, len(results), f"{rps:.0f}", f"{p50:.1f}", f"{p99:.1f}", errors, target_text, verdict]
    others = max(0.0, phase.machine_cpu - phase.server_cpu - run.client_cpu_seconds)
    share = lambda seconds: f"{seconds / run.wall_seconds:.0%}"  # noqa: E731 - of one core
    detail = [
        f"  {label}: wall {run.wall_seconds:.1f} s; gunicorn {1000 * phase.server_cpu / len(results):.1f} ms CPU"
        f" per request; CPU in % of one core: gunicorn {share(phase.server_cpu)},"
        f" client {share(run.client_cpu_seconds)} ({run.processes} process{'es' if run.processes > 1 else ''}),"
        f" other processes {share(others)}"
    ]
    worker_wall = phase.workers * run.wall_seconds
    blocked = max(0.0, worker_wall - phase.worker_on_cpu - phase.worker_runq)
    if phase.threads > phase.workers:  # a threaded worker's idle threads would count as blocked
        detail.append(
            f"    gunicorn workers' time ({phase.threads} threads in {phase.workers} workers, of the workers' wall"
            f" time): {phase.worker_on_cpu / worker_wall:.0%} on a CPU, {phase.worker_runq / worker_wall:.0%}"
            " waiting for a CPU"
        )
    else:
        detail.append(
            f"    gunicorn workers' time: {phase.worker_on_cpu / worker_wall:.0%} on a CPU,"
            f" {phase.worker_runq / worker_wall:.0%} waiting for a CPU,"
            f" {blocked / worker_wall:.0%} blocked (SQLite lock waits, sockets)"
        )
    if others / run.wall_seconds > 0.2:
        detail.append("    WARNING: other processes were busy on this machine; these figures understate it")
    statuses = Counter((r.kind, r.status) for r in results)
    detail.append("    answers: " + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(statuses.items())))
    kinds: dict[str, list[float]] = {}
    for r in results:
        kinds.setdefault(r.kind, []).append(r.seconds * 1000)
    if len(kinds) > 1:
        detail += [
            f"    {kind}: n={len(v)} p50 {common.percentile(v, 50):.1f} ms, p99 {common.percentile(v, 99):.1f} ms"
            for kind, v in sorted(kinds.items())
        ]
    if errors > MAX_ERROR_SHARE * len(results):
        detail.append(f"    BROKEN: {errors} of {len(results)} answers were not what a browser gets")
    return row, detail, errors <= MAX_ERROR_SHARE * len(results)  # a missed target is reported, not failed


def main(args) -> int:
    good = True
    code_check = code_check_part(args) if args.code_check else None
    full = full_login.run(args, LIMITS_ENV, visitor_headers) if args.full else None
    if code_check is not None:
        rows, details, ok = code_check
        print()
        common.print_table(["endpoint", "requests", "req/s", "p50 ms", "p99 ms", "errors", "target", "result"], rows)
        print("\n".join(details))
        good &= ok
    if full is not None:
        rows, details, ok, counts = full
        full_login.print_report(rows, details, counts)
        good &= ok
    print("\nbench-login:", "OK" if good else "FAILED (a flow is broken; speed targets never fail the run)")
    return 0 if good else 1


def code_check_part(args):
    """The code-check and resend phases: (table rows, detail lines, every answer and record right)."""
    rng = random.Random(args.seed)
    with common.fresh_data_dir() as data_dir:
        env = common.server_env(data_dir, args.settings, **LIMITS_ENV)
        print(f"setup: fresh SQLite in {data_dir}, migrate ...", flush=True)
        common.zgoda(env, "migrate", "--noinput", "-v", "0")
        print(f"setup: {args.sessions} + {args.resend_sessions} users half logged in (no password hashing) ...", flush=True)
        prepared = data_dir / "bench-sessions.json"
        common.run_script(env, Path(__file__), "prepare", str(prepared), str(args.sessions), str(args.resend_sessions))
        data = json.loads(prepared.read_text())
        with common.Server(env, workers=args.workers, extra_args=shlex.split(args.server_args)) as server:
            print(
                f"setup: gunicorn {' '.join(['--workers', str(args.workers), *shlex.split(args.server_args)])}"
                f" on {server.base_url}"
                f" (client connections {'kept alive' if args.keep_alive else 'closed after each request'});"
                " CSRF from the challenge page ...",
                flush=True,
            )
            keys = [s[0] for s in data["check"]] + data["resend"]
            tokens = common.collect_csrf(
                server.base_url, CHALLENGE, [{"sessionid": k} for k in keys], [visitor_headers(i) for i in range(len(keys))]
            )
            if None in tokens:
                msg = f"  BROKEN: setup failed: {tokens.count(None)} sessions got no challenge page"
                return [], [msg], False
            n_check = len(data["check"])
            checks = check_scripts(data["check"], tokens[:n_check], args.wrong, rng)
            print(f"timed: {sum(map(len, checks))} code checks at concurrency {args.concurrency} ...", flush=True)
            check_phase = timed(server, checks, args)
            resends = resend_scripts(data["resend"], tokens[n_check:], args.resends_per_session, n_check)
            print(f"timed: {sum(map(len, resends))} resends at concurrency {args.concurrency} ...", flush=True)
            resend_phase = timed(server, resends, args)
        recorded = json.loads(common.run_script(env, Path(__file__), "verify"))

    rows, details, good = [], [], True
    for label, phase, target in (("code check", check_phase, True), ("resend", resend_phase, False)):
        row, detail, ok = summarize(label, phase, target)
        rows.append(row)
        details += detail
        good &= ok
    good &= check_records(recorded, check_phase.run, resend_phase.run, n_check + len(data["resend"]), details)
    return rows, details, good


def check_records(recorded, check_run, resend_run, prepared, details: list[str]) -> bool:
    """The server's audit log must show the work the answers claim."""
    events = recorded["events"]
    right = sum(r.ok for r in check_run.results if r.kind == "right")
    wrong = sum(r.ok for r in check_run.results if r.kind == "wrong")
    resent = sum(r.ok for r in resend_run.results)
    expected = {
        "code_accepted": right,
        "login_ok": right,
        "code_wrong": wrong,
        "code_sent": prepared + resent,
        "code_refused": 0,
        "login_ended": 0,
    }
    found = {k: events.get(k, 0) for k in expected}
    details.append(
        f"  server records: {found}; codes {recorded['codes']} from {recorded['addresses']} addresses,"
        f" queued tasks {recorded['tasks']}"
    )
    if found != expected:
        details.append(f"  BROKEN: the server's records disagree with the answers; expected {expected}")
        return False
    return True


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=2000, help="half-logged-in sessions for code checks")
    parser.add_argument("--wrong", type=int, default=2, help="wrong codes per session before the right one (<=4)")
    parser.add_argument("--resend-sessions", type=int, default=500)
    parser.add_argument("--resends-per-session", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--clients", type=int, default=1, help="client processes sharing the concurrency")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--server-args", default="", help="more gunicorn options, one shell-quoted string (e.g. '--worker-class gthread"
        " --threads 2')"
    )
    parser.add_argument(
        "--keep-alive", action=argparse.BooleanOptionalAction, default=False,
        help="reuse client connections (only a threaded or async worker keeps them; the sync worker closes each)",
    )
    parser.add_argument("--max-seconds", type=float, default=300, help="stop starting new sessions after this")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--settings", default="zgoda.settings", help="Django settings module (to try a variant)")
    parser.add_argument("--code-check", action=argparse.BooleanOptionalAction, default=True,
                        help="run part one: code checks and resends")
    parser.add_argument("--full", action=argparse.BooleanOptionalAction, default=True,
                        help="run part two: complete logins (bench/full_login.py)")
    parser.add_argument("--full-seconds", type=float, default=20, help="timed window of each kind of complete login")
    parser.add_argument("--full-warmup", type=float, default=2, help="load before each window, not counted")
    parser.add_argument("--full-concurrency", type=int, default=32, help="people logging in at once")
    parser.add_argument("--full-users", type=int, default=200, help="users the people take turns with")
    args = parser.parse_args(argv)
    if not 0 <= args.wrong <= 4:
        parser.error("--wrong must be 0-4: a fifth wrong try blocks the code")
    return args


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1:2] == ["verify"]:
        verify()
    else:
        sys.exit(main(parse_args(sys.argv[1:])))
