"""A running `zgoda db_worker` takes a lower CPU priority (ZGODA_WORKER_NICENESS, 10 by default),
so on a machine that also serves the web a busy CPU goes to the requests people wait on first;
it never raises its priority, and a --batch run (inside tests, benchmarks) keeps its caller's."""

import os
import signal
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
    """The niceness the worker runs at once it polls its queues; then it is stopped as systemd
    stops it (SIGTERM) and must exit cleanly."""
    process = subprocess.Popen([*WORKER, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=preexec_fn)
    try:
        deadline = time.monotonic() + 30
        while b"Starting worker" not in (line := process.stdout.readline()):
            assert line and time.monotonic() < deadline, "the worker did not start"
        niceness = os.getpriority(os.PRIO_PROCESS, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    return niceness


def test_a_running_worker_takes_niceness_10_by_default(worker_env):
    assert _niceness_of_running_worker(worker_env) == 10


def test_the_niceness_comes_from_the_setting_or_the_option(worker_env):
    assert _niceness_of_running_worker({**worker_env, "ZGODA_WORKER_NICENESS": "4"}) == 4
    assert _niceness_of_running_worker(worker_env, "--niceness", "15") == 15


def test_niceness_0_or_empty_keeps_the_priority_it_was_started_with(worker_env):
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert _niceness_of_running_worker({**worker_env, "ZGODA_WORKER_NICENESS": "0"}) == mine
    assert _niceness_of_running_worker({**worker_env, "ZGODA_WORKER_NICENESS": ""}) == mine


def test_a_worker_started_nicer_never_raises_its_priority(worker_env):
    assert _niceness_of_running_worker(worker_env, preexec_fn=lambda: os.nice(17)) == 17


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
