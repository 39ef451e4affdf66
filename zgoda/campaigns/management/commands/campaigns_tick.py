"""`zgoda campaigns-tick [--every 60]`: start due campaigns, restart stalled ones."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zgoda.campaigns.internal.flows import dispatch


class Command(BaseCommand):
    help = _("Uruchamia zaplanowane kampanie i wznawia te, których wysyłka stanęła (np. po awarii workera).")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help=_("powtarzaj co tyle sekund"))

    def handle(self, *args, **options):
        while True:
            woken = dispatch.tick()
            if options["verbosity"] > 1:
                self.stdout.write(_("Obudzone kampanie: %(n)d") % {"n": woken})
            if not options["every"]:
                return
            time.sleep(options["every"])
