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

        from .delivery import deliver_next, waiting_figures
        from .fastsql import waiting_sql

        worker_api.register_source(worker_api.Source(
            "sms", waiting_sql=waiting_sql, take_one=deliver_next,
            label=_("SMS-y czekające na wysłanie"), waiting_figures=waiting_figures))
