"""After a database restore: the suppressions and account erasures made since the backup,
carried out again from the erasure journal (zgoda.lib.journal), so the restore brings no
erased person back and no opted-out number into campaigns.

A suppression is re-created with its own time (a consent given after it still counts) unless
the database has one as recent; an account is erased again, through every app's declaration,
when some app still holds something of it. Running it twice changes nothing the second time.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model

from zgoda.consent import api as consent_api
from zgoda.lib import journal

from ...models import DataSubjectRequest
from . import erasure, subject as subjects

HANDLED_BY = "zgoda reapply-erasures"


@dataclass
class Outcome:
    entries: int = 0
    suppressions: int = 0  # re-created
    accounts: int = 0  # erased again
    left: list[int] = field(default_factory=list)  # accounts whose erasure left something (request open)
    other_key: int = 0  # suppressions hashed with another hash key: of no use, skipped
    unreadable: list[tuple[Path, int]] = field(default_factory=list)  # (file, line)


def reapply(sources: list[Path]) -> Outcome:
    outcome = Outcome()
    entries = []
    for source in sources:
        read, bad = journal.read(source)
        entries += read
        outcome.unreadable += [(source, line) for line in bad]
    entries.sort(key=lambda entry: entry["at"])
    outcome.entries = len(entries)
    fingerprint = journal.key_fingerprint()
    done: set[int] = set()
    with journal.replaying():
        for entry in entries:
            if entry["kind"] == journal.SUPPRESSION:
                if entry.get("key") != fingerprint:
                    outcome.other_key += 1
                elif consent_api.restore_suppression(entry["phone_hash"], entry["at"], entry.get("reason", "")):
                    outcome.suppressions += 1
            elif entry["user_id"] not in done:
                done.add(entry["user_id"])
                _erase_again(entry["user_id"], outcome)
    return outcome


def _erase_again(user_id: int, outcome: Outcome) -> None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:  # the account is younger than the backup
        return
    subject = subjects.account(user)
    if not subjects.find(subject):  # erased already (the backup is younger than the erasure)
        return
    counts = erasure.erase(subject, DataSubjectRequest.Channel.OTHER, handled_by=HANDLED_BY)
    outcome.accounts += 1
    if "left" in counts:
        outcome.left.append(user_id)
