"""`zgoda webhooks-retry`: send webhook deliveries that are due (retries, lost tasks)."""

from zgoda.lib.commands import RepeatingCommand
from zgoda.webhooks.internal.flows.sending import deliver_due


class Command(RepeatingCommand):
    help = (
        "Send webhook deliveries that are due: retries (when the task queue cannot defer), deliveries "
        "whose worker died mid-send, tasks lost. Safe to run beside workers and as often as you like."
    )
    tried_label = "webhook deliveries tried"

    def run_once(self) -> int:
        return deliver_due()
