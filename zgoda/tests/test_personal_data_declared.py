"""Every column that can hold a phone number, e-mail, IP, user agent or a user reference,
in our models and third-party ones (allauth, sessions, tasks, the admin log), is declared
by some app's personal_data.py, or listed there as kept on purpose with the reason."""

from django.db import models
from django.test.utils import isolate_apps
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD, last_code, make_user, run_worker
from zgoda.lib import personal_data
from zgoda.privacy.tests.people import AS_PERSON
from zgoda.sms.delivery import schedule
from zgoda.sms.models import Message


def test_every_installed_model_declares_its_personal_columns():
    assert personal_data.undeclared_columns() == []


def test_each_app_that_keeps_personal_data_has_a_declaration():
    modules = {type(d).__module__ for d in personal_data.declarations()}
    assert {f"zgoda.{app}.personal_data" for app in ("sms", "accounts", "consent", "privacy", "campaigns")} <= modules


def test_kept_columns_say_why():
    for declaration in personal_data.declarations():
        assert all(len(reason) > 15 for reason in declaration.kept.values()), declaration


@isolate_apps("zgoda.privacy")
def test_a_new_model_with_an_undeclared_personal_column_fails_the_check():
    class Newsletter(models.Model):
        subscriber_phone = models.CharField(max_length=20)
        email = models.EmailField()
        ip = models.GenericIPAddressField(null=True)
        browser_user_agent = models.CharField(max_length=200)
        extra = models.JSONField(default=dict)
        owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)
        title = models.CharField(max_length=50)  # not personal: not reported

        class Meta:
            app_label = "privacy"

    assert sorted(personal_data.undeclared_columns([Newsletter])) == [
        "privacy.newsletter.browser_user_agent", "privacy.newsletter.email", "privacy.newsletter.extra",
        "privacy.newsletter.ip", "privacy.newsletter.owner", "privacy.newsletter.subscriber_phone",
    ]


def test_task_arguments_carry_ids_only(client, settings, transactional_db):
    """The tasks an e-mailed account link queues and a code SMS's retry carry no number,
    e-mail, IP or device in their arguments: the database backend keeps arguments as rows
    that no erasure would look into. (A login queues no task: its code SMS is a message row,
    its new-device e-mail the login's audit event.)"""
    settings.TASKS = {"default": {"BACKEND": "zgoda.worker.backend.DatabaseBackend"}}
    person = make_user("ewa.nowak@example.com", phone="+48500100200")
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD}, **AS_PERSON)
    run_worker()  # sends the code
    _, code = last_code("+48500100200")
    assert client.post("/accounts/2fa/challenge/", {"code": code}, **AS_PERSON).status_code == 302
    client.post("/privacy/account-link/", {"email": person.email}, **AS_PERSON)
    schedule(Message.objects.filter(to="+48500100200").latest("id").pk, timezone.now())  # as a retry does
    queued = {row.task_path.rsplit(".", 1)[-1]: str(row.args_kwargs) for row in DBTaskResult.objects.all()}
    assert {"deliver_message", "send_account_link"} <= set(queued), queued
    for needle in ("500100200", "500 100 200", "ewa.nowak", AS_PERSON["REMOTE_ADDR"], "Android", "Chrome"):
        assert not [args for args in queued.values() if needle in args], needle
