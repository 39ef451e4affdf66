"""A stop signal (SIGTERM from systemd, Ctrl+C) that arrives while the worker writes a log line
still stops it: the handler's own log line then fails as a reentrant write, and before, that
failure left the worker running until systemd killed it mid-task."""

import logging
import signal

import pytest

from zgoda.worker.management.commands.db_worker import Worker


class _WriteInProgress(logging.Handler):
    """A handler whose stream is busy with the line the signal interrupted (what logging's own
    handleError raises on stderr in that case)."""

    def emit(self, record):
        raise RuntimeError("reentrant call inside <_io.BufferedWriter name='<stderr>'>")


@pytest.fixture
def busy_log():
    logger = logging.getLogger("django_tasks_db")
    handler = _WriteInProgress()
    logger.addHandler(handler)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        yield
    finally:
        logger.removeHandler(handler)
        for signum, previous in handlers.items():  # a second stop resets them to the defaults
            signal.signal(signum, previous)


def _worker() -> Worker:
    return Worker(queue_names=["default"], interval=0.05, batch=False, backend_name="default",
                  startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[])


def test_a_stop_during_a_log_line_lets_the_task_in_hand_finish_and_then_stops(busy_log):
    worker = _worker()
    worker.running_task = True
    worker.shutdown(signal.SIGTERM, None)
    assert worker.running is False  # the loop ends after the task in hand


def test_a_stop_during_a_log_line_while_idle_exits_at_once(busy_log):
    worker = _worker()
    with pytest.raises(SystemExit) as stopped:
        worker.shutdown(signal.SIGTERM, None)
    assert stopped.value.code == 0 and worker.running is False


def test_a_second_stop_during_a_log_line_ends_the_task_in_hand(busy_log):
    worker = _worker()
    worker.running_task = True
    worker.shutdown(signal.SIGTERM, None)
    with pytest.raises(SystemExit) as stopped:
        worker.shutdown(signal.SIGINT, None)
    assert stopped.value.code == 1
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
