"""`{% language_buttons %}` (a template builtin: TEMPLATES' "builtins" in settings): the
footer's PL / EN switch of every page (base.html), one submit button per language of
settings.LANGUAGES with the current one marked. Composed once per current language and
process: as a {% for %} over {% get_available_languages %} it was a tenth of a page's rendering."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.translation import get_language

register = template.Library()

BUTTON = '<button type="submit" name="language" value="{}" class="link{}" lang="{}">{}</button>'


@lru_cache(maxsize=32)
def _buttons(current: str, codes: tuple[str, ...]) -> str:
    return format_html_join("\n", BUTTON, ((code, " current" if code == current else "", code, code.upper())
                                           for code in codes))


@register.simple_tag
def language_buttons() -> str:
    return _buttons(get_language(), tuple(code for code, _ in settings.LANGUAGES))
