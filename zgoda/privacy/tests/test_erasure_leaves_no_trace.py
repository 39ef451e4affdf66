"""Erasure through the portal: afterwards the number (E.164, national, spaced, without +),
the e-mail, the IP and the browser appear in no column of any table; a suppression entry
with the keyed hash and anonymized counts stay; another customer keeps everything."""

from django.contrib.auth import get_user_model

from conftest import PHONE, last_code
from zgoda.accounts.models import AuditEvent, TrustedDevice
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, ConsentState, Suppression, phone_hash
from zgoda.privacy.models import DataSubjectRequest
from zgoda.sms.models import Message

from .conftest import page
from .people import AS_PERSON, BYSTANDER_EMAIL, BYSTANDER_PHONE, EMAIL, bystander, found_in_database, full_person, needles


def erase_through_portal(client):
    assert client.post("/privacy/", {"phone": "500-100-200"}, **AS_PERSON).status_code == 302
    _, code = last_code(PHONE)
    assert client.post("/privacy/code/", {"code": code}, **AS_PERSON)["Location"] == "/privacy/me/"
    confirm_page = client.get("/privacy/me/erase/", **AS_PERSON)
    assert "Usuń moje dane na zawsze" in page(confirm_page)
    response = client.post("/privacy/me/erase/", {"confirm": "on"}, **AS_PERSON)
    assert response.status_code == 302 and response["Location"] == "/privacy/erased/"
    return client.get(response["Location"])


def test_after_erasure_no_column_of_any_table_holds_the_number_email_ip_or_browser(client, db):
    person = full_person(client)
    other = bystander()
    before = found_in_database(needles())
    tables_before = {table for table, _column, _word in before}
    # The scan sees the person everywhere first (so it can fail): accounts, ledger, SMS, audit...
    assert {"auth_user", "account_emailaddress", "accounts_smstwofactor", "accounts_onetimecode",
            "accounts_trusteddevice", "accounts_auditevent", "consent_consentevent", "consent_contactpoint",
            "sms_message", "sms_inboundmessage", "privacy_optouttoken", "privacy_datasubjectrequest",
            "django_admin_log", "consent_securityinvitation", "sms_providerhealth"} <= tables_before, tables_before
    messages = Message.objects.count()  # the portal code SMS comes on top

    done = erase_through_portal(client)
    assert "Usunęliśmy Twoje dane" in page(done)

    assert found_in_database(needles()) == []
    # What stays: the keyed hash in a suppression entry, anonymized rows for the counts.
    assert Suppression.objects.filter(phone_hash=phone_hash(PHONE), reason="erasure").exists()
    assert Message.objects.count() == messages + 1 and Message.objects.filter(to="", kind="marketing").count() == 20
    tombstone = get_user_model().objects.get(pk=person.pk)
    assert (tombstone.email, tombstone.is_active, tombstone.has_usable_password()) == ("", False, False)
    assert ConsentEvent.objects.filter(user=person).exists()  # counts survive, without whose
    assert not ConsentState.objects.filter(user=person, granted=True).exists()
    assert not TrustedDevice.objects.filter(user=person).exists()
    assert not AuditEvent.objects.filter(user=person).exclude(ip=None).exists()
    assert DataSubjectRequest.objects.filter(kind="erasure", status="done").exists()
    # Jan keeps his account, number and consent.
    assert found_in_database([BYSTANDER_PHONE, BYSTANDER_EMAIL])
    assert validity.marketing_valid(other) and get_user_model().objects.get(pk=other.pk).email == BYSTANDER_EMAIL


def test_erased_person_can_no_longer_log_in_or_see_the_portal(client, db):
    full_person(client)
    erase_through_portal(client)
    response = client.post("/accounts/login/", {"login": EMAIL, "password": "Sekretne-haslo-2026"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 400)
    assert client.get("/privacy/me/")["Location"] == "/privacy/"


def test_logged_in_erasure_from_account_page_logs_out(client, db):
    person = full_person(client)
    client.force_login(person)
    assert "Usuń moje dane" in page(client.get("/accounts/privacy/"))
    assert client.post("/accounts/privacy/erase/", {}).status_code == 400  # the box is required
    assert get_user_model().objects.get(pk=person.pk).is_active
    response = client.post("/accounts/privacy/erase/", {"confirm": "on"})
    assert response["Location"] == "/privacy/erased/"
    assert "_auth_user_id" not in client.session
    assert found_in_database(needles()) == []
