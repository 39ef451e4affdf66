"""The language switcher (/i18n/setlang/): Django's view, and the choice kept for the
person's SMS (internal/flows/language.py): on the account when logged in, in the session
for the next login otherwise."""

from django.conf import settings
from django.views.decorators.csrf import csrf_protect
from django.views.i18n import set_language as django_set_language

from ..internal.flows import language


@csrf_protect
def set_language(request):
    response = django_set_language(request)
    cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if request.method == "POST" and cookie is not None and cookie.value:
        language.chosen(request, cookie.value)
    return response
