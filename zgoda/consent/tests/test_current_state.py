"""Current state is derived from the latest event per person and purpose."""

import pytest

from conftest import make_user
from zgoda.consent.internal.flows import ledger
from zgoda.consent.models import Action, ConsentState, Purpose, Source

from .conftest import current


def _record(user, purpose, action):
    return ledger.record(user, purpose, action, current(purpose), Source.ADMIN)


def test_latest_event_decides_and_purposes_stay_separate(user):
    _record(user, Purpose.SMS_MARKETING, Action.GRANTED)
    _record(user, Purpose.TWOFA, Action.GRANTED)
    last = _record(user, Purpose.SMS_MARKETING, Action.WITHDRAWN)
    assert not ledger.holds(user, Purpose.SMS_MARKETING)
    assert ledger.holds(user, Purpose.TWOFA)
    assert ledger.state_of(user, Purpose.SMS_MARKETING).event == last


def test_state_kept_beside_the_ledger_equals_the_one_derived_from_the_ledger_alone(db):
    people = [make_user(f"p{i}@example.com") for i in range(4)]
    for i, person in enumerate(people):
        for n in range(i + 1):
            _record(person, Purpose.SMS_MARKETING, Action.GRANTED if n % 2 == 0 else Action.WITHDRAWN)
    derived = ledger.derived_states()
    kept = {(s.user_id, s.purpose): s.event_id for s in ConsentState.objects.all()}
    assert kept == derived


def test_rebuild_restores_a_lost_state_from_the_ledger(user):
    _record(user, Purpose.SMS_MARKETING, Action.GRANTED)
    withdrawn = _record(user, Purpose.SMS_MARKETING, Action.WITHDRAWN)
    ConsentState.objects.all().delete()
    assert ledger.rebuild_state() == 1
    state = ledger.state_of(user, Purpose.SMS_MARKETING)
    assert state.event == withdrawn and not state.granted


def test_a_text_of_another_purpose_is_refused(user):
    with pytest.raises(ledger.LedgerError):
        ledger.record(user, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.TERMS), Source.ADMIN)
    with pytest.raises(ledger.LedgerError):
        ledger.record(user, "newsletter", Action.GRANTED, current(Purpose.TERMS), Source.ADMIN)
    assert not ConsentState.objects.exists()
