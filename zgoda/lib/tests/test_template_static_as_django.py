"""{% static %} (lib.template_urls, a template builtin, for templates that do not load Django's)
remembers a path's URL per process and gives what Django's tag gives: the manifest's hashed
name, `as`, a relative STATIC_URL under another script prefix, and new static settings."""

from django.template import Context, Template
from django.templatetags.static import static
from django.test import override_settings
from django.urls import set_script_prefix


def render(source, **context):
    return Template(source).render(Context(context))


def test_a_path_is_what_djangos_tag_gives_and_again_from_memory():
    assert render("{% static 'zgoda/site.css' %}") == static("zgoda/site.css")
    assert render("{% static 'zgoda/site.css' %}") == static("zgoda/site.css")
    assert render("{% static path %}", path="zgoda/site.js") == static("zgoda/site.js")


def test_with_as_it_sets_the_variable():
    assert render("{% static 'zgoda/site.css' as css %}[{{ css }}]") == f"[{static('zgoda/site.css')}]"


def test_new_static_settings_give_new_urls():
    before = render("{% static 'zgoda/site.css' %}")
    with override_settings(STATIC_URL="https://cdn.example/s/",
                           STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        assert render("{% static 'zgoda/site.css' %}") == "https://cdn.example/s/zgoda/site.css"
    assert render("{% static 'zgoda/site.css' %}") == before


def test_a_relative_static_url_under_another_script_prefix_is_what_djangos_tag_gives():
    with override_settings(STATIC_URL="static/",
                           STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        set_script_prefix("/shop/")
        try:
            assert render("{% static 'zgoda/site.css' %}") == static("zgoda/site.css") == "/shop/static/zgoda/site.css"
        finally:
            set_script_prefix("/")
        assert render("{% static 'zgoda/site.css' %}") == static("zgoda/site.css")
