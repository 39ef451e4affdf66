from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """`zgoda db_worker`: django-tasks-db's worker, claiming each task in one statement."""

    name = "zgoda.worker"
    label = "zgoda_worker"
    verbose_name = "Worker"
