"""Security e-mails: each event e-mails the account (never an SMS, never to an old number)
through the task queue with ids only, saying what happened, when, from which device and
address, and what to do if it was not the owner."""

from unittest import mock

import pytest
from django.core import mail

from conftest import PASSWORD, reauthenticate
from zgoda.accounts.internal.flows import audit, notices
from zgoda.accounts.models import AuditEvent

ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"


class FakeRequest:
    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "198.51.100.4", "HTTP_USER_AGENT": ANDROID}


@pytest.mark.parametrize("event", sorted(notices.SECURITY_EVENTS))
def test_each_security_e_mail_says_what_when_where_and_what_to_do(user, event):
    recorded = audit.record(AuditEvent.Event.LOGIN_OK, FakeRequest(user), user=user)
    notices.send_security_email(user.pk, event, recorded.pk)
    [message] = mail.outbox
    subject, what, advice = notices.SECURITY_EVENTS[event]
    assert message.to == [user.email] and str(subject) in message.subject
    assert str(what) in message.body and str(advice) in message.body
    assert "198.51.100.4" in message.body and "Chrome na Android" in message.body
    assert "Kiedy:" in message.body and "/accounts/sessions/" in message.body


def test_the_task_is_queued_with_ids_only(user):
    recorded = audit.record(AuditEvent.Event.TWOFA_DISABLED, FakeRequest(user), user=user)
    with mock.patch("zgoda.accounts.tasks.send_security_email") as task:
        notices.send_security_email(user.pk, "twofa_disabled", recorded.pk)
    [(args, kwargs)] = task.enqueue.call_args_list
    assert args == (user.pk, "twofa_disabled", recorded.pk, "pl") and kwargs == {}


def test_the_e_mail_is_in_the_language_of_the_request(user):
    from django.utils import translation

    with mock.patch("zgoda.accounts.tasks.send_security_email") as task, translation.override("en"):
        notices.send_security_email(user.pk, "twofa_disabled")
    assert task.enqueue.call_args.args[-1] == "en"


def test_unknown_events_are_refused(user):
    with pytest.raises(ValueError):
        notices.send_security_email(user.pk, "something_else")


def test_off_when_security_e_mails_are_off(user, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = False
    notices.send_security_email(user.pk, "twofa_disabled")
    assert mail.outbox == []


# --- allauth.mfa's signals (the authenticator app, recovery codes) -----------------------------

def _authenticator(user, type_):
    return mock.Mock(type=type_, user=user, pk=1)


def _signals():
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        pytest.skip("allauth.mfa not installed")
    from allauth.mfa import signals

    return signals


@pytest.mark.parametrize(("signal", "type_", "audit_event", "subject"), [
    ("authenticator_added", "totp", "authenticator_added", "Dodano aplikację uwierzytelniającą"),
    ("authenticator_removed", "totp", "authenticator_removed", "Usunięto aplikację uwierzytelniającą"),
    ("authenticator_reset", "recovery_codes", "recovery_codes_generated", "Nowe kody odzyskiwania"),
    ("authenticator_added", "recovery_codes", "recovery_codes_generated", "Nowe kody odzyskiwania"),
])
def test_mfa_changes_are_audited_and_e_mailed(user, signal, type_, audit_event, subject):
    request = FakeRequest(user)
    getattr(_signals(), signal).send(sender=None, request=request, user=user, authenticator=_authenticator(user, type_))
    assert AuditEvent.objects.filter(event=audit_event, user=user, ip="198.51.100.4").count() == 1
    [message] = mail.outbox
    assert subject in message.subject and "198.51.100.4" in message.body


def test_an_app_with_its_recovery_codes_makes_one_e_mail(user):
    signals, request = _signals(), FakeRequest(user)
    for type_ in ("totp", "recovery_codes"):
        signals.authenticator_added.send(sender=None, request=request, user=user,
                                         authenticator=_authenticator(user, type_))
    assert len(mail.outbox) == 1 and "Dodano aplikację" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(user=user, event__in=["authenticator_added", "recovery_codes_generated"]).count() == 2


def test_a_recovery_code_used_to_confirm_a_change_is_e_mailed(user):
    signals = _signals()
    signals.authenticator_used.send(sender=None, request=FakeRequest(user), user=user,
                                    authenticator=_authenticator(user, "recovery_codes"), reauthenticated=True)
    assert AuditEvent.objects.filter(event="recovery_code_used", user=user).count() == 1
    assert "Użyto kodu odzyskiwania" in mail.outbox[0].subject


# --- allauth's own account notices (ACCOUNT_EMAIL_NOTIFICATIONS), through the queue -----------

def test_password_change_notice_goes_through_the_queue_with_ids_only(client, user):
    client.force_login(user)
    from zgoda.accounts import tasks

    with mock.patch("zgoda.accounts.tasks.send_account_notice", wraps=tasks.send_account_notice) as task:
        response = client.post("/accounts/password/change/", {
            "oldpassword": PASSWORD, "password1": "Nowe-haslo-2026-x", "password2": "Nowe-haslo-2026-x"},
            HTTP_USER_AGENT=ANDROID)
    assert response.status_code == 302
    [(args, _)] = task.enqueue.call_args_list
    assert all(isinstance(a, int) or a in ("pl", "en") for a in args)
    [message] = mail.outbox
    assert message.to == [user.email] and "127.0.0.1" in message.body
    notice = AuditEvent.objects.get(event="account_notice", user=user)
    assert notice.details == {"template": "account/email/password_changed"}  # the address is not kept


def test_no_sms_for_any_security_event(user_2fa):
    from conftest import PHONE, sms_to

    for event in notices.SECURITY_EVENTS:
        notices.send_security_email(user_2fa.pk, event)
    assert len(mail.outbox) == len(notices.SECURITY_EVENTS) and sms_to(PHONE) == []


def test_reauthentication_itself_sends_nothing(client, user):
    client.force_login(user)
    reauthenticate(client)
    assert mail.outbox == []
