"""Staff publish new text versions; a published version is never edited, only read."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django import forms
from django.conf import settings

from zgoda.lib.converters import parse_id

from ..models import ConsentText

EDITABLE = ("purpose", "language", "version", "label", "body", "material", "change_note")


class ConsentTextForm(forms.ModelForm):
    # The model field's own name, capitalised as the admin writes the other labels.
    language = forms.ChoiceField(label=capfirst(ConsentText._meta.get_field("language").verbose_name),
                                 choices=settings.LANGUAGES)

    class Meta:
        model = ConsentText
        fields = EDITABLE


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    form = ConsentTextForm
    list_display = ("purpose", "language", "version", "material", "published_at", "short_sha", "published_by")
    list_filter = ("purpose", "language", "material")
    search_fields = ("version", "label", "body")
    ordering = ("purpose", "language", "-published_at")

    @admin.display(description=ConsentText._meta.get_field("sha256").verbose_name)
    def short_sha(self, obj):
        return obj.sha256[:12]

    @admin.display(description=_("nowa wersja"))
    def new_version_link(self, obj):
        url = reverse("admin:consent_consenttext_add") + f"?from={obj.pk}"
        return format_html('<a class="button" href="{}">{}</a>', url, _("Opublikuj nową wersję na podstawie tej"))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (*EDITABLE, "sha256", "published_at", "published_by", "new_version_link")

    def get_fields(self, request, obj=None):
        if obj is None:
            return EDITABLE
        return self.get_readonly_fields(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        base_id = parse_id(request.GET.get("from", ""))  # a bounded digit string, or nothing to copy
        base = ConsentText.objects.filter(pk=base_id).first() if base_id else None
        if base is not None:
            initial.update({"purpose": base.purpose, "language": base.language, "label": base.label,
                            "body": base.body, "material": True})
        return initial

    def has_change_permission(self, request, obj=None):
        return False  # a version is immutable: publish a new one instead

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.published_by = request.user.get_username()
        obj.save()
