"""The CPU priority a running worker takes (app_settings.niceness, or --niceness)."""

import os

from django.core.management.base import CommandError

from .. import app_settings


def take_niceness(asked: int | None) -> int:
    """Lower this process to the niceness asked (None: the setting's) unless it is already nicer;
    a priority is never raised (that needs root). The niceness it runs at."""
    if asked is None:
        try:
            asked = app_settings.niceness()
        except ValueError:
            raise CommandError("ZGODA_WORKER_NICENESS must be a whole number from 0 to 19") from None
    if asked > os.getpriority(os.PRIO_PROCESS, 0):
        os.setpriority(os.PRIO_PROCESS, 0, min(asked, 19))
    return os.getpriority(os.PRIO_PROCESS, 0)
