from zgoda.lib.http import client_ip, user_agent

from ...models import AuditEvent


def record(event: str, request=None, user=None, **details) -> AuditEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        event=event,
        user=user,
        ip=(client_ip(request) or None) if request is not None else None,
        user_agent=user_agent(request) if request is not None else "",
        details=details,
    )
