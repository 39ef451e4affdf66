"""System checks for login codes: the code SMS must be one GSM-7 segment."""

from django.core.checks import Error, register

from zgoda.lib import languages
from zgoda.sms import api as sms

from . import app_settings
from .codeformat import group


@register()
def otp_template_fits_one_segment(app_configs, **kwargs):
    """The code SMS of every language Zgoda speaks (ZGODA_OTP_TEMPLATE, ZGODA_OTP_TEMPLATE_EN)."""
    length = app_settings.code_length()
    if not 4 <= length <= 10:
        return [Error("ZGODA_OTP_LENGTH must be between 4 and 10.", id="zgoda.accounts.E001")]
    errors = []
    for language in languages.codes():
        errors += _template_errors(languages.setting_name("ZGODA_OTP_TEMPLATE", language),
                                   app_settings.otp_template(language), length)
    return errors


def _template_errors(name: str, template: str, length: int) -> list[Error]:
    try:
        # The longest text it can produce: a three-digit ordinal and the longest code.
        longest = template.format(number=999, code=group("8" * length))
    except (KeyError, IndexError, ValueError) as error:
        return [Error(f"{name} is not a valid template: {error}", id="zgoda.accounts.E002")]
    errors = []
    if "{code}" not in template:
        errors.append(Error(f"{name} must contain {{code}}.", id="zgoda.accounts.E003"))
    if not sms.fits_one_segment_gsm7(longest):
        info = sms.analyze(longest)
        errors.append(
            Error(
                f"{name} does not fit one GSM-7 segment ({info.encoding}, {info.units} units).",
                hint=f"Try: {sms.transliterate(template)!r}, shorter than 160 characters.",
                id="zgoda.accounts.E004",
            )
        )
    return errors


@register()
def code_limits_are_positive(app_configs, **kwargs):
    """A limit of 0 would refuse every code, so nobody with 2FA could log in."""
    limits = {
        "ZGODA_OTP_MAX_PER_LOGIN": app_settings.max_codes_per_login(),
        "ZGODA_OTP_MAX_PER_USER_PER_DAY": app_settings.max_codes_per_user_per_day(),
        "ZGODA_OTP_MAX_WRONG_PER_CODE": app_settings.max_wrong_per_code(),
        "ZGODA_OTP_MAX_WRONG_PER_LOGIN": app_settings.max_wrong_per_login(),
    }
    for name, pairs in (
        ("ZGODA_SMS_LIMITS_PER_NUMBER", app_settings.phone_limits()),
        ("ZGODA_SMS_LIMITS_PER_IP", app_settings.ip_limits()),
    ):
        for count, seconds in pairs:
            limits[f"{name} ({seconds} s)"] = min(count, seconds)
    return [
        Error(f"{name} must be at least 1 (it is {value}).", id="zgoda.accounts.E005")
        for name, value in limits.items()
        if value < 1
    ]


@register()
def mfa_key_given_with_database_url(app_configs, **kwargs):
    """The authenticator-app and recovery-code secrets are encrypted with ZGODA_MFA_KEY; on
    PostgreSQL a key generated into one machine's data folder would be lost or differ."""
    from . import mfakey

    if mfakey.configured() or mfakey.may_generate():
        return []
    return [Error(mfakey.missing_message(), hint="Generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))'",
                  id="zgoda.accounts.E030")]
