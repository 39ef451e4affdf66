"""Signup requires the terms and privacy policy box; it is recorded with the account."""

from django.contrib.auth import get_user_model

from conftest import PASSWORD
from zgoda.consent.models import ConsentEvent, Purpose, Source

from .conftest import page, publish, terms_value

SIGNUP = "/accounts/signup/"


def _signup(client, **extra):
    return client.post(SIGNUP, {"email": "ewa@example.com", "password1": PASSWORD, "password2": PASSWORD, **extra})


def test_signup_form_shows_a_required_terms_box_with_links(client, db):
    body = page(client.get(SIGNUP))
    assert 'name="consent_terms"' in body and "required" in body.split('name="consent_terms"')[1].split(">")[0]
    assert "Regulamin – pełna treść (wersja 1.0)" in body
    assert "Polityka prywatności – pełna treść (wersja 1.0)" in body


def test_signup_without_the_terms_box_is_refused_and_creates_nothing(client, db):
    response = _signup(client)
    assert response.status_code == 200
    assert "Zaznacz to pole, aby kontynuować." in page(response)
    assert not get_user_model().objects.exists()


def test_signup_with_the_box_records_terms_and_privacy_grants(client, db):
    response = _signup(client, consent_terms=terms_value())
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ewa@example.com")
    recorded = ConsentEvent.objects.filter(user=user)
    assert {e.purpose for e in recorded} == {Purpose.TERMS, Purpose.PRIVACY}
    assert {e.source for e in recorded} == {Source.SIGNUP}
    assert all(e.action == "granted" and e.ip == "127.0.0.1" for e in recorded)


def test_signup_with_a_stale_terms_version_is_refused(client, db):
    stale = terms_value()
    publish(Purpose.TERMS, "2.0")
    response = _signup(client, consent_terms=stale)
    assert "Treść tej zgody zmieniła się" in page(response)
    assert not get_user_model().objects.exists()
