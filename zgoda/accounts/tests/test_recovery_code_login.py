"""A recovery code (allauth.mfa) passes the login step once and only once, for SMS-only
accounts too; SMS-only accounts can make recovery codes on allauth's page, shown once."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.test import Client

from conftest import PHONE, login_password, reauthenticate, sms_to
from zgoda.accounts.models import AuditEvent

from .conftest import CHALLENGE, page, submit_code
from .mfa_helpers import add_recovery_codes


def test_a_recovery_code_logs_in_once_and_only_once(client, user_2fa):
    codes = add_recovery_codes(user_2fa)
    login_password(client)  # the SMS step: a code went to the (lost) phone
    response = submit_code(client, codes[0])
    assert response.status_code == 302 and response["Location"] != CHALLENGE
    assert client.session[SESSION_KEY] == str(user_2fa.pk)
    assert "Zostało 9 kodów" in " ".join(str(m) for m in response.wsgi_request._messages)
    event = AuditEvent.objects.filter(event=AuditEvent.Event.RECOVERY_CODE_USED).get()
    assert event.user == user_2fa and event.details["codes_left"] == 9

    again = Client()
    login_password(again)
    refused = submit_code(again, codes[0])
    assert refused.status_code == 400 and SESSION_KEY not in again.session
    assert AuditEvent.objects.filter(event=AuditEvent.Event.RECOVERY_CODE_USED).count() == 1
    assert AuditEvent.objects.filter(event=AuditEvent.Event.FACTOR_CODE_WRONG).count() == 1
    assert submit_code(again, codes[1]).status_code == 302  # another unused code still works


def test_recovery_code_tries_are_limited_per_account(client, user_2fa):
    codes = add_recovery_codes(user_2fa)
    login_password(client)
    for _ in range(5):
        assert submit_code(client, "00000000").status_code == 400
    limited = submit_code(client, codes[0])  # even the right code, while the limit holds
    assert limited.status_code == 400 and "Za dużo błędnych kodów" in page(limited)
    assert AuditEvent.objects.filter(event=AuditEvent.Event.FACTOR_CODE_LIMITED).exists()
    assert not Authenticator.objects.get().wrap().instance.data["used_mask"]


def test_sms_only_account_gets_recovery_codes_shown_once(client, user_2fa):
    from .conftest import log_in_fully

    log_in_fully(client)
    reauthenticate(client)
    index = client.get("/accounts/2fa/")
    assert index.status_code == 200 and "/accounts/2fa/recovery-codes/generate/" in page(index)
    assert client.post("/accounts/2fa/recovery-codes/generate/").status_code == 302
    codes = Authenticator.objects.get(user=user_2fa, type="recovery_codes").wrap().get_unused_codes()
    shown = page(client.get("/accounts/2fa/recovery-codes/"))
    assert codes[0] in shown
    assert codes[0] not in page(client.get("/accounts/2fa/recovery-codes/"))  # once
    assert len(sms_to(PHONE)) == 1  # the login's code only
