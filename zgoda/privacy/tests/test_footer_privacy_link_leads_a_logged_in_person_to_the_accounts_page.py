"""The footer's "Privacy" link on every page: a logged-in person gets their account's own
privacy page (/accounts/privacy/), a logged-out one the number's (/privacy/, a code to the phone)."""

import re

import pytest

from conftest import make_user

FOOTER_LINK = re.compile(r'<footer class="bottom">.*?<a href="([^"]+)"', re.DOTALL)


def footer_link(response) -> str:
    """Where the footer's privacy link (its first link) leads."""
    assert response.status_code == 200
    return FOOTER_LINK.search(response.content.decode()).group(1)


@pytest.mark.parametrize("url", ["/", "/privacy/", "/accounts/consents/"])
def test_a_logged_in_person_gets_the_accounts_privacy_page(client, db, url):
    client.force_login(make_user())
    assert footer_link(client.get(url)) == "/accounts/privacy/"
    assert client.get("/accounts/privacy/").status_code == 200


@pytest.mark.parametrize("url", ["/", "/privacy/", "/accounts/login/"])
def test_a_logged_out_person_gets_the_number_flow(client, db, url):
    assert footer_link(client.get(url)) == "/privacy/"
    assert footer_link(client.get(url, HTTP_ACCEPT_LANGUAGE="en")) == "/privacy/"
