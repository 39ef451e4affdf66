"""A phone number from a request body, in E.164, or a 422 problem naming the field."""

from django.core.exceptions import ValidationError

from zgoda.lib.phone import parse_mobile

from .problems import invalid


def e164(raw: str, field: str = "phone") -> str:
    try:
        return parse_mobile(raw or "").e164
    except ValidationError as error:
        raise invalid(field, error.messages[0]) from None
