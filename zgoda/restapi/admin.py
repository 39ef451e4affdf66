"""API keys in the admin: a new key is shown once, right after it is made; revoke is an action."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy, ngettext

from .internal import keys
from .models import SCOPES, ApiKey

SECRET_ATTRIBUTE = "_zgoda_new_api_key"


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=gettext_lazy("uprawnienia"), choices=list(SCOPES.items()),
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ("name", "scopes", "kind", "rate_limit", "expires_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["scopes"] = self.instance.scope_list

    def clean_scopes(self):
        return " ".join(self.cleaned_data["scopes"])


@admin.action(description=gettext_lazy("Unieważnij wybrane klucze API"), permissions=["change"])
def revoke_keys(modeladmin, request, queryset):
    count = keys.revoke(queryset)
    modeladmin.message_user(request, ngettext("Unieważniono %(n)d klucz API.", "Unieważniono %(n)d klucze API.", count)
                            % {"n": count}, messages.SUCCESS)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ("name", "display_prefix", "kind", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("kind", "revoked_at")
    search_fields = ("name", "prefix")
    readonly_fields = ("display_prefix", "created_at", "last_used_at", "revoked_at")
    actions = [revoke_keys]

    def get_fields(self, request, obj=None):
        fields = ["name", "scopes", "kind", "rate_limit", "expires_at"]
        return fields if obj is None else ["display_prefix", *fields, "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (("kind",) if obj is not None else ())

    @admin.display(description=gettext_lazy("początek klucza"))
    def display_prefix(self, obj):
        return obj.display_prefix

    def save_model(self, request, obj, form, change):
        if not change:
            setattr(request, SECRET_ATTRIBUTE, keys.fill_secret(obj))
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, SECRET_ATTRIBUTE, None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        context = {**self.admin_site.each_context(request), "key": obj, "secret": secret, "opts": self.model._meta,
                   "title": gettext_lazy("Nowy klucz API")}
        response = TemplateResponse(request, "restapi/key_created.html", context)
        response["Cache-Control"] = "no-store"
        return response
