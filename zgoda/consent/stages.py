"""The re-consent step of login: after a material change of the marketing text, a person
whose consent rests on the old version is shown what changed, once, after the SMS step.
"Not now" continues the login; it never blocks it."""

from allauth.account.stages import LoginStage
from django.http import HttpResponseRedirect
from django.urls import reverse

STAGE_KEY = "zgoda_reconsent"


class ReconsentStage(LoginStage):
    key = STAGE_KEY
    urlname = "consent:reconsent"

    def handle(self):
        from .internal.flows import marketing

        user = self.login.user
        newer = marketing.reconsent_pending(user) if user is not None else None
        if newer is None:
            return None, True
        self.state["text_id"] = newer.pk
        return HttpResponseRedirect(reverse(self.urlname)), True
