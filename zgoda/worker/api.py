"""What other apps may ask of the worker.

A source is a table whose rows are their own tasks: a queued SMS already says "waiting for
its first try" in its own row, so the worker can take it from there instead of from a task
row written beside it (one INSERT, one claim and one result UPDATE less per SMS). An app
registers its source once (AppConfig.ready); `zgoda db_worker` asks the sources first, in
the order registered, then the task queue. A source's `take_one` claims one row (atomically:
of several workers on several machines exactly one gets it), handles it and returns its id
(for the worker's log), or None when none waits. `waiting_sql` is a SELECT (no parameters)
that finds a row when one waits: an idle worker asks every queue it watches in one read.
`waiting_figures` gives how many wait and since when the oldest waits, for the admin's queue
page, under `label`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends


@dataclass(frozen=True)
class Source:
    name: str
    waiting_sql: Callable[[], str]
    take_one: Callable[[], object | None]
    label: str
    waiting_figures: Callable[[], tuple[int, datetime | None]]


_sources: dict[str, Source] = {}


def register_source(source: Source) -> None:
    _sources[source.name] = source


def sources() -> tuple[Source, ...]:
    return tuple(_sources.values())


def takes_waiting_rows() -> bool:
    """Whether the configured task backend is the one `zgoda db_worker` runs, which also takes
    the sources' waiting rows. Another backend (the in-process one of the tests) needs a task."""
    from .backend import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)
