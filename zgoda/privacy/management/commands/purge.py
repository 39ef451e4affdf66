"""`zgoda purge`: apply the retention periods now (for cron; the task worker also runs it daily)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zgoda.privacy.internal.flows import retention


class Command(BaseCommand):
    help = _("Usuwa albo czyści dane, których okres przechowywania minął (każda aplikacja według swoich ustawień).")

    def handle(self, *args, **options):
        run = retention.purge("command")
        for category, count in sorted(run.counts.items()):
            if count or options["verbosity"] > 1:
                self.stdout.write(f"{category}: {count}")
        self.stdout.write(ngettext(
            "Gotowe: %(n)d wiersz usunięty albo wyczyszczony.",
            "Gotowe: %(n)d wierszy usuniętych albo wyczyszczonych.",
            run.total,
        ) % {"n": run.total})
