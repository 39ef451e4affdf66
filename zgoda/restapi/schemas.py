"""Shapes shared by the endpoints: the problem body and the error responses of each."""

from ninja import Schema


class FieldError(Schema):
    field: str
    message: str


class ProblemOut(Schema):
    """RFC 9457 problem details (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


def problems(*statuses: int) -> dict:
    """The error responses of an endpoint: 401, 403, 422 and 429 always, plus `statuses`."""
    return {frozenset({401, 403, 422, 429, *statuses}): ProblemOut}
