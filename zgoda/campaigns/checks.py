"""System checks: a footer without the opt-out link or the legal basis, or promising STOP
outside {stop}; a footer that is not GSM-7; unreadable quiet hours or rates; a logo that is
not a static file. Deploy: links (SMS, e-mails) that would lead to this machine."""

from django.contrib.staticfiles import finders
from django.core.checks import Error, Warning, register

from zgoda.lib import languages, site
from zgoda.privacy import api as privacy
from zgoda.sms import api as sms

from . import app_settings
from .internal.flows.compose import SAMPLE_DATE, footer, footer_errors


def _footer_problems(language: str) -> list:
    name = languages.setting_name("ZGODA_CAMPAIGN_FOOTER", language)
    errors = footer_errors(app_settings.footer_template(language))
    problems = [Error(message, hint=name, id="campaigns.E001") for message in errors]
    if not errors:
        longest = footer(optout_url="sklep.pl/o/XXXXXXXXX", consent_date=SAMPLE_DATE, stop=True, language=language)
        if not sms.is_gsm7(longest):
            problems.append(Warning(
                f"The campaign footer is not GSM-7 ({longest!r}): every campaign SMS would go out as UCS-2, "
                "about 2.3x the price.", hint=f"{name}: no Polish letters, curly quotes or dashes.",
                id="campaigns.W001"))
    return problems


@register()
def campaign_settings(app_configs, **kwargs):
    problems = []
    for language in languages.codes():  # a campaign's footer speaks the campaign's language
        problems += _footer_problems(language)
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


@register()
def shop_logo_is_a_static_file(app_configs, **kwargs):
    logo = app_settings.shop_logo()
    if not logo:
        return []
    if "://" in logo or logo.startswith("//") or not finders.find(logo):
        return [Error(
            f"ZGODA_SHOP_LOGO={logo!r} is not a file among the static files: landing pages load nothing from "
            "elsewhere.", hint="Put the logo in a static folder (STATICFILES_DIRS) and give its path, e.g. "
            "shop/logo.svg.", id="campaigns.E004")]
    return []


@register(deploy=True)
def links_lead_beyond_this_machine(app_configs, **kwargs):
    """Production refuses base URLs on loopback: every SMS link and e-mailed link would be dead."""
    if site.demo_mode():
        return []
    found = [(name, value) for name, value in (("ZGODA_PUBLIC_URL", site.public_url()),
                                               ("ZGODA_SHORT_BASE_URL", privacy.short_base_url()))
             if site.is_loopback(value)]  # fmt: skip
    if not found:
        return []
    names = ", ".join(f"{name}={value}" for name, value in found)
    return [Error(
        f"{names}: links in SMS and e-mails would lead to this machine, not to the shop's customers.",
        hint="Set them to the address people reach, e.g. https://sklep.example.pl and sklep.pl. "
        "ZGODA_DEMO=1 (make run) allows loopback for a demonstration on this machine only.",
        id="campaigns.E005")]
