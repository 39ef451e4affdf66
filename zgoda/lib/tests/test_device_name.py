"""A readable device name from the User-Agent header, for the trusted-devices list."""

import pytest
from django.test import RequestFactory

from zgoda.lib.http import client_ip, device_name, user_agent

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.82 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"


@pytest.mark.parametrize(
    "ua, name",
    [
        (ANDROID_CHROME, "Chrome na Android"),
        (IPHONE_SAFARI, "Safari na iOS"),
        (WINDOWS_FIREFOX, "Firefox na Windows"),
    ],
)
def test_real_user_agents_get_browser_and_system_names(ua, name):
    assert device_name(ua) == name


def test_missing_user_agent_is_an_unknown_device():
    assert device_name("") == "Nieznane urządzenie"


def test_unrecognised_user_agent_still_gets_a_polish_name():
    assert device_name("Something/1.0 (unknown)") == "Przeglądarka na nieznany system"


def test_client_ip_ignores_forwarded_for_without_trusted_proxies(settings):
    settings.ZGODA_TRUSTED_PROXIES = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"


def test_client_ip_takes_the_address_the_trusted_proxy_saw(settings):
    settings.ZGODA_TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert client_ip(request) == "1.2.3.4"


def test_user_agent_is_cut_to_fit_the_column():
    request = RequestFactory().get("/", HTTP_USER_AGENT="x" * 900)
    assert len(user_agent(request)) == 500
