"""The integration guide (docs/integration.md) beside the API docs page."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render


def integration_guide(request):
    path = settings.PROJECT_DIR / "docs" / "integration.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise Http404 from None
    return render(request, "restapi/integration.html", {"text": text})
