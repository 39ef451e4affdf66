"""What other apps may use of accounts: the 2FA number of an account, and the code step
other apps (the privacy portal) run with the login's rules and limits.

Models and `internal/` stay private to accounts (import-linter's contracts in pyproject)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

# What the privacy portal's code page shows (the code's length, codes per try).
from .app_settings import code_length as code_length
from .app_settings import max_codes_per_login as max_codes_per_login
from .codeformat import normalize
from .enrollment import BaseEnrollmentForm as BaseEnrollmentForm  # consent's form adds its boxes to it
from .internal.flows.codes import at_local as at_local
from .internal.flows import proof
from .models import CodeChallenge, SmsTwoFactor

# --- used by consent, campaigns and the shop ----------------------------------------------

# What a code challenge is for (`challenge.purpose` in the phone_confirmed signal).
ChallengePurpose = CodeChallenge.Purpose


@dataclass(frozen=True)
class TwoFactorNumber:
    phone: str
    confirmed_at: datetime


def has_twofa(user) -> bool:
    """Whether SMS 2FA is on for the account."""
    return SmsTwoFactor.objects.filter(user=user).exists()


def twofa_number(user) -> TwoFactorNumber | None:
    """The account's 2FA number and when a code confirmed it; None while 2FA is off."""
    row = SmsTwoFactor.objects.filter(user=user).values_list("phone", "phone_confirmed_at").first()
    return TwoFactorNumber(*row) if row else None


def twofa_count() -> int:
    """How many accounts have SMS 2FA on."""
    return SmsTwoFactor.objects.count()


def users_with_twofa():
    """A subquery of the `user_id`s of the accounts with SMS 2FA on: `filter(pk__in=...)`,
    `Exists(users_with_twofa().filter(user_id=OuterRef("pk")))`, or raw SQL through
    `.query.sql_with_params()` (its one column is `user_id`)."""
    return SmsTwoFactor.objects.values("user_id")


def bulk_enable_twofa(rows: list[tuple[int, str, datetime]]) -> None:
    """Insert (user_id, phone, confirmed at) rows as 2FA turned on then, without the flows'
    audit events or signals: for demo and benchmark data only."""
    quote, when = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    columns = ", ".join(quote(SmsTwoFactor._meta.get_field(f).column)
                        for f in ("user", "phone", "enabled_at", "phone_confirmed_at"))
    sql = f"INSERT INTO {quote(SmsTwoFactor._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(user_id, phone, when(at), when(at)) for user_id, phone, at in rows])


# --- the code step, used by the privacy portal --------------------------------------------
# A bare number proved by a code: challenges with no account behind them (internal/flows/proof.py).
start_number_proof = proof.start
resend_number_code = proof.resend
check_number_code = proof.check
resend_state = proof.resend_state
proven_number = proof.proven_number
normalize_code = normalize


def emails_of(user_id: int) -> list[str]:
    """Every e-mail address of the account, lower case (its login address first)."""
    from .personal_data import emails_of as _emails_of

    return _emails_of(user_id)
