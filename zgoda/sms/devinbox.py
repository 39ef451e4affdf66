"""The dev inbox: the e-mails Zgoda sent, shown on the dev phone (development only), so a
newcomer finishes a signup (the e-mailed code) without opening files.

It reads what Django's development backends keep: the file-based backend's folder
(EMAIL_FILE_PATH, the default without ZGODA_EMAIL_HOST) or the in-memory outbox (tests)."""

import email
import email.policy
import email.utils
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what the file-based backend writes after each message
MAX_FILES = 100  # the newest files only: a dev inbox, not an archive


@dataclass(frozen=True)
class DevEmail:
    to: str
    subject: str
    body: str
    sent_at: datetime


def recent(limit: int = 50) -> list[DevEmail]:
    """The newest e-mails first."""
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if backend.endswith("locmem.EmailBackend"):
        from django.core import mail

        found = [_from_message(m.message()) for m in getattr(mail, "outbox", [])]
    elif backend.endswith("filebased.EmailBackend"):
        found = _from_folder(Path(getattr(settings, "EMAIL_FILE_PATH", "")))
    else:
        return []
    return sorted(found, key=lambda e: e.sent_at, reverse=True)[:limit]


def _from_folder(folder: Path) -> list[DevEmail]:
    if not folder.is_dir():
        return []
    files = sorted((p for p in folder.glob("*.log") if p.is_file()), key=lambda p: p.stat().st_mtime)[-MAX_FILES:]
    found = []
    for path in files:
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                found.append(_from_message(email.message_from_bytes(raw.lstrip(), policy=email.policy.default)))
    return found


def _from_message(message) -> DevEmail:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    part = parsed.get_body(preferencelist=("plain", "html"))
    body = part.get_content() if part is not None else ""
    try:
        sent_at = email.utils.parsedate_to_datetime(parsed["Date"])
    except (TypeError, ValueError):
        sent_at = timezone.now()
    return DevEmail(to=str(parsed["To"] or "").strip(), subject=" ".join(str(parsed["Subject"] or "").split()), body=body, sent_at=sent_at)
