"""The second-factor step of login: an allauth login stage, so a half-logged-in session can't skip it.

One step for every second factor: an SMS code, a code from an authenticator app or a
recovery code (allauth.mfa's, whose own authenticate and trust stages are left out: see
adapter.py). An account with an app gets the app's page first (no SMS) and may ask for an
SMS instead; an account with SMS 2FA only gets a code SMS. A trusted device skips the step.

Until the stage is passed the user is not logged in at all; allauth keeps the pending
login in the session and only our challenge, resend, SMS-instead and logout views accept it.
"""

from allauth.account.stages import LoginStage
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse

from .internal.flows import challenge as challenges
from .internal.flows.codes import ChallengeOf
from .internal.flows import devices, factors, language, login_factors, recovery, twofa
from .models import CodeChallenge

STAGE_KEY = "zgoda_sms"
APP, SMS = "app", "sms"  # which code the step asks for first


class SmsChallengeStage(LoginStage):
    key = STAGE_KEY
    urlname = "accounts:challenge"

    def handle(self):
        user = self.login.user
        if user is None:
            return None, True
        found = login_factors.of(user)
        if found.recovery_due:  # a staff-assisted recovery whose wait is over removes the factors
            recovery.finish_if_due(user=user)
            found = login_factors.of(user)
        config, types = found.twofa, found.types
        # Kept for the code page and the code check of this login (the accounts's factors
        # rarely change within a login; a factor removed meanwhile just fails its check).
        self.state["factor_types"] = sorted(types)
        has_app = factors.APP in types
        if config is None and not has_app:
            return None, True
        if devices.trusted_device_for(self.request, user):
            return None, True  # a trusted device costs no SMS
        if has_app:
            self.state["method"] = APP  # the app's code first: no SMS unless asked for
        else:
            # A refusal is worded in the language the code page will speak (follow_account below).
            self.send_sms(config, none_open=not found.challenge_open, in_login_language=True)
        response = HttpResponseRedirect(reverse(self.urlname))
        language.follow_account(self.request, user, response)  # the code page speaks the SMS's language
        return response, True

    def factor_types(self) -> set[str]:
        """The account's other factors (factors.types_of) as this login's first step read them."""
        if "factor_types" in self.state:
            return set(self.state["factor_types"])
        return factors.types_of(self.login.user)

    def method(self) -> str:
        return self.state.get("method", SMS)

    def send_sms(self, config=None, none_open=False, in_login_language=False) -> bool:
        """Open (or reuse) the login's SMS challenge and send its code; False without a 2FA number.
        The caller stashes the login (allauth's stash_login) when it runs outside handle().
        `none_open`: the account has no open login challenge (login_factors just read it).
        `in_login_language`: a refusal is worded in the login's language (language.for_login),
        not this request's: handle()'s response switches the pages to it. On the code page's
        own requests the page already speaks the request's language."""
        config = config or twofa.twofa_of(self.login.user)
        if config is None:
            return False
        challenge, outcome = challenges.start(
            self.request, self.login.user, CodeChallenge.Purpose.LOGIN, config.phone, reuse=True, none_open=none_open,
            in_login_language=in_login_language,
        )
        if outcome is not None and not outcome.sent and not challenges.said_by_page(outcome, challenge, self.request):
            messages.error(self.request, outcome.refusal)  # a limit: say so, and when it frees
        self.state["challenge_id"] = str(challenge.pk)
        self.state["method"] = SMS
        return True

    def challenges(self):
        """The query that finds this login's challenge (empty without one), not yet run."""
        challenge_id = self.state.get("challenge_id")
        if not challenge_id:
            return CodeChallenge.objects.none()
        return CodeChallenge.objects.filter(pk=challenge_id, user=self.login.user)

    def challenge(self) -> CodeChallenge | None:
        challenge_id = self.state.get("challenge_id")
        return challenges.of_login(challenge_id, self.login.user.pk) if challenge_id else None

    def challenge_and_code(self):
        """(this login's challenge, its newest code), (None, None) without one."""
        challenge_id = self.state.get("challenge_id")
        return (challenges.of_login_with_code(challenge_id, self.login.user.pk, self.request) if challenge_id
                else (None, None))

    def challenge_to_check(self) -> ChallengeOf | QuerySet:
        """This login's challenge as code_check.check_code reads it (locked), or an empty query without one."""
        challenge_id = self.state.get("challenge_id")
        return ChallengeOf(challenge_id, self.login.user.pk) if challenge_id else CodeChallenge.objects.none()
