"""The marketing numbers' admin says how each number was confirmed in words of the reader's
language ("włączenie 2FA", "turning on 2FA"), never the stored slug ("twofa_enrollment"), on
the list and on a number's own page."""

import pytest

from conftest import make_user
from zgoda.consent.internal.flows import contacts

LIST = "/admin/consent/contactpoint/"


@pytest.mark.parametrize(("language", "words"), [("pl", "włączenie 2FA"), ("en", "turning on 2FA")])
@pytest.mark.parametrize("via", ["twofa_enrollment", "twofa_enroll"])
def test_contact_points_say_in_words_how_the_number_was_confirmed(client, db, language, words, via):
    point = contacts.set_contact(make_user("anna@example.com"), "+48500100200", via=via)
    client.force_login(make_user("szef@example.com", phone="+48500900900", is_staff=True, is_superuser=True))
    for url in (LIST, f"{LIST}{point.pk}/change/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert words in html, url
        assert via not in html, url
