"""What other apps may use of accounts: the 2FA number of an account, and the code step
other apps (the privacy portal) run with the login's rules and limits.

Models and `internal/` stay private to accounts (import-linter's contracts in pyproject)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import OuterRef, Subquery

# What the privacy portal's code page shows (the code's length, codes per try).
from .app_settings import code_length as code_length
from .app_settings import max_codes_per_login as max_codes_per_login
from .codeformat import normalize
from .enrollment import BaseEnrollmentForm as BaseEnrollmentForm  # consent's form adds its boxes to it
from .enrollment import BaseChangeNumberForm as BaseChangeNumberForm  # and its marketing choice to these
from .enrollment import BaseTwofaDisableForm as BaseTwofaDisableForm
from .entrance_forms import use_glossary as use_glossary  # allauth's form labels in our words
from .internal.flows.codes import at_local as at_local
from .internal.flows.code_check import read_with_check as _read_with_check
from .internal.flows import proof
from .internal.flows import verification as _verification
from .models import CodeChallenge, SmsTwoFactor

# --- used by consent, campaigns and the shop ----------------------------------------------

def read_with_code_check(app: str, annotations, values) -> None:
    """An app's reads done with a code check's own read of the code, handed to its
    number_proved receiver as `read` (the consent app: the marketing number and the re-consent
    question at login). `annotations()`: ORM expressions over the code's row
    (OuterRef("user_id"), OuterRef("phone")), named "_read_..."; `values()`: their Params'
    values at the time of the check. Call from AppConfig.ready."""
    _read_with_check(app, annotations, values)


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
    """The account's 2FA number and when a code last proved it for the account (turning 2FA
    on, changing the number, or any later code to it, e.g. a login's); None while 2FA is off."""
    last_passed = CodeChallenge.objects.filter(
        user_id=OuterRef("user_id"), phone=OuterRef("phone"), end_reason=CodeChallenge.End.PASSED,
    ).order_by("-ended_at").values("ended_at")[:1]
    row = (SmsTwoFactor.objects.filter(user=user).annotate(last_passed=Subquery(last_passed))
           .values_list("phone", "phone_confirmed_at", "last_passed").first())
    if row is None:
        return None
    phone, confirmed_at, last_passed_at = row
    return TwoFactorNumber(phone, max(confirmed_at, last_passed_at) if last_passed_at else confirmed_at)


def users_with_twofa_number(phone: str):
    """A subquery of the `user_id`s of the accounts whose 2FA number is `phone` (E.164), for
    `filter(user_id__in=...)`."""
    return SmsTwoFactor.objects.filter(phone=phone).values("user_id")


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


# --- the language a person's SMS speak, used by privacy (the STOP reply) ----------------------

def account_language(user_id) -> str | None:
    """The account's language (kept at signup, enrollment, login and with the language
    switcher: internal/flows/language.py), or None when it never told us."""
    from .internal.flows import language

    return language.of_account(user_id)


def language_of_number(phone: str) -> str | None:
    """The language of the account whose 2FA number `phone` (E.164) is, or None."""
    from .internal.flows import language

    user_id = SmsTwoFactor.objects.filter(phone=phone).order_by("-phone_confirmed_at").values_list("user_id", flat=True).first()
    return language.of_account(user_id)


# --- REST API verifications, used by restapi (internal/flows/verification.py) -----------------
# Codes to a number for a shop's own login or number check, under the login's limits policy
# (a budget per API key too); a verification belongs to the key that started it.
ApiVerification = _verification.Verification  # id, status, purpose, code_number, expires_at, approved_at, reused
ApiVerificationRefused = _verification.Refused  # text, retry_at: no code went out
API_VERIFICATION_PURPOSES = _verification.PURPOSES  # "login", "confirm_number"


def start_api_verification(*, phone: str, purpose: str, api_key_id: int, sandbox: bool = False,
                           language: str | None = None):
    """ApiVerification (a code is on its way, or the key's open one for the number and purpose
    still works: `reused`) or ApiVerificationRefused. `phone` in E.164; `sandbox`: the SMS
    goes to the dev phone only; `language`: of the code SMS (None: Polish)."""
    return _verification.start(phone=phone, purpose=purpose, api_key_id=api_key_id, sandbox=sandbox,
                               language=language)


def resend_api_verification(*, api_key_id: int, verification_id):
    """A new code for the key's verification: ApiVerification, ApiVerificationRefused, or None (not the key's)."""
    return _verification.resend(api_key_id=api_key_id, verification_id=verification_id)


def api_verification(*, api_key_id: int, verification_id):
    """The key's verification as it stands, or None."""
    return _verification.status(api_key_id=api_key_id, verification_id=verification_id)


def check_api_verification(*, api_key_id: int, verification_id, code: str):
    """(verification or None when not the key's, error for a code of the wrong shape, newly
    approved): a right code sends number_proved(user=None, purpose="api")."""
    checked = _verification.check(api_key_id=api_key_id, verification_id=verification_id, code=code)
    return checked.verification, checked.error, checked.newly_approved
