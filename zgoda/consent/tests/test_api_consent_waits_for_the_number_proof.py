"""A consent a shop posts through the API waits outside the ledger until a code of the API's
verification proves the number (double opt-in); then it is the number-only subject's, in the
audience, the export and the marketing numbers, with the shop's time, IP, browser, label
and customer reference as the proof. It never touches an account."""

from django.core.management import call_command
from django.db import connection

from conftest import make_user
from zgoda.consent import api
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, ContactPoint, NumberSubject, PendingConsent, Purpose

from .number_only import NUMBER, SHOP_IP, SHOP_UA, number_only, post_consent, prove


def audience_rows():
    sql, params = api.audience_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def exported(tmp_path) -> str:
    target = tmp_path / "out.csv"
    call_command("export_consents", "--output", str(target))
    return target.read_text()


def streamed(fmt="csv") -> str:
    return b"".join(api.marketing_numbers(fmt, actor="test")).decode()


def test_pending_consent_is_in_no_audience_export_or_ledger(db, tmp_path):
    answer = post_consent()
    assert answer["status"] == "pending" and answer["phone"] == NUMBER and answer["version"] == "1.0"
    assert answer["expires_at"] is not None
    assert PendingConsent.objects.count() == 1 and ConsentEvent.objects.count() == 0
    assert audience_rows() == [] and api.audience_count() == 0 and validity.count_valid() == 0
    assert NUMBER not in exported(tmp_path) and NUMBER not in streamed()


def test_proof_of_the_number_puts_it_in_the_audience_and_the_export(db, tmp_path):
    post_consent()
    prove()
    assert PendingConsent.objects.count() == 0
    rows = audience_rows()
    assert [(user_id, phone) for user_id, phone, _at in rows] == [(None, NUMBER)]
    assert api.audience_count() == 1 and api.audience_count(twofa=True) == 0 and api.audience_count(twofa=False) == 1
    assert f"{NUMBER}," in exported(tmp_path) and f"{NUMBER}," in streamed()
    assert api.still_valid([(None, NUMBER), (None, "+48510200301")]) == {(None, NUMBER)}


def test_the_ledger_keeps_the_shops_proof_and_no_account(db):
    post_consent(given_at="2026-01-10T10:00:00+01:00")
    prove()
    event = ConsentEvent.objects.get()
    assert event.user_id is None and event.number_subject_id is not None
    assert (event.source, event.purpose, event.action) == ("api", Purpose.SMS_MARKETING, "granted")
    assert (event.ip, event.user_agent, event.phone, event.label) == (SHOP_IP, SHOP_UA, NUMBER, "Chcę SMS-y z ofertami")
    assert event.details["reference"] == "klient-42" and event.details["api_key_id"] == 7
    assert event.details["given_at"].startswith("2026-01-10T")
    contact = ContactPoint.objects.get()
    assert contact.user_id is None and contact.via == "api" and contact.phone == NUMBER


def test_another_proof_purpose_confirms_nothing(db):
    post_consent()
    prove(purpose="login")
    assert PendingConsent.objects.count() == 1 and ConsentEvent.objects.count() == 0


def test_a_number_proved_minutes_before_the_post_is_confirmed_at_once(db):
    prove()
    answer = post_consent()
    assert answer["status"] == "confirmed" and answer["expires_at"] is None
    assert api.audience_count() == 1


def test_confirm_pending_does_what_the_signal_does(db):
    post_consent()
    post_consent(purpose="terms")
    assert api.confirm_pending(NUMBER, api_key_id=7) == 2
    assert api.audience_count() == 1 and ConsentEvent.objects.count() == 2
    assert api.confirm_pending(NUMBER, api_key_id=7) == 0


def test_another_keys_verification_confirms_nothing(db):
    """Each shop's double opt-in is its own: key 2's verification proves nothing for what key 1 posted."""
    post_consent(api_key_id=1)
    prove(api_key_id=2)
    assert api.audience_count() == 0 and ConsentEvent.objects.count() == 0
    assert post_consent(api_key_id=1)["status"] == "pending"  # nor does key 2's proof a minute ago
    prove(api_key_id=1)
    assert api.audience_count() == 1


def test_a_proof_before_forget_this_number_confirms_nothing_after(db):
    from zgoda.lib.personal_data import Number
    from zgoda.privacy.internal.flows import erasure

    number_only()
    erasure.erase(Number(NUMBER))
    assert post_consent()["status"] == "pending"  # the same key posts again within the window


def test_two_shops_posting_the_same_number_make_one_subject(db):
    post_consent(api_key_id=1)
    post_consent(api_key_id=2, reference="inny-sklep-9")
    prove(api_key_id=1)
    prove(api_key_id=2)
    assert NumberSubject.objects.count() == 1 and ContactPoint.objects.count() == 1
    assert api.audience_count() == 1


def test_an_account_with_the_same_number_is_a_separate_subject(db):
    person = make_user("ola@example.com", phone=NUMBER)
    post_consent()
    prove()
    assert not ConsentEvent.objects.filter(user=person).exists()
    assert ContactPoint.objects.filter(user=person).count() == 0
    assert api.account_overview(person)["marketing_granted"] is False


def test_a_new_verification_confirms_the_number_only_subjects_number_again(db):
    import time_machine
    from django.utils import timezone

    number_only()
    first = ContactPoint.objects.get().confirmed_at
    with time_machine.travel(timezone.now() + timezone.timedelta(days=40)):
        prove()  # nothing pending: the number counts as confirmed now (numbers get recycled)
    assert ContactPoint.objects.get().confirmed_at > first + timezone.timedelta(days=39)
