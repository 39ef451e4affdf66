"""Turning SMS 2FA on, confirming a number, changing it and turning 2FA off."""

from allauth.account.decorators import reauthentication_required, verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zgoda.lib.phone import masked

from ..forms import CodeForm
from ..internal.flows import challenge as challenges
from ..internal.flows import code_check, codes, twofa
from ..models import CodeChallenge
from .codepage import code_page_context, dead_code_error, sent_message

PENDING_KEY = "zgoda_pending_number_challenge"


def next_url(request) -> str:
    """Where to go once 2FA is on (a shop's login in progress: ?next=), if it is one of our own pages."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _with_next(request, name) -> str:
    url, after = reverse(name), next_url(request)
    return f"{url}?{urlencode({'next': after})}" if after else url


def enrollment_form_class():
    """The consent app may extend the enrollment form; this is where views get it."""
    from ..enrollment import get_enrollment_form_class

    return get_enrollment_form_class()


def change_number_form_class():
    from ..enrollment import get_change_number_form_class

    return get_change_number_form_class()


def twofa_disable_form_class():
    from ..enrollment import get_twofa_disable_form_class

    return get_twofa_disable_form_class()


# A throw-away account cannot ask for SMS: an address proved by a code comes first.
@verified_email_required
def settings_view(request):
    config = twofa.twofa_of(request.user)
    after = next_url(request)
    if config is not None:
        if after:
            return HttpResponseRedirect(after)
        return render(request, "accounts/twofa_on.html", {"config": config, "masked_phone": masked(config.phone)})
    form_class = enrollment_form_class()
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _send_confirmation(request, CodeChallenge.Purpose.ENROLL, form.cleaned_data["phone"], form.payload())
    context = {"form": form, "next_url": after}
    return render(request, "accounts/twofa_enroll.html", context, status=400 if form.errors else 200)


def _send_confirmation(request, purpose, phone, payload):
    challenge, outcome = challenges.start(request, request.user, purpose, phone, payload=payload, reuse=True)
    request.session[PENDING_KEY] = str(challenge.pk)
    if outcome is not None and not outcome.sent and not challenges.said_by_page(outcome, challenge, request):
        messages.error(request, outcome.refusal)
    return redirect(_with_next(request, "accounts:confirm_number"))


def _pending(request):
    challenge_id = request.session.get(PENDING_KEY)
    if not challenge_id:
        return None
    return CodeChallenge.objects.filter(
        pk=challenge_id, user=request.user, purpose__in=[CodeChallenge.Purpose.ENROLL, CodeChallenge.Purpose.CHANGE]
    ).first()


@verified_email_required
def confirm_view(request):
    challenge = _pending(request)
    if challenge is None or not challenge.is_open:
        messages.info(request, _("Najpierw podaj numer telefonu."))
        return redirect(_with_next(request, "accounts:twofa"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = twofa.confirm_number(request, challenge, form.cleaned_data["code"])
        if outcome.ok:
            request.session.pop(PENDING_KEY, None)
            done = _("Logowanie dwuetapowe SMS jest włączone.")
            if challenge.purpose == CodeChallenge.Purpose.CHANGE:
                done = _("Numer zmieniony. Zaufane urządzenia zostały odwołane.")
            messages.success(request, done)
            after = next_url(request)
            return HttpResponseRedirect(after) if after else redirect("accounts:twofa")
        if outcome.challenge_ended:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, outcome.error)
            return redirect(_with_next(request, "accounts:twofa"))
        form.add_error("code", dead_code_error(outcome, request))
    context = code_page_context(challenge, request=request) | {
        "form": form, "resend_url": "accounts:confirm_resend", "next_url": next_url(request),
    }
    return render(request, "accounts/confirm_number.html", context, status=400 if form.errors else 200)


@require_POST
@verified_email_required
def confirm_resend_view(request):
    challenge = _pending(request)
    if challenge is None:
        return redirect(_with_next(request, "accounts:twofa"))
    _resend(request, challenge)
    return redirect(_with_next(request, "accounts:confirm_number"))


def _resend(request, challenge):
    """A new code for an open challenge, under every limit (the cooldown included)."""
    outcome = codes.issue_code(challenge, request)
    if outcome.sent:
        messages.success(request, sent_message(outcome.code))
    elif not challenges.said_by_page(outcome, challenge, request):  # else the code page says why, once
        messages.error(request, outcome.refusal)


@login_required
def change_view(request):
    config = twofa.twofa_of(request.user)
    if config is None:
        return redirect("accounts:twofa")
    return _change(request, config)


# allauth's password prompt (reauthentication, audited: views/reauth.py) before a new number.
@reauthentication_required
def _change(request, config):
    form = change_number_form_class()(request.POST or None, current_phone=config.phone, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _send_confirmation(request, CodeChallenge.Purpose.CHANGE, form.cleaned_data["phone"], form.payload())
    context = {"form": form, "masked_phone": masked(config.phone)}
    return render(request, "accounts/twofa_change.html", context, status=400 if form.errors else 200)


def _confirms_with_password(request):
    return request.method == "POST" and request.POST.get("action") == "password"


@login_required
@reauthentication_required(enabled=_confirms_with_password)
def disable_view(request):
    """Turning 2FA off needs the password (allauth's reauthentication: a POST without a recent
    one goes to the prompt and comes back when it passed), or a code sent to the current number."""
    config = twofa.twofa_of(request.user)
    if config is None:
        return redirect("accounts:twofa")
    code_form = CodeForm()
    confirming = request.method == "POST" and request.POST.get("action") in ("password", "code")
    form = twofa_disable_form_class()(request.POST if confirming else None, user=request.user)
    challenge_id = request.session.get("zgoda_disable_challenge")
    challenge = CodeChallenge.objects.filter(pk=challenge_id, user=request.user, ended_at__isnull=True).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "password":  # the decorator saw a recent password prompt
            return _disabled(request, form)
        elif action == "resend_code" and challenge is not None:
            _resend(request, challenge)
            return redirect("accounts:twofa_disable")
        elif action in ("send_code", "resend_code"):  # a first code (or a try that has ended since)
            challenge, outcome = challenges.start(
                request, request.user, CodeChallenge.Purpose.DISABLE, config.phone, reuse=True
            )
            request.session["zgoda_disable_challenge"] = str(challenge.pk)
            if outcome is not None and not outcome.sent and not challenges.said_by_page(outcome, challenge, request):
                messages.error(request, outcome.refusal)
            return redirect("accounts:twofa_disable")
        elif action == "code" and challenge is not None:
            code_form = CodeForm(request.POST)
            if code_form.is_valid():
                outcome = code_check.check_code(challenge, code_form.cleaned_data["code"], request)
                if outcome.ok:
                    return _disabled(request, form)
                code_form.add_error("code", dead_code_error(outcome, request))
        else:
            messages.error(request, _("Nieznana operacja. Odśwież stronę i spróbuj ponownie."))
    context = {
        "form": form,
        "code_form": code_form,
        "challenge": challenge,
        "masked_phone": masked(config.phone),
    }
    if challenge is not None:
        context |= code_page_context(challenge, request=request)
    failed = code_form.errors
    return render(request, "accounts/twofa_disable.html", context, status=400 if failed else 200)


def _disabled(request, form):
    twofa.disable(request, request.user, payload=form.payload() if form.is_valid() else {})
    request.session.pop("zgoda_disable_challenge", None)
    messages.success(request, _("Logowanie dwuetapowe SMS jest wyłączone."))
    return redirect("accounts:twofa")
