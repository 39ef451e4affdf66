"""Every column and form field the admin shows for a model of ours is named by a lazy
translation that our English catalog translates: no name Django makes up from the field
("created at"), none fixed in one language when the page is read in the other. (A field
Django declares itself, auth's on the invitation candidates, is named in Django's catalogs.)"""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, label_for_field
from django.db import models
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import Promise

from conftest import make_user
from zgoda.tests.test_translations import messages

SKIPPED = {"action_checkbox"}  # the list's checkbox column has no name


def our_admins():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_config.name.startswith("zgoda."):
            yield model, model_admin


def shown_names(model, model_admin, request):
    """list_display columns, the change form's fields, and every stored field besides the id (a
    read-only page, such as a sent campaign's, may show any of them)."""
    names = list(model_admin.get_list_display(request))
    names += flatten_fieldsets(model_admin.get_fieldsets(request, None))
    names += [field.name for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)]
    return [name for name in dict.fromkeys(names) if name not in SKIPPED]


def label_of(model, model_admin, request, name):
    if name == "__str__":  # the column of the object itself, named after the model
        return model._meta.verbose_name
    declared = model_admin.get_form(request, None, fields=None).declared_fields
    if name in declared:  # a form's own field (the composer's gateway, the landing-page picker)
        return declared[name].label
    return label_for_field(name, model, model_admin)  # a model field's verbose name or a column's description


def test_every_admin_field_has_a_translated_name(db):
    request = RequestFactory().get("/admin/")
    request.user = make_user("szef@example.com", phone="+48500900900", is_staff=True, is_superuser=True)
    english = {entry["msgid"]: entry["msgstr"].get(0) for entry in messages("en")}
    unnamed = []
    for model, model_admin in our_admins():
        for name in shown_names(model, model_admin, request):
            label = label_of(model, model_admin, request, name)
            with translation.override("pl"):
                polish = str(label)
            with translation.override("en"):
                shown_in_english = str(label)
            # Read alike in both languages only where our catalog says so ("SHA-256", "2FA").
            translated = polish != shown_in_english or english.get(polish) == shown_in_english
            if not isinstance(label, Promise) or not translated:
                unnamed.append(f"{model._meta.label}.{name}: {polish!r} / {shown_in_english!r}")
    assert not unnamed, "\n".join(unnamed)
