"""/o/<token>: the opt-out link of a marketing SMS. A GET only shows the button."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..internal.flows import optout

STATUS_CODES = {"valid": 200, "used": 200, "erased": 410, "unknown": 404}


@require_http_methods(["GET", "HEAD", "POST"])
def optout_view(request, token: str):
    if request.method == "POST":
        before = optout.use(token, request)
        shown = "done" if before == "valid" else before
    else:
        shown = optout.look_up(token).status
    status = 200 if shown == "done" else STATUS_CODES[shown]
    return render(request, "privacy/optout.html", {"state": shown, "token": token}, status=status)
