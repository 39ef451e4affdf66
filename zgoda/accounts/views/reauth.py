"""allauth's password prompt (reauthentication), audited: every refused try is an audit event.

Every sensitive change (2FA off, a new number, e-mail addresses, the authenticator app) asks
for the password again through allauth's reauthentication (ACCOUNT_REAUTHENTICATION_TIMEOUT),
with its limits: `reauthenticate` per user and `login_failed` per address and e-mail
(ACCOUNT_RATE_LIMITS). These views are allauth's own, at the same paths, wrapped so that a
wrong password or app code, or a try refused by a limit, is written to the audit log."""

import functools

from allauth.account.views import reauthenticate as allauth_reauthenticate

from ..internal.flows import audit
from ..models import AuditEvent


def audited(view, method):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST" and request.user.is_authenticated:
            reason = _refusal(response)
            if reason:
                audit.record(AuditEvent.Event.REAUTH_FAILED, request, user=request.user, method=method, reason=reason)
        return response

    return wrapper


def _refusal(response) -> str:
    if response.status_code == 429:
        return "rate_limited"
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None and form.errors:
        codes = sorted({e.code or "invalid" for errors in form.errors.as_data().values() for e in errors})
        return ",".join(codes)[:100]
    return ""


reauthenticate = audited(allauth_reauthenticate, "password")


def mfa_reauthenticate_view():
    from allauth.mfa.base.views import reauthenticate as allauth_mfa_reauthenticate

    return audited(allauth_mfa_reauthenticate, "mfa")
