"""An account's privacy page: for the logged-in person (/accounts/privacy/), or for a
browser that followed a one-time link e-mailed to the account (/privacy/account/).
Everything every app holds of the account: see, withdraw, download, erase."""


from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zgoda.consent import api as consent_api

from ..forms import ConfirmForm, LinkRequestForm
from ..internal.flows import download, erasure, links, subject as subjects, withdrawal
from ..models import DataSubjectRequest
from .number import download_response, posted

ACCOUNT, LINK = "account", "link"
NAMESPACE = {ACCOUNT: "privacy_account", LINK: "privacy_link"}
CHANNEL = {ACCOUNT: DataSubjectRequest.Channel.ACCOUNT, LINK: DataSubjectRequest.Channel.EMAIL}


def _user(request, mode):
    """(user, None) for a person allowed in, else (None, redirect)."""
    if mode == ACCOUNT:
        if not request.user.is_authenticated:
            return None, redirect(f"{reverse('account_login')}?next={request.path}")
        return request.user, None
    user = links.linked_user(request)
    if user is None:
        messages.info(request, _("Link wygasł albo został już użyty. Poproś o nowy."))
        return None, redirect("privacy:ask_link")
    return user, None


def _context(mode, **extra):
    return {"mode": mode, "ns": NAMESPACE[mode], **extra}


def me_view(request, mode=ACCOUNT):
    user, away = _user(request, mode)
    if away:
        return away
    data = subjects.export(subjects.account(user))
    return render(request, "privacy/me.html", _context(
        mode, email=user.email, joined=user.date_joined, consents=consent_api.account_overview(user),
        marketing_messages=download.marketing_sms_of_last_year(data),
        campaigns=data.get("campaigns_received", []),
    ))


@require_POST
def withdraw_view(request, mode=ACCOUNT):
    user, away = _user(request, mode)
    if away:
        return away
    if withdrawal.withdraw_account(request, user, CHANNEL[mode]):
        messages.success(request, _("Zgoda na SMS-y marketingowe została wycofana. Nie wyślemy Ci już reklam SMS."))
    else:
        messages.info(request, _("Nie masz zgody na SMS-y marketingowe, więc nie ma czego wycofywać."))
    return redirect(f"{NAMESPACE[mode]}:me")


@require_POST
def download_view(request, mode=ACCOUNT):
    user, away = _user(request, mode)
    if away:
        return away
    return download_response(subjects.account(user), CHANNEL[mode])


def erase_view(request, mode=ACCOUNT):
    user, away = _user(request, mode)
    if away:
        return away
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        # Erasure deletes the account's sessions: a browser logged in to it (a link opened
        # there too) must start a new one, or saving the deleted one fails. Asked before
        # erasure, which deactivates the account (request.user would then be anonymous).
        logged_in_here = request.user.pk == user.pk
        counts = erasure.erase(subjects.account(user), CHANNEL[mode])
        if mode == ACCOUNT or logged_in_here:
            logout(request)
        else:
            links.end(request)
        if counts.get("left"):
            messages.error(request, _("Nie udało się usunąć wszystkiego. Przekazaliśmy Twój wniosek obsłudze sklepu."))
            return redirect("privacy:start")
        return redirect("privacy:erased")
    return render(request, "privacy/erase.html", _context(mode, form=form, email=user.email),
                  status=400 if form.errors else 200)


def erased_view(request):
    return render(request, "privacy/erased.html")


def ask_link_view(request):
    """For a person who cannot log in: a link to the account's page, by e-mail. The same
    answer whether or not an account uses the address."""
    form = LinkRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        links.send_for_email(form.cleaned_data["email"])
        messages.success(request, _("Jeśli to adres konta w naszym sklepie, wysłaliśmy na niego link. "
                                    "Otwórz go, aby zobaczyć dane konta."))
        return redirect("privacy:ask_link")
    return render(request, "privacy/ask_link.html", {"form": form}, status=400 if form.errors else 200)


def follow_link_view(request, token):
    """The e-mailed link: used once, then the page is reached without the token in the address."""
    if request.method != "POST":
        # Mail scanners open links: a GET only shows a button, so the link is not used up by them.
        return render(request, "privacy/follow_link.html", {"token": token})
    if links.follow(request, token):
        return redirect("privacy_link:me")
    messages.error(request, _("Link wygasł albo został już użyty. Poproś o nowy."))
    return redirect("privacy:ask_link")
