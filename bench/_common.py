"""What every bench/*.py shares: a throwaway server, a load generator, a result table.

Only the standard library and aiohttp (installed with twilio) are used here, and nothing
imports Django: the benchmarked code runs in gunicorn, and setup steps that need the
project run as separate `python` processes with the server's environment.

Every request goes to 127.0.0.1 only, and every loop is bounded in count and in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import multiprocessing
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# The dev SMS outbox and the database task queue: a send only writes rows, no gateway.
BASE_ENV = {
    "ZGODA_DEV_OUTBOX": "1",
    "ZGODA_ALLOW_OUTBOX_IN_PRODUCTION": "1",
    "ZGODA_PLAIN_STATIC": "1",
    "ZGODA_TASK_BACKEND": "database",
    "ZGODA_DEBUG": "0",
    "ZGODA_LOG_LEVEL": "WARNING",
}


# --- the server -------------------------------------------------------------------------

def stop_process(proc) -> None:
    """SIGTERM, 20 s to finish, then SIGKILL: a server or worker the benchmark started."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, settings_module="zgoda.settings", **overrides: str) -> dict[str, str]:
    """The environment for the server and setup scripts: a fresh SQLite data dir, no DATABASE_URL."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("ZGODA_")}
    env.update(BASE_ENV)
    env.update({k: str(v) for k, v in overrides.items()})
    env["ZGODA_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    return env


def zgoda(env: dict[str, str], *args: str) -> None:
    """`zgoda ARGS` (any management command), whether or not the package is installed."""
    subprocess.run([sys.executable, "-m", "zgoda.cli", *args], env=env, cwd=PROJECT_DIR, check=True)


def run_script(env: dict[str, str], script: Path, *args: str) -> str:
    """Run a Python file with the project's settings; returns what it printed."""
    done = subprocess.run(
        [sys.executable, str(script), *args], env=env, cwd=PROJECT_DIR, check=True, stdout=subprocess.PIPE, text=True
    )
    return done.stdout


@contextlib.contextmanager
def fresh_data_dir(prefix: str = "zgoda-bench-"):
    with tempfile.TemporaryDirectory(prefix=prefix) as path:
        yield Path(path)


class Server:
    """gunicorn on a free loopback port; `with Server(env) as s:` waits until it answers."""

    def __init__(self, env, workers=2, app="zgoda.wsgi:application", ready_path="/", extra_args=(), log_path=None):
        self.env, self.workers, self.app, self.ready_path = env, workers, app, ready_path
        self.extra_args = list(extra_args)
        # The server's own output (e.g. Django's "Bad Request" warnings) goes here, not to the table.
        self.log_path = Path(log_path) if log_path else Path(env["ZGODA_DATA_DIR"]) / "gunicorn.log"
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), self.app, "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                command + self.extra_args, env=self.env, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self.wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def wait_until_up(self, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", self.ready_path)
                status = conn.getresponse().status
                conn.close()
                if status < 500 and len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on {self.base_url} within {timeout:.0f} s")

    def log_tail(self, lines=20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        with contextlib.suppress(OSError):
            return [int(p) for p in path.read_text().split()]
        return []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and its workers."""
        return sum(process_cpu_seconds(pid) for pid in [self.proc.pid, *self.worker_pids()])

    def worker_sched(self) -> tuple[float, float]:
        """Seconds the workers have spent on a CPU and waiting in a run queue for one (schedstat),
        summed over every thread of every worker (a threaded worker has several)."""
        on_cpu = waiting = 0.0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                for task in Path(f"/proc/{pid}/task").iterdir():
                    with contextlib.suppress(OSError, ValueError):
                        run_ns, wait_ns, _slices = (task / "schedstat").read_text().split()
                        on_cpu, waiting = on_cpu + int(run_ns) / 1e9, waiting + int(wait_ns) / 1e9
        return on_cpu, waiting

    def worker_threads(self) -> int:
        """Threads of all workers together: one per sync worker, more with --threads."""
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                total += sum(1 for _ in Path(f"/proc/{pid}/task").iterdir())
        return total

    def stop(self):
        stop_process(self.proc)


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all cores spent on anything but idle and I/O wait, since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


# --- the load generator -----------------------------------------------------------------

@dataclass
class Step:
    """One request of a virtual user. `ok` when the status (and Location, if given) is as expected."""

    label: str
    method: str
    path: str
    expect_status: int
    data: dict | None = None
    cookies: dict = field(default_factory=dict)
    expect_location: str | None = None
    kind: str = ""
    headers: dict = field(default_factory=dict)


@dataclass
class Result:
    label: str
    kind: str
    status: int  # 0: no answer (connection error or timeout)
    seconds: float
    ok: bool


@dataclass
class LoadRun:
    results: list[Result]
    wall_seconds: float
    client_cpu_seconds: float
    processes: int


def _cookie_header(cookies: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


async def _run_scripts(base_url, scripts, concurrency, timeout, deadline, keep_alive=False):
    import aiohttp

    results: list[Result] = []
    queue = list(reversed(scripts))
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=not keep_alive)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(
        base_url, connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=client_timeout
    ) as session:

        async def user():
            while queue and time.monotonic() < deadline:
                for step in queue.pop():
                    headers = {**step.headers, "Cookie": _cookie_header(step.cookies)} if step.cookies else step.headers
                    started = time.perf_counter()
                    try:
                        async with session.request(
                            step.method, step.path, data=step.data, headers=headers, allow_redirects=False
                        ) as response:
                            await response.read()
                            status, location = response.status, response.headers.get("Location")
                    except (aiohttp.ClientError, asyncio.TimeoutError):
                        status, location = 0, None
                    elapsed = time.perf_counter() - started
                    ok = status == step.expect_status and (
                        step.expect_location is None or location == step.expect_location
                    )
                    results.append(Result(step.label, step.kind, status, elapsed, ok))

        await asyncio.gather(*(user() for _ in range(concurrency)))
    return results


def _client_process(base_url, scripts, concurrency, timeout, max_seconds, barrier, out, keep_alive=False):
    barrier.wait()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    results = asyncio.run(_run_scripts(base_url, scripts, concurrency, timeout, started + max_seconds, keep_alive))
    wall = time.monotonic() - started
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    out.put((results, started, started + wall, cpu))


def run_load(
    base_url, scripts: list[list[Step]], concurrency=32, processes=1, timeout=30.0, max_seconds=300.0, keep_alive=False
):
    """Run every script (a list of Steps one virtual user sends in order) at `concurrency`
    virtual users split over `processes` client processes, none in this process.

    Bounded: each script runs once, and no new script starts after `max_seconds`. With
    `keep_alive`, connections are reused as a browser reuses its own (one pool per client
    process); without it each request opens and closes a connection.
    """
    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(processes), ctx.Queue()
    shares = [scripts[i::processes] for i in range(processes)]
    users = [concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)]
    children = [
        ctx.Process(
            target=_client_process,
            args=(base_url, shares[i], users[i], timeout, max_seconds, barrier, out, keep_alive),
        )
        for i in range(processes)
    ]
    for child in children:
        child.start()
    parts = [out.get(timeout=max_seconds + timeout + 60) for _ in children]
    for child in children:
        child.join()
    results = [r for part in parts for r in part[0]]
    wall = max(p[2] for p in parts) - min(p[1] for p in parts)
    return LoadRun(results, wall, sum(p[3] for p in parts), processes)


# --- CSRF, the way a browser gets it ----------------------------------------------------

_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


async def _collect_csrf(base_url, path, cookie_sets, header_sets, concurrency, timeout):
    import aiohttp

    found: list[tuple[str, str] | None] = [None] * len(cookie_sets)
    todo = list(range(len(cookie_sets)))
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    async with aiohttp.ClientSession(
        base_url, connector=connector, cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=timeout),
    ) as session:

        async def worker():
            while todo:
                i = todo.pop()
                headers = {**(header_sets[i] if header_sets else {}), "Cookie": _cookie_header(cookie_sets[i])}
                async with session.get(path, headers=headers, allow_redirects=False) as response:
                    body = await response.read()
                    cookie = response.cookies.get("csrftoken")
                    token = _CSRF_FIELD.search(body)
                    if response.status == 200 and cookie and token:
                        found[i] = (cookie.value, token.group(1).decode())

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return found


def collect_csrf(base_url, path, cookie_sets: list[dict], header_sets: list[dict] | None = None, concurrency=16,
                 timeout=30.0):
    """GET `path` once per cookie set (with the matching extra headers, if given), as a browser
    opens a form page before posting it.

    Returns (csrftoken cookie, csrfmiddlewaretoken form value) per cookie set, or None where
    the page did not answer 200 with a form."""
    return asyncio.run(_collect_csrf(base_url, path, cookie_sets, header_sets, concurrency, timeout))


# --- figures and the table --------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100)
    return ordered[int(rank) - 1]


def print_table(headers: list[str], rows: list[list], out=sys.stdout) -> None:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        cells_and_widths = enumerate(zip(row, widths, strict=True))
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in cells_and_widths), file=out)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=out)


# --- complete flows: a browser stand-in and the task worker -----------------------------

class TaskWorker:
    """`zgoda db_worker` as `make run` starts it (polling every 0.2 s), beside a Server;
    `with TaskWorker(env) as w:`; w.cpu_seconds() is its CPU time so far."""

    def __init__(self, env, log_path=None):
        self.env = env
        self.log_path = Path(log_path) if log_path else Path(env["ZGODA_DATA_DIR"]) / "db_worker.log"
        self.proc: subprocess.Popen | None = None

    def __enter__(self):
        command = [sys.executable, "-m", "zgoda.cli", "db_worker", "--interval", "0.2", "--no-startup-delay",
                   "--no-reload"]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(command, env=self.env, cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT)
        return self

    def __exit__(self, *exc):
        stop_process(self.proc)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.proc.pid) if self.proc else 0.0


class FlowError(Exception):
    """A complete flow went somewhere a browser would not: `key` says which step and why."""

    def __init__(self, step: str, reason: str):
        super().__init__(f"{step}: {reason}")
        self.key = f"{step}: {reason}"


def expect(condition, step: str, reason: str) -> None:
    if not condition:
        raise FlowError(step, reason)


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names; the last value of a repeated header
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location_path(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.headers.get("location", "")).path


class Browser:
    """One simulated person's HTTP/1.1 client on asyncio streams (standard library only):
    its own cookie jar (every cookie here is host-only with path /), one connection per
    request as gunicorn's sync worker closes each, Content-Length or chunked bodies. Much
    cheaper per request than aiohttp's session, which matters with the client and the
    server on the same cores. Only for 127.0.0.1."""

    def __init__(self, port: int, headers: dict | None = None, timeout: float = 30.0):
        self.port, self.timeout = port, timeout
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}

    async def get(self, path, headers=None) -> Response:
        return await self.request("GET", path, None, headers)

    async def post(self, path, data=None, headers=None) -> Response:
        return await self.request("POST", path, data, headers)

    async def request(self, method, path, data=None, headers=None) -> Response:
        from urllib.parse import urlencode

        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in {**self.headers, **(headers or {})}.items()]
        if self.cookies:
            lines.append("Cookie: " + _cookie_header(self.cookies))
        body = b""
        if method == "POST":
            body = urlencode(data or {}).encode()
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        try:
            async with asyncio.timeout(self.timeout):
                reader, writer = await asyncio.open_connection(HOST, self.port)
                try:
                    writer.write(raw)
                    return await self._read(reader)
                finally:
                    writer.close()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, TimeoutError) as e:
            raise FlowError(f"{method} {path}", f"no answer ({type(e).__name__})") from e

    async def _read(self, reader) -> Response:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if not name:
                continue
            if name == "set-cookie":
                self._set_cookie(value)
            headers[name] = value
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await reader.readexactly(size))
                await reader.readexactly(2)
            await reader.readuntil(b"\r\n")
            body = b"".join(parts)
        else:
            body = await reader.read()
        return Response(status, headers, body)

    def _set_cookie(self, value: str) -> None:
        parts = [p.strip() for p in value.split(";")]
        name, _, cookie = parts[0].partition("=")
        attrs = {p.partition("=")[0].lower(): p.partition("=")[2] for p in parts[1:]}
        if attrs.get("max-age") == "0" or "1970" in attrs.get("expires", ""):
            self.cookies.pop(name, None)  # how Django deletes a cookie
        else:
            self.cookies[name] = cookie


def csrf_field(html: str) -> str | None:
    found = _CSRF_FIELD.search(html.encode())
    return found.group(1).decode() if found else None


def machine_stat() -> tuple[int, int]:
    """(all jiffies, idle + iowait jiffies) of every core since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields[:8]), fields[3] + fields[4]


# --- a throw-away PostgreSQL cluster ------------------------------------------------------

@contextlib.contextmanager
def postgres_cluster(max_connections: int = 200):
    """A PostgreSQL cluster on a free loopback port in a temporary folder, as
    scripts/with-postgres starts one (fsync off: a benchmark's data is thrown away); yields
    its DATABASE_URL and stops and removes it afterwards."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")
                                                                         if x.isdigit()])
    if not bins or not (bins[-1] / "initdb").exists():
        raise RuntimeError("PostgreSQL server binaries not found (Debian package postgresql)")
    pg_bin, port = bins[-1], free_port()
    folder = Path(tempfile.mkdtemp(prefix="zgoda-bench-pg-"))
    folder.chmod(0o755)
    as_root = os.geteuid() == 0

    def as_pg(*command, **kwargs):
        if as_root:  # PostgreSQL refuses to run as root; its own user may not enter the caller's folder
            subprocess.run(["chown", "-R", "postgres:postgres", str(folder)], check=True)
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, cwd=folder, check=True, stdout=subprocess.DEVNULL, **kwargs)

    try:
        as_pg(str(pg_bin / "initdb"), "-D", str(folder / "data"), "-U", "zgoda", "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8")
        options = (f"-h {HOST} -p {port} -k {folder} -F -c fsync=off -c synchronous_commit=off "
                   f"-c full_page_writes=off -c max_connections={max_connections}")
        as_pg(str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-o", options,
              "start")
        as_pg(str(pg_bin / "createdb"), "-h", HOST, "-p", str(port), "-U", "zgoda", "zgoda")
        yield f"postgres://zgoda@{HOST}:{port}/zgoda"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            as_pg(str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop",
                  stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", str(folder)], check=False)
