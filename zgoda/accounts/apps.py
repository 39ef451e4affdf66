from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zgoda.accounts"
    label = "accounts"
    verbose_name = _("Konta i logowanie dwuetapowe")

    def ready(self):
        from allauth.account.signals import user_logged_in
        from allauth.usersessions import signals as usersessions_signals
        from django.contrib.auth import signals as auth_signals

        from . import checks, signals  # noqa: F401  (registers checks and receivers)

        # Its session row in one statement instead of seven (internal/flows/user_sessions.py).
        user_logged_in.disconnect(usersessions_signals.on_user_logged_in)
        # Django's last_login update, in a statement composed once (signals.update_last_login).
        auth_signals.user_logged_in.disconnect(dispatch_uid="update_last_login")
        # A password reset unlocks the code step and forgets the wrong passwords typed.
        from .internal import password_limits, pending_login, secret_tries  # noqa: F401

        # The pending login's user read in plain SQL (internal/pending_login.py).
        pending_login.install()
        # A login's audit event is the task of its new-device e-mail (internal/flows/new_device_notice.py).
        from zgoda.worker import api as worker_api

        from .internal.flows import new_device_notice

        worker_api.register_source(worker_api.Source(
            new_device_notice.SOURCE, waiting_sql=new_device_notice.waiting_sql, take_one=new_device_notice.take_one,
            label=_("E-maile o nowym urządzeniu czekające na wysłanie"), waiting_figures=new_device_notice.waiting_figures))
