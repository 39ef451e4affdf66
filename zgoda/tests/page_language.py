"""What a page says, and in which language: visible text nodes of an HTML answer, and the
English and Polish sentences our catalog, Django's and allauth's know."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import django
from django.apps import apps
from django.conf import settings

POLISH_LETTERS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
# Said alike in both languages, or names: never a sign of the wrong language.
ALLOWED = {"Zgoda", "SMS", "2FA", "API", "E-mail", "e-mail", "OpenID Connect", "CSV", "SHA-256", "IP", "OK", "Token",
           "Status", "Webhooki", "Polski", "English", "polski", "Login", "Start"}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "textarea", "option", "code", "pre"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        hidden = "hidden" in attributes or "display:none" in (attributes.get("style") or "").replace(" ", "")
        self.stack.append(tag in SKIPPED_TAGS or hidden or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not (self.stack and self.stack[-1]):
            self.texts.append(text)


def visible_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.texts


def _catalog(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            return gettext.GNUTranslations(file)._catalog
    except FileNotFoundError:
        return {}


def _plain(catalog: dict):
    for key, value in catalog.items():
        if isinstance(key, str) and key and value:
            yield key.split("\x04")[-1], value


def sentences() -> tuple[set[str], set[str]]:
    """(English, Polish) sentences: ours map Polish → English; Django's and allauth's English → Polish."""
    english, polish = set(), set()
    ours = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    for msgid, msgstr in _plain(_catalog(ours)):
        polish.add(msgid)
        english.add(msgstr)
    roots = [Path(django.__file__).parent / "conf" / "locale", Path(allauth.__file__).parent / "locale"]
    roots += [Path(config.path) / "locale" for config in apps.get_app_configs() if config.name.startswith("django.")]
    for root in roots:
        for msgid, msgstr in _plain(_catalog(root / "pl" / "LC_MESSAGES" / "django.mo")):
            english.add(msgid)
            polish.add(msgstr)
    both = english & polish
    keep = [lambda s: s not in both and s not in ALLOWED and len(s) > 2 and re.search(r"[A-Za-z]{3}", s)]
    return {s for s in english if keep[0](s)}, {s for s in polish if keep[0](s)}


def wrong_language(texts, language: str, english: set[str], polish: set[str], data: set[str]) -> list[str]:
    """The texts of a page that speak the other language (stored data, such as a campaign's
    name, is what the owner wrote and is left alone)."""
    wrong = []
    for text in texts:
        if text in data or text in ALLOWED or any(value in text for value in data if len(value) > 3):
            continue
        if language == "pl" and text in english:
            wrong.append(text)
        elif language == "en" and (POLISH_LETTERS.search(text) or text in polish):
            wrong.append(text)
    return wrong


def glossary_misses(texts) -> list[str]:
    """The texts of a page that use a word docs/glossary.md's "Not" column rules out: a one-word
    entry as the whole text, a longer one anywhere in it ("…" and "N" stand for anything)."""
    misses = []
    for text in texts:
        plain = text.rstrip(":").strip()
        if plain in _AVOIDED_WORDS or any(pattern.search(text) for pattern in _AVOIDED_PHRASES):
            misses.append(text)
    return misses


def _avoided() -> tuple[set[str], list[re.Pattern]]:
    glossary = Path(settings.BASE_DIR).parent / "docs" / "glossary.md"
    words, phrases = set(), []
    for line in glossary.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[2] or cells[2].startswith(("Not", "-")):
            continue
        for entry in (e.strip() for e in cells[2].split(",")):
            entry = entry.removesuffix("(alone)").strip()
            if " " not in entry:
                words.add(entry)
                continue
            pieces = [re.escape(p).replace("N", r"\d+") for p in entry.rstrip("…").strip().split(" ")]
            phrases.append(re.compile(r"\b" + r"\s+".join(pieces) + (r"\b" if entry[-1].isalnum() else "")))
    return words, phrases


_AVOIDED_WORDS, _AVOIDED_PHRASES = _avoided()
