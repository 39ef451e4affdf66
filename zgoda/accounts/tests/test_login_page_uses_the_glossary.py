"""allauth's login page in Zgoda's words (docs/glossary.md): "Zaloguj się" / "Log in" and
"Zapamiętaj mnie" / "Remember me" in the header, heading, button and box alike; the English
page has no Polish, the Polish page no English."""

import html
import re

import pytest

POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
HIDDEN = re.compile(r"<(script|style|title)\b.*?</\1>", re.S)


def visible(client, lang) -> list[str]:
    client.cookies["django_language"] = lang
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = HIDDEN.sub("", response.content.decode())
    texts = [html.unescape(t).strip() for t in re.split(r"<[^>]+>", body)]
    attributes = re.findall(r'(?:placeholder|aria-label|title)="([^"]*)"', body)
    return [t for t in texts + [html.unescape(a) for a in attributes] if t]


@pytest.mark.django_db
def test_the_english_login_page_says_log_in_and_remember_me_and_no_polish(client):
    texts = visible(client, "en")
    assert texts.count("Log in") >= 3  # header link, heading, button
    assert "Remember me:" in texts or "Remember me" in texts
    assert not {"Sign In", "Sign in", "Remember Me", "Remember Me:"} & set(texts)
    polish = [t for t in texts if POLISH_LETTERS & set(t) or t in {"Zaloguj się", "Zapamiętaj mnie", "Hasło"}]
    assert polish == []


@pytest.mark.django_db
def test_the_polish_login_page_says_zaloguj_sie_and_zapamietaj_mnie_and_no_english(client):
    texts = visible(client, "pl")
    assert texts.count("Zaloguj się") >= 3
    assert "Zapamiętaj mnie:" in texts or "Zapamiętaj mnie" in texts
    english = {"Log in", "Sign In", "Sign in", "Sign up", "Remember Me", "Remember me", "Password", "Email",
               "Email address", "Forgot your password?"}
    assert [t for t in texts if t.rstrip(":") in english] == []
    assert "Pamiętaj mnie:" not in texts  # allauth's own Polish word for it


@pytest.mark.django_db
def test_logging_in_and_out_say_logged_in_and_logged_out(client):
    from django.contrib.messages import get_messages

    from conftest import login_password, make_user

    make_user()
    client.cookies["django_language"] = "pl"
    login_password(client)
    assert [str(m) for m in get_messages(client.get("/").wsgi_request)] == ["Zalogowano jako anna@example.com."]
    client.post("/accounts/logout/")
    assert [str(m) for m in get_messages(client.get("/").wsgi_request)] == ["Wylogowano."]
