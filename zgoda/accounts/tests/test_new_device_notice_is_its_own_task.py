"""With the database task queue a login's new-device e-mail is its own task: the login's audit
event carries it (no task row), and `zgoda db_worker` takes it once, in the language of the
page the code was typed on. A worker for other queues leaves it; one that fails to send it
queues it again for later (a refusal is logged) and carries on with the next."""

import logging
import smtplib

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conftest import PHONE, last_code, login_password, run_worker
from zgoda.accounts.internal.flows import new_device_notice
from zgoda.accounts.models import AuditEvent

from .conftest import submit_code

ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"


def log_in(client, **extra):
    login_password(client, **extra)
    run_worker(queue_name="sms")  # the code SMS only
    assert submit_code(client, last_code(PHONE)[1], **extra).status_code == 302


def login_event():
    return AuditEvent.objects.filter(event=AuditEvent.Event.LOGIN_OK).latest("id")


def test_the_login_event_carries_the_email_and_the_worker_sends_it_once(database_queue, user_2fa):
    log_in(Client(), HTTP_USER_AGENT=ANDROID_CHROME, REMOTE_ADDR="203.0.113.5")
    assert not DBTaskResult.objects.exists(), "no task row beside the login's event"
    assert login_event().notice_due and mail.outbox == []
    run_worker()
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["anna@example.com"] and notice.subject == "Nowe logowanie do Twojego konta"
    assert "Chrome na Android" in notice.body and "203.0.113.5" in notice.body
    assert not login_event().notice_due
    run_worker()
    assert len(mail.outbox) == 1, "sent once"


def test_the_email_speaks_the_language_the_code_was_typed_in(database_queue, user_2fa):
    log_in(Client(), HTTP_ACCEPT_LANGUAGE="en")
    assert login_event().details["language"] == "en"
    run_worker()
    assert [m.subject for m in mail.outbox] == ["New login to your account"]


def test_the_same_browser_again_carries_no_email(database_queue, user_2fa):
    client = Client()
    log_in(client)
    run_worker()
    client.post("/accounts/logout/")
    log_in(client)
    assert not login_event().notice_due and "language" not in login_event().details
    run_worker()
    assert len(mail.outbox) == 1


def test_a_worker_for_other_queues_leaves_it_and_one_named_for_it_takes_it(database_queue, user_2fa):
    log_in(Client())
    run_worker(queue_name="sms")
    assert mail.outbox == [] and login_event().notice_due
    run_worker(queue_name="*", exclude_queues=new_device_notice.SOURCE)
    assert mail.outbox == []
    run_worker(queue_name=new_device_notice.SOURCE)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_queued_again_and_the_next_email_still_goes(database_queue, user_2fa, monkeypatch, caplog):
    log_in(Client())
    log_in(Client())
    real_send, calls = new_device_notice.send, []

    def send_once_failing(event, email, language):
        calls.append(event.pk)
        if len(calls) == 1:
            raise ConnectionRefusedError("the mail server is down")
        real_send(event, email, language)

    monkeypatch.setattr(new_device_notice, "send", send_once_failing)
    with caplog.at_level(logging.WARNING):
        run_worker()
    assert len(calls) == 2 and len(mail.outbox) == 1
    assert f"send_new_device_notice({calls[0]}, 'pl') not sent" in caplog.text
    assert not AuditEvent.objects.filter(notice_due=True).exists()
    retry = DBTaskResult.objects.get()  # a minute later (test_a_mail_server_outage_loses_no_email.py)
    assert retry.args_kwargs == {"args": [calls[0], "pl"], "kwargs": {"tries": 1}}


def test_a_refused_email_is_logged_and_not_tried_again(database_queue, user_2fa, monkeypatch, caplog):
    log_in(Client())

    def refused(event, email, language):
        raise smtplib.SMTPRecipientsRefused({email: (550, b"5.1.1 no such mailbox")})

    monkeypatch.setattr(new_device_notice, "send", refused)
    with caplog.at_level(logging.ERROR):
        run_worker()
    assert f"login event id={login_event().pk} not sent" in caplog.text
    assert not DBTaskResult.objects.exists() and not AuditEvent.objects.filter(notice_due=True).exists()


def test_the_waiting_read_uses_the_partial_index(database_queue):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + new_device_notice.waiting_sql())
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "accounts_audit_notice_due" in plan, plan
