"""The erasure journal: every suppression and every account erasure, appended to a file
kept outside the database, so that `zgoda reapply-erasures` can carry them out again on a
database restored from a backup older than they are (RODO art. 17: a restore must not
bring erased people back, nor opted-out numbers into campaigns).

One JSON object a line, written whole in one append and fsync'd, after the transaction
that made the change commits. A line holds a keyed hash of a number or a user id, never a
number or an e-mail:

    {"kind": "suppression", "phone_hash": "...", "at": "<ISO time>", "reason": "...", "key": "<fingerprint>"}
    {"kind": "account_erased", "user_id": 42, "at": "<ISO time>"}

`key` names (a fingerprint of) the hash key that made `phone_hash`: a hash made with
another key is of no use and is skipped.

Consent writes the suppressions, privacy the account erasures; privacy reads it back.
"""

import contextlib
import contextvars
import json
import os
from datetime import datetime
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import files, hashkey

FILE_NAME = "erasure-journal.jsonl"  # in ZGODA_DATA_DIR, unless ZGODA_ERASURE_JOURNAL names a file

SUPPRESSION = "suppression"
ACCOUNT_ERASED = "account_erased"

_replaying = contextvars.ContextVar("zgoda_journal_replaying", default=False)


def path() -> Path:
    """ZGODA_ERASURE_JOURNAL, or erasure-journal.jsonl in ZGODA_DATA_DIR."""
    configured = getattr(settings, "ZGODA_ERASURE_JOURNAL", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / FILE_NAME


def key_fingerprint() -> str:
    return hashkey.fingerprint(hashkey.key())[:16]


def append(entry: dict, to: Path | None = None) -> None:
    """One line, written with one O_APPEND write (whole even beside other writers) and fsync'd."""
    target = to or path()
    line = (json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n").encode()
    new = not target.exists()
    if new:
        files.private_dir(target.parent)  # 0700 when created; the journal itself is 0600
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if new:
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _on_commit(entry: dict) -> None:
    """Append once the current transaction commits (at once outside one). A failure is logged
    as an error and does not undo what was committed."""
    if _replaying.get():
        return
    transaction.on_commit(partial(append, entry), robust=True)


def suppression_on_commit(phone_hash: str, at: datetime, reason: str = "") -> None:
    _on_commit({"kind": SUPPRESSION, "phone_hash": phone_hash, "at": at.isoformat(), "reason": reason,
                "key": key_fingerprint()})


def account_erased_on_commit(user_id: int, at: datetime | None = None) -> None:
    _on_commit({"kind": ACCOUNT_ERASED, "user_id": user_id, "at": (at or timezone.now()).isoformat()})


@contextlib.contextmanager
def replaying():
    """While the journal is re-applied, what it causes is not written to it a second time."""
    token = _replaying.set(True)
    try:
        yield
    finally:
        _replaying.reset(token)


def read(source: Path) -> tuple[list[dict], list[int]]:
    """(entries, numbers of unreadable lines) of one journal file; `at` parsed. A torn last
    line (a crash mid-write) is one of the unreadable ones."""
    entries, bad = [], []
    with open(source, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                entry["at"] = datetime.fromisoformat(entry["at"])
                if entry.get("kind") not in (SUPPRESSION, ACCOUNT_ERASED):
                    raise ValueError(entry.get("kind"))
            except (ValueError, KeyError, TypeError):
                bad.append(number)
                continue
            entries.append(entry)
    return entries, bad
