"""What the /o/<token> page does: look the token up, and on POST opt the recipient out."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ... import app_settings
from ...models import OptOutToken
from . import withdrawal


@dataclass
class TokenState:
    token: OptOutToken | None
    status: str  # "valid", "unknown", "used", "erased" (a link never expires: it withdraws for good)


def _shape_ok(token: str) -> bool:
    return len(token) == app_settings.TOKEN_LENGTH and all(c in app_settings.TOKEN_ALPHABET for c in token)


def look_up(token: str) -> TokenState:
    if not _shape_ok(token):
        return TokenState(None, "unknown")
    row = OptOutToken.objects.filter(pk=token).first()
    return TokenState(row, _status(row))


def _status(row: OptOutToken | None) -> str:
    if row is None:
        return "unknown"
    if row.erased_at:
        return "erased"
    if row.used_at:
        return "used"
    return "valid"


def use(token: str, request=None) -> str:
    """Opt the token's recipient out; returns the status before (only "valid" changed anything)."""
    if not _shape_ok(token):
        return "unknown"
    with transaction.atomic():
        row = OptOutToken.objects.select_for_update().filter(pk=token).first()
        status = _status(row)
        if status != "valid":
            return status
        withdrawal.withdraw_link(row)
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
    return status
