"""The dev outbox passes the provider contract."""

import pytest

from zgoda.sms.models import OutboxEntry

from .provider_contract import ProviderContract


class TestOutboxProvider(ProviderContract):
    provider_type = "outbox"
    name = "outbox"

    @pytest.fixture(autouse=True)
    def wired(self, settings, db):
        settings.ZGODA_SMS_PROVIDERS = ["outbox"]
        settings.ZGODA_SMS_PROVIDER_OPTIONS = {"outbox": {}}

    def received(self):
        return list(OutboxEntry.objects.order_by("id").values_list("text", flat=True))
