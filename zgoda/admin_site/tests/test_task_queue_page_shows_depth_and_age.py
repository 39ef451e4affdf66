"""The admin's task queue page (linked from the index under "Bramki SMS"): per queue, tasks
ready now, how long the oldest has waited (since its run_after when it was deferred), tasks
deferred, running, failed in the last 24 hours; staff only."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from conftest import make_user
from zgoda.admin_site.queue import age, queue_figures
from zgoda.sms.api import queue_sms
from zgoda.sms.models import Message


def cell(row: str, name: str) -> str:
    """The content of the row's cell of that column (its class); the label a phone shows is beside it."""
    return re.search(rf'<td class="{name}"[^>]*>(.*?)</td>', row, re.S).group(1)


def task(now, queue="default", status="READY", enqueued=0, run_after=None, started=None, finished=None):
    row = DBTaskResult.objects.create(
        task_path="zgoda.sms.tasks.deliver_message", args_kwargs={"args": [1], "kwargs": {}}, queue_name=queue,
        backend_name="default", status=status, run_after=run_after or get_date_max(),
        started_at=started, finished_at=finished,
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=now - timedelta(seconds=enqueued))
    return row


@pytest.fixture
def queues(db):
    """Rows of two queues, ages relative to now; returns that now."""
    now = timezone.now()
    task(now, enqueued=95)  # the oldest ready: 95 s
    task(now, enqueued=10)
    task(now, enqueued=400, run_after=now - timedelta(seconds=30))  # deferred, due for 30 s: counts from then
    task(now, run_after=now + timedelta(minutes=5))  # deferred, not due yet
    task(now, status="RUNNING", enqueued=50, started=now - timedelta(seconds=42))
    task(now, status="FAILED", enqueued=3600, finished=now - timedelta(hours=2))
    task(now, status="FAILED", enqueued=3600 * 30, finished=now - timedelta(hours=25))  # older than a day
    task(now, status="SUCCESSFUL", enqueued=100, finished=now - timedelta(minutes=1))
    task(now, queue="email", enqueued=5)
    return now


def test_figures_per_queue(queues):
    default, email = queue_figures(now=queues)
    assert default["queue_name"] == "default" and email["queue_name"] == "email"
    assert (default["ready"], default["deferred"], default["running"]) == (3, 1, 1)
    assert round(default["oldest_ready_seconds"]) == 95 and default["slow"]
    assert round(default["longest_running_seconds"]) == 42
    assert (default["failed_24h"], default["done_1h"]) == (1, 1)
    assert (email["ready"], round(email["oldest_ready_seconds"]), email["slow"]) == (1, 5, False)
    assert email["running"] == 0 and email["longest_running_seconds"] is None


def test_staff_see_the_page_linked_from_the_index(queues, client):
    client.force_login(make_user("szef@example.com", phone="+48500900900", is_staff=True))
    index = client.get("/admin/")
    assert index.status_code == 200 and 'href="/admin/queue/"' in index.content.decode()

    page = client.get("/admin/queue/", HTTP_ACCEPT_LANGUAGE="pl")
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Kolejka zadań" in html and "najstarsze gotowe czeka" in html
    row = html.split('data-queue="default"')[1].split("</tr>")[0]
    assert cell(row, "ready") == "3" and cell(row, "deferred") == "1"
    assert '<td class="ready" data-label="gotowe do wykonania">' in row, "a phone shows each figure with its label"
    assert cell(row, "running") == "1" and "1 min " in row  # 95 s and counting
    assert "status__exact=FAILED" in row


def test_single_sms_waiting_for_a_worker_come_first_with_their_age(queues, client, settings):
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}  # the SMS waits, no task
    queue_sms("+48500100200", "Twoje zamowienie wyslane", "service")
    Message.objects.update(created_at=queues - timedelta(seconds=75))
    sms, default, _email = queue_figures(now=queues)
    assert (sms["queue_name"], sms["ready"], round(sms["oldest_ready_seconds"]), sms["slow"]) == ("sms", 1, 75, True)
    client.force_login(make_user("szef@example.com", phone="+48500900900", is_staff=True))
    html = client.get("/admin/queue/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    row = html.split('data-queue="sms"')[1].split("</tr>")[0]
    assert "SMS-y czekające na wysłanie" in row and cell(row, "ready") == "1" and "1 min 15 s" in row
    assert cell(row, "running") == "–" and "status__exact" not in row
    assert default["ready"] == 3


def test_new_device_emails_waiting_for_a_worker_have_their_row_in_both_languages(queues, client):
    from zgoda.accounts.models import AuditEvent

    AuditEvent.objects.create(event=AuditEvent.Event.LOGIN_OK, notice_due=True, created_at=queues - timedelta(seconds=30))
    AuditEvent.objects.create(event=AuditEvent.Event.LOGIN_OK, created_at=queues - timedelta(seconds=90))  # sent
    emails = queue_figures(now=queues)[0]
    assert (emails["queue_name"], emails["ready"], round(emails["oldest_ready_seconds"]), emails["slow"]) == (
        "new_device_notice", 1, 30, False)
    client.force_login(make_user("szef@example.com", phone="+48500900900", is_staff=True))
    for language, label in (("pl", "E-maile o nowym urządzeniu czekające na wysłanie"),
                            ("en", "New-device e-mails waiting to be sent")):
        html = client.get("/admin/queue/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        row = html.split('data-queue="new_device_notice"')[1].split("</tr>")[0]
        assert label in row and cell(row, "ready") == "1" and "30 s" in row


def test_not_for_customers(queues, client):
    client.force_login(make_user("klient@example.com", phone="+48500900901"))
    response = client.get("/admin/queue/")
    assert response.status_code in (302, 403) and "Kolejka" not in response.content.decode()


def test_empty_queue_says_so(db, client):
    client.force_login(make_user("szef@example.com", phone="+48500900900", is_staff=True))
    assert "Kolejka jest pusta" in client.get("/admin/queue/").content.decode()


def test_ages_read_plainly():
    assert [age(None), age(4.7), age(200), age(7500)] == ["–", "4 s", "3 min 20 s", "2 h 5 min"]
