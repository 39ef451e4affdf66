"""allauth's admin of OpenID Connect clients (the shops that log in with Zgoda), in Polish,
with the secret shown once after creation."""

from allauth.idp.oidc.admin import ClientAdmin, TokenAdmin
from allauth.idp.oidc.models import Client, Token
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zgoda.lib.admin import ReadOnlyAdmin
from zgoda.lib.input_bounds import JSONFormField

from .internal.flows import clients

LABELS = {
    "id": _("Identyfikator klienta (client_id)"), "name": _("Nazwa sklepu"), "secret": _("Sekret (tylko skrót)"),
    "scopes": _("Dozwolone zakresy (scopes)"), "default_scopes": _("Zakresy domyślne"), "type": _("Rodzaj klienta"),
    "grant_types": _("Rodzaje grantów"), "redirect_uris": _("Adresy powrotu (redirect_uri)"),
    "cors_origins": _("Źródła CORS"), "allow_uri_wildcards": _("Gwiazdki w adresach"),
    "response_types": _("Rodzaje odpowiedzi"), "owner": _("Właściciel"),
    "skip_consent": _("Bez ekranu zgody na przekazanie danych"), "created_at": _("Utworzony"),
    "data": _("Dane dodatkowe (np. post_logout_redirect_uris)"),
}
HELP = {
    "redirect_uris": _("Jeden adres w wierszu, dokładnie taki, jaki wysyła wtyczka sklepu."),
    "scopes": _("Jeden zakres w wierszu: openid, email, phone, consents."),
    "type": _("Poufny: sklep z serwerem, który trzyma sekret. Publiczny: aplikacja bez sekretu, zawsze z PKCE."),
}

admin.site.unregister(Client)


@admin.register(Client)
class ZgodaClientAdmin(ClientAdmin):
    formfield_overrides = {models.JSONField: {"form_class": JSONFormField}}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for name, field in form.base_fields.items():
            if name in LABELS:
                field.label = LABELS[name]
            if name in HELP:
                field.help_text = HELP[name]
        return form

    def get_changeform_initial_data(self, request):
        return {"scopes": "\n".join(clients.default_scopes()), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if change:
            return admin.ModelAdmin.save_model(self, request, obj, form, change)
        secret = clients.new_secret(obj)
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        self.message_user(request, format_html(
            '{} <input readonly size="{}" type="text" value="{}" data-testid="client-secret">',
            _("Sekret klienta widać tylko teraz, skopiuj go do wtyczki sklepu:"), len(secret), secret,
        ), level=messages.WARNING)


admin.site.unregister(Token)


# allauth names the kinds in plain English strings, out of any catalog's reach.
TOKEN_KINDS = {
    Token.Type.INITIAL_ACCESS_TOKEN: _("token rejestracji klienta"), Token.Type.ACCESS_TOKEN: _("token dostępu"),
    Token.Type.REFRESH_TOKEN: _("token odświeżania"), Token.Type.AUTHORIZATION_CODE: _("kod autoryzacji"),
}


class TokenKindFilter(admin.SimpleListFilter):
    title, parameter_name = _("rodzaj"), "type"

    def lookups(self, request, model_admin):
        return list(TOKEN_KINDS.items())

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() in TOKEN_KINDS else queryset


@admin.register(Token)
class ZgodaTokenAdmin(TokenAdmin, ReadOnlyAdmin):
    """Tokens are issued by the OpenID flows, never typed by staff: to see and to revoke (delete)."""

    list_display = ("client", "kind", "user", "created_at", "expires_at")
    list_filter = (TokenKindFilter,)
    fields = readonly_fields = ("client", "kind", "user", "created_at", "expires_at")  # no hash, no raw data

    @admin.display(description=_("rodzaj"), ordering="type")
    def kind(self, token):
        return TOKEN_KINDS.get(token.type, token.type)

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)
