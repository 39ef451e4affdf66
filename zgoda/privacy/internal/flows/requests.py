"""The log of data-subject requests: self-service ones as done, staff-registered ones open."""

from django.utils import timezone

from ...models import DataSubjectRequest
from . import subject as subjects


def log(kind, channel, subject=None, *, done=True, result=None, user_id=None, handled_by="") -> DataSubjectRequest:
    """A request the person carried out themselves (portal, link, STOP): done when received,
    or left open for staff when it could not be completed."""
    now = timezone.now()
    if user_id is None and subject is not None:
        user_id = getattr(subject, "user_id", None)
    return DataSubjectRequest.objects.create(
        kind=kind, channel=channel, received_at=now,
        status=DataSubjectRequest.Status.DONE if done else DataSubjectRequest.Status.OPEN,
        completed_at=now if done else None, user_id=user_id,
        subject_hash=subjects.hash_of(subject) if subject is not None else "",
        handled_by=handled_by, result=result or {},
    )


def finish(dsr: DataSubjectRequest, *, done=True, result=None, handled_by="") -> DataSubjectRequest:
    """Record the outcome of a staff-registered request; it stays open unless `done`."""
    if done:
        dsr.status, dsr.completed_at = DataSubjectRequest.Status.DONE, timezone.now()
    dsr.result = result or {}
    dsr.handled_by = handled_by
    dsr.save(update_fields=["status", "completed_at", "result", "handled_by"])
    return dsr


def open_near_deadline(warning_days: int):
    """Open requests whose deadline is past or within `warning_days`."""
    return DataSubjectRequest.objects.filter(
        status=DataSubjectRequest.Status.OPEN, deadline__lte=DataSubjectRequest.window_end(warning_days)
    ).order_by("deadline")
