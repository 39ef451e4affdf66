"""/api/v1/verifications: a numbered SMS code to a number, and the check of what came back."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Status, Field, Router, Schema
from ninja.decorators import decorate_view

from zgoda.accounts import api as accounts_api

from ..internal.auth import ApiKeyAuth
from ..internal.flows import verifications as flow
from ..internal.idempotency import idempotent
from ..internal.phones import e164
from ..internal.problems import Problem, invalid
from ..schemas import problems

router = Router(tags=["verifications"], auth=ApiKeyAuth("verifications"))
VerificationStatus = Literal["pending", "approved", "expired", "too_many_attempts"]


class VerificationIn(Schema):
    phone: str = Field(max_length=40, description="The number, E.164 (+48...) or national; mobile only.")
    purpose: Literal["login", "confirm_number"]
    language: Literal["pl", "en"] | None = Field(None, description="The code SMS's language (default: Polish).")


class VerificationOut(Schema):
    id: UUID
    status: VerificationStatus
    code_number: int | None = Field(description="The code's number of the day, shown in the SMS (\"kod nr 3\").")
    expires_at: datetime | None


class CheckIn(Schema):
    code: str = Field(max_length=40, description="The digits the customer typed (spaces and dashes ignored).")


class CheckOut(Schema):
    status: VerificationStatus
    code_number: int | None


def _out(verification) -> dict:
    return {"id": verification.id, "status": verification.status, "code_number": verification.code_number,
            "expires_at": verification.expires_at}


def _not_found() -> Problem:
    return Problem("not-found", _("Nie ma takiej weryfikacji dla tego klucza API."))


@router.post("/verifications", response={201: VerificationOut, 200: VerificationOut, **problems()},
             summary="Send a code to a number",
             description="Scope `verifications`. 201: a code is on its way. 200: this key's open verification of "
                         "the same number and purpose still has a valid code: no second SMS. 429: a limit of the "
                         "limits policy (per number, per key, per day) refused the SMS.")
@decorate_view(idempotent)
def start_verification(request, payload: VerificationIn):
    key = request.auth
    outcome = accounts_api.start_api_verification(phone=e164(payload.phone), purpose=payload.purpose,
                                                  api_key_id=key.pk, sandbox=key.is_sandbox,
                                                  language=payload.language)
    if isinstance(outcome, accounts_api.ApiVerificationRefused):
        raise flow.refused(outcome)
    return Status(200 if outcome.reused else 201, _out(outcome))


@router.get("/verifications/{verification_id}", response={200: VerificationOut, **problems(404)},
            summary="A verification's status", description="Scope `verifications`.")
def get_verification(request, verification_id: UUID):
    verification = accounts_api.api_verification(api_key_id=request.auth.pk, verification_id=verification_id)
    if verification is None:
        raise _not_found()
    return Status(200, _out(verification))


@router.post("/verifications/{verification_id}/check", response={200: CheckOut, **problems(404)},
             summary="Check the code the customer typed",
             description="Scope `verifications`. `approved`: the number is proved (consents posted for it become "
                         "valid). `pending`: wrong code, try again. `expired`: ask for a new code. "
                         "`too_many_attempts`: this code (or verification) is blocked.")
@decorate_view(idempotent)
def check_verification(request, verification_id: UUID, payload: CheckIn):
    verification, error = flow.check(request.auth, verification_id, payload.code)
    if verification is None:
        raise _not_found()
    if error:
        raise invalid("code", error)
    return Status(200, {"status": verification.status, "code_number": verification.code_number})


@router.post("/verifications/{verification_id}/resend", response={200: VerificationOut, **problems(404, 409)},
             summary="Send a new code", description="Scope `verifications`. Under the growing cooldown "
                                                    "(30 s, 60 s, ...) and the limits: 429 with Retry-After.")
@decorate_view(idempotent)
def resend_verification(request, verification_id: UUID):
    outcome = accounts_api.resend_api_verification(api_key_id=request.auth.pk, verification_id=verification_id)
    if outcome is None:
        raise _not_found()
    if isinstance(outcome, accounts_api.ApiVerificationRefused):
        raise flow.refused(outcome)
    return Status(200, _out(outcome))
