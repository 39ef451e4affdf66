"""In production a webhook's host name is resolved once per attempt, every address checked
public, and the attempt connects to that vetted address (Host header and TLS name from the
URL): a name that starts pointing into the local network in between (DNS rebinding) is never
resolved a second time."""

from urllib.parse import urlsplit

from zgoda.webhooks.internal import http, targets


def test_the_post_goes_to_the_vetted_address_with_the_urls_host_name(receiver):
    port = urlsplit(receiver.url).port
    url = f"http://hooks.sklep.invalid:{port}/zgoda?x=1"  # a name no resolver knows
    outcome = http.post(url, b"{}", {"Content-Type": "application/json"}, timeout=5, address="127.0.0.1")
    assert outcome.status_code is not None and outcome.error == ""
    [request] = receiver.requests
    assert request.headers["Host"] == f"hooks.sklep.invalid:{port}"


def test_the_check_names_the_address_it_vetted(monkeypatch):
    monkeypatch.setattr(targets.socket, "getaddrinfo",
                        lambda host, port, **kw: [(2, 1, 6, "", ("93.184.215.14", port))])
    assert targets.check_public("sklep.example", 443) == "93.184.215.14"
