"""/api/v1/consent-texts, /consents, /subjects/lookup, /withdrawals: consents a shop collects
on its own forms (pending until the number is proved by a verification), a number's
consents, and withdrawal by number."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Status, Field, Router, Schema
from ninja.decorators import decorate_view

from zgoda.consent import api as consent_api
from zgoda.privacy import api as privacy_api

from ..internal.auth import ApiKeyAuth
from ..internal.idempotency import idempotent
from ..internal.phones import e164
from ..internal.problems import invalid
from ..schemas import problems

router = Router(tags=["consents"])
READ, WRITE = ApiKeyAuth("consents:read"), ApiKeyAuth("consents:write")


class ConsentTextOut(Schema):
    purpose: str
    language: str
    version: str
    sha256: str
    text: str
    label: str
    material: bool


class ConsentIn(Schema):
    phone: str = Field(max_length=40)
    purpose: str = Field(max_length=40, description="e.g. `sms_marketing` (see /consent-texts).")
    text_version: str | None = Field(None, max_length=40, description="The version shown; or `text_sha256`.")
    text_sha256: str | None = Field(None, max_length=64)
    language: str | None = Field(None, max_length=10)
    label: str = Field("", max_length=2000, description="The exact label next to the box, as shown.")
    given_at: datetime | None = Field(None, description="When the customer ticked the box (default: now).")
    ip: str | None = Field(None, max_length=45)
    user_agent: str = Field("", max_length=500)
    reference: str = Field("", max_length=100, description="The shop's own customer id (comes back in webhooks).")


class ConsentOut(Schema):
    id: int
    status: Literal["pending", "confirmed"]
    phone: str = Field(description="The number in E.164.")
    purpose: str
    version: str
    expires_at: datetime | None = Field(description="A pending consent not confirmed by then is dropped.")


class PhoneIn(Schema):
    phone: str = Field(max_length=40)


class NumberConsent(Schema):
    purpose: str
    granted: bool
    since: datetime | None
    version: str | None
    source: str | None = Field(description="Where it was given: e.g. `api`, `enrollment`, `signup`.")
    legal_basis: str
    on_list: bool


class PendingConsentOut(Schema):
    id: int
    purpose: str
    version: str
    expires_at: datetime


class SubjectOut(Schema):
    phone: str
    on_list: bool = Field(description="In the audience the export and campaigns use now.")
    suppressed: bool = Field(description="Withdrawn, STOP or erased: no marketing until a newer consent.")
    consents: list[NumberConsent]
    pending: list[PendingConsentOut]


class WithdrawalIn(Schema):
    phone: str = Field(max_length=40)
    purpose: Literal["sms_marketing"]
    label: str = Field("", max_length=500, description="What the customer clicked, as shown.")


class WithdrawalOut(Schema):
    withdrawn: int = Field(description="How many consents ended (0: none was in force; the number is suppressed anyway).")


@router.get("/consent-texts", response={200: list[ConsentTextOut], **problems()}, auth=READ,
            summary="The current consent texts", description="Scope `consents:read`. Per purpose and language, "
                                                               "with the SHA-256 of the text.")
def consent_texts(request):
    return Status(200, consent_api.current_texts())


@router.post("/consents", response={201: ConsentOut, **problems()}, auth=WRITE,
             summary="Record a consent collected on the shop's form",
             description="Scope `consents:write`. Pending until the number is proved by an approved verification "
                         "(double opt-in); `confirmed` at once when one was approved in the last minutes.")
@decorate_view(idempotent)
def record_consent(request, payload: ConsentIn):
    try:
        row = consent_api.record_pending_consent(
            phone=e164(payload.phone), purpose=payload.purpose, text_version=payload.text_version,
            text_sha256=payload.text_sha256, language=payload.language, label=payload.label,
            given_at=payload.given_at, ip=payload.ip, user_agent=payload.user_agent, reference=payload.reference,
            api_key_id=request.auth.pk, sandbox=request.auth.is_sandbox,
        )
    except consent_api.ConsentInputError as error:
        raise invalid(error.field, error.message) from None
    return Status(201, row)


@router.post("/subjects/lookup", response={200: SubjectOut, **problems()}, auth=READ,
             summary="A number's consents", description="Scope `consents:read`. A POST: numbers never go in URLs. "
                                                          "A test key (`zk_test_`) sees only the pending consents it "
                                                          "recorded itself, nothing of real people.")
@decorate_view(idempotent)
def lookup_subject(request, payload: PhoneIn):
    phone = e164(payload.phone)
    if request.auth.is_sandbox:  # a test key sees none of the real people, only its own test data
        return Status(200, consent_api.number_consents_of_key(phone, request.auth.pk))
    return Status(200, consent_api.number_consents(phone))


@router.post("/withdrawals", response={200: WithdrawalOut, **problems()}, auth=WRITE,
             summary="Withdraw a number's marketing consent",
             description="Scope `consents:write`. Ends every marketing consent tied to the number and suppresses "
                         "it; accounts keep their login and 2FA. A test key (`zk_test_`) only drops the pending "
                         "consents it recorded itself (`withdrawn`: 0).")
@decorate_view(idempotent)
def withdraw(request, payload: WithdrawalIn):
    if request.auth.is_sandbox:  # a test key's consents are never in force: it drops its own pending ones
        consent_api.drop_pending_of_key(e164(payload.phone), payload.purpose, request.auth.pk)
        return Status(200, {"withdrawn": 0})
    label = payload.label or _("Wycofanie zgody przez API sklepu (%(key)s)") % {"key": request.auth.name}
    count = privacy_api.withdraw_marketing_through_api(e164(payload.phone), label)  # logged as a request
    return Status(200, {"withdrawn": count})
