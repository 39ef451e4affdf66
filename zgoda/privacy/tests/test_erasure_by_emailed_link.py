"""A person who turned 2FA off (so no number leads to the account) asks for a link by
e-mail and erases the account from it: the ledger rows and every datum go. A request
that left something behind is not marked carried out."""

import re

import pytest
from django.core import mail

from conftest import make_user, reauthenticate
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.models import ConsentEvent, ContactPoint, Purpose
from zgoda.consent.tests.conftest import box_value, enroll, terms_value
from zgoda.lib import personal_data
from zgoda.lib.phone import written_forms
from zgoda.privacy.models import AccountLink, DataSubjectRequest

from .conftest import page
from .scan import rows_holding

EMAIL, PHONE = "ola@example.com", "+48500100200"
IP, UA = "198.51.100.23", "LinkTestBrowser/2.0"
AS_OLA = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": UA}
ANSWER = "Jeśli to adres konta w naszym sklepie, wysłaliśmy na niego link."


@pytest.fixture
def ola_without_2fa(client, db):
    ola = make_user(EMAIL)
    client.defaults.update(AS_OLA)  # Ola's own address and browser on every request
    client.force_login(ola)
    enroll(client, "500 100 200", PHONE, consent_sms_marketing=box_value(Purpose.SMS_MARKETING),
           consent_terms=terms_value())
    reauthenticate(client)  # allauth's password prompt first
    response = client.post("/accounts/2fa/sms/disable/", {"action": "password"})
    assert response.status_code == 302 and not SmsTwoFactor.objects.filter(user=ola).exists()
    assert ContactPoint.objects.filter(user=ola).exists()  # the marketing number outlives 2FA
    assert ConsentEvent.objects.filter(user=ola, ip=IP).exists()
    client.logout()
    mail.outbox.clear()
    return ola


def _ask_for_link(client, email=EMAIL):
    response = client.post("/privacy/account-link/", {"email": email}, follow=True)
    assert ANSWER in page(response)
    return response


def _link_path():
    [message] = mail.outbox
    return re.search(r"https?://[^/\s]+(/privacy/link/[^\s]+/)", message.body).group(1)


def test_unknown_address_gets_the_same_answer_and_no_email(client, db):
    _ask_for_link(client, "nikt@example.com")
    assert mail.outbox == [] and not AccountLink.objects.exists()


def test_asking_changes_nothing_until_the_link_is_followed(client, ola_without_2fa):
    before = rows_holding([EMAIL, *written_forms(PHONE), IP, UA])
    _ask_for_link(client)
    assert rows_holding([EMAIL, *written_forms(PHONE), IP, UA]) == before
    assert client.get("/privacy/account/")["Location"] == "/privacy/account-link/"


def test_link_erases_the_account_with_its_ledger_details_and_is_used_once(client, ola_without_2fa):
    _ask_for_link(client)
    link = _link_path()
    assert "Otwórz dane konta" in page(client.get(link))  # a GET (a mail scanner) uses nothing
    assert client.post(link)["Location"] == "/privacy/account/"
    assert EMAIL in page(client.get("/privacy/account/"))
    response = client.post("/privacy/account/erase/", {"confirm": "on"})
    assert response["Location"] == "/privacy/erased/"

    assert rows_holding([EMAIL, *written_forms(PHONE), IP, UA]) == set()
    assert not ConsentEvent.objects.filter(user=ola_without_2fa).exclude(ip=None, user_agent="", phone="").exists()
    assert DataSubjectRequest.objects.get(kind="erasure").status == DataSubjectRequest.Status.DONE
    assert client.post(link)["Location"] == "/privacy/account-link/"  # used up


def test_erasure_that_left_rows_behind_stays_an_open_request(client, ola_without_2fa, monkeypatch):
    consent_app = next(d for d in personal_data.declarations() if type(d).__module__ == "zgoda.consent.personal_data")
    monkeypatch.setattr(type(consent_app), "erase", lambda self, subject: {})  # an app that forgot its rows
    _ask_for_link(client)
    client.post(_link_path())
    response = client.post("/privacy/account/erase/", {"confirm": "on"}, follow=True)
    assert "Nie udało się usunąć wszystkiego" in page(response)
    request = DataSubjectRequest.objects.get(kind="erasure")
    assert request.status == DataSubjectRequest.Status.OPEN and request.completed_at is None
    assert "consent.marketing_number" in request.result["left"]
