"""Every security event lands in the audit log with user, IP, user agent, time and details."""

import pytest

from conftest import last_code, login_password, reauthenticate
from zgoda.accounts.models import AuditEvent, TrustedDevice

from .conftest import log_in_fully, resend, submit_code, wrong_code

UA = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
WHO = {"REMOTE_ADDR": "203.0.113.5", "HTTP_USER_AGENT": UA}


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("created_at", "id").values_list("event", flat=True))


def test_full_login_with_trust_writes_sent_accepted_ok_and_trusted(client, user_2fa):
    log_in_fully(client, trust=True, **WHO)
    assert events(user=user_2fa) == ["code_sent", "code_accepted", "login_ok", "device_trusted"]
    ok = AuditEvent.objects.get(event="login_ok")
    assert (ok.ip, ok.user_agent) == ("203.0.113.5", UA)
    assert ok.created_at is not None


def test_code_sent_records_purpose_and_ordinal(pending_login, user_2fa):
    sent = AuditEvent.objects.get(event="code_sent")
    assert sent.details["purpose"] == "login" and sent.details["ordinal"] == 1


def test_wrong_password_writes_login_failed_without_the_address(client, user_2fa):
    client.post("/accounts/login/", {"login": user_2fa.email, "password": "nope"}, **WHO)
    failed = AuditEvent.objects.get(event="login_failed")
    assert failed.ip == "203.0.113.5" and failed.user_agent == UA
    assert user_2fa.email not in str(failed.details)
    assert len(failed.details["identifier_hash"]) == 16


def test_unknown_account_writes_login_failed_too(client, db):
    client.post("/accounts/login/", {"login": "nobody@example.com", "password": "nope"})
    assert events() == ["login_failed"]


def test_failed_attempts_on_one_address_share_the_identifier_hash(client, user_2fa):
    for _ in range(2):
        client.post("/accounts/login/", {"login": user_2fa.email, "password": "nope"})
    client.post("/accounts/login/", {"login": "other@example.com", "password": "nope"})
    hashes = [e.details["identifier_hash"] for e in AuditEvent.objects.order_by("id")]
    assert hashes[0] == hashes[1] != hashes[2]


def test_wrong_code_is_recorded_with_the_expected_ordinal(pending_login, user_2fa):
    submit_code(pending_login, wrong_code(), **WHO)
    wrong = AuditEvent.objects.get(event="code_wrong")
    assert wrong.user == user_2fa and wrong.ip == "203.0.113.5"
    assert wrong.details["expected_ordinal"] == 1 and wrong.details["wrong_attempts"] == 1


def test_refused_resend_is_recorded(pending_login):
    resend(pending_login)
    assert events(event="code_refused") == ["code_refused"]


def test_failed_sms_send_is_recorded(client, user_2fa, settings):
    settings.ZGODA_SMS_PROVIDERS = []
    login_password(client, **WHO)
    failed = AuditEvent.objects.get(event="code_send_failed")
    assert failed.user == user_2fa and failed.details["ordinal"] == 1
    assert "no SMS provider" in failed.details["error"]


def test_send_failing_later_in_the_worker_is_recorded(client, user_2fa, settings, monkeypatch):
    from types import SimpleNamespace

    from zgoda.sms import tasks
    from zgoda.sms.delivery import deliver
    from zgoda.sms.models import Message

    monkeypatch.setattr(tasks, "deliver_message", SimpleNamespace(enqueue=lambda *args, **kwargs: None))
    login_password(client)
    assert not AuditEvent.objects.filter(event="code_send_failed").exists()
    settings.ZGODA_SMS_PROVIDERS = []
    deliver(Message.objects.get().pk)  # what the worker does
    failed = AuditEvent.objects.get(event="code_send_failed")
    assert failed.user == user_2fa and failed.details["ordinal"] == 1


def test_device_revoked_is_recorded(client, user_2fa):
    log_in_fully(client, trust=True)
    device = TrustedDevice.objects.get()
    client.post("/accounts/devices/", {"device_id": device.pk})
    revoked = AuditEvent.objects.get(event="device_revoked")
    assert revoked.details["device_ids"] == [device.pk] and revoked.user == user_2fa


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_twofa_on_number_changed_and_off_are_recorded(signed_in, user):
    signed_in.post("/accounts/2fa/sms/", {"phone": "500 100 200"})
    signed_in.post("/accounts/2fa/sms/confirm/", {"code": last_code()[1]})
    reauthenticate(signed_in)  # allauth's password prompt
    signed_in.post("/accounts/2fa/sms/change/", {"phone": "600 700 800"})
    signed_in.post("/accounts/2fa/sms/confirm/", {"code": last_code("+48600700800")[1]})
    signed_in.post("/accounts/2fa/sms/disable/", {"action": "password"})
    assert [e for e in events(user=user) if e.startswith(("twofa", "phone"))] == [
        "twofa_enabled",
        "phone_changed",
        "twofa_disabled",
    ]
