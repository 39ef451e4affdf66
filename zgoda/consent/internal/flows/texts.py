"""Which text version is current, and which versions a consent may still rest on."""

from django.conf import settings
from django.utils import timezone, translation

from ...models import ConsentText


def language_code(language: str | None = None) -> str:
    """The language texts are shown in: the active one if Zgoda has it, else the default."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in {c for c, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _published(purpose, language=None):
    texts = ConsentText.objects.filter(purpose=purpose, published_at__lte=timezone.now())
    if language:
        texts = texts.filter(language=language)
    return texts


def current_text(purpose: str, language: str | None = None) -> ConsentText | None:
    """The newest published version in the language, falling back to the default language."""
    language = language_code(language)
    for code in dict.fromkeys([language, settings.LANGUAGE_CODE]):
        text = _published(purpose, code).order_by("-published_at", "-id").first()
        if text is not None:
            return text
    return None


def current_in(purpose: str, language: str) -> ConsentText | None:
    """The newest published version in exactly this language (no fallback)."""
    return _published(purpose, language).order_by("-published_at", "-id").first()


def valid_text_ids(purpose: str) -> list[int]:
    """Versions a consent may rest on: per language, those not older than the newest
    material version. A non-material version (a typo fix) keeps earlier consents valid."""
    valid = []
    by_language: dict[str, list[ConsentText]] = {}
    for text in _published(purpose).order_by("published_at", "id"):
        by_language.setdefault(text.language, []).append(text)
    for versions in by_language.values():
        cut = max((i for i, t in enumerate(versions) if t.material), default=0)
        valid.extend(t.pk for t in versions[cut:])
    return valid


def is_superseded(text: ConsentText) -> bool:
    return text.pk not in valid_text_ids(text.purpose)
