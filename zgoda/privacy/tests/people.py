"""A person with data in every corner of Zgoda, made through the real flows, and a scan
of every text column of every table for what must be gone after erasure."""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from conftest import PASSWORD, PHONE, last_code, make_user
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.models import Purpose, SecurityInvitation
from zgoda.consent.tests.conftest import ask_for_code, box_value, terms_value
from zgoda.privacy import api as optout
from zgoda.privacy.models import DataSubjectRequest
from zgoda.sms import inbound
from zgoda.sms.models import ProviderHealth
from zgoda.sms.providers.base import Inbound

from .conftest import marketing_sms

EMAIL = "ewa.nowak@example.com"
IP = "203.0.113.77"
UA = "ErasureTestBrowser/1.0 (Linux; Android 14)"
AS_PERSON = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": UA}
BYSTANDER_PHONE = "+48600200300"
BYSTANDER_EMAIL = "jan@example.com"


def full_person(client, marketing=20):
    """Ewa: signs up, turns 2FA on with the marketing and terms boxes ticked (from her own IP
    and browser), logs in again trusting her device, gets marketing SMS, replies, fails a
    login once, is invited to 2FA, files a request by e-mail; staff log mentions her."""
    person = make_user(EMAIL)
    client.force_login(person)
    response = ask_for_code(
        client, "500 100 200", consent_sms_marketing=box_value(Purpose.SMS_MARKETING),
        consent_terms=terms_value(), **AS_PERSON,
    )
    assert response.status_code == 302
    _, code = last_code(PHONE)
    assert client.post("/accounts/2fa/sms/confirm/", {"code": code}, **AS_PERSON).status_code == 302
    client.logout()
    client.post("/accounts/login/", {"login": EMAIL, "password": "zle-haslo"}, **AS_PERSON)
    client.post("/accounts/login/", {"login": EMAIL, "password": PASSWORD}, **AS_PERSON)
    _, code = last_code(PHONE)
    response = client.post("/accounts/2fa/challenge/", {"code": code, "trust_device": "on"}, **AS_PERSON)
    assert response.status_code == 302
    client.logout()
    marketing_sms(PHONE, marketing)
    inbound.receive("outbox", Inbound(sender="48500100200", recipient="Zgoda", text="Pytanie z nr 500 100 200"))
    optout.issue_optout_tokens([(person.pk, PHONE)])
    SecurityInvitation.objects.create(user=person, email=EMAIL, sent_by="staff@example.com")
    DataSubjectRequest.objects.create(
        kind="access", channel="email", phone=PHONE, email=EMAIL, contact=EMAIL,
        notes=f"Pani Ewa ({EMAIL}) dzwoniła z +48 500 100 200.",
    )
    LogEntry.objects.create(
        user=make_user("staff@example.com", is_staff=True), action_flag=ADDITION, object_id="1",
        content_type=ContentType.objects.get_for_model(SmsTwoFactor),
        object_repr=f"{EMAIL} ({PHONE})", change_message="[]",
    )
    ProviderHealth.objects.create(name="kannel", last_error=f"Kannel refused the number: {PHONE}")
    assert EmailAddress.objects.filter(email=EMAIL).exists()
    return person


def bystander():
    """Jan: another customer, who must keep everything."""
    from .conftest import consenting

    return consenting(BYSTANDER_EMAIL, BYSTANDER_PHONE)


def needles(phone=PHONE, email=EMAIL):
    from zgoda.lib.phone import national_forms

    return [*national_forms(phone), phone.lstrip("+"), email, IP, UA]


def found_in_database(words) -> list[tuple[str, str, str]]:
    """(table, column, word) for every word found in any column of any table, read as text."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                sql = f"SELECT 1 FROM {quote(table)} WHERE CAST({quote(column.name)} AS TEXT) LIKE %s LIMIT 1"
                for word in words:
                    cursor.execute(sql, [f"%{word}%"])
                    if cursor.fetchone():
                        found.append((table, column.name, word))
    return found
