"""How many SMS segments a text takes, and where it is split."""

import pytest

from zgoda.sms.text import (
    GSM7_EXTENSION,
    encoding_of,
    segments,
    split_segments,
    units,
)


def test_empty_text_is_one_empty_segment():
    assert segments("") == 1
    assert split_segments("") == [""]


def test_160_gsm7_characters_fit_one_segment():
    assert segments("a" * 160) == 1


def test_161_gsm7_characters_need_two_segments():
    assert segments("a" * 161) == 2


def test_306_gsm7_characters_fill_exactly_two_segments_of_153():
    assert segments("a" * 306) == 2
    assert [len(p) for p in split_segments("a" * 306)] == [153, 153]


def test_307_gsm7_characters_need_three_segments():
    assert segments("a" * 307) == 3


def test_euro_sign_counts_two_septets_so_159_plain_plus_euro_is_two_segments():
    text = "a" * 159 + "€"
    assert units(text) == 161
    assert segments(text) == 2


def test_158_plain_plus_euro_is_exactly_160_septets_and_one_segment():
    assert segments("a" * 158 + "€") == 1


def test_escape_pair_that_would_straddle_septets_153_and_154_moves_to_next_segment():
    parts = split_segments("a" * 152 + "€" + "a" * 10)
    assert parts[0] == "a" * 152  # this segment holds only 152 septets
    assert parts[1] == "€" + "a" * 10


def test_escape_pair_ending_exactly_at_septet_153_stays_in_the_segment():
    parts = split_segments("a" * 151 + "€" + "a" * 10)
    assert parts[0] == "a" * 151 + "€"
    assert parts[1] == "a" * 10


def test_moved_escape_pair_can_cost_a_whole_extra_segment():
    text = "a" * 152 + "€" + "a" * 152
    assert units(text) == 306  # 2 * 153, yet the pair cannot be split
    assert segments(text) == 3


def test_70_ucs2_characters_fit_one_segment():
    assert segments("ż" * 70) == 1


def test_71_ucs2_characters_need_two_segments():
    assert segments("ż" * 71) == 2


def test_134_ucs2_characters_fill_exactly_two_segments_of_67():
    assert segments("ż" * 134) == 2
    assert [len(p) for p in split_segments("ż" * 134)] == [67, 67]


def test_135_ucs2_characters_need_three_segments():
    assert segments("ż" * 135) == 3


def test_emoji_counts_two_units_towards_the_ucs2_limit():
    assert segments("😀" * 35) == 1  # 70 units
    assert segments("ż" * 69 + "😀") == 2  # 71 units


def test_surrogate_pair_is_never_split_across_segments():
    parts = split_segments("ż" * 66 + "😀" + "ż" * 10)
    assert parts[0] == "ż" * 66  # 66 units: the emoji's 2 units would make 68
    assert parts[1] == "😀" + "ż" * 10


def test_unsplittable_emoji_can_cost_a_whole_extra_segment():
    text = "😀" * 67
    assert units(text) == 134  # 2 * 67, but only 33 emoji fit in a segment
    assert segments(text) == 3


SAMPLES = [
    "a" * 500,
    "a" * 152 + "€" * 80 + "b" * 7,
    "{[|]}" * 70,
    "ż" * 300,
    "😀ż" * 100,
    "Zażółć gęślą jaźń 👍 " * 12,
]


@pytest.mark.parametrize("text", SAMPLES)
def test_split_parts_join_back_to_the_text_and_match_the_segment_count(text):
    parts = split_segments(text)
    assert "".join(parts) == text
    assert len(parts) == segments(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_every_split_part_fits_a_concatenated_segment(text):
    # costs computed independently of units(): a UCS-2 text's part may itself be ASCII
    if encoding_of(text) == "GSM-7":
        costs = [sum(1 + (ch in GSM7_EXTENSION) for ch in p) for p in split_segments(text)]
        limit = 153
    else:
        costs = [len(p.encode("utf-16-le")) // 2 for p in split_segments(text)]
        limit = 67
    assert all(0 < cost <= limit for cost in costs)
