"""The opt-out API the campaigns app builds on: tokens in order, unguessable, stored at
scale, looked up by primary key; short URLs; withdrawal by phone number."""

import math
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PHONE, make_user
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, Purpose, Suppression, phone_hash
from zgoda.privacy import api as optout
from zgoda.privacy.internal.flows import tokens
from zgoda.privacy.models import DataSubjectRequest, OptOutToken

from .conftest import consenting


def test_tokens_come_in_recipient_order_and_carry_at_least_48_bits(db):
    people = [(None, f"+4850010{i:04d}") for i in range(300)]
    issued = optout.issue_optout_tokens(people, source="campaign")
    assert len(issued) == 300 and len(set(issued)) == 300
    rows = OptOutToken.objects.in_bulk(issued)
    assert [rows[t].phone for t in issued] == [p for _, p in people]
    assert all(len(t) == 9 and t.isalnum() and t.isascii() for t in issued)
    assert 9 * math.log2(62) >= 48


def test_token_letters_are_evenly_drawn_from_all_62(db):
    letters = "".join(tokens.random_tokens(20000))
    counts = {c: letters.count(c) for c in tokens.ALPHABET}
    expected = len(letters) / 62
    assert set(letters) <= set(tokens.ALPHABET) and len(counts) == 62
    assert all(abs(n - expected) < expected * 0.15 for n in counts.values())


def test_user_ids_are_kept_and_source_recorded(db):
    person = make_user()
    token, = optout.issue_optout_tokens([(person.pk, PHONE)], source="wiosna-2026")
    row = OptOutToken.objects.get(pk=token)
    assert (row.user_id, row.phone, row.source, row.used_at) == (person.pk, PHONE, "wiosna-2026", None)


def test_lookup_by_token_is_one_primary_key_query(db):
    token, = optout.issue_optout_tokens([(None, PHONE)])
    with CaptureQueriesContext(connection) as queries:
        from zgoda.privacy.internal.flows import optout as flow

        assert flow.look_up(token).status == "valid"
    assert len(queries) == 1 and "token" in queries[0]["sql"]


def test_hundred_thousand_tokens_are_issued_quickly(db):
    people = [(None, f"+48500{i:06d}") for i in range(100_000)]
    started = time.perf_counter()
    issued = optout.issue_optout_tokens(people)
    took = time.perf_counter() - started
    assert len(issued) == 100_000 == OptOutToken.objects.count()
    assert took < 15, f"{took:.1f} s for 100,000 tokens"  # about 10x under on this machine


def test_optout_url_joins_the_short_base_url(settings):
    settings.ZGODA_SHORT_BASE_URL = "zgoda.pl/"
    assert optout.optout_url("Ab3dE5gH9") == "zgoda.pl/o/Ab3dE5gH9"
    settings.ZGODA_SHORT_BASE_URL = "https://sklep.example.pl"
    assert optout.optout_url("Ab3dE5gH9") == "https://sklep.example.pl/o/Ab3dE5gH9"


@pytest.mark.parametrize("written", ["+48500100200", "48500100200", "500 100 200", "0048 500-100-200"])
def test_withdraw_by_phone_accepts_the_usual_formats(db, written):
    person = consenting()
    assert validity.marketing_valid(person)
    assert optout.withdraw_marketing_by_phone(written, "sms_reply") is True
    assert not validity.marketing_valid(person)
    event = ConsentEvent.objects.filter(user=person, purpose=Purpose.SMS_MARKETING).order_by("-id").first()
    assert (event.action, event.source) == ("withdrawn", "sms_reply")
    assert Suppression.objects.filter(phone_hash=phone_hash(PHONE)).exists()
    assert DataSubjectRequest.objects.get().kind == "withdrawal"


def test_withdraw_by_phone_without_consent_or_number_says_false_and_changes_no_consent(db):
    person = make_user(phone=PHONE)
    assert optout.withdraw_marketing_by_phone(PHONE, "sms_reply") is False
    assert not ConsentEvent.objects.filter(user=person).exists()
    assert optout.withdraw_marketing_by_phone("to nie numer", "sms_reply") is False


def test_is_suppressed_until_a_newer_consent(db):
    from django.utils import timezone

    assert not optout.is_suppressed(PHONE)
    consenting()
    optout.withdraw_marketing_by_phone(PHONE, "optout_link")
    assert optout.is_suppressed(PHONE)
    assert not optout.is_suppressed(PHONE, consent_given_at=timezone.now())


def test_a_token_already_stored_is_drawn_again(db, monkeypatch):
    first, = optout.issue_optout_tokens([(None, PHONE)])
    draws = iter([[first, "Zzzzzzzz1"], ["Yyyyyyyy2", "Zzzzzzzz1"]])
    monkeypatch.setattr(tokens, "random_tokens", lambda count: next(draws)[:count] if count == 2 else [])
    issued = optout.issue_optout_tokens([(None, "+48600200300"), (None, "+48600200301")])
    assert issued == ["Yyyyyyyy2", "Zzzzzzzz1"]
    assert OptOutToken.objects.get(pk=first).phone == PHONE  # the stored one is untouched
