"""Two gates: a half-logged-in session sees only the SMS step; staff need 2FA for the admin."""

import functools

from allauth.account.internal.stagekit import get_pending_stage
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from .stages import STAGE_KEY

OPEN_TO_PENDING_LOGIN = ("/static/", "/i18n/", "/dev/phone/", "/favicon.ico")


class PendingLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Cheapest tests first: the challenge pages themselves are the busy ones.
        if not self._allowed(request.path) and "account_login" in request.session:
            if not request.user.is_authenticated:
                stage = get_pending_stage(request)
                if stage is not None and stage.key == STAGE_KEY:
                    return redirect("accounts:challenge")
        return self.get_response(request)

    @staticmethod
    def _allowed(path):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return path in _pages_open_to_pending_login(get_script_prefix(), urlconf) or path.startswith(OPEN_TO_PENDING_LOGIN)


@functools.lru_cache(maxsize=16)
def _pages_open_to_pending_login(script_prefix, urlconf):
    """The SMS step's own pages; reversed once per URL configuration, not on every request."""
    return frozenset(
        reverse(name, urlconf=urlconf) for name in ("accounts:challenge", "accounts:challenge_resend", "accounts:challenge_sms", "account_logout")
    )


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and request.user.is_authenticated and not request.user.is_staff:
            # The admin would send them to /admin/login/, which goes to the allauth login,
            # which sends a logged-in user back to ?next=/admin/: a redirect loop.
            raise PermissionDenied
        if request.path.startswith("/admin/") and request.user.is_authenticated and request.user.is_staff:
            from .internal.flows.twofa import twofa_of

            if twofa_of(request.user) is None:
                messages.warning(request, _("Panel administracyjny wymaga włączonego logowania dwuetapowego SMS."))
                return redirect("accounts:twofa")
        return self.get_response(request)
