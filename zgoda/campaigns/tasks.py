from django_tasks import task

from .internal.flows import dispatch


@task()
def start_campaign(campaign_id: int) -> str:
    return dispatch.start(campaign_id)


@task()
def run_batch(campaign_id: int) -> str:
    return dispatch.run_batch(campaign_id)
