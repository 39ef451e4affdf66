"""`zgoda db_worker` claims the first ready task in one statement: django-tasks-db's order
(priority, then run_after, then enqueued_at), only due tasks of its backend and queues, each
task once (marked RUNNING with the worker's id appended), nothing when none is ready; and it
runs a real queued task to its recorded result."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from conftest import run_worker
from zgoda.worker.internal.claim import Claimer

TASK = "zgoda.worker.tests.tasks.add"


def _task(**fields):
    defaults = {"args_kwargs": {"args": [1, 2], "kwargs": {}}, "task_path": TASK, "backend_name": "default",
                "run_after": get_date_max(), "queue_name": "default"}
    return DBTaskResult.objects.create(**(defaults | fields))


def _claimer(**options):
    return Claimer(**({"backend_name": "default", "queue_names": ["default"], "excluded_queue_names": [],
                       "worker_id": "w1"} | options))


def test_the_first_ready_task_in_django_tasks_db_order_is_claimed_once(db):
    now = timezone.now()
    later = _task(priority=0)
    urgent = _task(priority=10)
    due = _task(priority=0, run_after=now - timedelta(seconds=1))
    _task(priority=50, run_after=now + timedelta(hours=1))  # not due yet
    _task(priority=50, status="SUCCESSFUL")
    _task(priority=50, backend_name="other")
    _task(priority=50, queue_name="mail")
    claimer = _claimer()
    with CaptureQueriesContext(connection) as captured:
        first = claimer.next()
    assert len(captured) == 1
    assert [first.pk, claimer.next().pk, claimer.next().pk] == [urgent.pk, due.pk, later.pk]
    assert claimer.next() is None
    urgent.refresh_from_db()
    assert urgent.status == "RUNNING" and urgent.worker_ids == ["w1"] and urgent.started_at is not None
    assert first.status == "RUNNING" and first.args_kwargs == {"args": [1, 2], "kwargs": {}}
    assert timezone.is_aware(first.enqueued_at)


def test_queues_named_or_excluded_and_worker_ids_appended(db):
    mail = _task(queue_name="mail", worker_ids=["w0"])
    assert _claimer(queue_names=["*"], excluded_queue_names=["mail"]).next() is None
    claimed = _claimer(queue_names=["default", "mail"], worker_id="w2").next()
    assert claimed.pk == mail.pk and claimed.worker_ids == ["w0", "w2"]


@pytest.mark.django_db(transaction=True)
def test_the_command_runs_a_queued_task_and_records_its_result(settings):
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    from .tasks import add

    result = add.enqueue(2, 3)
    run_worker(verbosity=0)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and row.return_value == 5 and len(row.worker_ids) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_recorded_with_its_error_and_the_next_one_still_runs(settings):
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    from .tasks import add, fail

    failing, fine = fail.enqueue(), add.enqueue(1, 1)
    run_worker(verbosity=0)
    failed, done = DBTaskResult.objects.get(pk=failing.id), DBTaskResult.objects.get(pk=fine.id)
    assert failed.status == "FAILED" and failed.exception_class_path == "builtins.ValueError" and "no" in failed.traceback
    assert done.status == "SUCCESSFUL" and done.return_value == 2 and done.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_queued_row_is_the_one_django_tasks_db_writes(settings):
    """zgoda.worker.backend writes the task's row with one INSERT composed once: the same row
    (every field but its id and time) as django-tasks-db's own backend, and the enqueued signal."""
    from django_tasks.signals import task_enqueued

    from .tasks import add

    heard = []
    task_enqueued.connect(lambda sender, task_result, **kw: heard.append(task_result.id), weak=False, dispatch_uid="t")
    try:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        theirs = DBTaskResult.objects.get(pk=add.using(priority=3).enqueue(2, 3).id)
        settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
        with CaptureQueriesContext(connection) as captured:
            ours_result = add.using(priority=3).enqueue(2, 3)
    finally:
        task_enqueued.disconnect(dispatch_uid="t")
    ours = DBTaskResult.objects.get(pk=ours_result.id)
    assert len(captured) == 1 and captured[0]["sql"].startswith("INSERT")
    same = ("status", "args_kwargs", "priority", "task_path", "worker_ids", "queue_name", "backend_name", "run_after",
            "return_value", "started_at", "finished_at")
    assert {f: getattr(ours, f) for f in same} == {f: getattr(theirs, f) for f in same}
    assert ours.enqueued_at >= theirs.enqueued_at and [str(i) for i in heard] == [str(theirs.id), str(ours.id)]
    assert type(heard[0]) is type(heard[1]) is type(ours_result.id)


def test_an_empty_queue_is_polled_again_soon_after_a_task_and_once_an_interval_when_idle():
    """The waits between polls of an empty queue: 5 ms right after a task, doubling, at most --interval."""
    from zgoda.worker.management.commands.db_worker import idle_wait

    waits, wait = [], 0.0
    for _ in range(9):
        wait = idle_wait(wait, 0.2)
        waits.append(wait)
    assert waits == [0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.2, 0.2, 0.2]
    assert idle_wait(0.0, 0.001) == 0.001  # an interval shorter than the first wait is kept
    assert idle_wait(0.0, 1.0) == 0.005  # after a task (the loop starts the wait again from 0)


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_watches_the_queue_with_reads_and_claims_what_comes(settings, monkeypatch):
    """On SQLite a claim that finds nothing still takes the write lock every web request waits
    for: the queues (waiting SMS, new-device e-mails, tasks) are looked at with one read, and
    only a ready task is claimed."""
    from zgoda.worker.management.commands import db_worker as command

    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    worker = command.Worker(queue_names=["default"], interval=0.001, batch=False, backend_name="default",
                            startup_delay=False, max_tasks=1, worker_id="w1", excluded_queue_names=[])
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 3:
            _task()  # a task comes while the worker waits

    monkeypatch.setattr(command.time, "sleep", sleep)
    with CaptureQueriesContext(connection) as captured:
        worker.run()
    kinds = [q["sql"].split()[0] for q in captured.captured_queries]
    idle_polls = ["SELECT"] * 3  # one read each: any SMS or e-mail waiting? any task ready?
    task_came = ["INSERT", "SELECT", "UPDATE", "UPDATE"]  # the read finds it; claimed, run, its result
    assert kinds == idle_polls + task_came, kinds
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"



@pytest.mark.django_db(transaction=True)
def test_a_worker_never_claims_from_a_queue_its_look_found_empty(settings):
    """A login's SMS and e-mail come one at a time: after each take the worker looks (one read)
    before claiming again, so no claim that finds nothing takes SQLite's write lock; a burst
    costs that one read per row."""
    from zgoda.worker.management.commands import db_worker as command

    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    for _ in range(3):
        _task()
    worker = command.Worker(queue_names=["default"], interval=0.001, batch=True, backend_name="default",
                            startup_delay=False, max_tasks=None, worker_id="w1", excluded_queue_names=[])
    with CaptureQueriesContext(connection) as captured:
        worker.run()
    kinds = [q["sql"].split()[0] for q in captured.captured_queries]
    one_task = ["SELECT", "UPDATE", "UPDATE"]  # looked, claimed, its result recorded
    assert kinds == one_task * 3 + ["SELECT"], " ".join(kinds)  # the last look finds nothing: --batch ends
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
