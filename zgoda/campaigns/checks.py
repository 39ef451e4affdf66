"""System checks: a footer without the opt-out link or the legal basis, or promising STOP
outside {stop}; a footer that is not GSM-7; unreadable quiet hours or rates."""

from django.core.checks import Error, Warning, register

from zgoda.sms import api as sms

from . import app_settings
from .internal.flows.compose import SAMPLE_DATE, footer, footer_errors


@register()
def campaign_settings(app_configs, **kwargs):
    problems = []
    errors = footer_errors(app_settings.footer_template())
    for message in errors:
        problems.append(Error(message, hint="ZGODA_CAMPAIGN_FOOTER", id="campaigns.E001"))
    if not errors:
        longest = footer(optout_url="sklep.pl/o/XXXXXXXXX", consent_date=SAMPLE_DATE, stop=True)
        if not sms.is_gsm7(longest):
            problems.append(Warning(
                f"The campaign footer is not GSM-7 ({longest!r}): every campaign SMS would go out as UCS-2, "
                "about 2.3x the price.", hint="ZGODA_CAMPAIGN_FOOTER: no Polish letters, curly quotes or dashes.",
                id="campaigns.W001"))
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
