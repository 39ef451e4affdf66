"""The shop's face on landing pages: its name, logo and the footer's privacy links."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from . import app_settings


def context() -> dict:
    logo = app_settings.shop_logo()
    return {
        "shop_name": settings.ZGODA_SITE_NAME,
        "shop_logo": static(logo) if logo else "",
        "privacy_policy_url": app_settings.privacy_policy_url(),
        "privacy_portal_url": reverse("privacy:start"),
    }
