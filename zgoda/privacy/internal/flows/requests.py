"""The log of data-subject requests: self-service ones as done, staff-registered ones open."""

from django.utils import timezone

from zgoda.consent.models import phone_hash

from ...models import DataSubjectRequest


def log_done(kind, channel, subject=None, *, result=None, handled_by="") -> DataSubjectRequest:
    """A request the person carried out themselves (portal, link, STOP): done when received."""
    now = timezone.now()
    users = subject.users if subject is not None else []
    phones = subject.phones if subject is not None else []
    return DataSubjectRequest.objects.create(
        kind=kind, channel=channel, status=DataSubjectRequest.Status.DONE, received_at=now, completed_at=now,
        user=users[0] if len(users) == 1 else None,
        subject_hash=phone_hash(phones[0]) if phones else "",
        handled_by=handled_by, result=result or {},
    )


def complete(dsr: DataSubjectRequest, *, result=None, handled_by="") -> DataSubjectRequest:
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
