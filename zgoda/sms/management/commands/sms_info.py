"""`manage.py sms_info "TEXT"` (console script: `zgoda sms-info`): what an SMS will cost."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from zgoda.sms.text import sms_info


class Command(BaseCommand):
    help = (
        "Print one JSON line with the encoding, units and segments of TEXT as given "
        "and after transliteration to GSM-7. Use - to read TEXT from stdin."
    )
    # call_command(..., stdin=StringIO(...)) in tests
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("text", nargs="?", help='the SMS text, or "-" for stdin')

    def handle(self, *args, **options):
        text = options["text"]
        if text is None:
            raise CommandError('Give the SMS text as an argument, or "-" to read it from stdin.')
        if text == "-":
            text = self._read_stdin(options.get("stdin") or sys.stdin)
        self.stdout.write(json.dumps(sms_info(text), ensure_ascii=False))

    @staticmethod
    def _read_stdin(stream) -> str:
        text = stream.read()
        # `echo TEXT | ...` adds a line ending the user did not mean to send
        if text.endswith("\r\n"):
            return text[:-2]
        return text[:-1] if text.endswith("\n") else text
