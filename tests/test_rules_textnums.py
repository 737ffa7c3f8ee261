"""Number rules of running text (cmp.extract.textnums.find_values) on short made-up phrases: ratios, ranges,
fractions, shielded spans, codes, doubled dashes, 余/左右, per-100-household units and Chinese numerals. Each case
asserts the value, units, comparator, flags and span (or that no value is read)."""

from __future__ import annotations

import pytest

from cmp.extract.textnums import find_values


def vals(text: str, shielded: list[tuple[int, int]] | None = None) -> list[tuple]:
    return [(v.value, v.unit_raw, v.unit, v.comparator, v.flags, v.start, v.end, v.low, v.high)
            for v in find_values(text, shielded or [])]


@pytest.mark.parametrize(
    ("text", "shielded", "expected"),
    [
        ("城乡比为2:3", [], []),  # a ratio needs a 1 on one side
        ("城乡比为1:0", [], []),  # and no zero below
        ("城乡比为1:2", [(4, 7)], []),  # nor a shielded start
        ("占比30%-40%", [], [(None, "%", "%", "", ["range"], 2, 9, 30.0, 40.0)]),
        ("占比30%-40%", [(2, 9)], []),
        ("占比40%-30%", [], [(40.0, "%", "%", "=", [], 2, 5, None, None)]),  # descending: not a range
        ("三分之一", [], [(33.3333333333, "分之", "%", "=", ["fraction"], 0, 4, None, None)]),
        ("三分之一", [(0, 4)], []),
        ("五分之六", [], []),  # more than the whole
        ("百分之八十", [], [(80.0, "分之", "%", "=", ["fraction"], 0, 5, None, None)]),
        ("区号0471", [], []),  # a leading zero: a code
        ("达到30--40个", [], [(None, "个", "个", "", ["suspect_format", "range"], 2, 9, 30.0, 40.0)]),
        ("达到3万余人", [], [(30000.0, "万人", "人", ">=", ["approximate"], 2, 6, None, None)]),
        ("300张左右", [], [(300.0, "张", "张", "=", ["approximate"], 0, 6, None, None)]),
        ("配建30平方米/百户", [], [(30.0, "平方米/百户", "㎡/百户", "=", [], 2, 10, None, None)]),
        ("建成二十个养老院", [], [(20.0, "个", "个", "=", ["chinese_numeral"], 2, 5, None, None)]),
        ("一百二十个", [], [(120.0, "个", "个", "=", ["chinese_numeral"], 0, 5, None, None)]),
        ("建成一个养老院", [], []),  # 一个: a word, not a count
        ("三个月", [], []),  # a duration
        ("3个月", [], []),
        ("比值达到0.8以上", [], [(0.8, "", "", ">=", ["ratio"], 4, 9, None, None)]),
        ("5000户以上大型社区", [], []),  # a size condition
        ("5万人以下的乡镇", [], []),
        ("5A级景区", [], []),  # a grade
    ],
)
def test_find_values(text, shielded, expected):
    assert vals(text, shielded) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3号楼", []), ("5星级", []), ("3A景区", []), ("3个方面", []),  # names and grades, not values
        ("5000户及以上社区", []), ("5000人以下的社区", []), ("5000户以下的社区", []), ("500名以下的机构", []),
        ("5000人以上标准", [(5000.0, "人", ">=", [], 0, 7, 0)]),  # a standard of 5000 people and more
        ("百张", []), ("每三名老人", []),  # a bare 百 and a 每 denominator are not counts
        ("两处", [(2.0, "处", "=", ["chinese_numeral"], 0, 2, 0)]),  # two is a count
        ("两个", [(2.0, "个", "=", ["chinese_numeral"], 0, 2, 0)]),
        ("比值达到0.8", [(0.8, "", "=", ["ratio"], 4, 7, 4)]),
    ],
)
def test_find_values_words_around_the_number(text, expected):
    assert [(v.value, v.unit, v.comparator, v.flags, v.start, v.end, v.vstart) for v in find_values(text, [])] == \
        expected


def test_a_decrease_word_right_before_the_value_even_with_le():
    from cmp.extract.textnums import decrease_before

    for text in ("下降了2%", "同比下降了2%", "下降2%"):
        (v,) = find_values(text, [])
        assert decrease_before(text, v), text
    (v,) = find_values("提高了2%", [])
    assert not decrease_before("提高了2%", v)
