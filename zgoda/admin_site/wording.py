"""One wording for every model admin. Django's Polish catalog fills a model's name into
sentences made for English ("Dodaj kampania SMS", "został(a)(-ło) dodany(-na)(-ne)"); a
Polish noun would need its case and gender there, so titles and save messages name the
model after a colon instead, where the plain form reads right."""

from contextlib import contextmanager

from django.contrib import messages
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

SAVED_ATTRIBUTE = "_zgoda_saved_message"


class PolishWording:
    def changelist_view(self, request, extra_context=None):
        extra = {"title": capfirst(self.opts.verbose_name_plural), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Asked of the object itself: a model admin may leave one object read-only (a sent campaign).
        if add:
            title = _("%(name)s: nowy wpis")
        elif self.has_change_permission(request, obj):
            title = _("%(name)s: edycja")
        else:
            title = _("%(name)s: podgląd")
        context["title"] = title % {"name": capfirst(self.opts.verbose_name)}
        return super().render_change_form(request, context, add, change, form_url, obj)

    @contextmanager
    def _neutral_success(self, request, text, obj):
        setattr(request, SAVED_ATTRIBUTE, format_html(text, name=capfirst(self.opts.verbose_name), obj=str(obj)))
        try:
            yield
        finally:
            setattr(request, SAVED_ATTRIBUTE, None)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        neutral = getattr(request, SAVED_ATTRIBUTE, None)
        if neutral is not None and level == messages.SUCCESS:
            message = neutral
            setattr(request, SAVED_ATTRIBUTE, None)  # one save, one message
        return super().message_user(request, message, level, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        with self._neutral_success(request, _("Zapisano: {name} „{obj}”."), obj):
            return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        with self._neutral_success(request, _("Zapisano: {name} „{obj}”."), obj):
            return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        with self._neutral_success(request, _("Usunięto: {name} „{obj}”."), obj_display):
            return super().response_delete(request, obj_display, obj_id)
