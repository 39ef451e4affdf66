"""A mail server that is down, or answers "try later" (4xx), loses no account e-mail: the task
is queued again for a minute later (then 5, 30 minutes, 2 and 8 hours), and the e-mail goes
out once the server is back. A refusal (5xx) or the last try spent fails the task, as before.
Django's SMTP backend talks to a real SMTP server on 127.0.0.1 (zgoda/lib/tests/smtp_server.py)."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import PHONE, last_code, login_password, run_worker
from zgoda.accounts.models import AuditEvent
from zgoda.accounts.tasks import send_security_email
from zgoda.lib.mail_retry import RETRY_WAITS
from zgoda.lib.tests.smtp_server import closed_port

from .conftest import submit_code


def queued(task_name: str):
    return DBTaskResult.objects.filter(status="READY", task_path__endswith=task_name)


def due_now(task_name: str):
    queued(task_name).update(run_after=timezone.now() - timedelta(seconds=1))


def test_a_new_device_email_waits_out_a_server_that_is_down_and_goes_when_it_is_back(database_queue, user_2fa, smtp, settings):
    client = Client()
    login_password(client)
    run_worker(queue_name="sms")
    assert submit_code(client, last_code(PHONE)[1]).status_code == 302
    settings.EMAIL_PORT = closed_port()
    run_worker()
    assert smtp.received == []
    retry = queued("send_new_device_notice").get()
    assert retry.args_kwargs["kwargs"] == {"tries": 1}
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(minutes=1)
    assert not AuditEvent.objects.filter(notice_due=True).exists(), "taken once: the task carries it now"
    run_worker()
    assert smtp.received == [], "not before its time"

    settings.EMAIL_PORT = smtp.port
    due_now("send_new_device_notice")
    run_worker()
    assert len(smtp.received) == 1 and "Subject: Nowe logowanie do Twojego konta" in smtp.received[0]
    assert not queued("send_new_device_notice").exists()


def test_try_later_4xx_is_tried_again_with_a_longer_wait_and_a_refusal_5xx_is_not(database_queue, user, smtp):
    smtp.rcpt_reply = "450 4.2.1 mailbox busy, try later"
    send_security_email.enqueue(user.pk, "phone_changed")
    run_worker()
    retry = queued("send_security_email").get()
    assert retry.args_kwargs["kwargs"] == {"tries": 1}
    due_now("send_security_email")
    run_worker()
    retry = queued("send_security_email").get()
    assert retry.args_kwargs["kwargs"] == {"tries": 2}
    assert timedelta(minutes=4) < retry.run_after - timezone.now() <= timedelta(minutes=5)

    smtp.rcpt_reply = "550 5.1.1 no such mailbox"
    due_now("send_security_email")
    run_worker()
    assert not queued("send_security_email").exists()
    failed = DBTaskResult.objects.filter(status="FAILED").get()
    assert failed.exception_class_path == "smtplib.SMTPRecipientsRefused" and smtp.received == []


def test_after_the_last_wait_the_task_fails_with_the_servers_error(database_queue, user, smtp, settings):
    settings.EMAIL_PORT = closed_port()
    send_security_email.enqueue(user.pk, "phone_changed", tries=len(RETRY_WAITS))
    run_worker()
    assert not queued("send_security_email").exists()
    assert DBTaskResult.objects.get().exception_class_path == "builtins.ConnectionRefusedError"


def test_the_email_goes_at_once_when_the_server_is_up(database_queue, user, smtp):
    send_security_email.enqueue(user.pk, "phone_changed")
    run_worker()
    assert len(smtp.received) == 1 and "anna@example.com" in smtp.received[0]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
