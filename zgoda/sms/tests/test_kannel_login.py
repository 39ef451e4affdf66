"""A one-time code sent through Zgoda's login reaches Kannel's fake operator with exactly the
GSM-7 text Zgoda built, and Kannel's delivery report marks it delivered."""

import re

import pytest
from django.contrib.auth import SESSION_KEY

from conftest import CODE_IN_SMS, PHONE, login_password, run_worker
from zgoda.accounts.models import OneTimeCode
from zgoda.sms.models import Message

pytestmark = pytest.mark.kannel


@pytest.mark.parametrize("queue", ["in-process", "database queue and worker"])
def test_login_code_goes_through_kannel_and_its_report_marks_it_delivered(
    queue, client, user_2fa, kannel, via_kannel, callbacks, settings, transactional_db
):
    if queue != "in-process":
        settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    mark = len(kannel.received())

    response = login_password(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/challenge/"
    if queue != "in-process":
        run_worker()

    message = OneTimeCode.objects.get().message
    got = kannel.wait_received(mark + 1)[mark:]
    assert len(got) == 1
    assert (got[0].to, got[0].sender, got[0].coding) == (PHONE, "Zgoda", "text")  # GSM-7, our sender name
    _, code = CODE_IN_SMS.search(got[0].text).groups()
    # exactly what Zgoda built, character for character; the log keeps the code masked
    assert message.text == got[0].text.replace(code, re.sub(r"\d", "*", code)) != got[0].text
    assert message.clear_text == ""
    assert message.encoding == "GSM-7" and message.segments == 1

    assert callbacks.pump_until(lambda: Message.objects.get(pk=message.pk).status == Message.Status.DELIVERED)
    message.refresh_from_db()
    assert message.delivered_at and message.reported_status == "1 delivered" and message.provider == "kannel"

    response = client.post("/accounts/2fa/challenge/", {"code": code.replace(" ", "")})
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(user_2fa.pk)
