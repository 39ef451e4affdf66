"""Signals the accounts app sends, and its receivers for allauth's and Django's."""

from allauth.account.signals import password_changed, password_reset, password_set, user_logged_in, user_signed_up
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from django.utils import timezone

from zgoda.lib import plainsql
from zgoda.sms.api import MessageKind, MessageStatus

from .models import AuditEvent, OneTimeCode

# Sent after a code proved the person holds `phone` (enrollment or change of number).
# kwargs: user, phone, challenge (its payload carries what the form asked for), request.
phone_confirmed = Signal()
# Sent after SMS 2FA was turned off. kwargs: user, phone, request, payload (the disable form's).
twofa_disabled = Signal()
# Sent whenever a code SMS to `phone` was typed back correctly (a login, an enrollment, a
# change of number, turning 2FA off, the privacy portal): its holder has it now.
# kwargs: user (None for the portal's bare-number proof), phone, purpose (ChallengePurpose),
# api_key_id (the REST API key whose verification it was, else None), read (what the apps
# registered through api.read_with_code_check read with the code: {} when not read so).
number_proved = Signal()


@receiver(user_signed_up)
def remember_signup_language(sender, request, user, **kwargs):
    """The language the person signed up in is the one their SMS speak (internal/flows/language.py)."""
    from .internal.flows import language

    language.remember(user.pk, language.of_request())


@receiver(auth_signals.user_logged_in, dispatch_uid="zgoda_update_last_login")
def update_last_login(sender, user, **kwargs):
    """Django's own receiver (disconnected in apps.py), its UPDATE composed once (lib.plainsql)."""
    user.last_login = timezone.now()
    plainsql.update(user, ("last_login",))


@receiver(user_logged_in)
def record_user_session(sender, request, user, **kwargs):
    """In place of allauth.usersessions' own receiver (disconnected in apps.py)."""
    from .internal.flows import user_sessions

    user_sessions.record_login(request, user)


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    from .internal.flows import audit, new_device_notice

    event = audit.record(AuditEvent.Event.LOGIN_OK, request, user=user, **new_device_notice.login_event_fields(request))
    new_device_notice.after_login_event(request, event)


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs):
    from .internal.flows import audit

    if request is not None and getattr(getattr(request, "user", None), "is_authenticated", False):
        return  # a password prompt of a logged-in person (reauthentication): views/reauth.py audits it
    identifier = (credentials or {}).get("email") or (credentials or {}).get("username") or ""
    # A keyed hash links repeated attempts without keeping someone's address in the log.
    audit.record(
        AuditEvent.Event.LOGIN_FAILED, request, user=None,
        identifier_hash=AuditEvent.identifier_hash(identifier),
    )


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def revoke_devices_on_password_change(sender, request, user, **kwargs):
    from .internal.flows import devices

    devices.revoke(user, request=request, reason="password_changed")


@receiver(post_save, sender="sms.Message")
def audit_failed_code_send(sender, instance, created, **kwargs):
    """A worker failed to send a code SMS: the audit log says so."""
    if created or instance.kind != MessageKind.OTP or instance.status != MessageStatus.FAILED:
        return
    code = OneTimeCode.objects.filter(message=instance).select_related("challenge").first()
    if code is None:
        return  # failed while the code was being issued: issue_code records it
    from .internal.flows.codes import record_send_failure

    record_send_failure(code, instance.last_error)


# --- allauth.mfa (authenticator app, recovery codes): audit event and security e-mail ----------
# Its flows send these signals after their transaction commits. One e-mail per change: the
# recovery codes made or dropped together with an app (same request) add no second e-mail.
# A recovery code used at login is the SMS step's business (it records and e-mails it);
# here only one used to confirm a change (allauth's reauthentication).
MFA_NOTICE_SENT = "_zgoda_mfa_notice_sent"


def _mfa_notice(request, user, audit_event, email_event, authenticator, *, quiet_if_sent=False):
    from .internal.flows import audit, notices

    if quiet_if_sent and request is not None and getattr(request, MFA_NOTICE_SENT, False):
        audit.record(audit_event, request, user=user, type=str(authenticator.type))
        return
    notices.record_and_send(request, user.pk, email_event, audit_event, type=str(authenticator.type))
    if request is not None:
        setattr(request, MFA_NOTICE_SENT, True)


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type == "recovery_codes":
        _mfa_notice(request, user, AuditEvent.Event.RECOVERY_CODES_GENERATED, "recovery_codes_generated",
                    authenticator, quiet_if_sent=True)
    else:
        _mfa_notice(request, user, AuditEvent.Event.AUTHENTICATOR_ADDED, "authenticator_added", authenticator)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    _mfa_notice(request, user, AuditEvent.Event.AUTHENTICATOR_REMOVED, "authenticator_removed", authenticator,
                quiet_if_sent=authenticator.type == "recovery_codes")


def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    _mfa_notice(request, user, AuditEvent.Event.RECOVERY_CODES_GENERATED, "recovery_codes_generated", authenticator)


def on_authenticator_used(sender, request, user, authenticator, reauthenticated=False, **kwargs):
    if reauthenticated and authenticator.type == "recovery_codes":
        _mfa_notice(request, user, AuditEvent.Event.RECOVERY_CODE_USED, "recovery_code_used", authenticator)


def _connect_mfa_receivers():
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        return
    from allauth.mfa import signals as mfa_signals

    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid="zgoda_mfa_added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid="zgoda_mfa_removed")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid="zgoda_mfa_reset")
    mfa_signals.authenticator_used.connect(on_authenticator_used, dispatch_uid="zgoda_mfa_used")


_connect_mfa_receivers()
