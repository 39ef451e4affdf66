"""Staff-assisted recovery for someone who lost both the phone and the recovery codes: an
admin action mails a link; following it starts a 24-hour wait (mail at start and end); then
2FA (SMS, app, recovery codes) is removed and trusted devices revoked; all audited."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PHONE, login_password, make_user
from zgoda.accounts.models import AssistedRecovery, AuditEvent, SmsTwoFactor, TrustedDevice
from zgoda.accounts.tasks import finish_assisted_recovery

from .conftest import CHALLENGE, log_in_fully, page
from .mfa_helpers import add_app, add_recovery_codes

LINK = re.compile(r"https?://[^/\s]+(/accounts/recovery/\d+/[0-9a-f]{40}/)")


@pytest.fixture
def staff_client(db):
    staff = make_user("obsluga@example.com", phone="+48600700800", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    return client


def _start(staff_client, person):
    return staff_client.post("/admin/auth/user/", {
        "action": "start_assisted_recovery", "_selected_action": [person.pk]})


def _link():
    sent = [m for m in mail.outbox if "anna@example.com" in m.to and LINK.search(m.body)]
    assert sent, [m.subject for m in mail.outbox]
    return LINK.search(sent[-1].body).group(1)


def test_waits_24_hours_after_the_link_and_then_resets_2fa(staff_client, user_2fa):
    add_app(user_2fa)
    add_recovery_codes(user_2fa)
    TrustedDevice.objects.create(user=user_2fa, token_hmac="x" * 64, name="Telefon")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert _start(staff_client, user_2fa).status_code == 302
        link = _link()
        person = Client()
        assert "Potwierdzam" in page(person.get(link))
        assert AssistedRecovery.objects.get().state == "link_sent"  # opening the link confirms nothing
        person.post(link)
        recovery = AssistedRecovery.objects.get()
        assert recovery.state == "waiting" and recovery.ready_at == start + timedelta(hours=24)
        assert any("rozpoczęte" in m.subject for m in mail.outbox)

        clock.shift(timedelta(hours=23, minutes=59))
        finish_assisted_recovery.call(recovery.pk)
        assert login_password(person)["Location"] == CHALLENGE  # still the second factor
        assert SmsTwoFactor.objects.filter(user=user_2fa).exists()
        Client().get(link)

        clock.shift(timedelta(minutes=2))
        finish_assisted_recovery.call(recovery.pk)  # what the deferred task does on time
    assert AssistedRecovery.objects.get().state == "finished"
    assert not SmsTwoFactor.objects.filter(user=user_2fa).exists()
    assert not Authenticator.objects.filter(user=user_2fa).exists()
    assert not TrustedDevice.objects.filter(user=user_2fa, revoked_at=None).exists()
    assert any("ustaw je ponownie" in m.subject for m in mail.outbox)
    fresh = Client()
    assert login_password(fresh)["Location"] != CHALLENGE and fresh.session[SESSION_KEY] == str(user_2fa.pk)
    events = set(AuditEvent.objects.filter(user=user_2fa).values_list("event", flat=True))
    assert {"recovery_started", "recovery_confirmed", "recovery_finished", "twofa_disabled"} <= events


def test_the_next_login_finishes_a_recovery_whose_wait_is_over(staff_client, user_2fa):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _start(staff_client, user_2fa)
        Client().post(_link())
        clock.shift(timedelta(hours=24, seconds=1))
        client = Client()
        assert login_password(client)["Location"] != CHALLENGE  # no worker ran: the login does it
    assert AssistedRecovery.objects.get().state == "finished"


def test_a_second_factor_login_during_the_wait_cancels_it(staff_client, user_2fa):
    _start(staff_client, user_2fa)
    link = _link()
    Client().post(link)
    log_in_fully(Client())  # the owner still has the phone
    assert AssistedRecovery.objects.get().state == "cancelled"
    assert "nieważny" in page(Client().get(link))
    assert AuditEvent.objects.filter(event="recovery_cancelled", user=user_2fa).exists()


def test_a_forged_or_expired_link_does_nothing(staff_client, user_2fa):
    _start(staff_client, user_2fa)
    link = _link()
    recovery = AssistedRecovery.objects.get()
    forged = link.replace(link.split("/")[-2], "0" * 40)
    assert Client().post(forged).status_code == 404
    assert Client().get(f"/accounts/recovery/{'9' * 18}/{'a' * 40}/").status_code == 404
    AssistedRecovery.objects.filter(pk=recovery.pk).update(started_at=timezone.now() - timedelta(days=4))
    assert Client().post(link).status_code == 404
    assert AssistedRecovery.objects.get().state == "link_sent"


def test_one_open_recovery_per_account_and_tasks_carry_ids_only(staff_client, user_2fa, settings):
    _start(staff_client, user_2fa)
    _start(staff_client, user_2fa)
    assert AssistedRecovery.objects.count() == 1
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    Client().post(_link())
    args = [str(r.args_kwargs) for r in DBTaskResult.objects.all()]
    assert args and not [a for a in args if "anna" in a or PHONE[3:] in a]


@pytest.mark.parametrize(("language", "until"), [("pl", "Link działa do 05.12.2026 11:00."),
                                                 ("en", "The link works until December 5, 2026, 11:00.")])
def test_a_link_email_sent_late_says_until_when_the_link_works(staff_client, user_2fa, language, until):
    from zgoda.accounts.tasks import send_assisted_recovery_mail

    with time_machine.travel("2026-12-02 10:00:00+00:00", tick=False) as clock:  # 11:00 in Warsaw
        _start(staff_client, user_2fa)
        recovery = AssistedRecovery.objects.get()
        mail.outbox.clear()
        clock.shift(timedelta(hours=10))  # the mail server was out: the retry goes out hours late
        send_assisted_recovery_mail.call(recovery.pk, "link", language)
    assert len(mail.outbox) == 1 and until in mail.outbox[0].body


def test_an_expired_link_is_not_emailed_by_a_late_retry(staff_client, user_2fa):
    from zgoda.accounts.tasks import send_assisted_recovery_mail

    _start(staff_client, user_2fa)
    recovery = AssistedRecovery.objects.get()
    mail.outbox.clear()
    with time_machine.travel(recovery.started_at + timedelta(days=3, seconds=1), tick=False):
        send_assisted_recovery_mail.call(recovery.pk, "link", "pl")
    assert mail.outbox == []
