"""The SMS step of login: an allauth login stage, so a half-logged-in session can't skip it.

Until the stage is passed the user is not logged in at all; allauth keeps the pending
login in the session and only our challenge, resend and logout views accept it.
"""

from allauth.account.stages import LoginStage
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from .internal.flows import challenge as challenges
from .internal.flows import devices, twofa
from .models import CodeChallenge

STAGE_KEY = "zgoda_sms"


class SmsChallengeStage(LoginStage):
    key = STAGE_KEY
    urlname = "accounts:challenge"

    def handle(self):
        user = self.login.user
        config = twofa.twofa_of(user) if user is not None else None
        if config is None:
            return None, True
        if devices.trusted_device_for(self.request, user):
            return None, True  # a trusted device costs no SMS
        challenge, outcome = challenges.start(
            self.request, user, CodeChallenge.Purpose.LOGIN, config.phone, reuse=True
        )
        if outcome is not None and not outcome.sent:
            messages.error(self.request, outcome.refusal)  # a limit: say so, and when it frees
        self.state["challenge_id"] = str(challenge.pk)
        return HttpResponseRedirect(reverse(self.urlname)), True

    def challenges(self):
        """The query that finds this login's challenge (empty without one), not yet run."""
        challenge_id = self.state.get("challenge_id")
        if not challenge_id:
            return CodeChallenge.objects.none()
        return CodeChallenge.objects.filter(pk=challenge_id, user=self.login.user)

    def challenge(self) -> CodeChallenge | None:
        return self.challenges().first()
