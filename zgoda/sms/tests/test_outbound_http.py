"""All of our own outbound SMS HTTP goes through zgoda.sms.outbound, which turns network
trouble into the right ProviderError: nothing sent (retry freely) or maybe sent (wait for
a report first)."""

import socket
import threading

import pytest

from zgoda.sms import outbound
from zgoda.sms.models import Message
from zgoda.sms.providers import ProviderError, get_provider

from .conftest import use_providers
from .kannel import free_port


def test_refused_connection_is_temporary_and_surely_not_sent():
    with pytest.raises(ProviderError) as error:
        outbound.request("GET", f"http://127.0.0.1:{free_port()}/", timeout=1)
    assert not error.value.permanent and not error.value.maybe_sent


def test_no_answer_in_time_is_temporary_and_maybe_sent():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)  # accepts the connection, never answers
    try:
        with pytest.raises(ProviderError) as error:
            outbound.request("POST", f"http://127.0.0.1:{server.getsockname()[1]}/", timeout=0.2, data=b"x")
        assert not error.value.permanent and error.value.maybe_sent
    finally:
        server.close()


def test_connection_dropped_after_the_request_is_maybe_sent():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def read_then_hang_up():
        conn, _ = server.accept()
        conn.recv(65536)
        conn.close()

    threading.Thread(target=read_then_hang_up, daemon=True).start()
    try:
        with pytest.raises(ProviderError) as error:
            outbound.request("GET", f"http://127.0.0.1:{server.getsockname()[1]}/", timeout=2)
        assert error.value.maybe_sent and not error.value.permanent
    finally:
        server.close()


@pytest.mark.parametrize("kind", ["kannel", "http"])
def test_providers_send_through_the_one_helper(kind, settings, monkeypatch, db):
    options = {"url": "http://gateway.invalid/send", "username": "u", "password": "p"}
    use_providers(settings, gw=(kind, options))
    seen = []

    class Answer:
        status_code, text = 202, "0: Accepted for delivery"

    monkeypatch.setattr(outbound, "request", lambda method, url, **kw: seen.append((method, url)) or Answer())
    message = Message.objects.create(kind="otp", to="+48500100200", text="kod", encoding="GSM-7", segments=1)
    assert get_provider("gw").send(message)
    assert seen and seen[0][1].startswith("http://gateway.invalid/send")


def test_the_request_line_carries_the_configured_path_and_query_and_the_parameters_encoded_once():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    received = []

    def answer_once():
        conn, _ = server.accept()
        received.append(conn.recv(65536).split(b"\r\n", 1)[0].decode())
        conn.sendall(b"HTTP/1.1 202 Accepted\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n\r\n0: ")
        conn.close()

    threading.Thread(target=answer_once, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.getsockname()[1]}/cgi-bin/sendsms?smsc=a%20b#fragment"
        response = outbound.request("GET", url, params={"text": "Kod: 123 456 & 50%", "to": "+48500100200"}, timeout=2)
    finally:
        server.close()
    assert response.status_code == 202 and response.text == "0: "
    assert received == ["GET /cgi-bin/sendsms?smsc=a%20b&text=Kod%3A+123+456+%26+50%25&to=%2B48500100200 HTTP/1.1"]
