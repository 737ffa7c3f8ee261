"""Rule-level tests of time expressions and kind/year resolution (cmp.extract.timeexpr)."""

from __future__ import annotations

import pytest

from cmp.extract.timeexpr import baseline_year, find_times, resolve

PLAN = (2021, 2025)


@pytest.mark.parametrize(("text", "kind", "year"), [
    ("到2025年", "year", 2025), ("截至2021年底", "year", 2021), ("“十二五”末", "end", 2015),
    ("十三五期间", "period", 2020), ("“十三五”时期", "period", 2020), ("十四五末", "end", 2025),
    ("2016年以来", "since", 2016), ("近五年", "recent", None), ("目前", "now", None), ("全年", "this_year", None),
    ("明年", "next_year", None),
])
def test_find_times(text, kind, year):
    (t,) = find_times(text)
    assert (t.kind, t.year) == (kind, year)


@pytest.mark.parametrize(("text", "year", "read_as"), [
    ("截至201911月", 2019, "2019-11"),   # YYYYMM: 年 lost
    ("截至201901月", 2019, "2019-01"),
    ("截至20196月", 2019, "2019-06"),    # YYYYM: a one-digit month
    ("截至201912月底", 2019, "2019-12"),
    ("截至2019年11月", 2019, ""),        # the date as it should be printed is not garbled
])
def test_a_date_whose_year_lost_its_nian_is_read_with_what_it_is_taken_to_mean(text, year, read_as):
    (t,) = find_times(text)
    assert (t.kind, t.year, t.read_as) == ("year", year, read_as)
    assert text[t.start:t.end] == text[2:]


@pytest.mark.parametrize("text", ["截至201913月", "截至201900月", "截至2019011月", "共18011月", "截至3.201911月",
                                  "截至219911月"])
def test_digits_before_yue_that_allow_another_reading_are_no_date(text):
    assert find_times(text) == []


def test_compare_base_and_spans_and_shields():
    (t,) = find_times("相比“十二五”末")
    assert t.compare
    assert find_times("规划期(2021-2025年)") == []  # a span of years dates nothing
    assert find_times("《2021年工作要点》", [(0, 10)]) == []
    assert [t.kind for t in find_times("2019年全年共发放")] == ["year"]  # 全年 adds nothing to 2019年


@pytest.mark.parametrize(("time", "role", "before", "section_year", "expected"), [
    ("到2025年", "plan", "", None, ("target", 2025, [])),
    ("截至2020年底", "plan", "", None, ("actual", 2020, [])),
    ("截至2021年底", "plan", "截至", None, ("actual", 2021, [])),  # a year of the plan, said to be reached
    ("2021年", "plan", "", None, ("target", 2021, [])),
    ("截至2022年底", "report", "", None, ("actual", 2022, [])),
    ("“十三五”期间", "plan", "", None, ("actual", 2020, [])),
    ("2016年以来", "review", "", None, ("actual", 2020, ["year_assumed"])),
    ("近五年", "plan", "", None, ("actual", 2020, ["year_assumed"])),
    ("目前", "plan", "", None, ("actual", 2020, ["year_assumed"])),
    ("全年", "review", "", None, ("actual", 2020, ["year_assumed"])),
    ("全年", "report", "", None, ("actual", 2025, ["year_assumed"])),
    (None, "review", "", None, ("actual", 2020, ["year_assumed"])),
    (None, "plan", "", None, ("target", 2025, ["year_assumed"])),
    (None, "plan", "已建成", None, ("actual", 2020, ["year_assumed"])),
    (None, "plan", "力争已", None, ("target", 2025, ["year_assumed"])),
    (None, "annual_plan", "", 2024, ("target", 2024, ["year_assumed"])),
    (None, "report", "", None, ("actual", 2025, ["year_assumed"])),
    (None, "", "", None, ("target", 2025, ["year_assumed"])),
])
def test_resolve(time, role, before, section_year, expected):
    t = find_times(time)[0] if time else None
    assert resolve(t, role, PLAN, before, section_year) == expected


def test_resolve_report_year():
    assert resolve(None, "report", (2022, 2022), "")[:2] == ("actual", 2022)
    assert resolve(None, "annual_plan", (2022, 2022), "", 2023)[:2] == ("target", 2023)


def test_baseline_year():
    (t,) = find_times("“十三五”期间")
    assert baseline_year("actual", 2020, t, PLAN) == 2015
    assert baseline_year("target", 2025, None, PLAN) == 2020
    assert baseline_year("actual", 2022, None, (2022, 2022)) == 2021
    assert baseline_year("actual", 2020, None, PLAN) == 2015
