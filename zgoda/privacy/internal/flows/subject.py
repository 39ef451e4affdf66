"""Who a request is about, and what every app holds of them. Privacy knows no app's
tables: it asks each app's personal-data declaration (zgoda.lib.personal_data)."""

from django.contrib.auth import get_user_model

from zgoda.accounts import api as accounts_api
from zgoda.lib import crypto
from zgoda.lib import personal_data
from zgoda.lib.personal_data import Account, Number, declarations


def holders(phone: str) -> set[int]:
    """Accounts that hold `phone` now (as a 2FA number or a confirmed contact)."""
    return set().union(*(d.holders_of(phone) for d in declarations()))


def account(user) -> Account:
    """An account and the numbers it holds now that no other account holds: only those
    numbers' rows are the account's to see and erase."""
    numbers = set().union(*(d.numbers_of(user.pk) for d in declarations()))
    alone = sorted(n for n in numbers if holders(n) <= {user.pk})
    return Account(user_id=user.pk, numbers=tuple(alone), emails=tuple(accounts_api.emails_of(user.pk)))


def number(phone: str) -> Number:
    return Number(phone=phone)


def user_of(subject: Account):
    return get_user_model().objects.filter(pk=subject.user_id).first()


def find(subject) -> dict[str, int]:
    """{"app.what": count} of every row that still holds the subject's personal data."""
    return {what: count for what, count in personal_data.each("find", subject).items() if count}


def is_known(phone: str) -> bool:
    """An account holds the number, or some app keeps the number's data. Every question is
    asked whatever the answers (no short cut), so a known number runs the same statements."""
    held = holders(phone)
    kept = [declaration.knows(phone) for declaration in declarations()]
    return bool(held) or any(kept)


def export(subject) -> dict:
    data = {}
    for declaration in declarations():
        data |= declaration.export(subject)
    return data


def hash_of(subject) -> str:
    """How the requests log names a number subject once a request is done: a keyed hash."""
    if isinstance(subject, Number):
        return crypto.identifier_hash("privacy-subject", subject.phone)
    return ""
