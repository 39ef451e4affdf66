import html

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import is_headless_request
from django.conf import settings
from django.contrib import messages
from django.template.loader import render_to_string

from .internal import password_limits
from .stages import SmsChallengeStage

# allauth.mfa's own login steps: Zgoda's stage asks for every second factor in one step
# (SMS, authenticator app, recovery code) and trusts devices itself (zgoda_device).
ALLAUTH_MFA_STAGES = ("allauth.mfa.stages.AuthenticateStage", "allauth.mfa.stages.TrustStage")


def user_display(user) -> str:
    """How messages name a person (ACCOUNT_USER_DISPLAY): by the e-mail they log in with, never
    by the username allauth made up at signup, so "logged in as" and "confirmed" agree."""
    return user.email or user.get_username()


# allauth's messages worded by Zgoda's own templates, never empty and needing no request: their
# text is rendered when the response is sent (Django's message storage turns it into a str then),
# not inside the login's write transaction (views/login.py), and without the context processors.
MESSAGES_RENDERED_LATER = frozenset({"account/messages/logged_in.txt", "account/messages/logged_out.txt"})


class _MessageRenderedLater:
    def __init__(self, template: str, context: dict):
        self.template, self.context = template, context

    def __bool__(self) -> bool:  # asked by the message storage on adding: never empty, not rendered yet
        return True

    def __str__(self) -> str:
        return html.unescape(render_to_string(self.template, self.context).strip())


class AccountAdapter(DefaultAccountAdapter):
    # Passwords tried at login and at password prompts are counted by Zgoda's limits policy
    # (internal/password_limits.py), in place of allauth's cache-held "login_failed" rate:
    # allauth calls pre_authenticate before comparing and the rollback after a right one.
    def pre_authenticate(self, request, **credentials):
        login = credentials.get("email") or credentials.get("username") or ""
        self._password_attempt = password_limits.start(request, login)
        if self._password_attempt is None:
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self):
        password_limits.proved(getattr(self, "_password_attempt", None))

    def _delete_login_attempts_cached_email(self, request, **credentials):
        """allauth's password reset clears its own counter here; Zgoda's forgets the wrong
        tries on allauth's password_reset signal (password_limits)."""

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        if message is None and message_template in MESSAGES_RENDERED_LATER and not is_headless_request(request):
            messages.add_message(request, level, _MessageRenderedLater(message_template, message_context or {}),
                                 extra_tags=extra_tags)
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_login_stages(self):
        stages = [s for s in super().get_login_stages() if s not in ALLAUTH_MFA_STAGES]
        path = f"{SmsChallengeStage.__module__}.{SmsChallengeStage.__name__}"
        # After e-mail verification, so an unverified address never costs an SMS.
        # Other apps' steps (ZGODA_EXTRA_LOGIN_STAGES) come after the SMS step.
        return stages + [path] + list(getattr(settings, "ZGODA_EXTRA_LOGIN_STAGES", []))

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """allauth's account notices (ACCOUNT_EMAIL_NOTIFICATIONS) go through the task queue
        like Zgoda's own security e-mails (internal/flows/notices.py)."""
        from .internal.flows import notices

        notices.queue_account_notice(self.request, template_prefix, user, context=context, email=email)

    def format_email_subject(self, subject):
        """The site's name as the prefix: a task sending a notice has no request to take it from."""
        from allauth.account import app_settings as allauth_account_settings

        prefix = allauth_account_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{settings.ZGODA_SITE_NAME}] "
        return prefix + str(subject)
