"""The "sessions" page (allauth's usersessions): linked from the security page, it lists the
account's sessions and logs out everywhere else; its rows are the account's personal data."""

from allauth.usersessions.models import UserSession
from django.test import Client

from conftest import PASSWORD
from zgoda.lib import personal_data

from .conftest import log_in_fully, page

SESSIONS = "/accounts/sessions/"
ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/126.0.0.0 Mobile Safari/537.36")


def _logged_in(user, address):
    browser = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=f"Browser from {address}")
    response = browser.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def test_the_security_page_links_the_sessions_page(client, user):
    from conftest import make_user

    for who in (user, make_user("jan@example.com", phone="+48600700800")):  # 2FA off and on
        client.force_login(who)
        assert f'href="{SESSIONS}"' in page(client.get("/accounts/2fa/sms/"))


def test_the_page_lists_sessions_and_logs_out_everywhere_else(user):
    here, there = _logged_in(user, "198.51.100.1"), _logged_in(user, "198.51.100.2")
    listing = page(here.get(SESSIONS))
    assert "198.51.100.1" in listing and "198.51.100.2" in listing
    assert here.post(SESSIONS).status_code == 302  # "log out other sessions"
    assert there.get("/accounts/2fa/sms/").status_code == 302  # sent to the login page
    assert here.get("/accounts/2fa/sms/").status_code == 200
    assert list(UserSession.objects.values_list("ip", flat=True)) == ["198.51.100.1"]


def test_each_session_is_named_by_its_device_and_this_one_is_marked(user):
    here = Client(REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT=ANDROID_CHROME)
    assert here.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    _logged_in(user, "198.51.100.2")
    listing = page(here.get(SESSIONS))
    assert "Chrome na Android" in listing and ANDROID_CHROME not in listing
    assert listing.count('data-testid="this-session"') == 1
    assert "Wyloguj pozostałe sesje" in listing and 'href="/accounts/2fa/sms/"' in listing


def test_a_login_with_the_sms_code_is_listed_too(client, user_2fa):
    log_in_fully(client, REMOTE_ADDR="198.51.100.3")
    assert UserSession.objects.filter(user=user_2fa, ip="198.51.100.3").exists()


def test_sessions_are_found_exported_erased_and_expired(user):
    from django.utils import timezone

    from zgoda.accounts.models import Session
    from zgoda.accounts.personal_data import AccountsPersonalData

    _logged_in(user, "198.51.100.1")
    declaration, subject = AccountsPersonalData(), personal_data.Account(user.pk, (), (user.email,))
    assert declaration.find(subject)["user_sessions"] == 1
    assert declaration.export(subject)["sessions"][0]["ip"] == "198.51.100.1"
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(days=1))
    assert declaration.expire(timezone.now())["user_sessions"] == 1
    _logged_in(user, "198.51.100.2")
    assert declaration.find(subject)["sessions"] == 1, "found by the account the session row names"
    declaration.erase(subject)
    assert not UserSession.objects.exists()
    assert not Session.objects.filter(user=user).exists()
