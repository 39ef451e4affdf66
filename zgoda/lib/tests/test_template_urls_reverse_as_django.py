"""{% url %} (lib.template_urls, a template builtin) remembers a fixed name's URL per process
and gives what Django's tag gives: with arguments, in another URLconf, under another script
prefix, with `as` for a name that does not exist, and where a request names its current app."""

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix


def render(source, request=None, **context):
    template = Template(source)
    return template.render(RequestContext(request, context) if request is not None else Context(context))


def test_a_fixed_name_is_reversed_as_django_does_it_and_again_from_memory():
    request = RequestFactory().get("/")
    assert render("{% url 'account_login' %}", request) == reverse("account_login")
    assert render("{% url 'account_login' %}", request) == reverse("account_login")


def test_arguments_go_through_djangos_tag():
    request = RequestFactory().get("/")
    assert render("{% url 'consent:text' pk %}", request, pk=7) == reverse("consent:text", args=[7])


def test_another_script_prefix_gives_its_own_url():
    request = RequestFactory().get("/")
    set_script_prefix("/shop/")
    try:
        assert render("{% url 'account_login' %}", request) == reverse("account_login")
        assert reverse("account_login").startswith("/shop/")
    finally:
        set_script_prefix("/")
    assert not render("{% url 'account_login' %}", request).startswith("/shop/")


@override_settings(ROOT_URLCONF="zgoda.lib.tests.other_urls")
def test_another_urlconf_gives_its_own_url():
    request = RequestFactory().get("/")
    assert render("{% url 'account_login' %}", request) == "/elsewhere/login/"


def test_an_unknown_name_raises_and_with_as_gives_nothing():
    request = RequestFactory().get("/")
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}", request)
    assert render("{% url 'no-such-page' as link %}[{{ link }}]", request) == "[]"


def test_a_request_naming_its_current_app_goes_through_djangos_tag():
    request = RequestFactory().get("/")
    request.current_app = "admin"
    assert render("{% url 'admin:index' %}", request) == reverse("admin:index", current_app="admin")
