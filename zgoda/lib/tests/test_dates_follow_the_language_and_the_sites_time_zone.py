"""zgoda.lib.dates writes a moment as the language of the text around it does and in the site's
time zone (settings.TIME_ZONE), whatever time zone the moment comes in: the one place every
e-mail and page takes its dates from."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from zgoda.lib import dates

WINTER = datetime(2026, 12, 2, 13, 5, 9, tzinfo=UTC)  # 14:05 in Warsaw (CET)
SUMMER = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # already 2 July in Warsaw (CEST)


@pytest.mark.parametrize(("language", "moment", "expected"), [
    ("pl", WINTER, "02.12.2026 14:05"), ("en", WINTER, "December 2, 2026, 14:05"),
    ("pl", SUMMER, "02.07.2026 00:30"), ("en", SUMMER, "July 2, 2026, 00:30"),
])
def test_date_and_time_in_the_active_language_and_warsaw_time(language, moment, expected):
    with translation.override(language):
        assert dates.when(moment) == expected


def test_an_explicit_language_wins_over_the_active_one():
    with translation.override("pl"):
        assert dates.when(WINTER, language="en") == "December 2, 2026, 14:05"
        assert translation.get_language() == "pl"


def test_seconds_a_day_alone_and_nothing():
    assert dates.when(WINTER, seconds=True, language="en") == "December 2, 2026, 14:05:09"
    assert dates.day(SUMMER, language="pl") == "02.07.2026"
    assert dates.day(date(2026, 12, 2), language="en") == "December 2, 2026"
    assert dates.when(None) == "" and dates.day(None) == ""


def test_another_site_time_zone_is_followed(settings):
    settings.TIME_ZONE = "America/New_York"
    assert dates.when(WINTER, language="en") == "December 2, 2026, 08:05"


@pytest.mark.parametrize(("language", "expected"), [("pl", "02.12.2026 14:05:09 · 02.12.2026"),
                                                     ("en", "December 2, 2026, 14:05:09 · December 2, 2026")])
def test_the_template_filters_write_the_same(language, expected):
    template = Template('{% load dates %}{{ moment|when:"seconds" }} · {{ moment|day }}')
    with translation.override(language):
        assert template.render(Context({"moment": WINTER})) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("pl", "2 grudnia 2026, 14:05 · 2 lipca 2026"), ("en", "December 2, 2026, 14:05 · July 2, 2026"),
])
def test_a_persons_own_record_names_the_month_in_words_in_each_language(language, expected):
    template = Template('{% load dates %}{{ moment|when:"words" }} · {{ summer|day:"words" }}')
    with translation.override(language):
        assert template.render(Context({"moment": WINTER, "summer": SUMMER})) == expected
    assert dates.when(WINTER, words=True, language=language) == expected.split(" · ")[0]


def test_a_records_stamp_is_the_same_in_every_language_and_in_the_sites_time():
    for language in ("pl", "en"):
        with translation.override(language):
            assert dates.stamp(WINTER) == "2026-12-02 14:05"
            assert dates.stamp(SUMMER, minutes=False) == "2026-07-02"
