"""The shop's front page after a login: the login's message says who is logged in, and the
page's own card names the account without repeating that sentence."""

from django.test import Client

from conftest import login_password, make_user


def test_after_a_login_the_sentence_is_said_once_and_the_card_names_the_account(db):
    make_user()
    client = Client()
    response = login_password(client)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert page.count("Zalogowano jako anna@example.com") == 1
    assert "Twoje konto: anna@example.com" in page
    assert "Zalogowano jako" not in client.get("/").content.decode(), "the message went with the first page"


def test_the_card_speaks_english_too(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user(), backend="zgoda.accounts.backends.EmailAuthenticationBackend")
    assert "Your account: anna@example.com" in client.get("/").content.decode()
