"""The e-mailed link to an account's privacy page works until a fixed moment after it was asked
for, and its e-mail says until when (in the link's language and the site's time zone), however
late a mail server's outage let it go out (lib.mail_retry: up to 1 min + 5 min + 30 min + 2 h +
8 h later). A link whose time ran out before its e-mail could go is not sent at all."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from conftest import make_user
from zgoda.lib.mail_retry import RETRY_WAITS
from zgoda.privacy.models import AccountLink
from zgoda.privacy.tasks import send_account_link

EMAIL = "ola@example.com"
ASKED = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # 11:00 in Warsaw
LAST_TRY = ASKED + sum(RETRY_WAITS, timedelta())  # the e-mail's last retry: 10 h 36 min later
UNTIL = {"pl": "do 03.12.2026 11:00.", "en": "until December 3, 2026, 11:00."}  # asked + 24 h, Warsaw time


@pytest.fixture
def ola(db):
    return make_user(EMAIL)


def _link_asked_for(user, language) -> AccountLink:
    with time_machine.travel(ASKED, tick=False):
        return AccountLink.objects.create(user=user, language=language)


def _sent_late(link, at=LAST_TRY):
    """What the mail retry's last try does: the task again, hours after the link was asked for."""
    with time_machine.travel(at, tick=False):
        send_account_link.call(str(link.pk), tries=len(RETRY_WAITS))


def _path(message) -> str:
    return re.search(r"https?://[^/\s]+(/privacy/link/[^\s]+/)", message.body).group(1)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_email_sent_late_states_the_links_own_end_in_its_language(ola, language):
    link = _link_asked_for(ola, language)
    _sent_late(link)
    [message] = mail.outbox
    assert UNTIL[language] in message.body, message.body
    assert "24" not in message.body.replace(_path(message), "")  # no "works for 24 hours" left


def test_the_link_works_until_the_stated_moment_and_not_after(client, ola):
    link = _link_asked_for(ola, "pl")
    _sent_late(link)
    path = _path(mail.outbox[0])
    end = ASKED + timedelta(hours=24)  # what the e-mail said: 03.12.2026 11:00
    with time_machine.travel(end + timedelta(minutes=1), tick=False):  # not purged yet: the row is still there
        assert client.post(path)["Location"] == "/privacy/account-link/"
    with time_machine.travel(end - timedelta(minutes=1), tick=False):
        assert client.post(path)["Location"] == "/privacy/account/"


def test_a_link_whose_time_ran_out_before_its_email_could_go_is_not_sent(ola, settings):
    settings.ZGODA_PRIVACY_ACCOUNT_LINK_HOURS = 6
    link = _link_asked_for(ola, "pl")
    _sent_late(link)  # 10 h 36 min later
    assert mail.outbox == []


def test_an_email_sent_at_once_states_the_full_validity(ola):
    link = _link_asked_for(ola, "en")
    _sent_late(link, at=ASKED + timedelta(seconds=5))
    assert UNTIL["en"] in mail.outbox[0].body
