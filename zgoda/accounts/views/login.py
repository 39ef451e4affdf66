"""The SMS step of login: type the code, or ask for a new one."""

from allauth.account.internal.decorators import login_stage_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from ..forms import LoginCodeForm
from ..internal.flows import codes, devices
from ..stages import STAGE_KEY
from ..signals import LOGIN_EVENT
from ..tasks import send_new_device_notice
from .codepage import UNREAD, code_page_context, sent_message

stage_required = login_stage_required(stage=STAGE_KEY, redirect_urlname="account_login")


def _stage_and_challenge(request):
    stage = request._login_stage
    return stage, stage.challenge()


@stage_required
def challenge_view(request):
    stage = request._login_stage
    form = LoginCodeForm(request.POST or None)
    challenge = code = UNREAD
    if request.method == "POST" and form.is_valid():
        # The check reads the challenge itself, locked: no unlocked read before it.
        outcome = codes.check_code(stage.challenges(), form.cleaned_data["code"], request)
        if not outcome.found:
            return stage.abort()
        if outcome.ok:
            return _logged_in(request, stage, form.cleaned_data["trust_device"])
        if outcome.challenge_ended:
            messages.error(request, outcome.error)
            return stage.abort()
        form.add_error("code", outcome.error)
        if outcome.challenge is not None:
            challenge, code = outcome.challenge, outcome.code
    if challenge is UNREAD:
        challenge = stage.challenge()
        if challenge is None:
            return stage.abort()
    context = code_page_context(challenge, code) | {"form": form, "resend_url": "accounts:challenge_resend"}
    return render(request, "accounts/challenge.html", context, status=400 if form.errors else 200)


def _logged_in(request, stage, trust):
    user = stage.login.user
    response = stage.exit()
    if trust:
        devices.trust_this_device(request, response, user)
    login_event = getattr(request, LOGIN_EVENT, None)
    if login_event is not None:
        send_new_device_notice.enqueue(login_event.pk, translation.get_language() or "pl")
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
    else:
        messages.error(request, outcome.refusal)
    return redirect("accounts:challenge")

