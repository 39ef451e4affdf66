"""`zgoda db_worker`: django-tasks-db's worker and options, claiming each task in one
statement (zgoda/worker/internal/claim.py) instead of a transaction of two ORM statements,
and recording a success in one UPDATE composed once. Running a task, its signals, failures,
--batch, --max-tasks and shutdown are django-tasks-db's, as it has them, except that a stop
signal is acted on before it is logged (Worker.shutdown). A running worker lowers its CPU
priority (--niceness, ZGODA_WORKER_NICENESS), so a machine that also serves the web gives it
the CPU the requests leave.

--interval is the longest wait between polls of an empty queue: right after a task the next
wait is 5 ms, doubling up to it (idle_wait), so a code SMS queued during a busy spell leaves
within milliseconds instead of waiting out a whole interval, while an idle queue is still
polled once an interval. Before the task queue the worker asks the registered sources
(worker.api: a queued SMS is its own task). Every poll looks at all the queues with one read
(EXISTS per queue) and claims only from those where a row waits."""

import contextlib
import logging
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import SuspiciousOperation
from django.core.management.base import CommandError
from django.db import OperationalError, close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks import DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

from ... import api as worker_api
from ...internal.claim import Claimer, succeeded
from ...internal.priority import take_niceness

logger = logging.getLogger("django_tasks_db")

FIRST_IDLE_WAIT = 0.005  # seconds


def _log_from_handler(message: str, *args) -> None:
    """A warning from a signal handler, at best: the line it interrupted may hold the stream
    (a reentrant write raises: the line is lost, the stop is not)."""
    with contextlib.suppress(Exception):
        logger.warning(message, *args)


def idle_wait(previous: float, interval: float) -> float:
    """The wait before the next poll of a queue found empty: 5 ms after a task (previous 0),
    then twice the previous wait, never more than `interval`."""
    return min(interval, max(FIRST_IDLE_WAIT, 2 * previous))


@dataclass(frozen=True)
class _Queue:
    peek: Callable[[], tuple[str, list]]  # a read that finds a row when one waits, and its values
    take: Callable[[], bool]  # claims and handles one row; False when none waited


def _without_values(sql: str):
    return lambda: (sql, [])


def _waiting(queues: list[_Queue], using: str) -> list[int]:
    """Which queues have a row waiting (their indexes, in order), asked in one statement."""
    parts, params = [], []
    for queue in queues:
        sql, values = queue.peek()
        parts.append(f"EXISTS ({sql})")
        params += values
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        flags = cursor.fetchone()
    return [i for i, flag in enumerate(flags) if flag]


class Worker(db_worker.Worker):
    def shutdown(self, signum, frame) -> None:
        """django-tasks-db's, deciding before it logs. A signal that arrives while the worker is
        writing a log line makes the handler's own line a reentrant write, which raises; there
        the handler failed before clearing `running`, the signal was lost, and systemd killed
        the worker mid-task when its stop timeout ran out."""
        if not self.running:
            self.reset_signals()
            _log_from_handler("Received %s - terminating current task.", signal.strsignal(signum))
            sys.exit(1)
        self.running = False
        _log_from_handler("Received %s - shutting down gracefully... (press Ctrl+C again to force)",
                          signal.strsignal(signum))
        if not self.running_task:
            sys.exit(0)  # idle (polling or asleep): stop now

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311  (a thundering herd of workers, as django-tasks-db)
        claimer = Claimer(backend_name=self.backend_name, queue_names=self.queue_names,
                          excluded_queue_names=self.excluded_queue_names, worker_id=self.worker_id)
        sources = self._sources()
        queues = [*(_Queue(_without_values(source.waiting_sql()), self._taking(source)) for source in sources),
                  _Queue(claimer.peek, lambda: self._take_task(claimer))]
        wait = 0.0
        while self.running:
            close_old_connections()
            try:
                took = self._take_one(queues, claimer.using)
            except OperationalError as error:  # SQLite still locked after the wait: try again, as django-tasks-db
                if not is_locked_database_exception(error):
                    raise
                time.sleep(self.interval)
                continue
            if took:
                wait = 0.0
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks, self.worker_id)
                return
            close_old_connections()
            if self.running and not took:
                wait = idle_wait(wait, self.interval)
                time.sleep(wait)

    @staticmethod
    def _take_one(queues: list[_Queue], using: str) -> bool:
        """One row from the first queue that has one (the sources first, then the tasks), looked
        for with one read before any claim: on SQLite a claim is a write, and even one that
        finds nothing waits for and takes the lock every web request writing waits for. A
        login queues one SMS and one e-mail, so right after a take its queue is mostly empty."""
        return any(queues[i].take() for i in _waiting(queues, using))

    def _sources(self):
        """The registered sources (worker.api) this worker serves: all with --queue-name '*'
        (minus --exclude-queues), else those named, or all with the default queue (where their
        task would have gone)."""
        if "*" in self.queue_names:
            return [s for s in worker_api.sources() if s.name not in self.excluded_queue_names]
        serves_all = DEFAULT_TASK_QUEUE_NAME in self.queue_names
        return [s for s in worker_api.sources() if serves_all or s.name in self.queue_names]

    def _taking(self, source: worker_api.Source):
        def take() -> bool:
            self.running_task = True  # a shutdown signal waits for the row in hand
            try:
                taken = source.take_one()
            finally:
                self.running_task = False
            if taken is None:
                return False
            self._run_tasks += 1
            logger.info("Took %s id=%s on worker_id=%s", source.name, taken, self.worker_id)
            return True

        return take

    def _take_task(self, claimer: Claimer) -> bool:
        task_result = claimer.next()
        if task_result is None:
            return False
        self.run_task(task_result)
        return True

    def run_task(self, db_task_result) -> None:
        """django-tasks-db's, recording a success with one UPDATE composed once (a failure as
        django-tasks-db records it, traceback and all)."""
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                return_value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
            else:
                return_value = task.call(*task_result.args, **task_result.kwargs)
            succeeded(db_task_result, return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as error:  # noqa: BLE001  (recorded as the task's failure, as django-tasks-db does)
            db_task_result.set_failed(error)
            try:
                sender, task_result = type(db_task_result.task.get_backend()), db_task_result.task_result
            except (ImportError, SuspiciousOperation):
                logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
            else:
                task_finished.send(sender=sender, task_result=task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1


class Command(db_worker.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--niceness", type=int, default=None,
            help="CPU niceness of a running worker (default: ZGODA_WORKER_NICENESS): the web's "
                 "requests get a busy CPU first. Not taken with --batch, which often runs inside "
                 "another process (tests, benchmarks).",
        )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, niceness=None, **options) -> None:
        self.configure_logging(verbosity)
        if not batch:
            logger.info("Worker niceness %d", take_niceness(niceness))
        if reload and batch:
            logger.warning("Warning: --reload and --batch cannot be specified together. Disabling autoreload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                        startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                        excluded_queue_names=excluded_queue_names)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloader's child
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
