"""Erasure of an account (on its privacy page, or from the link e-mailed to it when the
number portal is asked to delete the account too): afterwards the number (E.164,
national, spaced, without +), the e-mail, the IP and the browser appear in no column of
any table; a suppression entry with the keyed hash and anonymized counts stay; another
customer keeps everything. "Forget this number" on the portal blanks the number in its
marketing data and leaves the account that holds it whole."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from conftest import PASSWORD, PHONE, last_code, sms_to
from zgoda.accounts.models import AuditEvent, SmsTwoFactor, TrustedDevice
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, ConsentState, ContactPoint, Suppression, phone_hash
from zgoda.lib.phone import written_forms
from zgoda.privacy.models import DataSubjectRequest, OptOutToken
from zgoda.sms.models import InboundMessage, Message

from .conftest import page
from .people import (
    AS_PERSON, BYSTANDER_EMAIL, BYSTANDER_PHONE, EMAIL, IP, UA, bystander, found_in_database, full_person, needles,
)


def prove_the_number(client):
    assert client.post("/privacy/", {"phone": "500-100-200"}, **AS_PERSON).status_code == 302
    _, code = last_code(PHONE)
    assert client.post("/privacy/code/", {"code": code}, **AS_PERSON)["Location"] == "/privacy/me/"


def erase_on_the_account_page(client, person):
    """The person logs in and erases the account at /accounts/privacy/erase/."""
    client.force_login(person)
    confirm_page = page(client.get("/accounts/privacy/erase/", **AS_PERSON))
    assert "Usuń moje dane na zawsze" in confirm_page and EMAIL in confirm_page
    response = client.post("/accounts/privacy/erase/", {"confirm": "on"}, **AS_PERSON)
    assert response.status_code == 302 and response["Location"] == "/privacy/erased/"
    return client.get(response["Location"])


def erase_through_the_emailed_link(client, person):
    """The number portal's "Chcę też usunąć konto w sklepie": a one-time link to the account's
    e-mail, followed to the account's page, where the account is erased."""
    prove_the_number(client)
    mail.outbox.clear()
    assert client.post("/privacy/me/account-link/", **AS_PERSON)["Location"] == "/privacy/me/"
    [message] = mail.outbox
    assert message.to == [EMAIL]
    link = re.search(r"https?://[^/\s]+(/privacy/link/[^\s]+/)", message.body).group(1)
    assert client.post(link, **AS_PERSON)["Location"] == "/privacy/account/"
    confirm_page = page(client.get("/privacy/account/erase/", **AS_PERSON))
    assert "Usuń moje dane na zawsze" in confirm_page and EMAIL in confirm_page
    response = client.post("/privacy/account/erase/", {"confirm": "on"}, **AS_PERSON)
    assert response.status_code == 302 and response["Location"] == "/privacy/erased/"
    return client.get(response["Location"])


def forget_through_the_portal(client):
    prove_the_number(client)
    assert "Zapomnij ten numer na zawsze" in page(client.get("/privacy/me/forget/", **AS_PERSON))
    assert client.post("/privacy/me/forget/", {}, **AS_PERSON).status_code == 400  # the box is required
    response = client.post("/privacy/me/forget/", {"confirm": "on"}, **AS_PERSON)
    assert response.status_code == 302 and response["Location"] == "/privacy/forgotten/"
    return client.get(response["Location"])


ERASE_THE_ACCOUNT = pytest.mark.parametrize("erase", [erase_on_the_account_page, erase_through_the_emailed_link])


@ERASE_THE_ACCOUNT
def test_after_account_erasure_no_column_of_any_table_holds_the_number_email_ip_or_browser(client, db, erase):
    person = full_person(client)
    other = bystander()
    before = found_in_database(needles())
    tables_before = {table for table, _column, _word in before}
    # The scan sees the person everywhere first (so it can fail): accounts, ledger, SMS, audit...
    assert {"auth_user", "account_emailaddress", "accounts_smstwofactor", "accounts_onetimecode",
            "accounts_trusteddevice", "accounts_auditevent", "consent_consentevent", "consent_contactpoint",
            "sms_message", "sms_inboundmessage", "privacy_optouttoken", "privacy_datasubjectrequest",
            "django_admin_log", "consent_securityinvitation", "sms_providerhealth"} <= tables_before, tables_before

    done = erase(client, person)
    assert "Usunęliśmy Twoje dane" in page(done)

    assert found_in_database(needles()) == []
    # What stays: the keyed hash in a suppression entry, anonymized rows for the counts.
    assert Suppression.objects.filter(phone_hash=phone_hash(PHONE), reason="erasure").exists()
    assert Message.objects.filter(kind="marketing").count() == Message.objects.filter(to="", kind="marketing").count() == 20
    tombstone = get_user_model().objects.get(pk=person.pk)
    assert (tombstone.email, tombstone.is_active, tombstone.has_usable_password()) == ("", False, False)
    assert ConsentEvent.objects.filter(user=person).exists()  # counts survive, without whose
    assert not ConsentState.objects.filter(user=person, granted=True).exists()
    assert not TrustedDevice.objects.filter(user=person).exists()
    assert not AuditEvent.objects.filter(user=person).exclude(ip=None).exists()
    assert DataSubjectRequest.objects.get(kind="erasure").status == "done"
    # Jan keeps his account, number and consent.
    assert found_in_database([BYSTANDER_PHONE, BYSTANDER_EMAIL])
    assert validity.marketing_valid(other) and get_user_model().objects.get(pk=other.pk).email == BYSTANDER_EMAIL


@ERASE_THE_ACCOUNT
def test_erased_account_can_no_longer_log_in_and_its_number_gets_no_portal_code(client, db, erase):
    person = full_person(client)
    erase(client, person)
    client.logout()
    response = client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 400)
    assert client.get("/accounts/privacy/")["Location"].startswith("/accounts/login/")
    assert client.get("/privacy/account/")["Location"] == "/privacy/account-link/"
    # Nothing of the number is left, so the portal sends it no code (and answers as for any number).
    codes = len(sms_to(PHONE))
    assert client.post("/privacy/", {"phone": "500 100 200"})["Location"] == "/privacy/code/"
    assert len(sms_to(PHONE)) == codes
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


def test_forgetting_the_number_blanks_its_marketing_data_and_leaves_the_account_whole(client, db, settings):
    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(10, 300)]  # the login below is the fourth code SMS in minutes
    person = full_person(client)
    other = bystander()
    account_data = set(found_in_database([EMAIL, IP, UA]))
    jan = found_in_database([BYSTANDER_PHONE, BYSTANDER_EMAIL])

    done = forget_through_the_portal(client)
    assert "Zapomnieliśmy ten numer" in page(done)

    # The number's marketing data: consent ended, suppressed, blanked in SMS, opt-out links.
    assert not validity.marketing_valid(person)
    assert Suppression.objects.filter(phone_hash=phone_hash(PHONE)).exists()
    forms = written_forms(PHONE)
    assert Message.objects.filter(kind="marketing", to="").count() == 20
    assert not Message.objects.filter(to__in=forms).exclude(kind="otp").exists()
    assert not InboundMessage.objects.filter(sender__in=forms).exists()
    assert not OptOutToken.objects.filter(phone=PHONE).exists()
    withdrawn = ConsentEvent.objects.filter(user=person).latest("id")
    assert (withdrawn.action, withdrawn.ip, withdrawn.user_agent) == ("withdrawn", None, "")  # no IP of the holder
    # Where the number stays: the account's own rows (its 2FA, contact, ledger, login codes).
    left = {table for table, _column, _word in found_in_database(forms)}
    assert left == {"accounts_smstwofactor", "consent_contactpoint", "consent_consentevent", "accounts_onetimecode",
                    "accounts_codechallenge", "sms_message", "sms_outboxentry", "django_admin_log"}, left

    # The account is whole: nothing of it went (e-mail, IP, browser), 2FA and contact stay, it logs in.
    assert account_data <= set(found_in_database([EMAIL, IP, UA]))
    assert SmsTwoFactor.objects.get(user=person).phone == PHONE
    assert ContactPoint.objects.get(user=person).phone == PHONE
    assert TrustedDevice.objects.filter(user=person).exists() and EmailAddress.objects.filter(email=EMAIL).exists()
    visitor, codes = type(client)(), len(sms_to(PHONE))
    assert visitor.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD})["Location"] == "/accounts/2fa/challenge/"
    assert len(sms_to(PHONE)) == codes + 1
    _, code = last_code(PHONE)
    assert visitor.post("/accounts/2fa/challenge/", {"code": code}).status_code == 302
    assert visitor.session["_auth_user_id"] == str(person.pk)
    # Jan keeps everything.
    assert validity.marketing_valid(other) and found_in_database([BYSTANDER_PHONE, BYSTANDER_EMAIL]) == jan


def test_the_forgotten_page_shows_only_after_the_number_was_forgotten_in_this_browser(client, db):
    full_person(client)
    client.logout()
    opened_by_hand = client.get("/privacy/forgotten/")
    assert opened_by_hand.status_code == 302 and opened_by_hand["Location"] == "/privacy/"
    assert "Zapomnieliśmy ten numer" in page(forget_through_the_portal(client))
    assert "Zapomnieliśmy ten numer" in page(client.get("/privacy/forgotten/"))  # a reload says it again
