"""Dates and times as people read them in the language of the text around them, always in the
site's time zone (settings.TIME_ZONE): "02.12.2026 14:05" in Polish, "December 2, 2026, 14:05"
in English; another language gets Django's own format for it. A person's own record (their
consents, their privacy pages) names the month in words: "2 grudnia 2026, 14:05" (`words`);
a record's name in the admin a language-free stamp, "2026-12-02 14:05" (`stamp`).

Every e-mail and page that writes a moment goes through here, inside the language it is
written in (`translation.override(language)`, or `language=`), so an English text never reads
"02.12.2026" and a worker's e-mail never reads UTC. Also the templates' filters (a template
library, TEMPLATES' "libraries" in settings): `{% load dates %}{{ moment|when }}`,
`{{ moment|when:"seconds" }}`, `{{ moment|when:"words" }}`, `{{ moment|day }}`,
`{{ moment|day:"words" }}`, `{{ moment|day:"short" }}`."""

from datetime import date, datetime

from django import template
from django.utils import dateformat, formats, timezone, translation

# (date and time, date and time to the second, date, a chart's short day, date and time in
# words, date in words) per language; the Polish ones are the project's style since its first
# e-mail, "E" the month's name as a date says it ("grudnia").
FORMATS = {
    "pl": ("d.m.Y H:i", "d.m.Y H:i:s", "d.m.Y", "j.m", "j E Y, H:i", "j E Y"),
    "en": ("F j, Y, H:i", "F j, Y, H:i:s", "F j, Y", "M j", "F j, Y, H:i", "F j, Y"),
}
_DJANGO = ("DATETIME_FORMAT", "DATETIME_FORMAT", "DATE_FORMAT", "MONTH_DAY_FORMAT",  # any other language
           "DATETIME_FORMAT", "DATE_FORMAT")
TIME, SECONDS, DAY, SHORT_DAY, TIME_IN_WORDS, DAY_IN_WORDS = range(6)


def _format(kind: int) -> str:
    language = (translation.get_language() or "pl").split("-")[0]
    if language in FORMATS:
        return FORMATS[language][kind]
    return formats.get_format(_DJANGO[kind])


def site_time(moment: datetime) -> datetime:
    """An aware moment in the site's time zone (a naive one is taken as already local)."""
    if timezone.is_naive(moment):
        return moment
    return timezone.localtime(moment, timezone.get_default_timezone())


def stamp(moment: datetime, minutes: bool = True) -> str:
    """A moment as a record's name writes it in every language (the admin's lists, a log line):
    "2026-12-02 14:05" in the site's time zone; `minutes=False`: the day alone."""
    return site_time(moment).strftime("%Y-%m-%d %H:%M" if minutes else "%Y-%m-%d")


def when(moment: datetime | date | None, seconds: bool = False, language: str | None = None,
         words: bool = False) -> str:
    """Date and time of `moment` in the site's time zone, written in `language` (else the
    active one); `words`: the month by name; a date alone is written as `day` writes it; None is ""."""
    if moment is None or moment == "":
        return ""
    if not isinstance(moment, datetime):
        return day(moment, language, words=words)
    kind = TIME_IN_WORDS if words else SECONDS if seconds else TIME
    with translation.override(language or translation.get_language()):
        return dateformat.format(site_time(moment), _format(kind))


def day(moment: datetime | date | None, language: str | None = None, short: bool = False, words: bool = False) -> str:
    """The day of `moment` (in the site's time zone, for a datetime), written in `language`;
    `short`: without the year, as short as a chart's axis needs ("2.12", "Dec 2"); `words`:
    the month by name."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, datetime):
        moment = site_time(moment)
    kind = SHORT_DAY if short else DAY_IN_WORDS if words else DAY
    with translation.override(language or translation.get_language()):
        return dateformat.format(moment, _format(kind))


register = template.Library()


@register.filter("when")
def when_filter(moment, detail: str = "") -> str:
    return when(moment, seconds=detail == "seconds", words=detail == "words")


@register.filter("day")
def day_filter(moment, detail: str = "") -> str:
    return day(moment, short=detail == "short", words=detail == "words")
