"""Erasure (RODO art. 17) of exactly one subject, by every app's declaration.

An account: its rows everywhere, and rows kept by number only for the numbers it holds
alone (another account holding the same number keeps its 2FA, contact and consents).
A number ("forget this number"): its marketing consents end, it is suppressed and blanked
in marketing SMS and campaign rows; every account's 2FA, contact and login stay.

Everything happens in one transaction; afterwards each app is asked again what it still
holds of the subject, and a request that left anything behind is not marked carried out.
"""

from django.db import connection, transaction
from django.utils import timezone

from zgoda.consent import api as consent_api
from zgoda.lib import crypto, journal, personal_data
from zgoda.lib.personal_data import Account

from ...models import DataSubjectRequest
from ...signals import subject_erased
from . import requests, subject as subjects


def _secure_delete() -> None:
    """On SQLite, have this connection overwrite deleted and replaced content with zeros,
    so the old values do not linger in free pages of the file until a VACUUM."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def erase(subject, channel="", *, log_request=True, handled_by: str = "") -> dict:
    """Erase `subject` (Account or Number); returns {"app.what": count}, with "left":
    {...} when some app still holds something of the subject. The apps erase from the top
    of the dependency chain down (campaigns first, the account row last). Logged as a
    request, done only when nothing was left."""
    _secure_delete()
    with transaction.atomic():
        reference = None if isinstance(subject, Account) else consent_api.customer_reference(subject.phone)
        counts = personal_data.each("erase", subject, top_down=True)
        left = subjects.find(subject)
        if left:
            counts["left"] = left
        if log_request:
            requests.log(DataSubjectRequest.Kind.ERASURE, channel, subject, done=not left, result=counts,
                         handled_by=handled_by)
        if isinstance(subject, Account):  # kept outside the database too, for a restore (reapply.py)
            journal.account_erased_on_commit(subject.user_id)
        transaction.on_commit(lambda: _announce(subject, reference))
    return counts


def _announce(subject, reference: str | None) -> None:
    """signals.subject_erased: who was erased, as a keyed hash (never the number), and the shop's
    own customer reference of a number-only subject."""
    if isinstance(subject, Account):
        account = str(subject.user_id)
        kind, key = "account", crypto.identifier_hash("erased-account", account)
    else:
        kind, key, account = "number", consent_api.number_key(subject.phone), None
    subject_erased.send(sender=DataSubjectRequest, kind=kind, subject_hash=key, account=account, reference=reference,
                        at=timezone.now())
