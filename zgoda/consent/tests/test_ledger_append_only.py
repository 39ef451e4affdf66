"""The ledger, text versions and export audits refuse every update and delete in the model layer."""

import pytest
from django.db.models.deletion import ProtectedError

from zgoda.consent.internal.flows import ledger
from zgoda.consent.models import (
    Action, AppendOnlyError, ConsentEvent, ConsentText, ExportAudit, Purpose, Source,
)

from .conftest import current


@pytest.fixture
def event(user):
    return ledger.record(user, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING), Source.ADMIN)


def test_saving_a_stored_event_again_is_refused(event):
    event.action = Action.WITHDRAWN
    with pytest.raises(AppendOnlyError):
        event.save()
    assert ConsentEvent.objects.get(pk=event.pk).action == Action.GRANTED


def test_save_with_update_fields_or_force_update_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["label"])
    with pytest.raises(AppendOnlyError):
        event.save(force_update=True)


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert ConsentEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("operation", [
    lambda qs: qs.update(label="changed"),
    lambda qs: qs.delete(),
    lambda qs: qs.bulk_update(list(qs), ["label"]),
    lambda qs: qs.update_or_create(pk=qs.first().pk, defaults={"label": "changed"}),
])
def test_queryset_update_and_delete_are_refused(event, operation):
    with pytest.raises(AppendOnlyError):
        operation(ConsentEvent.objects.all())
    assert ConsentEvent.objects.get(pk=event.pk).label == event.label


def test_related_manager_cannot_update_events_either(event, user):
    with pytest.raises(AppendOnlyError):
        user.consent_events.update(label="changed")


def test_deleting_a_person_with_ledger_events_is_refused(event, user):
    with pytest.raises(ProtectedError):
        user.delete()
    assert ConsentEvent.objects.filter(pk=event.pk).exists()


def test_a_published_text_version_cannot_be_edited_or_deleted(db):
    text = current(Purpose.SMS_MARKETING)
    text.body = "Inna treść"
    with pytest.raises(AppendOnlyError):
        text.save()
    with pytest.raises(AppendOnlyError):
        text.delete()
    with pytest.raises(AppendOnlyError):
        ConsentText.objects.filter(pk=text.pk).update(body="Inna treść")
    assert ConsentText.objects.get(pk=text.pk).body != "Inna treść"


def test_export_audit_rows_are_append_only(db):
    audit = ExportAudit.objects.create(actor_label="x", channel="cli", format="csv", row_count=1, sha256="0" * 64)
    with pytest.raises(AppendOnlyError):
        audit.delete()
    with pytest.raises(AppendOnlyError):
        ExportAudit.objects.all().update(row_count=0)


def test_appending_new_events_still_works(event, user):
    second = ledger.record(user, Purpose.SMS_MARKETING, Action.WITHDRAWN, event.text, Source.ADMIN)
    assert list(ConsentEvent.objects.filter(user=user).order_by("id")) == [event, second]
