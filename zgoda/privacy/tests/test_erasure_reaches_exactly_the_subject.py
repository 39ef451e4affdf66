"""Erasure reaches exactly the subject: A moved from P1 to P2, B now holds P1; A's erasure
takes every row of A (P1 ones included) and leaves every row of B, P1 ones included."""

from django.contrib.auth import get_user_model
from django.core import mail

from conftest import PASSWORD, last_code, make_user, reauthenticate
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, ContactPoint, Purpose
from zgoda.consent.tests.conftest import box_value, enroll, terms_value
from zgoda.lib.phone import written_forms
from zgoda.privacy.models import DataSubjectRequest

from .scan import rows_holding

P1, P2 = "+48500100200", "+48600700800"
A_EMAIL, B_EMAIL = "ala@example.com", "bartek@example.com"


def boxes() -> dict:
    return {"consent_sms_marketing": box_value(Purpose.SMS_MARKETING), "consent_terms": terms_value()}


def _log_in_with_code(client, email, phone, **extra):
    client.logout()
    assert client.post("/accounts/login/", {"login": email, "password": PASSWORD}, **extra).status_code == 302
    _, code = last_code(phone)
    assert client.post("/accounts/2fa/challenge/", {"code": code}, **extra).status_code == 302


def _change_number(client, phone_typed, e164):
    reauthenticate(client)  # allauth's password prompt first
    assert client.post("/accounts/2fa/sms/change/", {"phone": phone_typed}).status_code == 302
    _, code = last_code(e164)
    assert client.post("/accounts/2fa/sms/confirm/", {"code": code}).status_code == 302


def test_a_erasing_the_account_leaves_b_who_now_holds_a_old_number_untouched(client, db):
    a = make_user(A_EMAIL)
    client.force_login(a)
    enroll(client, "500 100 200", P1, **boxes())
    _log_in_with_code(client, A_EMAIL, P1, REMOTE_ADDR="203.0.113.5")
    _change_number(client, "600 700 800", P2)
    assert SmsTwoFactor.objects.get(user=a).phone == P2 and ContactPoint.objects.get(user=a).phone == P2
    rows_of_a_on_p1 = rows_holding(written_forms(P1))
    assert {"accounts_onetimecode", "sms_message", "consent_consentevent"} <= {t for t, _pk, _c in rows_of_a_on_p1}

    b = make_user(B_EMAIL)
    client.force_login(b)
    enroll(client, "500 100 200", P1, **boxes())
    rows_of_b_on_p1 = rows_holding(written_forms(P1)) - rows_of_a_on_p1
    assert rows_of_b_on_p1, "B's enrollment left rows with P1"

    client.force_login(a)
    response = client.post("/accounts/privacy/erase/", {"confirm": "on"})
    assert response["Location"] == "/privacy/erased/"

    assert rows_holding([A_EMAIL, *written_forms(P2)]) == set()
    assert rows_holding(written_forms(P1)) == rows_of_b_on_p1
    assert SmsTwoFactor.objects.get(user=b).phone == P1
    assert ContactPoint.objects.get(user=b).phone == P1
    assert validity.marketing_valid(b)
    assert ConsentEvent.objects.filter(user=b, phone=P1).exists()
    assert get_user_model().objects.get(pk=b.pk).email == B_EMAIL
    assert DataSubjectRequest.objects.get(kind="erasure").status == DataSubjectRequest.Status.DONE
    mail.outbox.clear()
    _log_in_with_code(client, B_EMAIL, P1)  # B still logs in with its 2FA on P1
