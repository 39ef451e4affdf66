"""The person's consents page, the full texts, and the re-consent step of login."""

from allauth.account.internal.decorators import login_stage_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zgoda.accounts.api import has_twofa, twofa_number
from zgoda.lib.phone import masked

from .internal.flows import contacts, ledger, marketing, overview, texts, validity
from .models import ConsentText, Purpose, Source
from .stages import STAGE_KEY

# The buttons' texts, kept in the ledger as the label the person saw when withdrawing.
WITHDRAW_LABEL = gettext_lazy("Wycofuję zgodę")
REMOVE_AND_WITHDRAW_LABEL = gettext_lazy("Usuń numer i wycofaj zgodę")


def _purpose_rows(user):
    states = ledger.states_of(user)
    rows = []
    for purpose, name in Purpose.choices:
        state = states.get(purpose)
        superseded = bool(state and state.granted and texts.is_superseded(state.text))
        rows.append({"purpose": purpose, "name": name, "state": state, "superseded": superseded})
    return rows


@login_required
def consents_view(request):
    user = request.user
    contact = contacts.contact_of(user)
    blocked = validity.blocked_reason(user)
    holds = ledger.holds(user, Purpose.SMS_MARKETING)
    # A consent that counts but lost its number: granting again only puts the 2FA number back.
    reattach = twofa_number(user) if holds and contact is None else None
    context = {
        "rows": _purpose_rows(user),
        "marketing_valid": validity.marketing_valid(user),
        "marketing_blocked": blocked,
        "marketing_suppression": overview.blocking_suppression(user, blocked),
        "marketing_state": ledger.state_of(user, Purpose.SMS_MARKETING),
        "marketing_text": texts.current_text(Purpose.SMS_MARKETING),
        "grant_offered": not holds,
        "reattach_phone": masked(reattach.phone) if reattach else "",
        "contact": contact,
        "masked_contact": masked(contact.phone) if contact else "",
        "has_2fa": has_twofa(user),
        "withdraw_label": str(WITHDRAW_LABEL),
    }
    return render(request, "consent/consents.html", context)


@require_POST
@login_required
def marketing_view(request):
    action = request.POST.get("action")
    if action == "grant":
        outcome = marketing.grant(request, request.user, request.POST.get("version", ""))
    elif action == "withdraw":
        outcome = marketing.withdraw(request, request.user, label=str(WITHDRAW_LABEL))
    else:
        outcome = marketing.Outcome(False, _("Nieznana operacja. Odśwież stronę i spróbuj ponownie."))
    (messages.success if outcome.ok else messages.error)(request, outcome.message)
    return redirect("consent:consents")


@login_required
def remove_number_view(request):
    contact = contacts.contact_of(request.user)
    if contact is None:
        messages.info(request, _("Nie mamy Twojego numeru do SMS-ów marketingowych."))
        return redirect("consent:consents")
    if request.method == "POST":
        choice = request.POST.get("withdraw")
        if choice not in ("yes", "no"):
            messages.error(request, _("Wybierz, czy wycofać też zgodę marketingową."))
        else:
            outcome = marketing.remove_number(
                request, request.user, choice == "yes", label=str(REMOVE_AND_WITHDRAW_LABEL)
            )
            (messages.success if outcome.ok else messages.error)(request, outcome.message)
            return redirect("consent:consents")
    context = {
        "masked_contact": masked(contact.phone),
        "marketing_granted": bool(getattr(ledger.state_of(request.user, Purpose.SMS_MARKETING), "granted", False)),
        "on_list": validity.marketing_valid(request.user),  # the heading says so, as the consents page's link
        "has_2fa": has_twofa(request.user),
    }
    return render(request, "consent/remove_number.html", context)


def text_view(request, pk):
    """Any version, current or not: old versions stay readable."""
    text = get_object_or_404(ConsentText, pk=pk)
    versions = ConsentText.objects.filter(purpose=text.purpose, language=text.language).order_by("-published_at", "-id")
    current = texts.current_text(text.purpose, text.language)
    context = {"text": text, "versions": versions, "is_current": current is not None and current.pk == text.pk,
               "superseded": texts.is_superseded(text)}
    return render(request, "consent/text.html", context)


@login_stage_required(stage=STAGE_KEY, redirect_urlname="account_login")
def reconsent_view(request):
    """The question is about `newer` (the version in the old consent's language, which "not
    now" remembers); the page shows the current version in the page's language, which is
    what the person reads and what marketing.grant accepts. The code is proved here but the
    login completes only on leaving the step, so the page is given the login's user: its
    header is the logged-in one (logging out ends the login)."""
    stage = request._login_stage
    user = stage.login.user
    newer = marketing.reconsent_pending(user)
    if newer is None:
        return stage.exit()
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "grant":
            outcome = marketing.grant(request, user, request.POST.get("version", ""), source=Source.RECONSENT)
            if not outcome.ok:
                messages.error(request, outcome.message)
                return redirect("consent:reconsent")
            messages.success(request, outcome.message)
            return stage.exit()
        if choice == "later":
            marketing.dismiss_reconsent(user, newer)
            messages.info(request, _("W porządku. Do czasu ponownej zgody nie wyślemy Ci SMS-ów marketingowych."))
            return stage.exit()
        messages.error(request, _("Wybierz jedną z odpowiedzi."))
    old = ledger.state_of(user, Purpose.SMS_MARKETING).text
    shown = texts.current_text(Purpose.SMS_MARKETING) or newer
    return render(request, "consent/reconsent.html", {"text": shown, "old": old, "user": user})
