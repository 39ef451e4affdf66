"""Claiming the next ready task in one statement, and recording its success in one.

django-tasks-db claims a task in a transaction of its own (an exclusive one on SQLite): a
locked SELECT of the first ready task, then an UPDATE marking it running, each composed by
the ORM every time (about half of the worker's CPU per code SMS). Here one UPDATE marks the
first ready task running and returns it: atomic by itself on SQLite (one write statement),
and on PostgreSQL its subquery skips the rows other workers hold (FOR UPDATE SKIP LOCKED),
so each task goes to one worker. The same order and conditions as django-tasks-db's
(priority, then run_after, then enqueued_at; READY; run_after unset or due). Raw SQL: the
ORM cannot write an UPDATE ... RETURNING; the statement is composed once per worker. After a
poll found nothing, the worker looks with a read (peek) and claims only when one is there.
"""

from django.db import connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from zgoda.lib import plainsql

class Claimer:
    def __init__(self, *, backend_name: str, queue_names: list[str], excluded_queue_names: list[str], worker_id: str):
        self.worker_id = worker_id
        self.using = DBTaskResult.objects.db
        connection = connections[self.using]
        meta, q = DBTaskResult._meta, connection.ops.quote_name
        col = {f.name: q(f.column) for f in meta.concrete_fields}
        where = [f"{col['status']} = %s", f"{col['backend_name']} = %s", f"({col['run_after']} = %s OR {col['run_after']} <= %s)"]
        where_params = [TaskResultStatus.READY, backend_name, None, None]  # the two times are set per claim
        if "*" not in queue_names:
            where.append(f"{col['queue_name']} IN ({', '.join(['%s'] * len(queue_names))})")
            where_params += queue_names
        if excluded_queue_names:
            where.append(f"{col['queue_name']} NOT IN ({', '.join(['%s'] * len(excluded_queue_names))})")
            where_params += excluded_queue_names
        if connection.vendor == "postgresql":
            append, lock = f"{col['worker_ids']} || to_jsonb(%s::text)", " FOR UPDATE SKIP LOCKED"
        else:
            append, lock = f"json_insert(COALESCE({col['worker_ids']}, '[]'), '$[#]', %s)", ""
        table, ready = q(meta.db_table), " AND ".join(where)
        self.peek_sql = f"SELECT 1 FROM {table} WHERE {ready} LIMIT 1"  # noqa: S608
        self.sql = (
            f"UPDATE {table} SET {col['status']} = %s, {col['started_at']} = %s, {col['worker_ids']} = {append} "  # noqa: S608
            f"WHERE {col['id']} = (SELECT {col['id']} FROM {table} WHERE {ready} "
            f"ORDER BY {col['priority']} DESC, {col['run_after']} ASC, {col['enqueued_at']} ASC LIMIT 1{lock}) "
            f"RETURNING {', '.join(col[f.name] for f in meta.concrete_fields)}"
        )
        self.where_params = where_params
        self.date_field = meta.get_field("started_at")

    def peek(self) -> tuple[str, list]:
        """A read that finds a row when a task is ready, and its values: on SQLite even an
        UPDATE that finds nothing waits for and takes the write lock, which every web request
        writing waits for."""
        return self.peek_sql, self._ready_values(connections[self.using], timezone.now())

    def next(self) -> DBTaskResult | None:
        """The first ready task, now RUNNING with this worker's id; None when none is ready."""
        connection = connections[self.using]
        now = timezone.now()
        started = self.date_field.get_db_prep_value(now, connection)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [TaskResultStatus.RUNNING, started, self.worker_id, *self._ready_values(connection, now)])
            row = cursor.fetchone()
        return plainsql.instance(DBTaskResult, row, using=self.using) if row is not None else None

    def _ready_values(self, connection, now) -> list:
        """The values of "ready" (where_params) with its two times: unset, or due by `now`."""
        times = [self.date_field.get_db_prep_value(t, connection) for t in (get_date_max(), now)]
        return [*self.where_params[:2], *times, *self.where_params[4:]]


def succeeded(task_result: DBTaskResult, return_value) -> None:
    """What django-tasks-db's set_successful records, in one UPDATE composed once (lib.plainsql)."""
    task_result.status, task_result.finished_at = TaskResultStatus.SUCCESSFUL, timezone.now()
    task_result.return_value, task_result.exception_class_path, task_result.traceback = return_value, "", ""
    plainsql.update(task_result, ("status", "return_value", "finished_at", "exception_class_path", "traceback"))
