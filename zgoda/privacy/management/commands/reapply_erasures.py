"""`zgoda reapply-erasures [JOURNAL ...]`: after restoring the database from a backup, carry out
again the erasures and suppressions the erasure journal holds (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zgoda.lib import journal
from zgoda.privacy.internal.flows import reapply


class Command(BaseCommand):
    help = _("Po odtworzeniu bazy z kopii: ponownie usuwa konta i blokuje numery zapisane w dzienniku "
             "usunięć (ZGODA_ERASURE_JOURNAL).")

    def add_arguments(self, parser):
        parser.add_argument("journals", nargs="*", help=_(
            "Pliki dziennika usunięć; domyślnie ZGODA_ERASURE_JOURNAL. Kilka, gdy każda maszyna ma swój."))

    def handle(self, *args, **options):
        sources = [Path(name) for name in options["journals"]]
        for source in sources:
            if not source.is_file():
                raise CommandError(_("Nie ma pliku dziennika usunięć: %(path)s") % {"path": source})
        if not sources:
            if not journal.path().is_file():
                self.stdout.write(_("Dziennik usunięć %(path)s nie istnieje: nie ma czego ponawiać.")
                                  % {"path": journal.path()})
                return
            sources = [journal.path()]
        outcome = reapply.reapply(sources)
        for source, line in outcome.unreadable:
            self.stderr.write(_("Pominięto nieczytelny wiersz %(line)d pliku %(path)s.") % {"line": line, "path": source})
        if outcome.other_key:
            self.stderr.write(_("Pominięto blokady numerów zrobione innym kluczem skrótów (%(n)d): sprawdź "
                                "ZGODA_HASH_KEY.") % {"n": outcome.other_key})
        if outcome.left:
            self.stderr.write(_("Ponowne usunięcie kont o id %(ids)s coś pozostawiło: wnioski czekają w panelu "
                                "(wnioski RODO).")
                              % {"ids": ", ".join(map(str, outcome.left))})
        self.stdout.write(_("Wpisów w dzienniku: %(entries)d. Blokady numerów odtworzone: %(suppressions)d. "
                            "Konta usunięte ponownie: %(accounts)d.") % {
            "entries": outcome.entries, "suppressions": outcome.suppressions, "accounts": outcome.accounts})
