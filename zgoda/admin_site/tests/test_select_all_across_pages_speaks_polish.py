"""On a list longer than a page, "select all across pages" names the kind before the count, as
the paginator does ("Użytkownicy: zaznacz wszystkie (102)"), never Django's "Zaznacz wszystkie
102 użytkownicy", which puts the wrong case after a number in Polish."""

import pytest
from django.contrib.auth import get_user_model

from conftest import make_user


@pytest.mark.parametrize(("language", "words"), [("pl", "Użytkownicy: zaznacz wszystkie (102)"),
                                                 ("en", "Users: select all (102)")])
def test_select_all_across_pages_names_the_kind_then_the_count(client, db, language, words):
    owner = make_user("szef@example.com", phone="+48500900900", is_staff=True, is_superuser=True)
    get_user_model().objects.bulk_create(get_user_model()(username=f"k{i}", email=f"k{i}@example.com")
                                         for i in range(101))
    client.force_login(owner)
    page = client.get("/admin/auth/user/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert words in page
    assert "Zaznacz wszystkie 102" not in page and "Select all 102" not in page
