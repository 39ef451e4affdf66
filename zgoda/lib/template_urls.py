"""`{% url %}` that reverses each name once per process (a template builtin: TEMPLATES'
"builtins" in settings). The header, menus and forms of every page reverse the same names
with no arguments; Django's reverse() walks the resolver each time (about 25 us). With
arguments, or a request that names its `current_app` (the admin), it is Django's tag.

`{% static %}` the same way, for templates that do not `{% load static %}` (base.html): each
path's URL is looked up once per process (the manifest's lookup and quoting cost about 30 us
each time), and again after a test changes the static settings."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template import defaulttags
from django.templatetags.static import StaticNode, do_static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=2048)
def _reverse(view_name: str, namespace: str | None, prefix: str, urlconf: str, language: str | None) -> str:
    return reverse(view_name, urlconf=urlconf, current_app=namespace)


class _FixedURLNode(defaulttags.URLNode):
    def render(self, context):
        request = getattr(context, "request", None)
        if self.args or self.kwargs or request is None or hasattr(request, "current_app"):
            return super().render(context)
        namespace = getattr(getattr(request, "resolver_match", None), "namespace", None)
        view_name = self.view_name.resolve(context)
        # The key holds everything reverse() reads: the URLconf, the script prefix, the
        # language (for i18n_patterns), the namespace it resolves in.
        try:
            url = _reverse(view_name, namespace, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language())
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return _FixedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@lru_cache(maxsize=256)
def _static_url(path: str, prefix: str) -> str:
    return StaticNode.handle_simple(path)  # a relative STATIC_URL gets the script prefix


def _static_settings_changed(*, setting, **kwargs):
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "FORCE_SCRIPT_NAME"}:
        _static_url.cache_clear()


setting_changed.connect(_static_settings_changed)


class _FixedStaticNode(StaticNode):
    def url(self, context):
        return _static_url(self.path.resolve(context), get_script_prefix())


@register.tag
def static(parser, token):
    node = do_static(parser, token)
    return _FixedStaticNode(varname=node.varname, path=node.path)
