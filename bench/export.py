"""`make bench-export`: `zgoda export-consents --format csv` over 200,000 valid marketing
consents, beside the `sqlite3` command-line tool running the same query on the same file.

Targets (issues 3 and 14): under 5 s and under 150 MB peak memory for Zgoda, and under
twice the time the sqlite3 CLI takes (ratio under 2). Zgoda's lines come from Python's csv
writer (quoting, embedded newlines), the CLI's from its own CSV mode.

Setup (not timed, done once and kept): a SQLite database under var/bench-export/ filled by
`zgoda demo-data --users N` with every person holding 2FA and a valid marketing consent.
It is rebuilt only when N or any migration changes (a marker file records both).

Timed, `--runs` times each, interleaved, medians reported:
- zgoda: `python -m zgoda.cli export-consents --format csv --output FILE` as a child
  process: wall time from start to exit (Python and Django start-up included) and its peak
  resident memory (getrusage of the child);
- sqlite3: `sqlite3 DB < query.sql > FILE` with the very SQL the export runs (its
  parameters inlined) after `.mode csv` and `.separator , "\n"`, also a child process.
- start-up alone: `python -c "import django; django.setup()"`, so the note can say how much of
  the gap is Django starting and how much the export itself (reported, no target).
Both files must hold the same rows, read back with a csv reader (the two writers quote a
little differently: the CLI also quotes fields with spaces), or the run fails.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PROJECT_DIR, print_table, server_env, zgoda  # noqa: E402

DATA_DIR = PROJECT_DIR / "var" / "bench-export"
TARGET_SECONDS, TARGET_MB, TARGET_RATIO = 5.0, 150.0, 2.0

# Prints the export's SQL with its parameters inlined, for the sqlite3 CLI.
SQL_SCRIPT = """
import django
django.setup()
from zgoda.consent.internal.flows import export

sql, params = export.export_sql(export.parse_filters("csv"))

def literal(value):
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"

parts = sql.split("%s")
assert len(parts) == len(params) + 1
text = parts[0] + "".join(literal(p) + rest for p, rest in zip(params, parts[1:]))
print(".mode csv")
print('.separator , "\\\\n"')
print(text.replace("%%", "%") + ";")
"""

COUNT_SCRIPT = """
import django
django.setup()
from zgoda.consent.internal.flows.validity import count_valid
print(count_valid())
"""


def migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(PROJECT_DIR.glob("zgoda/*/migrations/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def python(env, script: str) -> str:
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=PROJECT_DIR, check=True,
                          stdout=subprocess.PIPE, text=True)
    return done.stdout.strip()


def prepare(env, users: int) -> None:
    marker = DATA_DIR / "ready"
    wanted = f"{users} {migrations_fingerprint()}"
    if marker.exists() and marker.read_text() == wanted and (DATA_DIR / "zgoda.sqlite3").exists():
        print(f"Reusing {DATA_DIR} ({users} people with a valid marketing consent).")
        return
    if DATA_DIR.exists():
        shutil.rmtree(DATA_DIR)
    DATA_DIR.mkdir(parents=True)
    print(f"Building {users} demo people in {DATA_DIR} (once; kept for later runs)...", flush=True)
    zgoda(env, "migrate", "-v0")
    started = time.monotonic()
    zgoda(env, "demo-data", "--users", str(users), "--twofa", "1", "--marketing", "1",
          "--withdrawn", "0", "--twofa-off", "0")
    print(f"demo-data: {time.monotonic() - started:.1f} s", flush=True)
    valid = int(python(env, COUNT_SCRIPT))
    if valid != users:
        raise SystemExit(f"expected {users} valid consents, the database has {valid}")
    marker.write_text(wanted)


def timed(command, env=None, stdin=None, stdout=None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=PROJECT_DIR, stdin=stdin, stdout=stdout)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} exited with {process.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    subprocess.run([str(PROJECT_DIR / "scripts" / "ensure-debian-packages"), "sqlite3"], check=True)
    sqlite3 = shutil.which("sqlite3")
    env = server_env(DATA_DIR)
    prepare(env, args.users)
    database = DATA_DIR / "zgoda.sqlite3"
    query = DATA_DIR / "export-query.sql"
    query.write_text(python(env, SQL_SCRIPT) + "\n")
    ours, theirs = DATA_DIR / "zgoda-export.csv", DATA_DIR / "sqlite3-export.csv"

    zgoda_runs, sqlite_runs, startup_runs = [], [], []
    for _ in range(args.runs):
        command = [sys.executable, "-m", "zgoda.cli", "export-consents", "--format", "csv", "--output", str(ours)]
        zgoda_runs.append(timed(command, env=env, stdout=subprocess.DEVNULL))
        startup_runs.append(timed([sys.executable, "-c", "import django; django.setup()"], env=env))
        with query.open() as sql, theirs.open("wb") as out:
            sqlite_runs.append(timed([sqlite3, str(database)], stdin=sql, stdout=out))

    with ours.open(newline="") as a, theirs.open(newline="") as b:
        header = a.readline()
        if header != "phone,consent_given_at,consent_version,consent_source,language\n":
            raise SystemExit(f"unexpected header {header!r}")
        mine, cli = csv.reader(a), csv.reader(b)
        same = all(x == y for x, y in itertools.zip_longest(mine, cli))
    with theirs.open(newline="") as b:
        rows = sum(1 for _ in csv.reader(b))
    if not same or rows != args.users:
        raise SystemExit(f"outputs differ or rows missing: same={same}, sqlite3 rows={rows}")

    z_time = statistics.median(r[0] for r in zgoda_runs)
    z_mem = max(r[1] for r in zgoda_runs)
    s_time = statistics.median(r[0] for r in sqlite_runs)
    s_mem = max(r[1] for r in sqlite_runs)
    ratio = z_time / s_time
    startup = statistics.median(r[0] for r in startup_runs)
    ok = z_time < TARGET_SECONDS and z_mem < TARGET_MB and ratio < TARGET_RATIO

    print()
    print(f"Export of {rows} valid marketing consents to CSV ({ours.stat().st_size / 1e6:.0f} MB), "
          f"median of {args.runs} runs; identical rows from both.")
    print_table(
        ["", "time s", "peak MB", "runs (s)"],
        [
            ["zgoda export-consents", f"{z_time:.2f}", f"{z_mem:.0f}", " ".join(f"{r[0]:.2f}" for r in zgoda_runs)],
            ["sqlite3 CLI, same query", f"{s_time:.2f}", f"{s_mem:.0f}", " ".join(f"{r[0]:.2f}" for r in sqlite_runs)],
            ["python + django.setup() alone", f"{startup:.2f}", f"{max(r[1] for r in startup_runs):.0f}",
             " ".join(f"{r[0]:.2f}" for r in startup_runs)],
        ],
    )
    print(f"The export past start-up (what the admin's download and the API's stream pay): "
          f"{z_time - startup:.2f} s, {(z_time - startup) / s_time:.2f}x the CLI.")
    print()
    print_table(
        ["figure", "measured", "target", ""],
        [
            ["time", f"{z_time:.2f} s", f"< {TARGET_SECONDS:.0f} s", "ok" if z_time < TARGET_SECONDS else "MISSED"],
            ["peak memory", f"{z_mem:.0f} MB", f"< {TARGET_MB:.0f} MB", "ok" if z_mem < TARGET_MB else "MISSED"],
            ["time / sqlite3", f"{ratio:.2f}", f"< {TARGET_RATIO:.0f}", "ok" if ratio < TARGET_RATIO else "MISSED"],
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
