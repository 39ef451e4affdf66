"""Errors are RFC 9457 problems: Polish by default, English by Accept-Language; ninja's
validation errors too, with the field named; never a 5xx for bad input."""

from zgoda.restapi.internal.problems import KINDS


def test_polish_by_default_english_on_request(api):
    pl = api.post("/verifications", {"purpose": "login"})
    en = api.post("/verifications", {"purpose": "login"}, headers={"Accept-Language": "en"})
    assert pl.status_code == en.status_code == 422
    assert pl["Content-Language"] == "pl" and en["Content-Language"] == "en"
    assert pl.json()["title"] == "Niepoprawne dane" and pl.json()["errors"] == [
        {"field": "phone", "message": "To pole jest wymagane."}]
    assert en.json()["title"] == "Invalid data" and en.json()["errors"] == [
        {"field": "phone", "message": "This field is required."}]


def test_a_bad_number_names_the_field(api):
    response = api.post("/verifications", {"phone": "12", "purpose": "login"})
    body = response.json()
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert set(body) >= {"type", "title", "status", "detail", "instance"} and body["instance"] == "/api/v1/verifications"
    assert body["errors"][0]["field"] == "phone"


def test_garbage_bodies_are_problems_not_500s(api):
    for raw in ["{", "[]", '"x"', "null", '{"phone": 5, "purpose": []}', "\x00", '{"phone": "' + "9" * 10000 + '"}']:
        response = api.post("/verifications", raw=raw)
        assert response.status_code == 422, (raw, response.status_code, response.content[:200])
        assert response["Content-Type"] == "application/problem+json"


def test_every_problem_kind_has_a_title_in_both_languages():
    from django.utils import translation

    for kind, (status, title) in KINDS.items():
        with translation.override("en"):
            english = str(title)
        assert 400 <= status < 500 and english and english != str(title), kind
