"""System checks for the privacy app: the STOP confirmation must be one GSM-7 segment."""

from django.core.checks import Error, register

from . import app_settings


@register()
def stop_reply_is_one_gsm7_segment(app_configs, **kwargs):
    """In every language Zgoda speaks (ZGODA_PRIVACY_STOP_REPLY, ZGODA_PRIVACY_STOP_REPLY_EN)."""
    from zgoda.lib import languages
    from zgoda.sms import text as sms_text

    errors = []
    for language in languages.codes():
        info = sms_text.analyze(app_settings.stop_reply(language))
        if info.encoding != sms_text.GSM7 or info.segments != 1:
            name = languages.setting_name("ZGODA_PRIVACY_STOP_REPLY", language)
            errors.append(Error(
                f"{name} must fit one GSM-7 SMS (it is {info.segments} segment(s) of {info.encoding}).",
                hint="Use letters without Polish diacritics and at most 160 characters.",
                id="zgoda.privacy.E001",
            ))
    return errors


@register()
def erasure_journal_can_be_written(app_configs, **kwargs):
    """Every erasure and suppression is appended to the erasure journal; a restore relies on it."""
    import os

    from django.utils.translation import gettext as _

    from zgoda.lib import journal

    path = journal.path()
    folder = next((p for p in [path.parent, *path.parent.parents] if p.exists()), None)
    writable = os.access(path, os.W_OK) if path.exists() else folder is not None and os.access(folder, os.W_OK)
    if writable:
        return []
    return [Error(
        _("Nie można pisać do dziennika usunięć %(path)s: po odtworzeniu bazy z kopii usunięte osoby "
          "by wróciły.") % {"path": path},
        hint=_("Ustaw ZGODA_ERASURE_JOURNAL na plik, do którego Zgoda może dopisywać (poza bazą danych)."),
        id="zgoda.privacy.E010",
    )]
