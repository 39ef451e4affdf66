"""/api/v1/marketing-numbers (the export's numbers, streamed, audited) and /suppressions
(a feed of withdrawals, STOPs and erasures since a cursor)."""

from datetime import datetime
from typing import Literal

from django.http import StreamingHttpResponse
from ninja import Status, Field, Query, Router, Schema

from zgoda.consent import api as consent_api

from ..internal.auth import ApiKeyAuth
from ..internal.problems import invalid
from ..schemas import problems

router = Router(tags=["lists"], auth=ApiKeyAuth("lists:read"))
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}


class ExportQuery(Schema):
    format: Literal["csv", "ndjson"] = "csv"


class FeedQuery(Schema):
    cursor: str = Field("", max_length=200, description="`next_cursor` of the previous page; empty: from the start.")
    limit: int = Field(500, ge=1, le=1000)


class FeedItem(Schema):
    id: str
    kind: Literal["withdrawal", "stop", "erasure", "unreachable"]
    at: datetime
    purpose: str | None
    phone_hash: str = Field(description="Zgoda's keyed hash of the E.164 number.")
    phone: str | None = Field(description="E.164 for a withdrawal or STOP in the ledger; null for an erasure.")


class FeedOut(Schema):
    items: list[FeedItem]
    next_cursor: str | None = Field(description="Pass it as `cursor` next time; the same value when nothing is new "
                                                "(null: nothing yet).")


MARKETING_RESPONSES = {
    "responses": {200: {
        "description": "One number per line (CSV with a header row), or one JSON object per line (NDJSON).",
        "content": {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}},
    }},
}


@router.get("/marketing-numbers", response={200: None, **problems()}, openapi_extra=MARKETING_RESPONSES,
            summary="The numbers that may receive SMS marketing now",
            description="Scope `lists:read`. The export's data (streamed), audited like `zgoda export-consents`. "
                        "A test key (`zk_test_`) gets the header (CSV) or nothing (NDJSON).")
def marketing_numbers(request, filters: Query[ExportQuery]):
    key = request.auth
    # A test key gets the format without anyone in it: its own consents are never confirmed.
    lines = consent_api.marketing_numbers(filters.format, f"api:{key.display_prefix} {key.name}",
                                          header_only=key.is_sandbox)
    response = StreamingHttpResponse(lines, content_type=MEDIA_TYPES[filters.format])
    response["Cache-Control"] = "no-store"
    return response


@router.get("/suppressions", response={200: FeedOut, **problems()},
            summary="Withdrawals, STOPs and erasures since a cursor",
            description="Scope `lists:read`. Keep your SMS tool in sync: suppress every item. A test key "
                        "(`zk_test_`) gets no items.")
def suppressions(request, feed: Query[FeedQuery]):
    if request.auth.is_sandbox:  # nothing of real people for a test key
        return Status(200, {"items": [], "next_cursor": feed.cursor or None})
    try:
        return Status(200, consent_api.suppression_feed(feed.cursor or None, feed.limit))
    except consent_api.ConsentInputError as error:
        raise invalid(error.field, error.message) from None
