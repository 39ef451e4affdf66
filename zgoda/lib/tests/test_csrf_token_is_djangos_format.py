"""The pages' csrf_token (lib.csrf_token, a context processor over Django's built-in one) is a
token in Django's format: a fresh mask each time, the cookie's secret enciphered with it, which
Django's CSRF middleware accepts; its use sends the cookie, as Django's get_token() does."""

import re

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_TOKEN_LENGTH,
    _get_new_csrf_string,
    _unmask_cipher_token,
    get_token,
)
from django.test import Client, RequestFactory

from zgoda.lib.csrf_token import csrf, masked_token


def request_with_secret(secret):
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret
    return request


def test_the_token_unmasks_to_the_cookies_secret_with_a_new_mask_each_time():
    secret = _get_new_csrf_string()
    request = request_with_secret(secret)
    tokens = [masked_token(request) for _ in range(200)]
    assert all(len(token) == CSRF_TOKEN_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS) for token in tokens)
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert len({token[:32] for token in tokens}) == 200
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_the_masks_use_every_character():
    request = request_with_secret(_get_new_csrf_string())
    assert set("".join(masked_token(request)[:32] for _ in range(200))) == set(CSRF_ALLOWED_CHARS)


def test_a_request_without_a_secret_gets_one_from_django():
    request = RequestFactory().get("/")
    assert _unmask_cipher_token(masked_token(request)) == request.META["CSRF_COOKIE"]


@pytest.mark.parametrize("secret", ["!" * 32, "é" * 32])
def test_an_odd_secret_fails_as_in_django(secret):
    # The middleware replaces a malformed cookie before any page renders; were one left, the same error.
    with pytest.raises(ValueError):
        get_token(request_with_secret(secret))
    with pytest.raises(ValueError):
        masked_token(request_with_secret(secret))


def test_the_context_value_is_composed_only_when_a_page_uses_it():
    request = request_with_secret(_get_new_csrf_string())
    token = csrf(request)["csrf_token"]
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
    assert _unmask_cipher_token(str(token)) == request.META["CSRF_COOKIE"]


@pytest.mark.django_db
def test_a_form_posted_with_the_pages_token_is_accepted_and_one_without_it_is_refused():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
    assert client.post("/accounts/login/", {"login": "nobody@zgoda.test", "password": "x"}).status_code == 403
    refused = client.post("/accounts/login/", {"login": "nobody@zgoda.test", "password": "x", "csrfmiddlewaretoken": token})
    assert refused.status_code == 200  # the form's own error: the token passed
