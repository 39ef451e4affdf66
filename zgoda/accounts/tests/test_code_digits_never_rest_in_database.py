"""No code rests in the database in clear: after a login, a resend, a send that failed for a
while and was retried, the gateways' delivery reports and a campaign, no column of any
table (text and JSON alike) holds the digits of a code sent, in any written form. The dev
phone's outbox, which shows what the phone received, is the one exception (unused here)."""

import pytest
from django.contrib.auth import SESSION_KEY

from conftest import CODE_IN_SMS, PHONE, login_password
from zgoda.accounts.codeformat import group
from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.tests.conftest import campaign_settings, make_campaign, people  # noqa: F401 - fixture
from zgoda.privacy.tests.scan import rows_holding
from zgoda.sms.delivery import deliver_due
from zgoda.sms.models import Message
from zgoda.sms.tests.conftest import (  # noqa: F401 - the SMS app's fake gateway and callback fixtures
    _json_server,
    callback_server,
    callbacks,
    fast_retries,
    json_gateway,
    make_due,
    use_providers,
)
from zgoda.sms.tests.test_provider_contract_http import json_options

from .conftest import resend, submit_code

DEV_PHONE_TABLE = "sms_outboxentry"
pytestmark = pytest.mark.usefixtures("fast_resend", "fast_retries", "campaign_settings")


def written_forms(code: str) -> list[str]:
    grouped = group(code)
    return [code, grouped, grouped.replace(" ", "+"), grouped.replace(" ", "%20")]


def codes_sent(gateway) -> list[str]:
    return [
        CODE_IN_SMS.search(sent["text"]).group(2).replace(" ", "") for sent in gateway.sent if "kod" in sent["text"]
    ]


def test_no_code_digits_in_any_column_after_login_resend_retry_reports_and_campaign(
    client, user_2fa, settings, request
):
    gateway, reports = request.getfixturevalue("json_gateway"), request.getfixturevalue("callbacks")

    def all_reported():
        done = (Message.Status.DELIVERED, Message.Status.FAILED)
        return reports.pump_until(lambda: not Message.objects.exclude(status__in=done).exists())

    settings.ZGODA_OTP_LENGTH = 10  # a 10-digit code never turns up by chance (e.g. in a timestamp)
    use_providers(settings, jsongw=("http", json_options(gateway.url)))

    assert login_password(client).status_code == 302  # code 1
    assert all_reported()
    assert resend(client).status_code == 302  # code 2
    assert all_reported()
    gateway.mode = "server_error"
    resend(client)  # code 3: the gateway fails, the message waits for its retry
    assert Message.objects.filter(status=Message.Status.QUEUED).count() == 1
    gateway.mode = "ok"
    make_due()
    assert deliver_due() == 1
    assert all_reported()

    codes = codes_sent(gateway)
    assert len(codes) == 3 and all(len(code) == 10 for code in codes)
    assert submit_code(client, codes[-1]).status_code == 302  # the retry carried the right code
    assert client.session[SESSION_KEY] == str(user_2fa.pk)

    people(3)
    dispatch.schedule(make_campaign(provider="jsongw"))
    assert all_reported()
    assert Message.objects.filter(kind=Message.Kind.MARKETING, status=Message.Status.DELIVERED).count() == 3
    assert Message.objects.filter(kind=Message.Kind.OTP, status=Message.Status.DELIVERED).count() == 3

    words = [form for code in codes for form in written_forms(code)]
    found = {(table, column) for table, _, column in rows_holding(words) if table != DEV_PHONE_TABLE}
    assert found == set()
    assert PHONE in {sent["to"] for sent in gateway.sent}
