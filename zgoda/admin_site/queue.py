"""The task queue at a glance (admin → Bramki SMS → Kolejka zadań): per queue, how many tasks
wait, how long the oldest has waited, how many run, how many failed in the last 24 hours.

Read from django-tasks-db's table, so it shows what every `zgoda db_worker` on every machine
shares. One grouped query; no personal data (counts and ages only)."""

from datetime import timedelta

from django.db.models import Case, Count, Min, Q, When
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.worker import api as worker_api

TITLE = _("Kolejka zadań")
# Past this, the oldest ready task is shown as a warning: the workers do not keep up.
SLOW_SECONDS = 60


def queue_figures(now=None) -> list[dict]:
    """The rows waiting for a worker in each source (worker.api: SMS, new-device e-mails), then
    one row per task queue name: ready, deferred,
    oldest_ready_seconds, running, longest_running_seconds, failed_24h, done_1h (None where
    a row has no such figure)."""
    from django_tasks_db.models import DBTaskResult, TaskResultStatus, get_date_max

    now = now or timezone.now()
    never = get_date_max()  # django-tasks-db's "no run_after"
    ready = Q(status=TaskResultStatus.READY) & (Q(run_after=never) | Q(run_after__lte=now))
    deferred = Q(status=TaskResultStatus.READY, run_after__gt=now) & ~Q(run_after=never)
    running = Q(status=TaskResultStatus.RUNNING)
    # A task is due since it was enqueued, or since its run_after when it was deferred.
    due_since = Case(When(run_after=never, then="enqueued_at"), default="run_after")
    rows = (
        DBTaskResult.objects.values("queue_name")
        .annotate(
            ready=Count("id", filter=ready),
            deferred=Count("id", filter=deferred),
            oldest_due=Min(due_since, filter=ready),
            running=Count("id", filter=running),
            oldest_start=Min("started_at", filter=running),
            failed_24h=Count("id", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(hours=24))),
            done_1h=Count("id", filter=Q(status=TaskResultStatus.SUCCESSFUL, finished_at__gte=now - timedelta(hours=1))),
        )
        .order_by("queue_name")
    )
    figures = []
    for row in [*_waiting_in_sources(), *rows]:
        oldest, started = row.pop("oldest_due"), row.pop("oldest_start")
        row["oldest_ready_seconds"] = max(0.0, (now - oldest).total_seconds()) if oldest else None
        row["longest_running_seconds"] = max(0.0, (now - started).total_seconds()) if started else None
        row["slow"] = (row["oldest_ready_seconds"] or 0) > SLOW_SECONDS
        row["oldest_ready"], row["longest_running"] = age(row["oldest_ready_seconds"]), age(row["longest_running_seconds"])
        row.setdefault("label", row["queue_name"])
        figures.append(row)
    return figures


def _waiting_in_sources() -> list[dict]:
    """Rows that are their own tasks (worker.api's sources: a single SMS, a login's new-device
    e-mail): what the workers take first. A row per source while some wait."""
    rows = []
    for source in worker_api.sources():
        count, oldest = source.waiting_figures()
        if count:
            rows.append({"queue_name": source.name, "label": source.label, "ready": count, "oldest_due": oldest,
                         "deferred": None, "running": None, "oldest_start": None, "failed_24h": None, "done_1h": None})
    return rows


def queue_view(request, admin_site):
    context = {
        **admin_site.each_context(request), "title": TITLE, "queues": queue_figures(),
        "slow_seconds": SLOW_SECONDS, "results_url": _changelist_url(),
    }  # fmt: skip
    response = TemplateResponse(request, "admin_site/task_queue.html", context)
    response["Cache-Control"] = "no-store"
    return response


def index_entry() -> dict:
    """The link on the admin index, shaped like a model's entry there."""
    return {"name": TITLE, "object_name": "TaskQueue", "admin_url": reverse("admin:task_queue"),
            "add_url": None, "view_only": True, "perms": {"view": True}}


def age(seconds: float | None) -> str:
    """"45 s", "3 min 20 s", "2 h 5 min" (the same units in Polish and English); "–" for none."""
    if seconds is None:
        return "–"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def _changelist_url() -> str:
    try:
        return reverse("admin:django_tasks_database_dbtaskresult_changelist")
    except NoReverseMatch:  # django-tasks-db's admin not registered
        return ""
