"""The dev phone: what the outbox provider 'delivered', shown like a phone's inbox."""

from django.http import Http404, JsonResponse
from django.shortcuts import render

from . import app_settings
from .models import OutboxEntry


def _require_dev_outbox():
    if not app_settings.dev_outbox_enabled():
        raise Http404


def dev_phone(request):
    _require_dev_outbox()
    entries = OutboxEntry.objects.order_by("-sent_at", "-id")[:200]
    return render(request, "sms/dev_phone.html", {"entries": entries})


def dev_phone_messages(request):
    _require_dev_outbox()
    entries = OutboxEntry.objects.order_by("sent_at", "id")
    to = request.GET.get("to")
    if to:
        entries = entries.filter(to=to)
    data = [{"to": e.to, "text": e.text, "sent_at": e.sent_at.isoformat()} for e in entries]
    return JsonResponse(data, safe=False)
