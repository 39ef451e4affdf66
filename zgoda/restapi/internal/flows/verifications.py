"""What the verification endpoints do besides asking accounts: the webhook of an approval."""

from zgoda.accounts import api as accounts_api
from zgoda.webhooks import api as webhooks_api

from django.utils.translation import gettext as _

from ..problems import Problem

APPROVED = "verification.approved"


def refused(outcome) -> Problem:
    """A code that did not go out (a limit of the one limits policy, the spend cap): 429."""
    headers = {}
    if outcome.retry_at is not None:
        from django.utils import timezone

        wait = max(1, int((outcome.retry_at - timezone.now()).total_seconds() + 0.999))
        headers["Retry-After"] = str(wait)
    if outcome.ended:
        return Problem("verification-ended", _("Ta weryfikacja jest już zakończona: rozpocznij nową."))
    return Problem("sms-limit", outcome.text, headers=headers)


def check(key, verification_id, code: str):
    """(verification or None, error): a newly approved one emits `verification.approved`
    (its id, purpose and time: the shop knows whose verification it started; no number)."""
    verification, error, newly_approved = accounts_api.check_api_verification(
        api_key_id=key.pk, verification_id=verification_id, code=code)
    if newly_approved:
        webhooks_api.emit(APPROVED, {
            "id": verification.id, "purpose": verification.purpose,
            "approved_at": verification.approved_at.isoformat() if verification.approved_at else None,
            "sandbox": key.is_sandbox,
        }, sandbox=key.is_sandbox)
    return verification, error
