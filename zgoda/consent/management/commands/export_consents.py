"""`zgoda export-consents`: the numbers that may receive SMS marketing, streamed to a file."""

import getpass
import os
import socket
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zgoda.consent.internal.flows import export
from zgoda.consent.models import ExportAudit


def _who() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = str(os.getuid())
    return f"{name}@{socket.gethostname()} (cli)"


class ProgressBar:
    """Drawn on stderr only when stderr is a terminal; pipes and logs stay clean."""

    def __init__(self, stream, total):
        self.stream, self.total, self.width = stream, max(total, 1), 30

    def __call__(self, done):
        filled = int(self.width * done / self.total)
        percent = 100 * done // self.total
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}% {done}/{self.total}")
        self.stream.flush()

    def finish(self):
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    # A read-only export: the system checks (every URL and model, ~0.5 s) run on migrate and deploy.
    requires_system_checks = []
    help = _(
        "Eksport numerów z ważną zgodą na SMS-y marketingowe: csv (E.164, ISO 8601), smsapi "
        "(import kontaktów SMSAPI) albo numbers (jeden numer w linii)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", default="csv", help=_("csv | smsapi | numbers (domyślnie csv)"))
        parser.add_argument("--since", help=_("tylko zgody udzielone od tej daty (RRRR-MM-DD)"))
        parser.add_argument("--language", help=_("tylko zgody na tekst w tym języku (np. pl)"))
        parser.add_argument("--output", help=_("plik wynikowy (domyślnie standardowe wyjście)"))

    def handle(self, *args, **options):
        try:
            filters = export.parse_filters(options["format"], options["since"], options["language"])
        except export.ExportError as error:
            raise CommandError(str(error)) from error
        output = options["output"]
        to_file = bool(output and output != "-")
        if to_file and not Path(output).resolve().parent.is_dir():
            raise CommandError(_("Nie ma katalogu %(folder)s.") % {"folder": Path(output).resolve().parent})
        progress = None
        if sys.stderr.isatty():
            progress = ProgressBar(sys.stderr, export.total_rows(filters))
        result = export.ExportResult()
        destination = str(Path(output).resolve()) if to_file else "stdout"
        try:
            if to_file:
                self._to_file(Path(output), filters, result, progress)
            else:
                self._to_stdout(filters, result, progress)
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): say so in one line, keep the audit honest.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise CommandError(_("Odbiorca zamknął strumień po %(rows)d wierszach; eksport niepełny.")
                               % {"rows": result.rows}) from None
        finally:
            if progress is not None:
                progress.finish()
            audit = export.audit(
                filters, result, channel=ExportAudit.Channel.CLI,
                actor_label=_who(), destination=destination,
            )
        if to_file:
            self.stderr.write(_("%(rows)d wierszy → %(path)s (SHA-256 %(sha)s)")
                              % {"rows": result.rows, "path": destination, "sha": audit.sha256}, style_func=str)

    def _to_stdout(self, filters, result, progress):
        out = sys.stdout.buffer
        for chunk in export.chunks(filters, result, progress):
            out.write(chunk)
        out.flush()

    def _to_file(self, path, filters, result, progress):
        """Written beside the target and renamed at the end: a failed export leaves no half file."""
        folder = path.resolve().parent
        try:
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        except OSError as error:
            raise CommandError(_("Nie można pisać w %(folder)s: %(error)s.") % {"folder": folder, "error": error.strerror}) from error
        try:
            with os.fdopen(handle, "wb", buffering=1024 * 1024) as out:
                for chunk in export.chunks(filters, result, progress):
                    out.write(chunk)
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
