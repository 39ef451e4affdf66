"""System checks: a footer without the opt-out link, and unreadable quiet hours or rates."""

from django.core.checks import Error, register

from . import app_settings
from .internal.flows.compose import footer_errors


@register()
def campaign_settings(app_configs, **kwargs):
    problems = []
    for message in footer_errors(app_settings.footer_template()):
        problems.append(Error(message, hint="ZGODA_CAMPAIGN_FOOTER", id="campaigns.E001"))
    try:
        app_settings.quiet_hours()
        app_settings.quiet_days()
    except (ValueError, KeyError) as error:
        problems.append(Error(f"ZGODA_CAMPAIGN_QUIET_HOURS/QUIET_DAYS unreadable: {error}",
                              hint='e.g. "20:00-09:00" and "sun"', id="campaigns.E002"))
    try:
        app_settings.rate_per_second("*")
    except ValueError as error:
        problems.append(Error(f"ZGODA_CAMPAIGN_RATE unreadable: {error}", hint='e.g. "50" or "kannel:100,*:20"',
                              id="campaigns.E003"))
    return problems
