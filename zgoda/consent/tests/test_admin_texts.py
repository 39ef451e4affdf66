"""Staff publish new text versions in the admin; a published version is read-only."""

import pytest

from conftest import make_user
from zgoda.consent.internal.flows import texts
from zgoda.consent.models import ConsentText, Purpose, text_sha256

from .conftest import current, page

ADD = "/admin/consent/consenttext/add/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("boss@example.com", phone="+48500999999", is_staff=True, is_superuser=True))
    return client


def test_publishing_a_new_version_in_the_admin(admin_client):
    old = current(Purpose.SMS_MARKETING)
    response = admin_client.post(ADD, {
        "purpose": "sms_marketing", "language": "pl", "version": "2.0", "label": "Nowa zgoda",
        "body": "Nowa treść", "material": "on", "change_note": "Doszły MMS-y.",
    })
    assert response.status_code == 302, page(response)
    new = ConsentText.objects.get(version="2.0", purpose="sms_marketing")
    assert new.published_by == "boss@example.com" and new.sha256 == text_sha256("Nowa zgoda", "Nowa treść")
    assert texts.current_text(Purpose.SMS_MARKETING) == new
    assert ConsentText.objects.get(pk=old.pk).body == old.body


@pytest.mark.parametrize(("language", "labels"), [("pl", ("Cel:", "Język:", "Wersja:")),
                                                  ("en", ("Purpose:", "Language:", "Version:"))])
def test_the_add_forms_labels_are_written_alike(admin_client, language, labels):
    body = page(admin_client.get(ADD, HTTP_ACCEPT_LANGUAGE=language))
    for label in labels:
        assert f">{label}</label>" in body, label


def test_material_version_needs_a_note_on_what_changed(admin_client):
    response = admin_client.post(ADD, {
        "purpose": "sms_marketing", "language": "pl", "version": "2.0", "label": "x", "body": "y", "material": "on",
    })
    assert response.status_code == 200 and "Przy istotnej zmianie opisz, co się zmieniło." in page(response)
    assert not ConsentText.objects.filter(version="2.0").exists()


def test_a_version_label_cannot_be_reused(admin_client):
    response = admin_client.post(ADD, {
        "purpose": "terms", "language": "pl", "version": "1.0", "label": "x", "body": "y", "change_note": "z",
    })
    assert response.status_code == 200
    assert ConsentText.objects.filter(purpose="terms", language="pl").count() == 1


def test_published_version_is_shown_read_only_and_cannot_be_changed(admin_client):
    text = current(Purpose.TERMS)
    url = f"/admin/consent/consenttext/{text.pk}/change/"
    body = page(admin_client.get(url))
    assert text.sha256 in body and "Opublikuj nową wersję na podstawie tej" in body
    assert 'name="body"' not in body
    assert admin_client.post(url, {"body": "zmiana"}).status_code == 403
    assert admin_client.get(f"/admin/consent/consenttext/{text.pk}/delete/").status_code == 403
    assert ConsentText.objects.get(pk=text.pk).body == text.body


def test_new_version_form_starts_from_the_chosen_version(admin_client):
    text = current(Purpose.TERMS)
    body = page(admin_client.get(f"{ADD}?from={text.pk}"))
    assert text.body.splitlines()[0] in body


def test_a_version_label_with_control_characters_is_refused(admin_client):
    response = admin_client.post(ADD, {
        "purpose": "terms", "language": "pl", "version": "2\x071", "label": "x", "body": "y", "change_note": "z",
    })
    assert response.status_code == 200
    assert "Wersja nie może zawierać znaków sterujących." in page(response)
    assert not ConsentText.objects.filter(purpose="terms", version__startswith="2").exists()
