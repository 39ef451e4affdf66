"""django-tasks-db's database backend, writing each task's row with one INSERT composed once
(lib.plainsql) instead of the ORM's create(): a login queues two tasks (its code SMS, the
new-device e-mail) and the ORM composed each INSERT anew. The row and its signal are as
django-tasks-db writes them."""

from django_tasks_db import DatabaseBackend as DjangoTasksDatabaseBackend
from django_tasks_db.compat import normalize_json

from zgoda.lib import plainsql


class DatabaseBackend(DjangoTasksDatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult  # the backend loads before the apps, as django-tasks-db's

        return plainsql.insert(DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        ))
