"""The owner's panel carries the shop's name (ZGODA_SITE_NAME) in its header and in the
browser's title, in Polish and English, and never says "Django administration"."""

import re

import pytest

from conftest import make_user


@pytest.mark.parametrize(("language", "header"), [("pl", "Sklep Pod Lipą: panel sklepu"),
                                                  ("en", "Sklep Pod Lipą: shop panel")])  # fmt: skip
def test_admin_header_and_title_name_the_shop(client, db, settings, language, header):
    settings.ZGODA_SITE_NAME = "Sklep Pod Lipą"
    client.force_login(make_user("szef@example.com", phone="+48500900900", is_staff=True, is_superuser=True))
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    site_name = re.search(r'<div id="site-name">(.*?)</div>', html, re.S).group(1)
    assert title.endswith("| Sklep Pod Lipą")
    assert f">{header}</a>" in site_name
    assert "Django" not in title + site_name
