"""Signup without enumeration: the address is proved by an e-mailed code before the account can
log in, so a taken address gets the same answer as a new one, and a throw-away account cannot
ask for any SMS before it proved an e-mail."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from conftest import PASSWORD, PHONE, make_user, sms_to, verify_email_by_code
from zgoda.consent.tests.conftest import terms_value

from .conftest import page

SIGNUP = "/accounts/signup/"
ENROLL = "/accounts/2fa/sms/"


def signup(client, email):
    return client.post(SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD,
                                "consent_terms": terms_value()})


def test_a_taken_address_gets_the_same_answer_as_a_new_one(client, django_user_model, db):
    make_user("taken@example.com")
    from django.test import Client

    other = Client()
    taken, new = signup(client, "taken@example.com"), signup(other, "new@example.com")
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"]) == (302, "/accounts/confirm-email/")
    taken_page, new_page = page(client.get(taken["Location"])), page(other.get(new["Location"]))
    assert "already registered" not in taken_page and "już zarejestrowany" not in taken_page
    for body in (taken_page, new_page):
        assert 'name="code"' in body
    # Each address gets one e-mail: a code for the new one, a notice for the taken one.
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.com", "taken@example.com"]
    assert get_user_model().objects.filter(email="taken@example.com").count() == 1


def test_signup_asks_for_the_e_mailed_code_and_then_logs_in(client, db):
    signup(client, "ewa@example.com")
    assert not EmailAddress.objects.get(email="ewa@example.com").verified
    assert client.get(ENROLL).status_code == 302  # not logged in before the code
    response = verify_email_by_code(client, "ewa@example.com")
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ewa@example.com").verified
    assert client.get(ENROLL).status_code == 200


def test_an_unverified_account_cannot_log_in_without_the_code(client, db):
    signup(client, "ewa@example.com")
    client.logout()
    mail.outbox.clear()
    cache.clear()  # allauth sends a verification e-mail at most once per 10 s
    response = client.post("/accounts/login/", {"login": "ewa@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert client.get(ENROLL)["Location"].startswith("/accounts/")
    assert sms_to(PHONE) == []


def test_an_unverified_account_cannot_reach_sms_enrollment(client, db):
    user = get_user_model().objects.create_user("throwaway@example.com", "throwaway@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    client.force_login(user)  # however it got a session, it has not proved its address
    response = client.post(ENROLL, {"phone": "500 100 200", "consent_terms": terms_value()})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm-email/")
    assert sms_to(PHONE) == []
    # The code e-mailed to the address opens it.
    verify_email_by_code(client, "throwaway@example.com")
    assert client.get(ENROLL).status_code == 200


@pytest.mark.parametrize("staff", [True, False])
def test_demo_accounts_are_verified(db, staff):
    from django.core.management import call_command

    call_command("demo_users", stdout=open("/dev/null", "w"))
    users = get_user_model().objects.filter(is_staff=staff)
    assert users.exists()
    for user in users:
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
