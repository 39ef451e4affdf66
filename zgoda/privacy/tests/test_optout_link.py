"""/o/<token>: a GET shows one button and changes nothing; the POST withdraws the
recipient's marketing consent; again, unknown or erased tokens get a clear page."""

import pytest

from conftest import PHONE
from zgoda.consent.internal.flows import ledger, validity
from zgoda.consent.models import ConsentEvent, ConsentState, Purpose, Suppression
from zgoda.privacy import api as optout
from zgoda.privacy.models import DataSubjectRequest, OptOutToken

from .conftest import consenting, page


def snapshot():
    return (
        ConsentEvent.objects.count(), list(ConsentState.objects.values_list("granted", flat=True)),
        Suppression.objects.count(), DataSubjectRequest.objects.count(),
        list(OptOutToken.objects.values_list("used_at", flat=True)),
    )


@pytest.fixture
def person(db):
    return consenting()


@pytest.fixture
def token(person):
    return optout.issue_optout_tokens([(person.pk, PHONE)])[0]


def test_get_shows_one_button_and_changes_nothing(client, person, token):
    before = snapshot()
    for _ in range(3):  # a link scanner, a preview, the person
        response = client.get(f"/o/{token}")
        assert response.status_code == 200
        assert page(response).count("Wypisz mnie") == 1 and 'method="post"' in page(response)
    assert client.head(f"/o/{token}").status_code == 200
    assert snapshot() == before and validity.marketing_valid(person)


def test_post_withdraws_the_marketing_consent_only(client, person, token):
    response = client.post(f"/o/{token}")
    assert response.status_code == 200
    assert "Gotowe: wypisaliśmy Twój numer" in page(response)
    assert not validity.marketing_valid(person)
    states = {s.purpose: s for s in ConsentState.objects.filter(user=person)}
    assert not states[Purpose.SMS_MARKETING].granted and states[Purpose.SMS_MARKETING].source == "optout_link"
    assert states[Purpose.TERMS].granted  # nothing else withdrawn
    assert OptOutToken.objects.get(pk=token).used_at is not None
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.kind, dsr.channel, dsr.status) == ("withdrawal", "optout_link", "done")
    assert dsr.deadline > dsr.received_at


def test_second_post_says_it_was_already_done(client, person, token):
    client.post(f"/o/{token}")
    before = snapshot()
    response = client.post(f"/o/{token}")
    assert response.status_code == 200 and "Ten numer jest już wypisany" in page(response)
    assert snapshot() == before


def test_trailing_slash_works_too(client, person, token):
    assert client.get(f"/o/{token}/").status_code == 200


@pytest.mark.parametrize("bad", ["nieznany", "AAAAAAAAA", "a" * 200, "Ab3dE5gH9x"])
def test_unknown_or_malformed_tokens_get_a_clear_404_and_change_nothing(client, person, token, bad):
    before = snapshot()
    for method in (client.get, client.post):
        response = method(f"/o/{bad}")
        assert response.status_code == 404 and "Nie znamy tego linku" in page(response)
    assert snapshot() == before


def test_a_nul_byte_in_the_link_is_a_clear_400_and_changes_nothing(client, person, token):
    before = snapshot()
    for method in (client.get, client.post):
        response = method("/o/%00%27--")
        assert response.status_code == 400 and "Nieprawidłowy adres strony." in page(response)
    assert snapshot() == before


@pytest.mark.parametrize("erased", ["number", "account"])
def test_token_of_a_forgotten_number_or_erased_account_says_so(client, person, token, erased):
    from zgoda.privacy.internal.flows import erasure, subject

    if erased == "number":  # "forget this number" on the portal
        erasure.erase(subject.number(PHONE), DataSubjectRequest.Channel.PORTAL)
    else:
        erasure.erase(subject.account(person), DataSubjectRequest.Channel.ACCOUNT)
    assert OptOutToken.objects.get(pk=token).phone == ""
    before = snapshot()
    for method in (client.get, client.post):
        response = method(f"/o/{token}")
        assert response.status_code == 410 and "zostały na prośbę ich właściciela usunięte" in page(response)
    assert snapshot() == before


def test_token_for_a_number_without_account_suppresses_the_number(client, db):
    token, = optout.issue_optout_tokens([(None, "+48600200300")])
    assert client.post(f"/o/{token}").status_code == 200
    assert optout.is_suppressed("+48600200300")


def test_token_whose_consent_was_withdrawn_elsewhere_reports_done_without_new_withdrawal(client, person, token):
    from zgoda.consent.internal.flows import marketing

    marketing.withdraw(None, person)
    events = ConsentEvent.objects.count()
    assert client.post(f"/o/{token}").status_code == 200
    assert ConsentEvent.objects.count() == events
    assert ledger.state_of(person, Purpose.SMS_MARKETING).granted is False
