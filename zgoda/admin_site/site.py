from django.conf import settings
from django.contrib import admin
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import queue
from .sections import OTHER, SECTIONS, TASK_QUEUE_SECTION
from .wording import PolishWording


class ZgodaAdminSite(admin.AdminSite):
    index_title = _("Panel sklepu")

    @property
    def site_header(self):
        return _("%(shop)s: panel sklepu") % {"shop": settings.ZGODA_SITE_NAME}

    @property
    def site_title(self):
        return settings.ZGODA_SITE_NAME

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model admin, also allauth's and django-tasks', speaks with one wording.
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, PolishWording):
            base = type(base.__name__, (PolishWording, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)

    def get_urls(self):
        from django.urls import path

        view = self.admin_view(lambda request: queue.queue_view(request, self))
        return [path("queue/", view, name="task_queue"), *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps  # one app's own page stays as it is
        by_key = {f"{app['app_label']}.{m['object_name'].lower()}": (app, m) for app in apps for m in app["models"]}
        grouped = []
        for title, keys in SECTIONS:
            models = [by_key.pop(key)[1] for key in keys if key in by_key]
            if title == TASK_QUEUE_SECTION:
                models.append(queue.index_entry())
            if models:
                grouped.append(section(title, models))
        rest = [m for _, m in by_key.values()]
        if rest:
            grouped.append(section(OTHER, sorted(rest, key=lambda m: str(m["name"]))))
        return grouped


def section(title, models):
    # The index template links a section's name to app_url; a section has no page of its own,
    # so it links to its first model's list.
    return {"name": title, "app_label": slugify(str(title)) or "other", "app_url": models[0]["admin_url"],
            "has_module_perms": True, "models": models}
