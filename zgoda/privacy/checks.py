"""System checks for the privacy app: the STOP confirmation must be one GSM-7 segment."""

from django.core.checks import Error, register

from . import app_settings


@register()
def stop_reply_is_one_gsm7_segment(app_configs, **kwargs):
    from zgoda.sms import text as sms_text

    info = sms_text.analyze(app_settings.stop_reply())
    if info.encoding != sms_text.GSM7 or info.segments != 1:
        return [Error(
            f"ZGODA_PRIVACY_STOP_REPLY must fit one GSM-7 SMS (it is {info.segments} segment(s) of {info.encoding}).",
            hint="Use letters without Polish diacritics and at most 160 characters.",
            id="zgoda.privacy.E001",
        )]
    return []
