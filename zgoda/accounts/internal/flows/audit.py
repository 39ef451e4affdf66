from contextlib import contextmanager
from contextvars import ContextVar

from zgoda.lib import plainsql
from zgoda.lib.http import client_ip, user_agent

from ...models import AuditEvent

# The events recorded inside `together()`, not written yet (None: none is open).
_pending: ContextVar[list[AuditEvent] | None] = ContextVar("zgoda_audit_pending", default=None)


def record(event: str, request=None, user=None, user_id=None, notice_due: bool = False, **details) -> AuditEvent:
    """One audit event. `user_id` instead of `user` when only the id is at hand (no user read).
    Inside `together()` it is written with the others when that ends (its id is None until then)."""
    if user is None and user_id is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    recorded = AuditEvent(
        event=event,
        **({"user": user} if user is not None else {"user_id": user_id}),
        ip=(client_ip(request) or None) if request is not None else None,
        user_agent=user_agent(request) if request is not None else "",
        details=details,
        notice_due=notice_due,
    )
    pending = _pending.get()
    if pending is not None:
        pending.append(recorded)
        return recorded
    return plainsql.insert(recorded)


def record_with_id(event: str, request=None, **kwargs) -> AuditEvent:
    """`record`, written at once also inside `together()`: for a task that names the event by its id."""
    recorded = record(event, request, **kwargs)
    write_pending()
    return recorded


@contextmanager
def together():
    """The events recorded inside are written in one INSERT when it ends without an error.
    Use it inside the transaction whose changes they record (an error rolls both back)."""
    token = _pending.set([])
    try:
        yield
        write_pending()
    finally:
        _pending.reset(token)


def write_pending() -> None:
    """Write the events recorded so far inside `together()` now (one INSERT)."""
    pending = _pending.get()
    if not pending:
        return
    if len(pending) == 1:
        plainsql.insert(pending[0])
    else:
        plainsql.insert_many(pending)
    pending.clear()
