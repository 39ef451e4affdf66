"""The integration guide (docs/integration.md) beside the API docs page, as HTML."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

# CommonMark and tables; HTML written in the file is shown as text, never passed through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def integration_guide(request):
    path = settings.PROJECT_DIR / "docs" / "integration.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise Http404 from None
    return render(request, "restapi/integration.html", {"guide": mark_safe(_MARKDOWN.render(text))})  # noqa: S308
