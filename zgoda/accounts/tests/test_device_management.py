"""/accounts/devices/ lists trusted devices and revokes one or all; a password change revokes all."""

import pytest
from django.conf import settings

from conftest import PASSWORD
from zgoda.accounts.models import AuditEvent, TrustedDevice

from .conftest import page

DEVICES = "/accounts/devices/"


@pytest.fixture
def signed_in(client, user_2fa):
    client.force_login(user_2fa)
    return client


@pytest.fixture
def two_devices(user_2fa):
    return [
        TrustedDevice.objects.create(user=user_2fa, token_hmac="a" * 64, name="Chrome na Android", ip="203.0.113.5"),
        TrustedDevice.objects.create(user=user_2fa, token_hmac="b" * 64, name="Firefox na Windows"),
    ]


def active():
    return set(TrustedDevice.objects.filter(revoked_at__isnull=True).values_list("name", flat=True))


def test_page_lists_the_users_active_devices_only(signed_in, two_devices, user_2fa):
    from conftest import make_user

    other = make_user("bob@example.com")
    TrustedDevice.objects.create(user=other, token_hmac="c" * 64, name="Opera na Linux")
    two_devices[1].revoked_at = two_devices[1].created_at
    two_devices[1].save()
    html = page(signed_in.get(DEVICES))
    assert "Chrome na Android" in html and "203.0.113.5" in html
    assert "Firefox na Windows" not in html
    assert "Opera na Linux" not in html


def test_empty_list_says_so(signed_in):
    assert "Nie masz zaufanych urządzeń." in page(signed_in.get(DEVICES))


def test_revoke_one(signed_in, two_devices):
    response = signed_in.post(DEVICES, {"device_id": two_devices[0].pk}, follow=True)
    assert active() == {"Firefox na Windows"}
    assert "Odwołano 1 urządzenie." in page(response)
    assert AuditEvent.objects.filter(event="device_revoked").count() == 1


def test_revoke_all(signed_in, two_devices):
    response = signed_in.post(DEVICES, {"action": "revoke_all"}, follow=True)
    assert active() == set()
    assert "Odwołano 2 urządzenia." in page(response)


def test_another_users_device_cannot_be_revoked(signed_in, db):
    from conftest import make_user

    other = make_user("bob@example.com")
    device = TrustedDevice.objects.create(user=other, token_hmac="c" * 64, name="Opera na Linux")
    response = signed_in.post(DEVICES, {"device_id": device.pk}, follow=True)
    assert "Tego urządzenia nie ma już na liście." in page(response)
    assert active() == {"Opera na Linux"}


@pytest.mark.parametrize("bad", ["", "abc", "-1"])
def test_bad_device_id_is_refused_without_change(signed_in, two_devices, bad):
    response = signed_in.post(DEVICES, {"device_id": bad}, follow=True)
    assert response.status_code == 200
    assert "Nie wskazano urządzenia." in page(response)
    assert len(active()) == 2


def test_devices_page_needs_login(client, db):
    response = client.get(DEVICES)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_password_change_revokes_every_device(signed_in, two_devices):
    response = signed_in.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "Nowe-haslo-2026!x", "password2": "Nowe-haslo-2026!x"},
    )
    assert response.status_code == 302
    assert active() == set()
    assert set(TrustedDevice.objects.values_list("revoke_reason", flat=True)) == {"password_changed"}


def test_failed_password_change_revokes_nothing(signed_in, two_devices):
    signed_in.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "Nowe-haslo-2026!x", "password2": "Nowe-haslo-2026!x"},
    )
    assert len(active()) == 2


def test_revoked_device_from_the_list_needs_the_sms_again(client, user_2fa):
    from conftest import PHONE, login_password, sms_to

    from .conftest import log_in_fully

    log_in_fully(client, trust=True)
    device = TrustedDevice.objects.get()
    client.post(DEVICES, {"device_id": device.pk})
    client.post("/accounts/logout/")
    assert login_password(client)["Location"] == "/accounts/2fa/challenge/"
    assert len(sms_to(PHONE)) == 2


def test_a_device_is_named_in_the_language_of_the_page(signed_in, user_2fa):
    """Trusted on a Polish page, listed on an English one: "Chrome on Android", not "na"."""
    TrustedDevice.objects.create(user=user_2fa, token_hmac="d" * 64, name="Chrome na Android",
                                 user_agent="Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36")
    assert "Chrome na Android" in page(signed_in.get(DEVICES))
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's choice
    english = page(signed_in.get(DEVICES))
    assert "Chrome on Android" in english and "Chrome na Android" not in english
