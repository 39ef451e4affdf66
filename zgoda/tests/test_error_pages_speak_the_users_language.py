"""The pages a person gets when something is wrong (404, 403, 400, 500 and a form sent without
its CSRF token) are Zgoda's, in the person's language, with a way on: never Django's bare
English "Not Found" or its CSRF page written for developers."""

from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from conftest import make_user


def text(response) -> str:
    return response.content.decode()


def test_an_unknown_address_is_a_polish_page_with_the_site_around_it(client, db):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    page = text(response)
    assert "<h1>Nie ma takiej strony</h1>" in page and "Przejdź na stronę główną" in page
    assert 'name="language" value="en"' in page, "the footer's language switch is there"
    assert "Not Found" not in page


def test_an_unknown_address_speaks_english_to_an_english_browser(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response) and '<html lang="en">' in text(response)


def test_a_customer_at_the_admin_gets_a_polish_no_access_page(client, db):
    client.force_login(make_user(), backend="zgoda.accounts.backends.EmailAuthenticationBackend")
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "<h1>Brak dostępu</h1>" in text(response) and "Wyloguj" in text(response)


def test_a_request_for_a_foreign_host_gets_a_polish_bad_request_page(client, db):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "<h1>Nie udało się otworzyć strony</h1>" in text(response)


def test_the_server_error_page_needs_no_database_and_speaks_the_language(django_assert_num_queries, db):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        for language, title in (("pl", "Coś poszło nie tak"), ("en", "Something went wrong")):
            with translation.override(language):
                response = server_error(request)
            assert response.status_code == 500
            assert f"<h1>{title}</h1>" in text(response) and f'<html lang="{language}">' in text(response)


def test_a_form_sent_without_its_token_says_what_to_do(db):
    browser = Client(enforce_csrf_checks=True)
    no_cookie = browser.post("/accounts/login/", {"login": "anna@example.com", "password": "x"})
    assert no_cookie.status_code == 403
    assert "<h1>Formularz wygasł</h1>" in text(no_cookie) and "włącz ciasteczka" in text(no_cookie)
    assert "csrftoken" in no_cookie.cookies, "the page hands out a token: back and reload is enough"
    browser.get("/accounts/login/")  # the cookie now, but a token from a page long gone
    stale = browser.post("/accounts/login/", {"login": "anna@example.com", "password": "x", "csrfmiddlewaretoken": "x" * 64})
    assert stale.status_code == 403
    assert "odśwież stronę" in text(stale) and "CSRF verification failed" not in text(stale)


def test_a_form_sent_without_its_token_speaks_english_too(db):
    response = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en").post("/accounts/login/", {})
    assert response.status_code == 403 and "<h1>The form has expired</h1>" in text(response)
