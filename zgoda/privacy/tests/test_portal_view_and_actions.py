"""After the code: on the list or not, each purpose with state, legal basis, version (full
text viewable), dates and form; marketing SMS of the last 12 months; withdraw in one
click; one JSON file with everything. /accounts/privacy/ shows a logged-in person the same."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PHONE, last_code, make_user
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, ConsentText, Purpose
from zgoda.privacy.models import DataSubjectRequest
from zgoda.sms.models import Message

from .conftest import CODE, ME, PORTAL, consenting, marketing_sms, page


def verified(client, phone="500 100 200"):
    client.post(PORTAL, {"phone": phone})
    _, code = last_code(PHONE)
    assert client.post(CODE, {"code": code})["Location"] == ME
    return client


@pytest.fixture
def person(db):
    someone = consenting()
    marketing_sms(PHONE, 2, tag="Wiosenna promocja")
    old = marketing_sms(PHONE, 1, tag="Stara kampania 2024")[0]
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    return someone


def test_view_shows_list_state_basis_version_dates_form_and_recent_marketing(client, person):
    body = page(verified(client).get(ME))
    assert "jesteś na liście" in body
    assert "zgoda: RODO art. 6 ust. 1 lit. a" in body
    assert "umowa: RODO art. 6 ust. 1 lit. b (regulamin sklepu)" in body
    text = ConsentText.objects.filter(purpose=Purpose.SMS_MARKETING, language="pl").latest("published_at")
    assert f'href="/accounts/consents/texts/{text.pk}/"' in body and f"wersja {text.version} (pełna treść)" in body
    assert client.get(f"/accounts/consents/texts/{text.pk}/").status_code == 200  # readable without an account
    given = ConsentEvent.objects.filter(user=person, purpose=Purpose.SMS_MARKETING).latest("id").created_at
    assert timezone.localtime(given).strftime("%H:%M") in body
    assert "włączenie 2FA" in body and "formularz: twofa_enroll" in body
    assert body.count("Wiosenna promocja") == 2 and "Stara kampania 2024" not in body
    assert "Kod" not in body.split('data-testid="marketing-messages"')[1].split("</section>")[0]


def test_withdraw_is_one_click_and_shows_the_new_state(client, person):
    verified(client)
    response = client.post("/privacy/me/withdraw/", follow=True)
    body = page(response)
    assert "Zgoda na SMS-y marketingowe została wycofana" in body and "nie jesteś na liście" in body
    assert not validity.marketing_valid(person)
    event = ConsentEvent.objects.filter(user=person).latest("id")
    assert (event.action, event.source, event.label) == ("withdrawn", "privacy_portal", "Wycofuję zgodę")
    assert DataSubjectRequest.objects.filter(kind="withdrawal", channel="portal").count() == 1
    again = page(client.post("/privacy/me/withdraw/", follow=True))
    assert "nie ma czego wycofywać" in again


def test_download_is_one_json_file_with_account_consents_devices_messages_and_audit(client, person):
    verified(client)
    response = client.post("/privacy/me/download/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="moje-dane-')
    data = json.loads(response.content)
    assert data["phones"] == [PHONE]
    account, = data["accounts"]
    assert account["email"] == "anna@example.com"
    assert account["sms_two_factor"]["phone"] == PHONE
    assert {e["purpose"] for e in account["consent_history"]} >= {"terms", "sms_marketing"}
    assert "trusted_devices" in account and "audit_events" in account
    assert any(e["event"] == "code_sent" for e in account["audit_events"])
    kinds = [m["kind"] for m in data["sms_sent_to_you"]]
    assert kinds.count("marketing") == 3 and "otp" in kinds
    assert DataSubjectRequest.objects.filter(kind="download", channel="portal").count() == 1


def test_number_known_only_from_the_sms_log_sees_messages_and_no_account(client, db):
    marketing_sms(PHONE, 1, tag="Kampania bez konta")
    body = page(verified(client).get(ME))
    assert "nie jesteś na liście" in body and "nie należy do żadnego konta" in body
    assert "Kampania bez konta" in body


def test_logged_in_person_sees_the_same_at_accounts_privacy(client, person):
    client.force_login(person)
    body = page(client.get("/accounts/privacy/"))
    assert "jesteś na liście" in body and "RODO art. 6 ust. 1 lit. a" in body and "Wiosenna promocja" in body
    data = json.loads(client.post("/accounts/privacy/download/").content)
    assert data["accounts"][0]["email"] == "anna@example.com"
    client.post("/accounts/privacy/withdraw/")
    assert not validity.marketing_valid(person)
    channels = set(DataSubjectRequest.objects.values_list("channel", flat=True))
    assert channels == {"account"}


def test_accounts_privacy_needs_a_login(client, db):
    response = client.get("/accounts/privacy/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_account_without_number_has_nothing_on_the_list(client, db):
    client.force_login(make_user("bez@example.com"))
    body = page(client.get("/accounts/privacy/"))
    assert "nie jesteś na liście" in body
