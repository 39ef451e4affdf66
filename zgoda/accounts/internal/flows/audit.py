from zgoda.lib import plainsql
from zgoda.lib.http import client_ip, user_agent

from ...models import AuditEvent


def record(event: str, request=None, user=None, user_id=None, **details) -> AuditEvent:
    """One audit event. `user_id` instead of `user` when only the id is at hand (no user read)."""
    if user is None and user_id is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return plainsql.insert(AuditEvent(
        event=event,
        **({"user": user} if user is not None else {"user_id": user_id}),
        ip=(client_ip(request) or None) if request is not None else None,
        user_agent=user_agent(request) if request is not None else "",
        details=details,
    ))
