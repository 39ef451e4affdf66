"""/privacy/: a person proves their number with a code and sees, withdraws, downloads or
erases what Zgoda holds. /accounts/privacy/ shows a logged-in person the same."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import CodeForm, EraseConfirmForm, PortalPhoneForm
from ..internal.flows import download, erasure, portal, report, requests, subject as subjects, withdrawal
from ..models import DataSubjectRequest

ACCOUNT, PORTAL = "account", "portal"


def _posted(request):
    """The POST data, even when empty (an empty form must be answered with its errors)."""
    return request.POST if request.method == "POST" else None


def start_view(request):
    form = PortalPhoneForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        outcome = portal.start(request, form.cleaned_data["phone"])
        if not outcome.ok:
            messages.error(request, outcome.error)
        return redirect("privacy:code")
    return render(request, "privacy/start.html", {"form": form}, status=400 if form.errors else 200)


def code_view(request):
    page = portal.code_page(request)
    if page is None:
        messages.info(request, _("Najpierw podaj numer telefonu."))
        return redirect("privacy:start")
    form = CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        outcome = portal.check(request, form.cleaned_data["code"])
        if outcome.ok:
            return redirect("privacy:me")
        if outcome.ended:
            messages.error(request, outcome.error)
            return redirect("privacy:start")
        form.add_error("code", outcome.error)
    page = portal.code_page(request) or page
    return render(request, "privacy/code.html", page | {"form": form}, status=400 if form.errors else 200)


@require_POST
def resend_view(request):
    outcome = portal.resend(request)
    if outcome.ended:
        return redirect("privacy:start")
    if outcome.ok:
        messages.success(request, _("Jeśli znamy ten numer, wysłaliśmy na niego nowy kod."))
    else:
        messages.error(request, outcome.error)
    return redirect("privacy:code")


def _subject(request, mode):
    """(subject, None) for a person allowed in, else (None, redirect)."""
    if mode == ACCOUNT:
        if not request.user.is_authenticated:
            return None, redirect(f"{reverse('account_login')}?next={request.path}")
        return subjects.of_user(request.user), None
    phone = portal.verified_phone(request)
    if not phone:
        messages.info(request, _("Podaj numer telefonu i kod z SMS-a, aby zobaczyć swoje dane."))
        return None, redirect("privacy:start")
    return subjects.of_phone(phone), None


def _here(mode, name):
    return f"privacy_account:{name}" if mode == ACCOUNT else f"privacy:{name}"


def _channel(mode):
    return DataSubjectRequest.Channel.ACCOUNT if mode == ACCOUNT else DataSubjectRequest.Channel.PORTAL


def me_view(request, mode=PORTAL):
    subject, away = _subject(request, mode)
    if away:
        return away
    context = report.overview(subject) | {"mode": mode, "phones": subject.phones, "ns": _here(mode, "")[:-1]}
    return render(request, "privacy/me.html", context)


@require_POST
def withdraw_view(request, mode=PORTAL):
    subject, away = _subject(request, mode)
    if away:
        return away
    if withdrawal.withdraw_subject(subject, "privacy_portal", request=request, channel=_channel(mode)):
        messages.success(request, _("Zgoda na SMS-y marketingowe została wycofana. Nie wyślemy Ci już reklam SMS."))
    else:
        messages.info(request, _("Nie masz zgody na SMS-y marketingowe, więc nie ma czego wycofywać."))
    return redirect(_here(mode, "me"))


@require_POST
def download_view(request, mode=PORTAL):
    subject, away = _subject(request, mode)
    if away:
        return away
    body = download.as_json(subject)
    requests.log_done(DataSubjectRequest.Kind.DOWNLOAD, _channel(mode), subject)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download.filename()}"'
    return response


def erase_view(request, mode=PORTAL):
    subject, away = _subject(request, mode)
    if away:
        return away
    form = EraseConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        erasure.erase(subject, _channel(mode))
        if mode == ACCOUNT:
            logout(request)
        else:
            request.session.flush()
        return redirect("privacy:erased")
    context = {"form": form, "mode": mode, "ns": _here(mode, "")[:-1], "phones": subject.phones,
               "accounts": [report.masked_email(u.email) for u in subject.users]}
    return render(request, "privacy/erase.html", context, status=400 if form.errors else 200)


def erased_view(request):
    return render(request, "privacy/erased.html")


@require_POST
def end_view(request):
    portal.end(request)
    return redirect("privacy:start")
