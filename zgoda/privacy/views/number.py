"""/privacy/: a person proves a number with a code and sees, withdraws, downloads or
forgets that number's marketing data. Nothing of any account is shown or changed here;
"also delete my account" only e-mails a link to the account that holds the number."""


from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zgoda.consent import api as consent_api

from ..forms import CodeForm, ConfirmForm, PortalPhoneForm
from ..internal.flows import download, erasure, links, portal, requests, subject as subjects, withdrawal
from ..models import DataSubjectRequest



def posted(request):
    """The POST data, even when empty (an empty form must be answered with its errors)."""
    return request.POST if request.method == "POST" else None


def start_view(request):
    form = PortalPhoneForm(posted(request))
    if request.method == "POST" and form.is_valid():
        outcome = portal.start(request, form.cleaned_data["phone"])
        if outcome.error:  # a refusal the code page does not say itself
            messages.error(request, outcome.error)
        return redirect("privacy:code")
    return render(request, "privacy/start.html", {"form": form}, status=400 if form.errors else 200)


def code_view(request):
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid() and portal.has_try(request):
        outcome = portal.check(request, form.cleaned_data["code"])
        if outcome.ok:
            return redirect("privacy:me")
        if outcome.ended:  # this code ended the try, or it had ended (replaced, used elsewhere, gone)
            messages.error(request, outcome.error)
            return redirect("privacy:start")
        form.add_error("code", outcome.error)
    page = portal.code_page(request)
    if page is None:
        messages.info(request, _("Najpierw podaj numer telefonu."))
        return redirect("privacy:start")
    if page.get("ended"):  # the try is over: start again from the number, told why
        messages.error(request, page["ended"])
        return redirect("privacy:start")
    return render(request, "privacy/code.html", page | {"form": form}, status=400 if form.errors else 200)


@require_POST
def resend_view(request):
    outcome = portal.resend(request)
    if outcome.ended:
        messages.error(request, outcome.error)
        return redirect("privacy:start")
    if outcome.ok:
        messages.success(request, _("Jeśli znamy ten numer, wysłaliśmy na niego nowy kod."))
    elif outcome.error:  # else the code page says why, once
        messages.error(request, outcome.error)
    return redirect("privacy:code")


def _proven_phone(request):
    """(phone, None) while this browser's code for a number holds, else ("", redirect)."""
    phone = portal.verified_phone(request)
    if not phone:
        messages.info(request, _("Podaj numer telefonu i kod z SMS-a, aby zobaczyć swoje dane."))
        return "", redirect("privacy:start")
    return phone, None


def me_view(request):
    phone, away = _proven_phone(request)
    if away:
        return away
    data = subjects.export(subjects.number(phone))
    context = {"marketing": consent_api.number_overview(phone), "phone": phone,
               "marketing_messages": download.marketing_sms_of_last_year(data)}
    return render(request, "privacy/number.html", context)


@require_POST
def withdraw_view(request):
    phone, away = _proven_phone(request)
    if away:
        return away
    if withdrawal.withdraw_number(phone, "privacy_portal"):
        messages.success(request, _("Zgoda na SMS-y marketingowe została wycofana. Nie wyślemy Ci już reklam SMS."))
    else:
        messages.info(request, _("Ten numer nie ma zgody na SMS-y marketingowe. Zablokowaliśmy go dla reklam SMS."))
    return redirect("privacy:me")


@require_POST
def download_view(request):
    phone, away = _proven_phone(request)
    if away:
        return away
    return download_response(subjects.number(phone), DataSubjectRequest.Channel.PORTAL)


def download_response(subject, channel):
    """The subject's JSON file as a download, logged as a request (this page's and the account's)."""
    requests.log(DataSubjectRequest.Kind.DOWNLOAD, channel, subject)
    response = HttpResponse(download.as_json(subject), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download.filename()}"'
    return response


def forget_view(request):
    phone, away = _proven_phone(request)
    if away:
        return away
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        counts = erasure.erase(subjects.number(phone), DataSubjectRequest.Channel.PORTAL)
        if counts.get("left"):
            portal.end(request)
            messages.error(request, _("Nie udało się usunąć wszystkiego. Przekazaliśmy Twój wniosek obsłudze sklepu."))
            return redirect("privacy:start")
        portal.end_forgotten(request)
        return redirect("privacy:forgotten")
    return render(request, "privacy/forget.html", {"form": form}, status=400 if form.errors else 200)


def forgotten_view(request):
    if not portal.was_forgotten(request):  # opened by hand: nothing was forgotten here
        return redirect("privacy:start")
    return render(request, "privacy/forgotten.html")


@require_POST
def account_link_view(request):
    """"I also want my account deleted": the same answer whether or not an account uses the number."""
    phone, away = _proven_phone(request)
    if away:
        return away
    links.send_for_number(phone)
    messages.success(request, _("Jeśli z tego numeru korzysta konto, wysłaliśmy link na jego adres e-mail. "
                                "Otwórz go, aby zobaczyć dane konta i je usunąć; do tego czasu nic się nie zmieni."))
    return redirect("privacy:me")


@require_POST
def end_view(request):
    portal.end(request)
    links.end(request)
    return redirect("privacy:start")
