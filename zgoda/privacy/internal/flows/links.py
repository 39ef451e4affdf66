"""One-time links to an account's privacy page, e-mailed to the account's address: for a
person who cannot log in, and for "also delete my account" on the number portal. Asking
answers the same whether or not an account exists; nothing changes until the link is
followed. The link is this row's id signed with the secret key, valid for a while and
once; following it gives the browser the account's privacy page for a limited time."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone, translation

from ... import app_settings
from ...models import AccountLink
from . import subject as subjects

SALT = "zgoda.privacy.account-link"
SESSION_KEY = "zgoda_privacy_account"


def _recently_sent(user_id) -> bool:
    """One link per account per few minutes: asking again sends nothing new."""
    since = timezone.now() - timedelta(minutes=app_settings.account_link_resend_minutes())
    return AccountLink.objects.filter(user_id=user_id, created_at__gte=since).exists()


def _send_to(user_ids) -> int:
    from ...tasks import send_account_link

    sent = 0
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        if _recently_sent(user.pk):
            continue
        link = AccountLink.objects.create(user=user, language=translation.get_language() or "pl")
        send_account_link.enqueue(str(link.pk))
        sent += 1
    return sent


def send_for_number(phone: str) -> int:
    """E-mail a link to every account that holds `phone` now; how many were sent (never
    shown to the person: the answer is the same for any number)."""
    return _send_to(subjects.holders(phone))


def send_for_email(email: str) -> int:
    users = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).values_list("pk", flat=True)
    return _send_to(list(users))


def token_for(link: AccountLink) -> str:
    return signing.dumps(str(link.pk), salt=SALT, compress=True)


def expires_at(link: AccountLink) -> datetime:
    """The link works until this moment: a fixed time after it was asked for, however late its
    e-mail went out (a mail server's outage delays it by hours: lib.mail_retry), the moment
    retention removes its row (personal_data.expire), and what its e-mail states."""
    return link.created_at + timedelta(hours=app_settings.account_link_hours())


def _valid_since(now: datetime) -> datetime:
    """Links asked for after this still work (expires_at, as one condition on the rows)."""
    return now - timedelta(hours=app_settings.account_link_hours())


def follow(request, token: str) -> bool:
    """Use the link once, until it expires (expires_at, whenever its e-mail was sent): the
    browser gets the account's privacy page for a while."""
    try:
        link_id = signing.loads(token, salt=SALT, max_age=app_settings.account_link_hours() * 3600)
    except signing.BadSignature:
        return False
    now = timezone.now()
    used = AccountLink.objects.filter(
        pk=link_id, used_at__isnull=True, user__is_active=True, created_at__gt=_valid_since(now),
    ).update(used_at=now)
    if not used:
        return False
    link = AccountLink.objects.get(pk=link_id)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"user": link.user_id, "at": now.isoformat()}
    return True


def linked_user(request):
    """The account this browser reached through a link, while the access lasts; else None."""
    access = request.session.get(SESSION_KEY)
    if not access:
        return None
    at = datetime.fromisoformat(access["at"])
    if at < timezone.now() - timedelta(minutes=app_settings.portal_session_minutes()):
        request.session.pop(SESSION_KEY, None)
        return None
    return get_user_model().objects.filter(pk=access["user"], is_active=True).first()


def end(request) -> None:
    request.session.pop(SESSION_KEY, None)
