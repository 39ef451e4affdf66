"""The admin index as a shop owner reads it: sections by task, not by Python app."""

from django.utils.translation import gettext_lazy as _

# (section, models in the order shown); a model not listed here lands in OTHER, so a new
# model never disappears from the index.
SECTIONS = [
    (_("Kampanie"), ["consent.consentdashboard", "campaigns.campaign", "campaigns.landingpage"]),
    (_("Zgody i eksport"), ["consent.consentevent", "consent.consenttext", "consent.exportaudit",
                             "consent.contactpoint", "consent.suppression", "consent.invitationcandidate",
                             "consent.securityinvitation"]),
    (_("Prywatność/RODO"), ["privacy.datasubjectrequest", "privacy.optouttoken", "privacy.purgerun"]),
    (_("Bramki SMS"), ["sms.providerhealth", "sms.message", "sms.sendattempt", "sms.inboundmessage"]),
    (_("Bezpieczeństwo"), ["auth.user", "auth.group", "account.emailaddress", "accounts.smstwofactor",
                           "accounts.trusteddevice", "mfa.authenticator", "usersessions.usersession",
                           "accounts.assistedrecovery", "accounts.auditevent"]),
    (_("Integracje"), ["restapi.apikey", "webhooks.subscription", "webhooks.event", "webhooks.delivery",
                       "allauth_idp_oidc.client", "allauth_idp_oidc.token"]),
]
OTHER = _("Pozostałe")
TASK_QUEUE_SECTION = SECTIONS[3][0]  # the task queue page (queue.py) is listed under "Bramki SMS"
