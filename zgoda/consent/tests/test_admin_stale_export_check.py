"""An export file goes stale: staff with the export permission give an old file back in the
admin and download the lines that must no longer receive marketing (withdrawn, STOP,
erased, suppressed, no longer valid), matched by the numbers' keyed hashes. A file that is
no list of numbers gets a clear Polish error, never a 500."""

import codecs
import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse

from conftest import make_user
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import contacts, ledger, marketing
from zgoda.consent.models import Action, ContactPoint, Purpose, Source

from .conftest import current, page

DOWNLOAD = "/admin/consent/exportaudit/download/"
STALE = "/admin/consent/exportaudit/stale/"
ANNA, OLA, EWA, JAN, OBCY = "+48500100200", "+48600200300", "+48700300400", "+48510200300", "+48880100200"


@pytest.fixture
def staff(client, db):
    person = make_user("staff@example.com", phone="+48500999999", is_staff=True)
    client.force_login(person)
    return person


def allow(person, *codenames):
    for codename in ("export_consents", *codenames):
        person.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="consent"))


def consenting(email, phone):
    person = make_user(email, phone=phone)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING), Source.ADMIN)
    contacts.set_contact(person, phone, via="twofa_enrollment")
    return person


@pytest.fixture
def people(db):
    return {phone: consenting(f"{name}@example.com", phone)
            for name, phone in (("anna", ANNA), ("ola", OLA), ("ewa", EWA), ("jan", JAN))}


def old_export(client, fmt="csv") -> bytes:
    response = client.post(DOWNLOAD, {"format": fmt})
    return b"".join(response.streaming_content)


def time_passes(people):
    """What happened since the export: Ola withdrew on the privacy portal, Ewa replied STOP,
    Jan had his account erased."""
    from zgoda.privacy.internal.flows import erasure, subject
    from zgoda.privacy.models import DataSubjectRequest

    consent_api.withdraw_number(OLA, "privacy_portal")
    consent_api.withdraw_number(EWA, "sms_reply")
    erasure.erase(subject.account(people[JAN]), DataSubjectRequest.Channel.ACCOUNT)


def check(client, content: bytes, name="eksport.csv"):
    return client.post(STALE, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def rows(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse), page(response)
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_staff_without_the_export_permission_get_403(client, staff, people):
    assert client.get(STALE).status_code == 403
    assert check(client, f"{ANNA}\n".encode()).status_code == 403


def test_an_old_csv_export_gives_the_withdrawn_stopped_and_erased_lines(client, staff, people):
    allow(staff, "view_exportaudit")
    assert "Sprawdź stary eksport" in page(client.get("/admin/consent/exportaudit/"))
    assert "Plik z wcześniejszego eksportu" in page(client.get(STALE))
    exported = old_export(client)
    time_passes(people)
    assert not ContactPoint.objects.filter(user=people[JAN]).exists()  # Jan's number is known only by its hash

    response = check(client, exported)
    assert response["Content-Disposition"].startswith('attachment; filename="zgoda-nieaktualne-')
    found = {row["phone"]: row for row in rows(response)}
    assert set(found) == {OLA, EWA, JAN}
    assert (found[OLA]["reason"], found[EWA]["reason"], found[JAN]["reason"]) == ("withdrawn", "stop", "erased")
    lines = exported.decode().splitlines()
    for row in found.values():
        assert lines[int(row["line"]) - 1] == row["original_line"] and row["description"]
    assert found[JAN]["description"] == "dane usunięte na prośbę osoby"


def test_an_smsapi_export_and_any_list_of_numbers_work_too(client, staff, people):
    allow(staff)
    smsapi_file = old_export(client, "smsapi")
    time_passes(people)
    assert {row["phone"] for row in rows(check(client, smsapi_file))} == {OLA, EWA, JAN}

    # Written by hand or by a spreadsheet: a BOM, Windows line ends, semicolons, spaces, 00 prefix.
    typed = "\r\n".join(["numer;imię", "500 100 200;Anna", "\"+48 600 200 300\";Ola", "0048700300400;Ewa",
                         "510-200-300;Jan", "", "880 100 200;ktoś obcy", "nie numer"]) + "\r\n"
    found = {row["phone"]: row["reason"] for row in rows(check(client, codecs.BOM_UTF8 + typed.encode()))}
    assert found == {OLA: "withdrawn", EWA: "stop", JAN: "erased", OBCY: "no_consent"}
    windows = check(client, typed.encode("cp1250"), name="lista.txt")
    assert {row["phone"] for row in rows(windows)} == {OLA, EWA, JAN, OBCY}


def test_a_consent_that_no_longer_counts_is_stale_too(client, staff, people, settings):
    allow(staff)
    exported = old_export(client, "numbers")
    people[ANNA].is_active = False
    people[ANNA].save(update_fields=["is_active"])
    contacts.suppress(OLA, reason="unknown_subscriber")
    marketing.withdraw(None, people[EWA])  # on her account page: the marketing number goes too
    found = {row["phone"]: row["reason"] for row in rows(check(client, exported))}
    assert found == {ANNA: "not_valid", OLA: "unknown_subscriber", EWA: "no_consent"}


def test_a_large_file_is_answered_in_chunks(client, staff, people, settings):
    allow(staff)
    settings.ZGODA_EXPORT_CHUNK_ROWS = 2
    consent_api.withdraw_number(OLA, "privacy_portal")
    content = (f"{ANNA}\n{OLA}\n" * 50).encode()
    response = check(client, content)
    chunks = list(response.streaming_content)
    assert len(chunks) > 10
    body = b"".join(chunks).decode().splitlines()
    assert len(body) == 1 + 50 and all(",withdrawn," in line for line in body[1:])


@pytest.mark.parametrize("content, message", [
    (b"", "pusty"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "Zapisz arkusz jako CSV"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "Zapisz go jako CSV"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "To jest PDF"),
    (b"+48500100200\n\x00\x01\x02\x00binary", "To nie jest plik tekstowy"),
    ("Lista zakupów:\nmleko\nchleb\n".encode(), "nie ma żadnego numeru telefonu"),
    (b"4" * 20000, "jest bardzo długi"),
])  # fmt: skip
def test_a_bad_file_gets_a_clear_polish_error(client, staff, people, content, message):
    allow(staff)
    response = check(client, content)
    assert response.status_code == 400
    assert message in page(response) and "Nie udało się sprawdzić pliku" in page(response)


def test_no_file_at_all_is_explained(client, staff, people):
    allow(staff)
    response = client.post(STALE, {})
    assert response.status_code == 400 and "errornote" in page(response)
