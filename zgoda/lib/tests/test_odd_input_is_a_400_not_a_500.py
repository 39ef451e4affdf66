"""Input Django alone would turn into a 500: a NUL byte in a form (PostgreSQL refuses it in
text) and a JSON number of 100,000 digits (json.loads' ValueError) are clear 400-level answers."""

import pytest
from django import forms

from zgoda.lib.input_bounds import JSONFormField


@pytest.mark.django_db
def test_a_nul_byte_in_a_posted_form_is_refused_before_any_view(client):
    response = client.post("/identity/o/logout", {"client_id": "a\x00b"})
    assert response.status_code == 400
    assert "Nieprawidłowe dane formularza." in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_nul_reaches_the_view(client):
    assert client.post("/identity/o/logout", {"client_id": "ab"}).status_code < 500


def test_a_json_number_too_long_to_read_is_invalid_json():
    with pytest.raises(forms.ValidationError):
        JSONFormField().clean("9" * 100_000)
    assert JSONFormField().clean('{"a": 1}') == {"a": 1}
