from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "zgoda.sms"
    label = "sms"
    verbose_name = _("SMS")

    def ready(self):
        from zgoda.lib.input_bounds import register_lookups

        from . import checks  # noqa: F401  (registers the system checks)

        register_lookups()  # an out-of-range integer in `__in` matches nothing instead of a 500
        from zgoda.worker import api as worker_api

        from .delivery import any_waiting, deliver_next

        worker_api.register_source(worker_api.Source("sms", any_waiting=any_waiting, take_one=deliver_next))
