"""{% extends %} (lib.template_extends, a template builtin) keeps the root template's blocks on
the compiled template and renders what Django's tag renders: two and three levels, block.super,
a block only the root has, a parent named by a variable, and a parent given as a template."""

import pytest
from django.template import Context, Engine

TEMPLATES = {
    "root.html": "<{% block title %}root{% endblock %}|{% block nav %}nav{% endblock %}|{% block body %}{% endblock %}>",
    "middle.html": '{% extends "root.html" %}{% block nav %}mid+{{ block.super }}{% endblock %}'
                   "{% block body %}m[{% block inner %}i{% endblock %}]{% endblock %}",
    "page.html": '{% extends "middle.html" %}{% block title %}page {{ who }}{% endblock %}{% block inner %}{{ block.super }}!{% endblock %}',
    "short.html": '{% extends "root.html" %}{% block body %}short{% endblock %}',
    "by_name.html": "{% extends parent %}{% block body %}named{% endblock %}",
}


def engine(builtins):
    return Engine(loaders=[("django.template.loaders.cached.Loader", [("django.template.loaders.locmem.Loader", TEMPLATES)])],
                  builtins=builtins)


OURS = engine(["zgoda.lib.template_extends"])
DJANGOS = engine([])


@pytest.mark.parametrize("name", ["page.html", "short.html", "middle.html"])
def test_renders_as_djangos_tag_again_and_again(name):
    context = {"who": "Ola", "parent": "root.html"}
    expected = DJANGOS.get_template(name).render(Context(context))
    assert [OURS.get_template(name).render(Context(context)) for _ in range(3)] == [expected] * 3


def test_a_parent_named_by_a_variable_or_given_as_a_template_renders_as_django():
    for parent in ("root.html", "middle.html"):
        expected = DJANGOS.get_template("by_name.html").render(Context({"parent": parent}))
        assert OURS.get_template("by_name.html").render(Context({"parent": parent})) == expected
    given = OURS.from_string(TEMPLATES["root.html"])
    assert OURS.get_template("by_name.html").render(Context({"parent": given})) == "<root|nav|named>"


def test_the_tag_is_the_projects_on_every_page():
    from django.template import engines

    from zgoda.lib.template_extends import _ExtendsNode

    page = engines["django"].get_template("account/login.html").template
    assert isinstance(page.nodelist[0], _ExtendsNode)
