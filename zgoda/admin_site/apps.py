from django.contrib.admin.apps import AdminConfig


class ZgodaAdminConfig(AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS: the same admin, our site."""

    default_site = "zgoda.admin_site.site.ZgodaAdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin.py
        from . import labels

        labels.name_third_party_models()
