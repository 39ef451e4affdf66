"""allauth's authentication backend, reading the account's e-mail addresses once.

allauth finds the account by its e-mail address, then reads that address twice more during
the same login (its verification rate limit and its verification stage ask
`EmailAddress.objects.get_for_user`, which reads the user's `_emailaddress_cache` when set).
Here one statement reads every address of the accounts holding the typed address as a
verified one, and each candidate carries all of its addresses: the same answers, one read.
Anything else (no verified address: allauth falls back to the user table) is allauth's.
"""

from collections import defaultdict

from allauth.account import app_settings
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress


class EmailAuthenticationBackend(AuthenticationBackend):
    def _authenticate_by_email(self, email, password):
        if not email or LoginMethod.EMAIL not in app_settings.LOGIN_METHODS:
            return None
        email = email.lower()
        holders = EmailAddress.objects.filter(email=email, verified=True).values("user_id")
        addresses = defaultdict(list)
        users = {}
        for address in EmailAddress.objects.filter(user_id__in=holders).select_related("user").order_by("pk"):
            users.setdefault(address.user_id, address.user)
            address.user = users[address.user_id]  # one instance per account, as allauth's get_for_user
            addresses[address.user_id].append(address)
        candidates = [
            user for user_id, user in users.items()
            if any(a.verified and a.email.lower() == email for a in addresses[user_id])
        ]
        if not candidates:
            return super()._authenticate_by_email(email, password)
        for user in candidates:
            user._emailaddress_cache = addresses[user.pk]  # allauth's own per-user cache
            if self._check_password(user, password):
                return user
        return None
