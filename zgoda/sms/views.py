"""The dev phone: what the outbox provider 'delivered', shown like a phone's inbox."""

import ipaddress

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from zgoda.lib.http import client_ip

from . import app_settings, devinbox
from .models import OutboxEntry


def _require_dev_outbox(request):
    """Only with the outbox on, and only to this machine (loopback) or to staff: the dev phone
    shows login codes and e-mails, so on a reachable port it would hand out every account."""
    if not app_settings.dev_outbox_enabled():
        raise Http404
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return
    if request.META.get("HTTP_X_FORWARDED_FOR") or request.META.get("HTTP_FORWARDED"):
        raise Http404  # came through a proxy: a local proxy would make every visitor look local
    try:
        loopback = ipaddress.ip_address(client_ip(request)).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise Http404


@never_cache  # Cache-Control: no-store (codes must not rest in a cache)
def dev_phone(request):
    _require_dev_outbox(request)
    entries = OutboxEntry.objects.order_by("-sent_at", "-id")[:200]
    return render(request, "sms/dev_phone.html", {"entries": entries, "emails": devinbox.recent()})


@never_cache
def dev_phone_emails(request):
    """The dev inbox as JSON, newest first: to, subject, body, sent_at."""
    _require_dev_outbox(request)
    data = [{"to": e.to, "subject": e.subject, "body": e.body, "sent_at": e.sent_at.isoformat()}
            for e in devinbox.recent()]
    return JsonResponse(data, safe=False)


@never_cache
def dev_phone_messages(request):
    _require_dev_outbox(request)
    entries = OutboxEntry.objects.order_by("sent_at", "id")
    to = request.GET.get("to")
    if to:
        entries = entries.filter(to=to)
    data = [{"to": e.to, "text": e.text, "sent_at": e.sent_at.isoformat()} for e in entries]
    return JsonResponse(data, safe=False)
