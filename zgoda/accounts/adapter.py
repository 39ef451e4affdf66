from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .stages import SmsChallengeStage


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self):
        stages = super().get_login_stages()
        path = f"{SmsChallengeStage.__module__}.{SmsChallengeStage.__name__}"
        # After e-mail verification, so an unverified address never costs an SMS.
        # Other apps' steps (ZGODA_EXTRA_LOGIN_STAGES) come after the SMS step.
        return stages + [path] + list(getattr(settings, "ZGODA_EXTRA_LOGIN_STAGES", []))
