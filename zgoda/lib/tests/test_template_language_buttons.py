"""{% language_buttons %} (lib.template_languages, a template builtin): every page's footer
offers each language of settings.LANGUAGES as a submit button of the set_language form,
the page's own language marked, and a person switches with it."""

from django.template import Context, Template
from django.test import override_settings
from django.utils import translation


def buttons() -> str:
    return Template("{% language_buttons %}").render(Context())


def test_each_language_is_a_button_and_the_current_one_is_marked():
    with translation.override("pl"):
        polish = buttons()
    with translation.override("en"):
        english = buttons()
    assert polish == ('<button type="submit" name="language" value="pl" class="link current" lang="pl">PL</button>\n'
                      '<button type="submit" name="language" value="en" class="link" lang="en">EN</button>')
    assert 'value="en" class="link current"' in english and 'value="pl" class="link"' in english


@override_settings(LANGUAGES=[("pl", "Polski"), ("en", "English"), ("de", "Deutsch")])
def test_a_language_added_to_the_settings_gets_its_button():
    with translation.override("pl"):
        assert 'value="de" class="link" lang="de">DE</button>' in buttons()


def test_a_page_switches_to_english_with_its_button(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="language" value="en"' in page and 'value="pl" class="link current"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    english = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in english and 'value="en" class="link current"' in english
