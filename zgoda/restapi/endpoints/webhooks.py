"""/api/v1/webhooks: the key's webhook subscriptions (the secret is shown once, at creation)."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Status, Field, Router, Schema
from ninja.decorators import decorate_view

from zgoda.webhooks import api as webhooks_api

from ..internal.auth import ApiKeyAuth
from ..internal.idempotency import idempotent
from ..internal.problems import Problem, invalid
from ..schemas import problems

router = Router(tags=["webhooks"], auth=ApiKeyAuth("webhooks"))


class SubscriptionIn(Schema):
    url: str = Field(max_length=2000)
    events: list[str] = Field(max_length=20, description="Any of: " + ", ".join(webhooks_api.EVENT_TYPES))
    description: str = Field("", max_length=200)


class SubscriptionOut(Schema):
    id: int
    url: str
    events: list[str]
    description: str
    active: bool
    sandbox: bool = Field(description="Made with a test key (`zk_test_`): no event of a real person is sent to it.")
    created_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(description="`whsec_...`: verify signatures with it. Shown this once only.")


@router.get("/webhooks", response={200: list[SubscriptionOut], **problems()}, summary="This key's subscriptions",
            description="Scope `webhooks`.")
def list_webhooks(request):
    return Status(200, webhooks_api.list_subscriptions(api_key_id=request.auth.pk))


@router.post("/webhooks", response={201: SubscriptionCreated, **problems(409)}, summary="Subscribe to events",
             description="Scope `webhooks`. The secret is in this answer only: with an `Idempotency-Key`, a "
                         "repeat answers 409 `secret-shown-once` naming the subscription instead of the secret "
                         "again (it is never kept in clear).")
@decorate_view(idempotent(secret_once=True))
def create_webhook(request, payload: SubscriptionIn):
    try:
        created = webhooks_api.create_subscription(url=payload.url, events=payload.events,
                                                   description=payload.description, api_key_id=request.auth.pk,
                                                   sandbox=request.auth.is_sandbox)
    except webhooks_api.SubscriptionError as error:
        raise invalid(error.field, error.message) from None
    return Status(201, created)


@router.delete("/webhooks/{subscription_id}", response={204: None, **problems(404)}, summary="Unsubscribe",
               description="Scope `webhooks`.")
def delete_webhook(request, subscription_id: int):
    if not webhooks_api.delete_subscription(subscription_id, api_key_id=request.auth.pk):
        raise Problem("not-found", _("Nie ma takiej subskrypcji dla tego klucza API."))
    return Status(204, None)
