from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from zgoda.lib import dates
from zgoda.lib.mail_retry import send_or_retry
from zgoda.lib.site import public_url

from .models import AccountLink


@task()
def send_account_link(link_id: str, tries: int = 0) -> None:
    """E-mail the one-time link to the account's privacy page. The task carries the link's
    id only; the address is read from the account when the e-mail goes out. The e-mail says
    until when the link works (in the link's language and the site's time zone): a retry after
    a mail server's outage goes out hours late, and a link already expired is not sent."""
    from .internal.flows.links import expires_at, token_for

    link = AccountLink.objects.select_related("user").filter(pk=link_id, used_at__isnull=True).first()
    if link is None or not link.user.email or not link.user.is_active or expires_at(link) <= timezone.now():
        return
    url = public_url() + reverse("privacy:account_link", args=[token_for(link)])
    with translation.override(link.language):
        context = {"url": url, "site_name": settings.ZGODA_SITE_NAME, "until": dates.when(expires_at(link))}
        subject = render_to_string("privacy/email/account_link_subject.txt", context).strip()
        body = render_to_string("privacy/email/account_link_message.txt", context)
    message = EmailMessage(subject, body, None, [link.user.email], headers={"Auto-Submitted": "auto-generated"})
    send_or_retry(message.send, send_account_link, link_id, tries=tries)


@task()
def purge_on_schedule() -> int:
    """Apply the retention periods, then queue the next run (the chain the task worker keeps going)."""
    from .internal.flows import retention

    run = retention.purge("task")
    schedule_purge()
    return run.total


def schedule_purge() -> bool:
    """Queue the next scheduled purge unless one is queued already; only with a task queue
    that can run a task later (the database queue), never in-process. True when queued."""
    from django_tasks_db.models import DBTaskResult

    from .internal.flows import retention

    if not purge_on_schedule.get_backend().supports_defer:
        return False
    if DBTaskResult.objects.filter(task_path=purge_on_schedule.module_path, status="READY").exists():
        return False
    purge_on_schedule.using(run_after=retention.next_run_at()).enqueue()
    return True
