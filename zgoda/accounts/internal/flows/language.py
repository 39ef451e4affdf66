"""Which language a code SMS speaks, and the account's language kept for it.

The account's language (AccountLanguage) is the one its person uses: remembered at signup
and whenever a code goes out at enrollment, number change or 2FA off (the page's language:
they are logged in, reading it), when they switch language while logged in
(/i18n/setlang/, views/language.py), and at login when they picked a language in this
browser's session before logging in.

A login's code SMS speaks the account's language, not the language a fresh browser guesses
from Accept-Language; the login step then switches the pages to it (follow_account), so
"Wpisz kod nr 2" / "Enter code no. 2" and the SMS always agree. Codes without an account
(the privacy portal) speak the page's language; without a request (the REST API), the
challenge payload's SMS_LANGUAGE if the caller gave one, else Polish.
"""

from django.conf import settings
from django.db.models import IntegerField, Subquery
from django.utils import translation

from zgoda.lib import languages
from zgoda.lib.prepared import Param, Prepared

from ...models import AccountLanguage, CodeChallenge

SMS_LANGUAGE = "sms_language"  # a challenge payload key (REST API): the language its code SMS must speak
CHOSEN = "zgoda_language_chosen"  # session key: a language picked with the switcher in this session


def remember(user_id, language: str, known: str | None = "?") -> str:
    """Keep `language` as the account's; returns it (as a supported code). `known`: the
    account's language as the caller just read it (None: it has none), to save a read."""
    language = languages.supported(language)
    if user_id is not None and (of_account(user_id) if known == "?" else known) != language:
        _store(user_id, language)
    return language


def _store(user_id, language: str) -> None:
    """One upsert on the one-per-account row."""
    AccountLanguage.objects.bulk_create(
        [AccountLanguage(user_id=user_id, language=language)],
        update_conflicts=True, unique_fields=["user"], update_fields=["language", "updated_at"],
    )


def of_account(user_id) -> str | None:
    """The account's language, or None when it never told us."""
    if user_id is None:
        return None
    row = _OF_ACCOUNT.first(user_id=user_id)
    return row["language"] if row else None


_OF_ACCOUNT = Prepared(lambda: AccountLanguage.objects.filter(
    user_id=Param("user_id", IntegerField())).order_by("pk").values("language")[:1])


def account_language(user_id) -> Subquery:
    """of_account as a subquery, for a statement that reads it with something else
    (codes.issue_code's locked read: for_code's `known`)."""
    return Subquery(AccountLanguage.objects.filter(user_id=user_id).order_by("pk").values("language")[:1])


def of_request() -> str:
    """The language the current page is in (LocaleMiddleware activated it)."""
    return languages.supported(translation.get_language())


def chosen(request, language: str) -> None:
    """The person picked `language` with the switcher: remember it for this session's next
    login, and for the account when logged in."""
    language = languages.supported(language)
    if hasattr(request, "session"):
        request.session[CHOSEN] = language
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        remember(user.pk, language)


def for_login(request, user_id, known: str | None = "?") -> str:
    """The language of a login's code SMS and pages: a language picked in this session
    before logging in (then kept as the account's), else the account's, else the page's.
    `known`: the account's language as the caller just read it (see remember)."""
    # The code SMS and the code page both ask within one request: decided once.
    decided = getattr(request, "_zgoda_login_language", None)
    if decided and decided[0] == user_id:
        return decided[1]
    picked = request.session.get(CHOSEN) if request is not None and hasattr(request, "session") else None
    if picked:
        language = remember(user_id, picked, known)
    else:
        language = (of_account(user_id) if known == "?" else known) or remember(user_id, of_request(), known=None)
    if request is not None:
        request._zgoda_login_language = (user_id, language)
    return language


def for_code(challenge: CodeChallenge, request=None, known: str | None = "?") -> str:
    """The language the code SMS of `challenge` speaks (see the module's docstring). `known`:
    its account's language as the caller just read it (see remember)."""
    given = (challenge.payload or {}).get(SMS_LANGUAGE) if isinstance(challenge.payload, dict) else None
    if given:
        return languages.supported(given)
    if challenge.user_id is None:
        return of_request() if request is not None else settings.LANGUAGE_CODE
    if challenge.purpose == CodeChallenge.Purpose.LOGIN:
        return for_login(request, challenge.user_id, known)
    if request is not None:  # logged in, on a page in the language they read
        return remember(challenge.user_id, of_request(), known)
    return (of_account(challenge.user_id) if known == "?" else known) or settings.LANGUAGE_CODE


def follow_account(request, user, response) -> None:
    """Switch this browser's pages to the login's language (the language cookie) when they are
    in another, so the code page says "code no. N" in the language of the SMS."""
    language = for_login(request, user.pk)
    if language == of_request():
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
