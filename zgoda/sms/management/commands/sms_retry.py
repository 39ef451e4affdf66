"""`zgoda sms-retry`: try every queued SMS whose next try is due or whose worker vanished."""

from zgoda.lib.commands import RepeatingCommand
from zgoda.sms.delivery import deliver_due


class Command(RepeatingCommand):
    help = (
        "Send queued SMS that are due: retries (when the task queue cannot defer), messages whose "
        "worker died mid-send, tasks lost. Safe to run beside workers and as often as you like."
    )
    tried_label = "SMS tried"

    def run_once(self) -> int:
        return deliver_due()
