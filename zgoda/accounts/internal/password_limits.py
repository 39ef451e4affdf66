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

Three statements per try (insert, one count, and for a right password an update), where
allauth's cache-held limits wrote five cache operations of four statements each.
"""

from datetime import timedelta

from allauth.account.signals import password_reset
from django.db.models import Count, Q
from django.dispatch import receiver
from django.utils import timezone

from zgoda.lib import crypto
from zgoda.lib.http import client_network

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
    network = crypto.keyed_hash("password-attempt-network", client_network(request))
    attempt = PasswordAttempt.objects.create(network_hash=network, login_hash=_login_hash(login), at=now)

    def since(name):
        return now - timedelta(seconds=caps[name][1])

    counts = PasswordAttempt.objects.filter(
        Q(network_hash=network) | Q(login_hash=attempt.login_hash), at__gt=min(map(since, caps)),
    ).aggregate(
        tries_per_network=Count("pk", filter=Q(network_hash=network, at__gt=since("tries_per_network"))),
        wrong_per_network=Count("pk", filter=Q(network_hash=network, failed=True, at__gt=since("wrong_per_network"))),
        wrong_per_login=Count("pk", filter=Q(login_hash=attempt.login_hash, failed=True, at__gt=since("wrong_per_login"))),
    )
    if any(counts[name] > cap for name, (cap, _window) in caps.items()):
        attempt.delete()
        return None
    return attempt


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
