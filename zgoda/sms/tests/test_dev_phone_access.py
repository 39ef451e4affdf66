"""The dev phone answers only on loopback or to staff, never cached; it also shows the
e-mails sent (the dev inbox), so a newcomer finishes a signup without opening files."""

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from zgoda.sms.api import queue_sms
from zgoda.sms.models import Message

PAGES = ["/dev/phone/", "/dev/phone/messages.json", "/dev/phone/emails.json"]


@pytest.fixture
def a_code(db):
    queue_sms("+48500100200", "Zgoda: kod nr 1 z dzis: 123 456.", Message.Kind.OTP)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_loopback_sees_it_and_nothing_caches_it(client, a_code, path, address):
    response = client.get(path, REMOTE_ADDR=address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("address", ["203.0.113.5", "10.0.0.7", "2001:db8::1", "not-an-address"])
def test_other_addresses_get_nothing(client, a_code, path, address):
    response = client.get(path, REMOTE_ADDR=address)
    assert response.status_code == 404
    assert "123 456" not in response.content.decode()


def test_a_forwarded_header_does_not_make_a_stranger_local(client, a_code):
    response = client.get("/dev/phone/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 404


@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED"])
def test_a_request_through_a_local_proxy_is_not_local(client, a_code, header, settings):
    settings.ZGODA_TRUSTED_PROXIES = 0  # the proxy on this machine is not declared
    response = client.get("/dev/phone/", REMOTE_ADDR="127.0.0.1", **{header: "203.0.113.5"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_staff_see_it_from_anywhere_customers_do_not(client, a_code, path):
    User = get_user_model()
    customer = User.objects.create_user("kasia@example.com", "kasia@example.com", "x")
    client.force_login(customer)
    assert client.get(path, REMOTE_ADDR="203.0.113.5").status_code == 404
    staff = User.objects.create_user("obsluga@example.com", "obsluga@example.com", "x", is_staff=True)
    client.force_login(staff)
    assert client.get(path, REMOTE_ADDR="203.0.113.5").status_code == 200


def test_the_page_shows_the_e_mails_sent(client, db):
    send_mail("Potwierdź adres e-mail", "Twój kod: BCDF-GHJK", None, ["ewa@example.com"])
    html = client.get("/dev/phone/").content.decode()
    assert "Potwierdź adres e-mail" in html and "BCDF-GHJK" in html and "ewa@example.com" in html
    [entry] = client.get("/dev/phone/emails.json").json()
    assert entry["to"] == "ewa@example.com" and "BCDF-GHJK" in entry["body"]


def test_the_inbox_reads_the_file_based_backend(client, db, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    send_mail("Pierwszy", "Treść pierwsza", None, ["a@example.com"])
    send_mail("Drugi: zażółć", "Treść druga, kod BCDF-GHJK", None, ["b@example.com"])
    data = client.get("/dev/phone/emails.json").json()
    assert {(e["to"], e["subject"]) for e in data} == {("a@example.com", "Pierwszy"), ("b@example.com", "Drugi: zażółć")}
    assert "BCDF-GHJK" in client.get("/dev/phone/").content.decode()


def test_no_inbox_with_a_real_mail_server(client, db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert client.get("/dev/phone/emails.json").json() == []
