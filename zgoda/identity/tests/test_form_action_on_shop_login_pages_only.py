"""Content-Security-Policy form-action names a registered client's origin on the pages whose
forms end at that shop (login, SMS code, consent, logout of a shop's login) and nowhere else."""

from urllib.parse import quote

from conftest import PASSWORD

from .conftest import authorize_url

SHOP_ORIGIN = "http://localhost:8001"


def form_action(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("form-action"))


def test_ordinary_pages_allow_only_self(client, shop, db):
    assert form_action(client.get("/accounts/login/")) == "form-action 'self'"
    assert form_action(client.get("/accounts/login/?next=/accounts/consents/")) == "form-action 'self'"


def test_login_page_of_a_shop_login_allows_the_shop(client, shop):
    url, _ = authorize_url(shop)
    assert form_action(client.get(f"/accounts/login/?next={quote(url)}")) == f"form-action 'self' {SHOP_ORIGIN}"


def test_sms_code_page_of_a_shop_login_allows_the_shop(client, shop, customer):
    url, _ = authorize_url(shop)
    response = client.post("/accounts/login/", {"login": "anna@example.com", "password": PASSWORD, "next": url})
    assert response["Location"] == "/accounts/2fa/challenge/"
    assert form_action(client.get("/accounts/2fa/challenge/")) == f"form-action 'self' {SHOP_ORIGIN}"


def test_consent_page_allows_the_shop(client, shop, customer):
    url, _ = authorize_url(shop)
    client.force_login(customer)
    page = client.get(url)
    assert page.status_code == 200 and form_action(page) == f"form-action 'self' {SHOP_ORIGIN}"


def test_logout_page_allows_the_registered_post_logout_origin(client, shop, customer):
    client.force_login(customer)
    page = client.get("/identity/o/logout", {"client_id": shop.id, "post_logout_redirect_uri": "http://localhost:8001/"})
    assert form_action(page) == f"form-action 'self' {SHOP_ORIGIN}"


def test_an_unknown_client_adds_nothing(client, db):
    page = client.get("/accounts/login/?next=" + quote("/identity/o/authorize?client_id=nope&redirect_uri=https://evil.example/"))
    assert form_action(page) == "form-action 'self'"


def test_a_next_with_another_host_adds_nothing(client, shop):
    url, _ = authorize_url(shop)
    page = client.get(f"/accounts/login/?next={quote('https://evil.example' + url)}")
    assert form_action(page) == "form-action 'self'"


def test_a_page_outside_the_login_keeps_self_whatever_its_next(client, shop, customer):
    url, _ = authorize_url(shop)
    for path in ["/privacy/", "/privacy/account-link/", "/accounts/password/reset/"]:
        assert form_action(client.get(f"{path}?next={quote(url)}")) == "form-action 'self'", path
    client.force_login(customer)
    for path in ["/accounts/consents/", "/accounts/password/change/", "/accounts/privacy/"]:
        assert form_action(client.get(f"{path}?next={quote(url)}")) == "form-action 'self'", path
