"""`zgoda sms-retry`: try every queued SMS whose next try is due or whose worker vanished."""

import time

from django.core.management.base import BaseCommand

from zgoda.sms.delivery import deliver_due


class Command(BaseCommand):
    help = (
        "Send queued SMS that are due: retries (when the task queue cannot defer), messages whose "
        "worker died mid-send, tasks lost. Safe to run beside workers and as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="keep running, every N seconds")

    def handle(self, *args, every=0, **options):
        while True:
            tried = deliver_due()
            if options["verbosity"] > 1 or (tried and not every):
                self.stdout.write(f"{tried} SMS tried")
            if not every:
                return
            time.sleep(every)
