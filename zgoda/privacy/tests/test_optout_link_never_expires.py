"""An opt-out link never stops withdrawing: the SMS that carried it may be read years later,
and "this link expired, nothing changed" would keep sending marketing to someone who asked
us to stop."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import PHONE
from zgoda.consent.internal.flows import ledger, validity
from zgoda.consent.models import Purpose, Suppression
from zgoda.privacy import api as optout
from zgoda.privacy.models import OptOutToken

from .conftest import consenting, page


def test_a_two_year_old_link_still_withdraws(client, db):
    person = consenting()
    token = optout.issue_optout_tokens([(person.pk, PHONE)])[0]
    assert validity.marketing_valid(person)
    with time_machine.travel(timezone.now() + timedelta(days=2 * 365 + 1), tick=False):
        shown = client.get(f"/o/{token}")
        assert shown.status_code == 200 and "Wypisz mnie" in page(shown)
        response = client.post(f"/o/{token}")
    assert response.status_code == 200 and "Gotowe: wypisaliśmy Twój numer" in page(response)
    state = ledger.state_of(person, Purpose.SMS_MARKETING)
    assert state.granted is False and state.source == "optout_link"
    assert Suppression.objects.filter(reason="optout_link").exists()
    assert OptOutToken.objects.get(pk=token).used_at is not None
    assert not validity.marketing_valid(person)


def test_a_ten_year_old_link_of_a_number_without_account_still_suppresses_it(client, db):
    token, = optout.issue_optout_tokens([(None, "+48600200300")])
    with time_machine.travel(timezone.now() + timedelta(days=3653), tick=False):
        assert client.post(f"/o/{token}").status_code == 200
    assert optout.is_suppressed("+48600200300")
