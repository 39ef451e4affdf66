"""Limits hold across processes: two gunicorn servers on one database file take turns with
failed logins of one address, and the 6th within 5 minutes is refused whichever takes it
(allauth's "5/5m/key" lives in the database cache, not in each process's memory). Behind a
proxy (ZGODA_TRUSTED_PROXIES=1) allauth counts the client's address, not the proxy's."""

import http.client
import subprocess
import sys
import urllib.parse

import pytest

from bench import _common as common

CSRF = "c" * 32  # an unmasked CSRF secret: accepted as cookie and form field alike
PASSWORD = "Sekretne-haslo-2026"
MAKE_USERS = """
import django; django.setup()
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
for email in ("ala@example.com", "ola@example.com"):
    user = get_user_model().objects.create_user(username=email, email=email, password=%r)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
""" % PASSWORD


def login(server, email, password, client_ip):
    body = urllib.parse.urlencode({"login": email, "password": password, "csrfmiddlewaretoken": CSRF})
    conn = http.client.HTTPConnection(common.HOST, server.port, timeout=30)
    conn.request("POST", "/accounts/login/", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={CSRF}",
        "X-Forwarded-For": client_ip, "Accept-Language": "en",
        "Host": "localhost",  # one site, as behind the proxy (allauth's key is the site and the address)
    })
    response = conn.getresponse()
    text = response.read().decode(errors="replace")
    conn.close()
    return response.status, text


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("two-processes")
    env = common.server_env(data_dir, ZGODA_TRUSTED_PROXIES="1")
    common.zgoda(env, "migrate", "--noinput", "-v", "0")
    subprocess.run([sys.executable, "-c", MAKE_USERS], env=env, cwd=common.PROJECT_DIR, check=True)
    with common.Server(env, workers=1, ready_path="/accounts/login/") as first, \
            common.Server(env, workers=1, ready_path="/accounts/login/") as second:
        yield first, second


@pytest.mark.parametrize("email, client_ip, start", [
    ("ala@example.com", "203.0.113.50", 0),
    ("ola@example.com", "203.0.113.51", 1),
])
def test_sixth_failed_login_within_five_minutes_is_refused_whichever_process_takes_it(
    two_servers, email, client_ip, start
):
    servers = two_servers[start:] + two_servers[:start]
    for attempt in range(5):
        status, text = login(servers[attempt % 2], email, "wrong-password", client_ip)
        assert status == 200 and "Too many failed login attempts" not in text, attempt
    sixth = servers[5 % 2]
    status, text = login(sixth, email, PASSWORD, client_ip)  # even the right password now
    assert status == 200 and "Too many failed login attempts" in text
    # another client's address behind the same proxy is not the one limited per IP
    status, _ = login(servers[0], "nobody@example.com", "x", "198.51.100.99")
    assert status == 200
