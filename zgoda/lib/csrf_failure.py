"""The page of a form sent without its CSRF token (settings.CSRF_FAILURE_VIEW): Zgoda's, in
the person's language, saying what to do next. Django's own page is written for developers,
and Django renders a project's 403_csrf.html without the reason, which tells a browser that
refuses cookies from a page left open too long."""

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403)
