"""The log of data-subject requests: every self-service access, download, withdrawal and
erasure with its date and one-month deadline; staff register requests received by e-mail
or letter, carry them out from the admin, and see open requests near their deadline."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conftest import PHONE, make_user
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.lib.personal_data import Number
from zgoda.privacy.internal.flows import subject
from zgoda.privacy.models import DataSubjectRequest, one_month_after

from .conftest import consenting, page

LIST = "/admin/privacy/datasubjectrequest/"
ADD = LIST + "add/"
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def staff(client, db):
    person = make_user("staff@example.com", phone="+48500999999", is_staff=True, is_superuser=True)
    client.force_login(person)
    return person


@pytest.mark.parametrize("received, due", [
    ((2026, 3, 15, 10, 0), (2026, 4, 15, 10, 0)),
    ((2026, 1, 31, 9, 0), (2026, 2, 28, 9, 0)),
    ((2028, 1, 31, 9, 0), (2028, 2, 29, 9, 0)),
    ((2026, 12, 20, 9, 0), (2027, 1, 20, 9, 0)),
])
def test_deadline_is_one_calendar_month(received, due):
    assert one_month_after(datetime(*received, tzinfo=WARSAW)) == datetime(*due, tzinfo=WARSAW)


def register(client, **data):
    form = {"kind": "erasure", "channel": "email", "received_at_0": "2026-03-01", "received_at_1": "10:00:00",
            "phone": "", "email": "", "contact": "", "notes": ""}
    form.update(data)
    return client.post(ADD, form)


def test_staff_register_a_request_received_by_email_with_its_deadline(client, staff):
    consenting()
    response = register(client, phone="500 100 200", contact="anna@example.com", notes="Mail z 1 marca")
    assert response.status_code == 302, page(response)
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.status, dsr.phone, dsr.channel) == ("open", PHONE, "email")
    assert timezone.localtime(dsr.deadline).date().isoformat() == "2026-04-01"


@pytest.mark.parametrize("data, error", [
    ({}, "Podaj numer telefonu albo adres e-mail"),
    ({"phone": "abc"}, "To nie jest numer telefonu"),
    ({"phone": "12"}, "Numer jest za krótki"),
    ({"phone": "+1 202 555 0143"}, "Numery z tego kraju (US)"),
    ({"email": "nie-mail"}, "Wprowadź poprawny adres email"),
])
def test_bad_staff_input_is_explained_and_nothing_is_saved(client, staff, data, error):
    response = register(client, **data)
    assert response.status_code == 200 and error in page(response)
    assert not DataSubjectRequest.objects.exists()


def test_changelist_flags_overdue_and_near_deadline_requests(client, staff):
    now = timezone.now()
    DataSubjectRequest.objects.create(kind="access", channel="letter", email="a@example.com",
                                      received_at=now - timedelta(days=40))
    DataSubjectRequest.objects.create(kind="erasure", channel="email", email="b@example.com",
                                      received_at=now - timedelta(days=27))
    DataSubjectRequest.objects.create(kind="erasure", channel="email", email="c@example.com", received_at=now)
    DataSubjectRequest.objects.create(kind="access", channel="portal", status="done", received_at=now - timedelta(days=60))
    body = page(client.get(LIST))
    assert "Wnioski po terminie: 1." in body and "Wnioski z terminem w ciągu 7 dni: 1." in body
    assert "dni po terminie" in body
    overdue = page(client.get(LIST + "?termin=overdue"))
    soon = page(client.get(LIST + "?termin=soon"))
    assert overdue.count('class="action-select"') == 1 and soon.count('class="action-select"') == 2
    assert page(client.get(LIST + "?termin=open")).count('class="action-select"') == 3


def carry_out(client, dsr, **extra):
    return client.post(LIST, {"action": "carry_out", "_selected_action": [dsr.pk], **extra})


def test_staff_carry_out_a_download_naming_an_account_and_get_its_json_file(client, staff):
    consenting()
    assert register(client, kind="download", channel="letter", email="Anna@example.com").status_code == 302
    dsr = DataSubjectRequest.objects.get()
    response = carry_out(client, dsr)
    assert response["Content-Disposition"] == f'attachment; filename="wniosek-{dsr.pk}.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.com" and data["sms_two_factor"]["phone"] == PHONE
    dsr.refresh_from_db()
    assert dsr.status == "done" and dsr.completed_at and dsr.handled_by == "staff@example.com"


def test_staff_download_naming_only_a_number_gets_the_numbers_data_and_no_account(client, staff):
    consenting()
    dsr = DataSubjectRequest.objects.create(kind="download", channel="letter", phone=PHONE)
    data = json.loads(carry_out(client, dsr).content)
    assert data["subject"] == {"phone": PHONE} and data["sms_marketing"]["on_list"]
    assert "account" not in data and "@" not in json.dumps(data)
    dsr.refresh_from_db()
    assert dsr.status == "done"


def test_staff_carry_out_a_withdrawal_found_by_email(client, staff):
    person = consenting()
    dsr = DataSubjectRequest.objects.create(kind="withdrawal", channel="email", email="anna@example.com", user=person)
    carry_out(client, dsr)
    assert not validity.marketing_valid(person)
    dsr.refresh_from_db()
    assert dsr.status == "done" and DataSubjectRequest.objects.count() == 1


def test_staff_erasure_of_an_account_and_its_number_asks_for_confirmation_first(client, staff):
    person = consenting()
    response = register(client, channel="letter", phone="500 100 200", email="anna@example.com",
                        contact="ul. Polna 1")
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get()
    assert dsr.user == person and dsr.subject_hash == subject.hash_of(Number(PHONE))
    response = carry_out(client, dsr)
    assert response.status_code == 200 and "Usunięcie danych jest nieodwracalne" in page(response)
    assert get_user_model().objects.get(pk=person.pk).is_active
    response = carry_out(client, dsr, confirm="yes")
    assert response.status_code == 302
    assert not get_user_model().objects.get(pk=person.pk).is_active
    dsr.refresh_from_db()
    assert (dsr.status, dsr.phone, dsr.email, dsr.contact) == ("done", "", "", "")
    assert dsr.subject_hash == subject.hash_of(Number(PHONE))  # a keyed hash only, as in the suppression list
    assert dsr.result["accounts.accounts"] == 1 and "left" not in dsr.result


def test_staff_erasure_naming_only_a_number_forgets_the_number_and_keeps_the_account(client, staff):
    person = consenting()
    dsr = DataSubjectRequest.objects.create(kind="erasure", channel="letter", phone=PHONE)
    assert carry_out(client, dsr, confirm="yes").status_code == 302
    person.refresh_from_db()
    assert person.is_active and person.email == "anna@example.com" and not validity.marketing_valid(person)
    assert SmsTwoFactor.objects.get(user=person).phone == PHONE
    dsr.refresh_from_db()
    assert (dsr.status, dsr.phone) == ("done", "")


def test_request_about_someone_unknown_changes_nothing_and_says_so(client, staff):
    """The request itself names the number; that alone does not make the number known."""
    assert register(client, phone="600 999 888", notes="List z 1 marca").status_code == 302
    dsr = DataSubjectRequest.objects.get()
    response = carry_out(client, dsr, confirm="yes")
    assert "nie znamy tej osoby" in page(client.get(response["Location"]))
    dsr.refresh_from_db()
    assert (dsr.status, dsr.phone) == ("open", "+48600999888")


def test_done_requests_cannot_be_deleted_or_edited(client, staff):
    dsr = DataSubjectRequest.objects.create(kind="access", channel="portal", status="done")
    assert client.post(LIST + f"{dsr.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DataSubjectRequest.objects.filter(pk=dsr.pk).exists()


def test_every_self_service_action_is_logged(client, db):
    from zgoda.privacy import api as optout

    person = consenting()
    token, = optout.issue_optout_tokens([(person.pk, PHONE)])
    client.post(f"/o/{token}")
    client.force_login(person)
    client.get("/accounts/privacy/")
    client.post("/accounts/privacy/download/")
    client.post("/accounts/privacy/erase/", {"confirm": "on"})
    kinds = list(DataSubjectRequest.objects.order_by("id").values_list("kind", "channel", "status"))
    assert kinds == [("withdrawal", "optout_link", "done"), ("download", "account", "done"),
                     ("erasure", "account", "done")]
    assert all(r.deadline == one_month_after(r.received_at) for r in DataSubjectRequest.objects.all())
