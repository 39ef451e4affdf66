"""The languages Zgoda speaks (settings.LANGUAGES, Polish first) and the per-language texts
an operator may set: NAME for the default language, NAME_<LANG> for another (ZGODA_OTP_TEMPLATE,
ZGODA_OTP_TEMPLATE_EN). Each app states its built-in texts once, in its app_settings.py."""

from collections.abc import Callable

from django.conf import settings


def codes() -> list[str]:
    """Every language Zgoda speaks, the default first."""
    return list(dict.fromkeys([settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES)]))


def supported(language: str | None) -> str:
    """`language` as one of codes() ("en-us" -> "en"); the default language for anything else."""
    code = (language or "").split("-")[0].lower()
    return code if code in codes() else settings.LANGUAGE_CODE


def setting_name(name: str, language: str) -> str:
    """The setting holding `name`'s text in `language`: NAME for the default, NAME_EN for English."""
    language = supported(language)
    return name if language == settings.LANGUAGE_CODE else f"{name}_{language.upper()}"


def text(name: str, language: str | None, defaults: dict[str, str] | Callable[[str], str]) -> str:
    """The operator's text for `language` (setting_name), else the built-in one: `defaults`
    by language (the default language's for a language without one), or a function of the
    language (a catalog default rendered in it)."""
    language = supported(language)
    value = getattr(settings, setting_name(name, language), None)
    if value:
        return value
    if callable(defaults):
        return defaults(language)
    return defaults.get(language) or defaults[settings.LANGUAGE_CODE]
