"""Polish names for the third-party models shown in the admin (allauth's, django-tasks'),
whose own names are English or missing from their Polish catalogs.

Set on the loaded models only: `verbose_name` is what the admin reads, while migrations
read what the model was declared with (`Field._verbose_name`, `Meta.original_attrs`), so
no migration of someone else's app ever follows from these names."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CREATED, USER = _("utworzono"), _("użytkownik")
MODELS = {
    "allauth_idp_oidc.client": ((_("klient OpenID Connect"), _("klienci OpenID Connect")), {
        "id": _("identyfikator klienta (client_id)"), "name": _("nazwa sklepu"), "secret": _("sekret (tylko skrót)"),
        "scopes": _("dozwolone zakresy"), "default_scopes": _("zakresy domyślne"), "type": _("rodzaj klienta"),
        "grant_types": _("rodzaje grantów"), "redirect_uris": _("adresy powrotu"), "cors_origins": _("źródła CORS"),
        "allow_uri_wildcards": _("gwiazdki w adresach"), "response_types": _("rodzaje odpowiedzi"),
        "owner": _("właściciel"), "skip_consent": _("bez ekranu zgody"), "created_at": CREATED,
        "data": _("dane dodatkowe"),
    }),
    "allauth_idp_oidc.token": ((_("token OpenID Connect"), _("tokeny OpenID Connect")), {
        "type": _("rodzaj"), "hash": _("skrót"), "client": _("klient"), "user": USER, "data": _("dane dodatkowe"),
        "created_at": CREATED, "expires_at": _("wygasa"), "scopes": _("zakresy"),
    }),
    "mfa.authenticator": ((_("metoda logowania dwuetapowego"), _("metody logowania dwuetapowego")), {
        "type": _("rodzaj"), "user": USER, "data": _("dane"), "created_at": CREATED,
        "last_used_at": _("ostatnie użycie"),
    }),
    "usersessions.usersession": ((_("sesja logowania"), _("sesje logowania")), {
        "user": USER, "created_at": _("zalogowano"), "last_seen_at": _("ostatnia aktywność"), "ip": _("adres IP"),
        "user_agent": _("przeglądarka"), "session_key": _("klucz sesji"), "data": _("dane"),
    }),
    "django_tasks_database.dbtaskresult": ((_("zadanie w tle"), _("zadania w tle")), {
        "id": _("identyfikator"), "status": _("stan"), "enqueued_at": _("w kolejce od"), "started_at": _("start"),
        "finished_at": _("koniec"), "args_kwargs": _("argumenty"), "priority": _("priorytet"),
        "task_path": _("zadanie"), "worker_ids": _("procesy robocze"), "queue_name": _("kolejka"),
        "backend_name": _("mechanizm kolejki"), "run_after": _("nie wcześniej niż"), "return_value": _("wynik"),
        "exception_class_path": _("rodzaj błędu"), "traceback": _("przebieg błędu"),
    }),
}
# django-tasks' status names (msgctxt "Task"), which it has no Polish for: our catalog translates them.
TASK_STATUSES = (pgettext_lazy("Task", "Ready"), pgettext_lazy("Task", "Running"), pgettext_lazy("Task", "Failed"),
                 pgettext_lazy("Task", "Successful"))
# Columns an admin computes (its own methods), named by their description.
COLUMNS = {
    "django_tasks_database.dbtaskresult": {"task_name": _("zadanie"), "formatted_traceback": _("przebieg błędu"),
                                           "display_run_after": _("nie wcześniej niż")},
}


def name_third_party_models():
    for key, ((singular, plural), fields) in MODELS.items():
        model = _model(key)
        if model is None:
            continue
        model._meta.verbose_name, model._meta.verbose_name_plural = singular, plural
        for name, label in fields.items():
            model._meta.get_field(name).verbose_name = label
    for key, columns in COLUMNS.items():
        model = _model(key)
        model_admin = admin.site._registry.get(model)
        for name, label in columns.items():
            found = getattr(type(model_admin), name, None) or getattr(model, name, None)
            function = found.fget if isinstance(found, property) else found
            if callable(function):
                function.short_description = label


def _model(key):
    try:
        return apps.get_model(key)
    except LookupError:
        return None  # that app isn't installed
