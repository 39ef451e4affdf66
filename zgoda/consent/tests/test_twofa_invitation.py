"""The "turn on 2FA" security e-mail: to active people without 2FA, at most once in 30 days,
a service message with no marketing and a link to the enrollment page; recorded per person."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from zgoda.consent.models import SecurityInvitation


@pytest.fixture
def people(db):
    return {
        "plain": make_user("plain@example.com"),
        "secured": make_user("secured@example.com", phone="+48500100200"),
        "inactive": make_user("inactive@example.com", is_active=False),
        "recent": make_user("recent@example.com"),
        "long_ago": make_user("long@example.com"),
    }


@pytest.fixture
def invited_before(people):
    now = timezone.now()
    SecurityInvitation.objects.create(user=people["recent"], email="recent@example.com", sent_at=now - timedelta(days=29))
    SecurityInvitation.objects.create(user=people["long_ago"], email="long@example.com", sent_at=now - timedelta(days=31))


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command("send_2fa_invitation", *args, stdout=out)
    return out.getvalue()


def test_sent_only_to_active_people_without_2fa_not_invited_in_30_days(people, invited_before):
    output = _run()
    assert sorted(m.to[0] for m in mail.outbox) == ["long@example.com", "plain@example.com"]
    assert "Wysłano 2 wiadomości" in output
    assert SecurityInvitation.objects.filter(user=people["plain"]).count() == 1


def test_a_second_run_sends_nothing(people):
    _run()
    mail.outbox.clear()
    _run()
    assert mail.outbox == []


def test_dry_run_lists_and_sends_nothing(people, invited_before):
    output = _run("--dry-run")
    assert "plain@example.com" in output and "secured@example.com" not in output
    assert "nic nie wysłano" in output
    assert mail.outbox == [] and SecurityInvitation.objects.count() == 2


def test_limit_caps_the_number_of_messages(people):
    _run("--limit", "1")
    assert len(mail.outbox) == 1 and SecurityInvitation.objects.count() == 1


def test_the_message_is_about_security_with_one_link_to_enrollment_and_no_marketing(people, settings):
    settings.ZGODA_PUBLIC_URL = "https://sklep.example.pl/"
    _run("--limit", "1")
    message = mail.outbox[0]
    assert "zabezpiecz swoje konto" in message.subject
    assert re.findall(r"https?://\S+", message.body) == ["https://sklep.example.pl/accounts/2fa/sms/"]
    for word in ("promocj", "ofert", "rabat", "zniżk", "newsletter", "marketing"):
        assert word not in message.body.lower()
    assert "nie reklama" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_admin_action_sends_to_the_selected_and_skips_the_ineligible(client, people):
    client.force_login(make_user("boss@example.com", phone="+48500999999", is_staff=True, is_superuser=True))
    chosen = [people["plain"].pk, people["secured"].pk]
    response = client.post("/admin/consent/invitationcandidate/", {
        "action": "send_invitation", "_selected_action": chosen,
    }, follow=True)
    assert [m.to[0] for m in mail.outbox] == ["plain@example.com"]
    body = response.content.decode()
    assert "Wysłano: 1." in body and "Pominięto 1" in body
    assert "http://testserver/accounts/2fa/sms/" in mail.outbox[0].body
    assert SecurityInvitation.objects.get().sent_by == "boss@example.com"


def test_an_accounts_page_in_the_invitation_list_shows_no_password_hash_or_permissions(client, people):
    client.force_login(make_user("boss@example.com", phone="+48500999999", is_staff=True, is_superuser=True))
    response = client.get(f"/admin/consent/invitationcandidate/{people['plain'].pk}/change/")
    body = response.content.decode()
    assert response.status_code == 200 and "plain@example.com" in body
    assert people["plain"].password not in body and "pbkdf2" not in body and "md5$" not in body
    assert "user_permissions" not in body and "is_superuser" not in body


def test_bad_limit_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--limit musi być liczbą dodatnią."):
        _run("--limit", "0")
