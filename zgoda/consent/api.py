"""What other apps may use of consent: marketing audiences, withdrawals by number and the
marketing status of a number.

Models and `internal/` stay private to consent (import-linter's contracts in pyproject)."""

from .internal.flows import audience as _audience
from .internal.flows import ledger as _ledger
from .internal.flows import marketing as _marketing
from .internal.flows import numbers as _numbers
from .internal.flows import overview as _overview

# --- audiences, used by campaigns -----------------------------------------------------------

# The columns audience_sql() selects, in this order.
AUDIENCE_COLUMNS = _audience.COLUMNS


def audience_sql(*, language: str | None = None, since=None, twofa: bool | None = None) -> tuple[str, list]:
    """(sql, params) of a SELECT of AUDIENCE_COLUMNS: one row per number whose holder may
    receive SMS marketing now (the lowest user id and the oldest consent when accounts share
    it), narrowed to consents in `language` given at or after `since`, and with `twofa`
    True/False to accounts with/without SMS 2FA. Made for INSERT ... SELECT: the rows stay
    in the database."""
    return _audience.audience_sql(language, since, twofa)


def audience_count(*, language: str | None = None, since=None, twofa: bool | None = None) -> int:
    """How many numbers audience_sql() with the same filters selects."""
    return _audience.audience_count(language, since, twofa)


def still_valid(pairs) -> set[tuple[int, str]]:
    """Of these (user_id, phone) pairs, those whose marketing consent still holds now for that
    same number (not withdrawn, superseded, or suppressed by an opt-out, STOP or erasure)."""
    return _audience.still_valid(pairs)


def stop_reply_withdrawals(user_id, after, before):
    """A queryset of the marketing withdrawals of `user_id` made by a STOP reply between
    `after` and `before`; the arguments may be OuterRef()s, for an Exists() per row."""
    return _ledger.stop_reply_withdrawals(user_id, after, before)


# --- a number's marketing status and withdrawal, used by privacy ----------------------------


def withdraw_number(phone: str, source: str, *, label: str = "", also_user_id=None) -> int:
    """End every marketing consent tied to `phone` (E.164), and that of `also_user_id` (the
    account an opt-out link was made for); suppress the number for consents given before
    now. Accounts keep their contact number, 2FA and login. Returns how many ended."""
    return _numbers.withdraw_number(phone, source, label=label, also_user_id=also_user_id)


def withdraw_number_key(key: str, source: str, *, label: str = "", also_user_id=None) -> int:
    """`withdraw_number` for a number known only by its `number_key` (an old opt-out link)."""
    return _numbers.withdraw_key(key, source, label=label, also_user_id=also_user_id)


def withdraw_account(request, user, *, label: str = "", source: str = "privacy_portal") -> bool:
    """The account's own withdrawal of its marketing consent; True when one was granted."""
    return _marketing.withdraw(request, user, label=str(label), source=source).ok


def is_suppressed(phone: str, consent_given_at=None) -> bool:
    """A suppression entry (opt-out, STOP, erasure) not older than the consent exists for
    `phone` (E.164); without a date, any entry."""
    return _numbers.is_suppressed(phone, consent_given_at)


def number_overview(phone: str) -> dict:
    """A number's marketing status, with nothing of the accounts: {"on_list", "suppressed",
    "consents": [{"since", "version", "language", "text_id", "source", "legal_basis", "on_list"}]}."""
    return _overview.number_overview(phone)


def account_overview(user) -> dict:
    """An account's consents: {"on_list", "marketing_granted", "purposes": [row per purpose
    with state, legal basis, text, dates, source and history]}."""
    return _overview.account_overview(user)


def number_key(phone: str) -> str:
    """The keyed hash consent knows a number by (suppressions, contact numbers): what other
    apps keep instead of a number past its retention, to still reach its consents."""
    from .models import phone_hash

    return phone_hash(phone)


# --- the hash key and suppressions after a restore (privacy's erasure journal) -----------------


def refuse_unmatched_hash_key() -> None:
    """Raise ImproperlyConfigured when the hash key is missing or no longer matches the hashes
    in the database (what the check zgoda.consent.E010-E012 says): the web server calls this
    at start, so it refuses to serve rather than let suppressed numbers back into campaigns."""
    from django.core.exceptions import ImproperlyConfigured

    from .internal.flows import keys

    errors = keys.problems()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")


def restore_suppression(key: str, at, reason: str = "") -> bool:
    """After a database restore: the suppression of the number with keyed hash `key` made at
    `at` (from the erasure journal), unless one as recent is there. True when re-created."""
    from .internal.flows import contacts

    return contacts.restore_suppression(key, at, reason)

