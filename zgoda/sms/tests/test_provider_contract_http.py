"""The generic HTTP provider passes the gateway contract, configured for a JSON gateway."""

import json

import pytest

from zgoda.sms.models import Message

from .conftest import use_providers
from .fake_gateways import FakeJsonGateway
from .kannel import free_port
from .provider_contract import UCS2_TEXT, GatewayContract


def json_options(url, **extra):
    return {
        "url": url + "/api/messages",
        "headers": json.dumps({"Authorization": f"Bearer {FakeJsonGateway.key}"}),
        "body": '{"to": "{to}", "text": "{text}", "ref": "{id}", "from": "{sender}", "callback": "{report_url}"}',
        "success_status": "200",
        "id_json": "messages.0.id",
        "recipient_regex": "invalid_number",
        "timeout": "0.5",
        "price": "PL:0.05",
        **extra,
    }


class TestHttpProvider(GatewayContract):
    provider_type = "http"
    name = "jsongw"

    @pytest.fixture(autouse=True)
    def wired(self, settings, json_gateway, callbacks, db):
        self.server = json_gateway
        use_providers(settings, jsongw=("http", json_options(json_gateway.url)))

    def received(self):
        return [sent["text"] for sent in self.server.sent]

    def fault(self, mode):
        self.server.mode = mode

    def unreachable_options(self):
        return json_options(f"http://127.0.0.1:{free_port()}")

    def post_garbage_report(self, client, path):
        return client.post(path, {"id": "x"})  # no status at all


def test_body_template_is_json_escaped_and_the_id_is_read_from_the_answer(settings, json_gateway, callbacks, db):
    use_providers(settings, jsongw=("http", json_options(json_gateway.url)))
    text = 'Cytat "w cudzysłowie" \\ i nowa\nlinia ' + UCS2_TEXT
    message = TestHttpProvider().send(text)
    sent = json.loads(json_gateway.calls[0].body)
    assert sent["text"] == text and sent["ref"] == str(message.idempotency_key)
    assert message.provider_message_id == json_gateway.sent[0]["id"]


def test_answer_not_matching_success_regex_is_a_permanent_error(settings, json_gateway, callbacks, db):
    use_providers(settings, jsongw=("http", json_options(json_gateway.url, success_regex='"status": "queued"')))
    message = TestHttpProvider().send("abc")
    assert message.status == Message.Status.FAILED and "HTTP 200" in message.last_error
