"""A running `zgoda db_worker` takes a lower CPU priority (ZGODA_WORKER_NICENESS, 10 by default),
so on a machine that also serves the web a busy CPU goes to the requests people wait on first;
it never raises its priority, and a --batch run (inside tests, benchmarks) keeps its caller's."""

import os
import subprocess
import sys
import time

import pytest

from conftest import run_worker

WORKER = [sys.executable, "-m", "zgoda.cli", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"]


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory):
    data = tmp_path_factory.mktemp("worker")
    env = {"ZGODA_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "zgoda.test_settings", "PATH": "/usr/bin:/bin",
           "ZGODA_TASK_BACKEND": "database"}
    subprocess.run([sys.executable, "-m", "zgoda.cli", "migrate", "-v0"], env=env, check=True)
    return env


def _niceness_of_running_worker(env, *args, preexec_fn=None) -> int:
    """The niceness the worker runs at once it has started (then it is killed: its shutdown is
    not what this file tests)."""
    process = subprocess.Popen([*WORKER, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=preexec_fn)
    try:
        deadline = time.monotonic() + 60
        seen = b""
        while b"Starting worker" not in (line := process.stdout.readline()):
            seen += line
            assert line and time.monotonic() < deadline, f"the worker did not start: {seen.decode()}"
        return os.getpriority(os.PRIO_PROCESS, process.pid)
    finally:
        process.kill()
        process.communicate()


def _at_least_mine(niceness: int) -> int:
    """What a worker asked for `niceness` runs at when started by this process (the suite may
    itself run niced: the worker never raises its priority)."""
    return max(niceness, os.getpriority(os.PRIO_PROCESS, 0))


def test_a_running_worker_takes_niceness_10_by_default(worker_env):
    assert _niceness_of_running_worker(worker_env) == _at_least_mine(10)


def test_the_niceness_comes_from_the_setting_or_the_option(worker_env):
    assert _niceness_of_running_worker({**worker_env, "ZGODA_WORKER_NICENESS": "4"}) == _at_least_mine(4)
    assert _niceness_of_running_worker(worker_env, "--niceness", "15") == _at_least_mine(15)


def test_niceness_0_or_empty_keeps_the_priority_it_was_started_with(worker_env):
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert _niceness_of_running_worker({**worker_env, "ZGODA_WORKER_NICENESS": "0"}) == mine
    assert _niceness_of_running_worker({**worker_env, "ZGODA_WORKER_NICENESS": ""}) == mine


def test_a_worker_started_nicer_never_raises_its_priority(worker_env):
    started_at = _at_least_mine(17)
    assert _niceness_of_running_worker(
        worker_env, preexec_fn=lambda: os.setpriority(os.PRIO_PROCESS, 0, started_at)) == started_at


def test_a_niceness_that_is_no_number_stops_the_worker_with_a_clear_error(worker_env):
    done = subprocess.run([*WORKER], env={**worker_env, "ZGODA_WORKER_NICENESS": "low"}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert "ZGODA_WORKER_NICENESS must be a whole number from 0 to 19" in done.stderr


def test_a_batch_run_keeps_its_caller_s_priority(transactional_db, settings):
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    before = os.getpriority(os.PRIO_PROCESS, 0)
    run_worker(verbosity=0)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before
