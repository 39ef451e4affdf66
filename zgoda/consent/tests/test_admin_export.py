"""The export as a streamed download in the admin, for staff with the dedicated permission."""

import hashlib

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import StreamingHttpResponse

from conftest import make_user
from zgoda.consent.admin.exports import ExportAuditAdmin
from zgoda.consent.internal.flows import ledger
from zgoda.consent.models import Action, ContactPoint, ExportAudit, Purpose, Source

from .conftest import current, page

DOWNLOAD = "/admin/consent/exportaudit/download/"


@pytest.fixture
def staff(client, db):
    person = make_user("staff@example.com", phone="+48500999999", is_staff=True)
    client.force_login(person)
    return person


def _allow(person, codename="export_consents"):
    person.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="consent"))


@pytest.fixture
def consented(db):
    person = make_user("klient@example.com")
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING), Source.ADMIN)
    ContactPoint.objects.create(user=person, phone="+48500100200")
    return person


def test_staff_without_the_permission_gets_403_and_nothing_is_exported(client, staff, consented):
    assert client.get(DOWNLOAD).status_code == 403
    assert client.post(DOWNLOAD, {"format": "csv"}).status_code == 403
    assert not ExportAudit.objects.exists()


def test_permitted_staff_download_a_streamed_file_and_the_export_is_audited(client, staff, consented):
    _allow(staff)
    assert "Pobierz" in page(client.get(DOWNLOAD))
    response = client.post(DOWNLOAD, {"format": "numbers"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="zgoda-numbers-')
    body = b"".join(response.streaming_content)
    assert body == b"+48500100200\n"
    audit = ExportAudit.objects.get()
    assert audit.actor == staff and audit.channel == "admin" and audit.completed
    assert audit.sha256 == hashlib.sha256(body).hexdigest() and audit.row_count == 1


def test_an_interrupted_download_is_audited_as_incomplete(rf, staff, consented):
    _allow(staff)
    request = rf.post(DOWNLOAD, {"format": "csv"})
    request.user = type(staff).objects.get(pk=staff.pk)
    response = ExportAuditAdmin(ExportAudit, admin.site).download_view(request)
    next(iter(response.streaming_content))  # the header only, then the browser goes away
    # What a WSGI server does on a dropped connection; the test keeps its own database
    # connection, as Django's test client does when it closes a response.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    audit = ExportAudit.objects.get()
    assert not audit.completed and audit.row_count == 0 and audit.actor == staff


def test_bad_date_in_the_admin_form_is_explained_and_exports_nothing(client, staff, consented):
    _allow(staff)
    response = client.post(DOWNLOAD, {"format": "csv", "since": "31.02.2026"})
    assert response.status_code == 400
    assert "Zła data „31.02.2026”" in page(response)
    assert not ExportAudit.objects.exists()


def test_export_log_links_to_a_new_export_only_for_permitted_staff(client, staff):
    _allow(staff, "view_exportaudit")
    assert "Nowy eksport" not in page(client.get("/admin/consent/exportaudit/"))
    _allow(staff)
    staff = type(staff).objects.get(pk=staff.pk)
    assert "Nowy eksport" in page(client.get("/admin/consent/exportaudit/"))
