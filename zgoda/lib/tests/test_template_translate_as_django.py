"""{% translate %} (lib.template_i18n, Django's i18n library under its name) composes a constant
text once per language and gives what Django's tag gives: in Polish and English, escaped or not,
with `as`, and with a variable, a filter, a context or `noop` through Django's own tag."""

import pytest
from django.template import Context, Engine, Template
from django.test import override_settings
from django.utils import translation

from zgoda.lib import template_i18n

DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})  # Django's own tag

SOURCES = [
    '{% load i18n %}{% translate "Zaloguj się" %}',
    '{% load i18n %}{% trans "Zaloguj się" %}',
    '{% load i18n %}{% translate "Wyślij kod" as ready %}[{{ ready }}]{{ ready }}',
    '{% load i18n %}{% translate "<b>100%% & więcej</b>" %}',
    '{% load i18n %}{% translate "Zaloguj się"|upper %}',
    '{% load i18n %}{% translate "Zaloguj się" noop %}',
    '{% load i18n %}{% translate "Maj" context "month name" %}',
    '{% load i18n %}{% translate text %}',
    '{% load i18n %}{% autoescape off %}{% translate "<b>&</b>" %}{% endautoescape %}',
    '{% load i18n %}{% get_current_language as LANG %}{{ LANG }} {% translate "Wyloguj" %}',
]


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("source", SOURCES)
def test_renders_as_djangos_tag_in_each_language(source, language):
    context = {"text": "Zaloguj się"}
    with translation.override(language):
        ours = [Template(source).render(Context(context)) for _ in range(2)]  # the second from memory
        djangos = DJANGO.from_string(source).render(Context(context))
    assert ours == [djangos, djangos]


def test_a_constant_text_follows_the_language_switched_between_renders():
    template = Template('{% load i18n %}{% translate "Wyloguj" %}')
    with translation.override("en"):
        assert template.render(Context()) == "Log out"
    with translation.override("pl"):
        assert template.render(Context()) == "Wyloguj"


def test_a_constant_text_is_composed_once_per_language():
    template = Template('{% load i18n %}{% translate "Wyloguj" %}')
    template_i18n._composed.clear()
    with translation.override("en"):
        template.render(Context())
        template.render(Context())
    assert list(template_i18n._composed.values()).count("Log out") == 1


def test_changed_translation_settings_forget_what_was_composed():
    with translation.override("en"):
        Template('{% load i18n %}{% translate "Wyloguj" %}').render(Context())
        assert template_i18n._composed
        with override_settings(LOCALE_PATHS=[]):
            assert not template_i18n._composed
