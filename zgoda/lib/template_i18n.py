"""Django's `i18n` template library (TEMPLATES' "libraries" in settings puts this one under the
name), with `{% translate "text" %}` of a constant text composed once per language and process.
Django's tag looks the text up, localizes and escapes it on every render (about 9 us; a login's
pages render some thirty of them). With a variable, a filter, a context or `noop` it is Django's tag."""

from django import template
from django.core.signals import setting_changed
from django.templatetags import i18n
from django.templatetags.i18n import TranslateNode
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_composed: dict[tuple[str, str | None, bool], str] = {}


def _catalogs_changed(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _composed.clear()


setting_changed.connect(_catalogs_changed)


class _ConstantTranslateNode(TranslateNode):
    def render(self, context):
        key = (self.filter_expression.var.literal, get_language(), context.autoescape)
        value = _composed.get(key)
        if value is None:
            rendered = super().render(context)
            value = _composed[key] = context[self.asvar] if self.asvar else rendered
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _is_constant(node: TranslateNode) -> bool:
    expression = node.filter_expression
    return (not node.noop and node.message_context is None and not expression.filters
            and isinstance(expression.var, template.Variable) and expression.var.lookups is None
            and isinstance(expression.var.literal, str))


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    node = i18n.do_translate(parser, token)
    if not _is_constant(node):
        return node
    return _ConstantTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)
