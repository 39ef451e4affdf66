"""Tasks of webhooks (arguments are ids only)."""

from django_tasks import task


@task()
def send_delivery(delivery_id: int) -> str:
    from .internal.flows.sending import deliver

    return deliver(delivery_id)
