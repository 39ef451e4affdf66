"""Starting the right code challenge and reusing an open one, so a new try costs no SMS."""

from datetime import timedelta

from django.utils import timezone

from ...models import CodeChallenge
from .codes import SendOutcome, issue_code, latest_code


def open_challenge(user, purpose, phone):
    """An open challenge of this kind whose newest code still works, so no new SMS is needed."""
    now = timezone.now()
    challenge = (
        CodeChallenge.objects.filter(
            user=user, purpose=purpose, phone=phone, ended_at__isnull=True,
            created_at__gt=now - timedelta(minutes=15),
        )
        .order_by("-created_at")
        .first()
    )
    if challenge is None:
        return None
    code = latest_code(challenge)
    if code is None or code.blocked or code.used_at or code.expires_at <= now:
        return None
    return challenge


def start(request, user, purpose, phone, payload=None, reuse=False) -> tuple[CodeChallenge, SendOutcome | None]:
    """Open a challenge and send its first code; with reuse, pick up a still-valid one instead."""
    if reuse:
        challenge = open_challenge(user, purpose, phone)
        if challenge is not None:
            if payload is not None and payload != challenge.payload:
                challenge.payload = payload
                challenge.save(update_fields=["payload"])
            return challenge, None
    CodeChallenge.objects.filter(user=user, purpose=purpose, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=CodeChallenge.End.ABANDONED
    )
    challenge = CodeChallenge.objects.create(user=user, purpose=purpose, phone=phone, payload=payload or {})
    return challenge, issue_code(challenge, request)


def cooldown_seconds_left(challenge) -> int:
    if not challenge.next_send_at:
        return 0
    return max(0, int((challenge.next_send_at - timezone.now()).total_seconds() + 0.999))

