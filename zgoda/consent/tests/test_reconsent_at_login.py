"""After a material change, the next login shows what changed, once, after the SMS step;
"not now" leaves marketing invalid and never blocks login."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.test.utils import CaptureQueriesContext
from django.contrib.auth import SESSION_KEY

from conftest import PHONE, last_code, login_password, run_worker
from zgoda.consent.internal.flows import ledger, validity
from zgoda.consent.models import Action, ContactPoint, Purpose, Source

from .conftest import current, events, page, publish

REVIEW = "/accounts/consents/review/"


@pytest.fixture
def consented(user_2fa):
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    ContactPoint.objects.create(user=user_2fa, phone=PHONE)
    return user_2fa


def _through_sms_step(client):
    login_password(client)
    _, code = last_code()
    return client.post("/accounts/2fa/challenge/", {"code": code})


def test_material_change_shows_the_review_page_after_the_sms_step(client, consented):
    new = publish(Purpose.SMS_MARKETING, "2.0", change_note="Dodaliśmy SMS-y o nowościach.")
    response = _through_sms_step(client)
    assert response.status_code == 302 and response["Location"] == REVIEW
    assert SESSION_KEY not in client.session
    body = page(client.get(REVIEW))
    assert "Dodaliśmy SMS-y o nowościach." in body and new.label in body
    assert "Wyrażam zgodę na nową treść" in body and "Nie teraz" in body


def test_not_now_logs_in_leaves_marketing_invalid_and_is_not_asked_again(client, consented):
    publish(Purpose.SMS_MARKETING, "2.0")
    _through_sms_step(client)
    response = client.post(REVIEW, {"choice": "later"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(consented.pk)
    assert not validity.marketing_valid(consented)
    client.logout()
    response = _through_sms_step(client)
    assert response["Location"] == "/" and client.session[SESSION_KEY] == str(consented.pk)


def test_grant_on_the_review_page_makes_marketing_valid_again(client, consented):
    new = publish(Purpose.SMS_MARKETING, "2.0")
    _through_sms_step(client)
    response = client.post(REVIEW, {"choice": "grant", "version": str(new.pk)})
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(consented.pk)
    last = events(consented, Purpose.SMS_MARKETING)[-1]
    assert last.source == Source.RECONSENT and last.text == new
    assert validity.marketing_valid(consented)


def test_non_material_change_asks_nothing(client, consented):
    publish(Purpose.SMS_MARKETING, "1.1", material=False)
    response = _through_sms_step(client)
    assert response["Location"] == "/"


def test_people_without_a_marketing_consent_are_never_asked(client, user_2fa):
    publish(Purpose.SMS_MARKETING, "2.0")
    response = _through_sms_step(client)
    assert response["Location"] == "/"


def test_review_page_is_not_reachable_before_the_sms_code(client, consented):
    publish(Purpose.SMS_MARKETING, "2.0")
    login_password(client)
    response = client.get(REVIEW)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/challenge/"
    assert SESSION_KEY not in client.session


def test_stale_version_on_the_review_page_changes_nothing(client, consented):
    old = current(Purpose.SMS_MARKETING)
    publish(Purpose.SMS_MARKETING, "2.0")
    _through_sms_step(client)
    response = client.post(REVIEW, {"choice": "grant", "version": str(old.pk)})
    assert response.status_code == 302 and response["Location"] == REVIEW
    assert len(events(consented, Purpose.SMS_MARKETING)) == 1
    assert SESSION_KEY not in client.session


def test_a_material_change_after_a_non_material_one_still_asks_about_the_newest(client, consented):
    publish(Purpose.SMS_MARKETING, "2.0")
    newest = publish(Purpose.SMS_MARKETING, "2.1", material=False)
    assert _through_sms_step(client)["Location"] == REVIEW
    assert newest.label in page(client.get(REVIEW))


def test_a_trusted_browser_that_skips_the_code_is_asked_too(client, consented):
    login_password(client)
    assert client.post("/accounts/2fa/challenge/", {"code": last_code()[1], "trust_device": "on"})["Location"] == "/"
    client.post("/accounts/logout/")
    publish(Purpose.SMS_MARKETING, "2.0")
    response = login_password(client)  # no code: the number is not proved, the consent is read on its own
    assert response.status_code == 302 and response["Location"] == REVIEW


def test_the_code_check_reads_the_consent_and_only_the_reconfirmation_is_its_own_statement(client, consented):
    """The code's own read says whether the marketing number is this one and whether the
    re-consent step has anything to ask (accounts.api.read_with_code_check); the number's
    re-confirmation is the one statement of the consent app's own (there were three)."""
    month_ago = timezone.now() - timedelta(days=30)
    ContactPoint.objects.filter(user=consented).update(confirmed_at=month_ago)
    login_password(client)
    with CaptureQueriesContext(connection) as captured:
        assert client.post("/accounts/2fa/challenge/", {"code": last_code()[1]})["Location"] == "/"
    consent = [q["sql"] for q in captured.captured_queries if '"consent_' in q["sql"]]
    assert len(consent) == 2, consent
    assert '"accounts_onetimecode"' in consent[0].split(" FROM ")[-1] and consent[0].startswith("SELECT"), consent[0]
    assert consent[1].startswith('UPDATE "consent_contactpoint"'), consent
    assert ContactPoint.objects.get(user=consented).confirmed_at > month_ago + timedelta(days=29)


def test_a_material_change_is_asked_about_once_more_after_not_now_elsewhere(client, consented):
    """The question read with the code knows a "not now" said in another browser."""
    publish(Purpose.SMS_MARKETING, "2.0")
    other = Client()
    _through_sms_step(other)
    other.post(REVIEW, {"choice": "later"})
    assert _through_sms_step(client)["Location"] == "/"


def test_a_login_completed_on_the_review_page_still_sends_the_new_device_email(client, consented):
    publish(Purpose.SMS_MARKETING, "2.0")
    assert _through_sms_step(client)["Location"] == REVIEW
    assert mail.outbox == [], "the login is not complete yet"
    client.post(REVIEW, {"choice": "later"})
    assert [m.subject for m in mail.outbox] == ["Nowe logowanie do Twojego konta"]
    client.post("/accounts/logout/")
    _through_sms_step(client)  # the same browser again, nothing more to ask
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]


def test_with_the_database_queue_the_review_pages_login_event_carries_the_email(database_queue, consented):
    from zgoda.accounts.models import AuditEvent

    publish(Purpose.SMS_MARKETING, "2.0")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_password(client)
    run_worker(queue_name="sms")
    assert client.post("/accounts/2fa/challenge/", {"code": last_code()[1]})["Location"] == REVIEW
    client.post(REVIEW, {"choice": "later"})
    event = AuditEvent.objects.filter(event=AuditEvent.Event.LOGIN_OK).latest("id")
    assert event.notice_due and event.details["language"] == "en"
    run_worker()
    assert [m.subject for m in mail.outbox] == ["New login to your account"]
