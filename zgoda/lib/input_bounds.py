"""Bounds on input that Django alone would turn into a 500 instead of a 400 or 404.

- `BoundedIntegerIn`: `pk__in=[10**20]` on an integer column overflowed SQLite ("Python int too
  large to convert to SQLite INTEGER") and PostgreSQL ("bigint out of range"), e.g. an admin
  form's many-to-many field with a 20-digit id. Like Django's own exact lookup on an integer
  field, a value out of the column's range matches nothing.
- `RequestLimitsMiddleware`: a URL longer than gunicorn's request line limit (4094 bytes, so
  production never sees one) is refused with 414 under any server; a longer query reached
  SQLite's LIKE limit (50,000 bytes) through the admin's search. A NUL byte in the path
  (%00) is a 400: PostgreSQL refuses it in a text column (the admin's object ids), and so is
  one in a form-encoded body (allauth's OpenID logout looks its fields up as they come).
- `JSONFormField`: a form's JSON with a number of over 4,300 digits made `json.loads` raise
  ValueError, which Django's field does not catch: now the field's own "enter valid JSON".
"""

from django import forms
from django.db.models import IntegerField
from django.db.models.lookups import In
from django.http import HttpResponse
from django.utils.translation import gettext as _

MAX_URL_LENGTH = 4094
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class BoundedIntegerIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            field = self.lhs.output_field
            internal_type = getattr(field, "target_field", field).get_internal_type()
            if internal_type in connection.ops.integer_field_ranges:
                low, high = connection.ops.integer_field_range(internal_type)
                try:
                    self.rhs = [value for value in self.rhs if not isinstance(value, int)
                                or ((low is None or value >= low) and (high is None or value <= high))]  # fmt: skip
                except TypeError:
                    pass
        return super().process_rhs(compiler, connection)


def register_lookups() -> None:
    """Called once from an AppConfig.ready()."""
    IntegerField.register_lookup(BoundedIntegerIn)


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
            return HttpResponse(_("Adres strony jest za długi."), status=414, content_type="text/plain; charset=utf-8")
        if "\x00" in request.path_info:  # no URL of ours has one; PostgreSQL refuses it in text (the admin's ids)
            return HttpResponse(_("Nieprawidłowy adres strony."), status=400, content_type="text/plain; charset=utf-8")
        if request.method == "POST" and request.content_type in FORM_TYPES and any(
            "\x00" in value for values in request.POST.lists() for value in values[1]
        ):  # no form of ours takes one; PostgreSQL refuses it in text
            return HttpResponse(_("Nieprawidłowe dane formularza."), status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class JSONFormField(forms.JSONField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValueError as error:  # json.loads' own limit on digits: not a JSONDecodeError
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from error
