"""Kannel passes the gateway contract, against real bearerbox + smsbox + fakesmsc."""

import time
import urllib.parse

import pytest

from .conftest import kannel_options, use_providers
from .kannel import free_port
from .provider_contract import GatewayContract

pytestmark = pytest.mark.kannel


class TestKannelProvider(GatewayContract):
    provider_type = "kannel"
    name = "kannel"

    @pytest.fixture(autouse=True)
    def wired(self, settings, kannel, kannel_proxy, callbacks, db):
        self.kannel, self.proxy = kannel, kannel_proxy
        use_providers(settings, kannel=("kannel", kannel_options(kannel_proxy.url, timeout="1")))
        self.mark = len(kannel.received())

    def received(self):
        self.kannel.wait_received(self.mark + 1, timeout=0.5)
        time.sleep(0.1)  # a duplicate would show up by now
        return [m.text for m in self.kannel.received()[self.mark:]]

    def fault(self, mode):
        self.proxy.reset() if mode == "ok" else setattr(self.proxy, "mode", mode)

    def unreachable_options(self):
        return kannel_options(f"http://127.0.0.1:{free_port()}", timeout="1")

    def send_inbound(self, sender, text):
        payload = urllib.parse.quote(text.encode("utf-16-be"))
        self.kannel.send_mo(f"{sender} 1234 ucs2 {payload}")
