"""The second-factor step of login: type a code (SMS, app or recovery), or ask for an SMS."""

from allauth.account.internal.decorators import login_stage_required
from allauth.account.internal.stagekit import stash_login
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import app_settings
from ..codeformat import normalize
from ..forms import LoginCodeForm
from ..internal.flows import audit, code_check, codes, devices, factors, new_device_notice, recovery
from ..internal.flows import challenge as challenges
from ..models import AuditEvent, CodeChallenge
from ..stages import APP, STAGE_KEY
from .codepage import UNREAD, code_page_context, dead_code_error, fallback_context, sent_message

stage_required = login_stage_required(stage=STAGE_KEY, redirect_urlname="account_login")


def _stage_and_challenge(request):
    stage = request._login_stage
    return stage, stage.challenge()


def _fallback_error(outcome: factors.FactorOutcome) -> str:
    if outcome.refusal:
        return outcome.refusal
    if outcome.limited:
        return _("Za dużo błędnych kodów. Odczekaj kilka minut i spróbuj ponownie.")
    return _("Błędny kod. Sprawdź kod w aplikacji albo kod odzyskiwania.")


@stage_required
def challenge_view(request):
    stage = request._login_stage
    types = stage.factor_types()
    if stage.method() == APP:
        if factors.APP in types or not stage.send_sms():
            return _app_step(request, stage, types)
        stash_login(request, stage.login)  # the app is gone: the SMS step it fell back to
    form = LoginCodeForm(request.POST or None)
    challenge = code = UNREAD
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["code"]
        # The code's use and the login it completes commit together (one hold of SQLite's
        # write lock instead of five), their audit events in one INSERT. The check reads the
        # challenge itself, locked: no unlocked read before it.
        with transaction.atomic(), audit.together():
            outcome = code_check.check_code(stage.challenge_to_check(), typed, request, user=stage.login.user)
            if outcome.ok:
                response = _log_in(request, stage, form.cleaned_data["trust_device"], open_recovery=outcome.open_recovery)
        if outcome.ok:
            return _browser_remembered(request, response, stage.login.user)
        if not outcome.found:
            return stage.abort()
        # Not this login's SMS code: it may be a code from the app or a recovery code.
        digits = normalize(typed)
        sms_shaped = digits.isdigit() and len(digits) == app_settings.code_length()
        # A wrong guess counts once: as the SMS code's when that code compared it, else here
        # (a blocked, expired or used SMS code compares nothing).
        fallback = (factors.check(request, stage.login.user, typed, types,
                                  count_failure=not (sms_shaped and outcome.counted))
                    if types else factors.FactorOutcome())
        if fallback.ok:
            return _logged_in(request, stage, form.cleaned_data["trust_device"], fallback)
        if fallback.locked:
            messages.error(request, fallback.refusal)
            return stage.abort()
        if outcome.challenge_ended:
            messages.error(request, outcome.error)
            return stage.abort()
        form.add_error("code", _fallback_error(fallback) if fallback.tried and not sms_shaped else dead_code_error(outcome, request))
        if outcome.challenge is not None:
            challenge, code = outcome.challenge, outcome.code
    if challenge is UNREAD:
        challenge, code = stage.challenge_and_code()
        if challenge is None:
            return stage.abort()
    context = fallback_context(stage.login.user, types, challenge.phone) | code_page_context(challenge, code, request) | {
        "form": form, "resend_url": "accounts:challenge_resend", "method": "sms",
    }
    return render(request, "accounts/challenge.html", context, status=400 if form.errors else 200)


def _app_step(request, stage, types):
    """The account has an authenticator app: its code (or a recovery code), no SMS unless asked for."""
    form = LoginCodeForm(request.POST or None)
    form.fields["code"].label = _("Kod z aplikacji uwierzytelniającej")
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data["code"]
        outcome = factors.check(request, stage.login.user, typed, types)
        if outcome.ok:
            return _logged_in(request, stage, form.cleaned_data["trust_device"], outcome)
        if outcome.locked:
            messages.error(request, outcome.refusal)
            return stage.abort()
        if not outcome.tried:
            form.add_error("code", _("Wpisz %(app)d-cyfrowy kod z aplikacji albo %(rc)d-cyfrowy kod odzyskiwania.") % {
                "app": factors.digits_of(factors.APP), "rc": factors.digits_of(factors.RECOVERY)})
        else:
            if not outcome.limited:
                stage.state["wrong"] = wrong = stage.state.get("wrong", 0) + 1
                stash_login(request, stage.login)
                if wrong >= app_settings.max_wrong_per_login():
                    audit.record(AuditEvent.Event.LOGIN_ENDED, request, user_id=stage.login.user.pk, method=APP)
                    messages.error(request, _("Za dużo błędnych kodów. Ze względów bezpieczeństwa zacznij od nowa."))
                    return stage.abort()
            form.add_error("code", _fallback_error(outcome))
    context = fallback_context(stage.login.user, types) | {"form": form, "method": APP}
    return render(request, "accounts/challenge.html", context, status=400 if form.errors else 200)


def _logged_in(request, stage, trust, fallback: factors.FactorOutcome):
    """Logged in with the app's or a recovery code (the SMS code's step is _log_in in its transaction)."""
    return _browser_remembered(request, _log_in(request, stage, trust, fallback), stage.login.user)


def _log_in(request, stage, trust, fallback: factors.FactorOutcome | None = None, open_recovery: bool | None = None):
    user = stage.login.user
    recovery.cancel_open(user, request, known_open=open_recovery)  # a second factor passed: this account is not lost
    if fallback is not None:  # passed without the SMS code: that code must not stay usable
        stage.challenges().filter(ended_at__isnull=True).update(
            ended_at=timezone.now(), end_reason=CodeChallenge.End.ABANDONED)
    new_device_notice.want(request, user)  # before the login: its audit event may carry the e-mail
    response = stage.exit()
    new_device_notice.carry_over(request)  # the re-consent question may complete the login later
    if trust:
        devices.trust_this_device(request, response, user)
    if fallback is not None and fallback.method == factors.RECOVERY:
        left = fallback.codes_left or 0
        messages.warning(request, ngettext(
            "Zalogowano kodem odzyskiwania; ten kod jest już zużyty. Został %(n)d kod. "
            "Ustaw aplikację uwierzytelniającą lub nowe kody w ustawieniach bezpieczeństwa.",
            "Zalogowano kodem odzyskiwania; ten kod jest już zużyty. Zostało %(n)d kodów. "
            "Ustaw aplikację uwierzytelniającą lub nowe kody w ustawieniach bezpieczeństwa.",
            left) % {"n": left})
    return response


def _browser_remembered(request, response, user):
    """The seen-browser cookie (no database): set after the login's transaction, not inside it."""
    devices.remember_seen(request, response, user)
    return response


@require_POST
@stage_required
def resend_view(request):
    stage, challenge = _stage_and_challenge(request)
    if challenge is None:
        return stage.abort()
    outcome = codes.issue_code(challenge, request)
    if outcome.sent:
        messages.success(request, sent_message(outcome.code))
    elif not challenges.said_by_page(outcome, challenge, request):  # else the code page says why, once
        messages.error(request, outcome.refusal)
    return redirect("accounts:challenge")


@require_POST
@stage_required
def sms_instead_view(request):
    """'Send me an SMS instead': the app's page gives way to the SMS step (its limits apply)."""
    stage = request._login_stage
    if stage.method() == APP:
        if not stage.send_sms():
            messages.error(request, _("To konto nie ma numeru telefonu do logowania. Wpisz kod z aplikacji "
                                      "albo kod odzyskiwania."))
            return redirect("accounts:challenge")
        audit.record(AuditEvent.Event.SMS_INSTEAD, request, user_id=stage.login.user.pk)
        stash_login(request, stage.login)
    return redirect("accounts:challenge")
