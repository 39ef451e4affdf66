"""Passwords tried at login and at password prompts: the limits policy's part for passwords.

Each try is a `PasswordAttempt` row, written before the password is compared and counted
wrong until it proves right, so concurrent guesses in any process count against each
other. Three caps (app_settings.password_limits): tries from one client address (IPv6 by
its /64) a minute, wrong ones from it a minute, wrong ones typed with one login in five
minutes. A try over a cap is refused before the password is compared and is not counted
(the window frees as it passes, as allauth's limits did); a right password keeps its try
among the address's tries but not among the wrong ones, so a guesser cannot refill the
budget by logging in to its own account now and then. A password reset forgets the wrong
tries typed with the account's addresses.

Two statements per try on SQLite (the insert counting in its own statement, and for a right
password an update), three on PostgreSQL (the count read after the insert), where allauth's
cache-held limits wrote five cache operations of four statements each.
"""

from datetime import timedelta

from allauth.account.signals import password_reset
from django.db import connections, router
from django.db.models import Count, Q
from django.dispatch import receiver
from django.utils import timezone

from zgoda.lib import crypto
from zgoda.lib.http import client_network
from zgoda.lib.transactions import writes_one_at_a_time

from .. import app_settings
from ..models import PasswordAttempt

RETENTION = timedelta(hours=1)  # longer than every window: personal_data.expire deletes older rows


def _login_hash(login: str) -> str:
    return crypto.keyed_hash("password-attempt-login", login.strip().lower())


def start(request, login: str) -> PasswordAttempt | None:
    """Count a try of a password typed with `login` (an e-mail or user name); None when a
    cap refuses it: then the password must not be compared, and nothing was counted.
    Returns the try to pass to `proved` when the password is right."""
    caps = app_settings.password_limits()
    if not caps:
        return PasswordAttempt()  # no limits (benchmarks): nothing written, nothing to prove
    now = timezone.now()
    attempt = PasswordAttempt(network_hash=crypto.keyed_hash("password-attempt-network", client_network(request)),
                              login_hash=_login_hash(login), at=now)
    since = {name: now - timedelta(seconds=window) for name, (_cap, window) in caps.items()}
    if writes_one_at_a_time(PasswordAttempt):
        counts = _insert_counting(attempt, since)
    else:
        attempt.save()
        counts = _counts(attempt, since)
    if any(counts[name] > cap for name, (cap, _window) in caps.items()):
        attempt.delete()
        return None
    return attempt


# What each cap counts: the column it matches the try by, and whether only wrong tries count.
_CAPS = {"tries_per_network": ("network_hash", False), "wrong_per_network": ("network_hash", True),
         "wrong_per_login": ("login_hash", True)}


def _counts(attempt: PasswordAttempt, since: dict) -> dict[str, int]:
    """The tries each cap counts, this one among them, read after it was written (PostgreSQL:
    a try written by another process while this one is inserted is counted by one of them)."""
    def counted(name):
        column, wrong_only = _CAPS[name]
        return Q(**{column: getattr(attempt, column), "at__gt": since[name]}, **({"failed": True} if wrong_only else {}))

    return PasswordAttempt.objects.filter(
        Q(network_hash=attempt.network_hash) | Q(login_hash=attempt.login_hash), at__gt=min(since.values()),
    ).aggregate(**{name: Count("pk", filter=counted(name)) for name in since})


def _insert_counting(attempt: PasswordAttempt, since: dict) -> dict[str, int]:
    """_counts in the INSERT's own statement (RETURNING): where writes go one at a time
    (SQLite), its subqueries see every earlier try and this one, as the read after would."""
    connection = connections[router.db_for_write(PasswordAttempt)]
    q, meta = connection.ops.quote_name, PasswordAttempt._meta
    table = q(meta.db_table)

    def value(name, raw):
        return meta.get_field(name).get_db_prep_save(raw, connection)

    names = list(since)
    subqueries, params = [], []
    for name in names:
        column, wrong_only = _CAPS[name]
        wrong = f" AND {q('failed')}" if wrong_only else ""
        subqueries.append(f"(SELECT COUNT(*) FROM {table} WHERE {q(column)} = %s AND {q('at')} > %s{wrong})")  # noqa: S608
        params += [getattr(attempt, column), value("at", since[name])]
    columns = ("network_hash", "login_hash", "at", "failed")
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) VALUES (%s, %s, %s, %s) "  # noqa: S608
        f"RETURNING {q('id')}, {', '.join(subqueries)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value(c, getattr(attempt, c)) for c in columns] + params)
        attempt.pk, *counts = cursor.fetchone()
    attempt._state.adding, attempt._state.db = False, connection.alias
    return dict(zip(names, counts, strict=True))


def proved(attempt: PasswordAttempt | None) -> None:
    """The password of this try was right: it no longer counts as a wrong one."""
    if attempt is not None and attempt.pk is not None:
        PasswordAttempt.objects.filter(pk=attempt.pk).update(failed=False)


def typed_with(logins):
    """The tries typed with these logins (a person's e-mail addresses and user name)."""
    return PasswordAttempt.objects.filter(login_hash__in=[_login_hash(login) for login in logins if login])


def forget_wrong(logins) -> int:
    """Forget the wrong tries typed with these logins (a password reset proved the owner)."""
    return typed_with(logins).filter(failed=True).delete()[0]


def expire(now) -> int:
    return PasswordAttempt.objects.filter(at__lt=now - RETENTION).delete()[0]


@receiver(password_reset)
def _forget_wrong_on_password_reset(sender, request=None, user=None, **kwargs):
    if user is not None:
        from ..personal_data import emails_of  # imports this module

        forget_wrong([*emails_of(user.pk), user.get_username()])
