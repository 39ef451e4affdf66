"""The login page writes its form by hand (Django's form templates cost a millisecond per
render); it must stay the form allauth validates: the same inputs, attributes and labels."""

from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from django.utils import translation

from zgoda.accounts.entrance_forms import LoginForm


class Inputs(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.inputs, self.labels = {}, {}
        self._label_for = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") not in (None, "csrfmiddlewaretoken", "next"):
            self.inputs[attrs["name"]] = attrs
        if tag == "label":
            self._label_for = attrs.get("for")

    def handle_data(self, data):
        if self._label_for:
            self.labels[self._label_for] = data.strip()
            self._label_for = None


def _form_of(page: str) -> str:
    start = page.index('<form method="post" action="/accounts/login/"')
    return page[start:page.index("</form>", start)]


def _allauth_form(data=None):
    request = RequestFactory().post("/accounts/login/", data or {})
    form = LoginForm(data, request=request)
    if data:
        form.is_valid()
    return form.as_p()


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_page_renders_the_same_inputs_and_labels_as_the_form(client, db, language):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with translation.override(language):
        expected = Inputs(_allauth_form())
    shown = Inputs(_form_of(page))
    assert shown.inputs == expected.inputs and set(shown.inputs) == {"login", "password", "remember"}
    assert shown.labels == expected.labels


def test_a_refused_login_keeps_the_address_and_says_why(client, db):
    data = {"login": 'anna"<b>@example.com', "password": "wrong", "remember": "on"}
    page = client.post("/accounts/login/", data).content.decode()
    form = _form_of(page)
    with translation.override("pl"):
        expected = Inputs(_allauth_form(data))
    assert Inputs(form).inputs == expected.inputs
    assert 'value="anna&quot;&lt;b&gt;@example.com"' in form
    assert '<ul class="errorlist" id="id_login_error">' in form


def test_empty_fields_are_marked_as_the_form_marks_them(client, db):
    data = {"login": "", "password": ""}
    form = _form_of(client.post("/accounts/login/", data).content.decode())
    with translation.override("pl"):
        expected = Inputs(_allauth_form(data))
    assert Inputs(form).inputs == expected.inputs
    assert 'id="id_login_error"' in form and 'id="id_password_error"' in form
