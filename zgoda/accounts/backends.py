"""allauth's authentication backend, reading the account's e-mail addresses once.

allauth finds the account by its e-mail address, then reads that address twice more during
the same login (its verification rate limit and its verification stage ask
`EmailAddress.objects.get_for_user`, which reads the user's `_emailaddress_cache` when set).
Here one statement reads every address of the accounts holding the typed address, and each
account found carries all of its addresses: allauth's answers (a verified holder first, else
the unverified holders and the accounts whose own e-mail field matches) in as many
statements as allauth's first look-up, for a known and an unknown address alike; the same
statement reads each account's login factors, which the code step asks for next
(internal/flows/login_factors.py). The user
of each request is the one read with its session (sessions.user_by_pk).
"""

from collections import defaultdict

from allauth.account import app_settings
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import CharField
from django.utils import timezone

from zgoda.lib.prepared import Param, Prepared

from . import sessions
from .internal.flows import login_factors


_ADDRESSES_OF_HOLDERS = Prepared(lambda: login_factors.with_factors(EmailAddress.objects.filter(
    user_id__in=EmailAddress.objects.filter(email=Param("email", CharField())).values("user_id"),
)).order_by("pk"))


class EmailAuthenticationBackend(AuthenticationBackend):
    def get_user(self, user_id):
        """The logged-in user of a request (read with its session, sessions.py: every request
        pays for it); an inactive one is nobody, as Django's ModelBackend answers."""
        try:
            user = sessions.user_by_pk(user_id)
        except (ValueError, TypeError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None

    def _authenticate_by_email(self, email, password):
        if not email or LoginMethod.EMAIL not in app_settings.LOGIN_METHODS:
            return None
        email = email.lower()
        addresses, users = defaultdict(list), {}
        for address in _ADDRESSES_OF_HOLDERS.list(email=email, now=timezone.now()):
            if address.user_id not in users:
                login_factors.remember(address)
            users.setdefault(address.user_id, address.user)
            address.user = users[address.user_id]  # one instance per account, as allauth's get_for_user
            addresses[address.user_id].append(address)
        matching = [a for user_id in users for a in addresses[user_id] if a.email.lower() == email]
        candidates = {a.user_id: users[a.user_id] for a in matching if a.verified}
        if not candidates:  # allauth's fallback: unverified holders, then the user table's own field
            candidates = {a.user_id: users[a.user_id] for a in matching}
            for user in self._by_email_field(email):
                candidates.setdefault(user.pk, user)
        for user in candidates.values():
            if user.pk in addresses:
                user._emailaddress_cache = addresses[user.pk]  # allauth's own per-user cache
            if self._check_password(user, password):
                return user
        return None

    @staticmethod
    def _by_email_field(email):
        field = app_settings.USER_MODEL_EMAIL_FIELD
        if not field:
            return []
        found = get_user_model().objects.filter(**{field: email})
        return [user for user in found if (getattr(user, field) or "").lower() == email]
