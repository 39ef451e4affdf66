"""A management command that runs one pass, or keeps running it every N seconds (`--every`)."""

import time

from django.core.management.base import BaseCommand


class RepeatingCommand(BaseCommand):
    tried_label = "items tried"  # what one pass's count means, in the command's output

    def run_once(self) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="keep running, every N seconds")

    def handle(self, *args, every=0, **options):
        while True:
            tried = self.run_once()
            if options["verbosity"] > 1 or (tried and not every):
                self.stdout.write(f"{tried} {self.tried_label}")
            if not every:
                return
            time.sleep(every)
