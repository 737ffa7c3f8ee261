"""Header rules of the table reader, on made-up header lines: letters spread over a wide column, a year with 完成,
and a glued header whose status column starts with a value word."""

from __future__ import annotations

import pytest

from cmp.extract.table_kinds import assign_kinds
from cmp.extract.table_layouts import glued_header, header_role
from cmp.extract.table_spaced import spaced_header


def roles(cols) -> list[str]:
    return [c.role for c in cols]


def test_letters_of_one_word_spread_over_a_wide_column_are_joined():
    line = "序  号    类  别     指        标            单  位     2020年    2025年    属  性"
    cols, cells, wide = spaced_header(line, 0, 1)
    assert [c.text for c in cells] == ["序号", "类别", "指标", "单位", "2020年", "2025年", "属性"]
    assert roles(cols) == ["rowno", "category", "indicator", "unit", "value", "value", "attribute"]
    assert wide


def test_two_words_of_several_letters_across_a_wide_gap_stay_two_cells():
    # 单位 and 指标 are whole words on each side of the gap: two columns, never one
    cols, cells, _ = spaced_header("序号   指标   单位   2020年   2025年", 0, 1)
    assert [c.text for c in cells] == ["序号", "指标", "单位", "2020年", "2025年"]


def test_a_single_letter_next_to_a_word_across_a_wide_gap_is_not_joined():
    # 指 alone names nothing: the line is not read as a header rather than glued into a made-up word
    assert spaced_header("序号   指   标题栏目   2020年", 0, 1) is None


@pytest.mark.parametrize(("cell", "kind", "year"), [
    ("2022年完成", "actual", 2022),
    ("2023年目标", "target", 2023),
    ("2023年实际完成", "actual", 2023),
])
def test_a_year_with_a_value_word_gives_kind_and_year(cell, kind, year):
    col = header_role(cell)
    assert (col.role, col.kind, col.year) == ("value", kind, year)


def test_a_status_column_is_not_a_value_column():
    assert header_role("完成情况").role == "status"


def test_a_glued_status_column_is_read_whole_not_as_the_value_word_it_starts_with():
    cols = glued_header("指标类别指标内容(单位)指标属性目标值实际值完成情况")
    assert roles(cols) == ["category", "indicator", "attribute", "value", "value", "status"]
    assert [c.kind for c in cols if c.role == "value"] == ["target", "actual"]


@pytest.mark.parametrize("cell", ["数量", "数值", "总量"])
def test_a_plain_amount_column_has_no_kind_or_year_of_its_own(cell):
    col = header_role(cell)
    assert (col.role, col.kind, col.year, col.growth) == ("value", "", None, False)


def _amount_column(period: str, time_role: str):
    cols = [header_role("指标"), header_role("数量")]
    assign_kinds(cols, period, time_role)
    return cols[1]


def test_an_amount_in_a_one_year_report_is_an_actual_of_that_year():
    col = _amount_column("2023", "report")
    assert (col.kind, col.year, col.year_assumed) == ("actual", 2023, True)


def test_an_amount_in_a_five_year_plan_review_is_an_actual_of_the_year_before_the_plan():
    col = _amount_column("2021-2025", "review")
    assert (col.kind, col.year, col.year_assumed) == ("actual", 2020, True)


def test_an_amount_in_a_plan_section_is_a_target_of_the_plan_end():
    col = _amount_column("2021-2025", "plan")
    assert (col.kind, col.year, col.year_assumed) == ("target", 2025, True)


# --- header forms met first in documents the reader was not written for (the held-out set e01-e07) ------------


@pytest.mark.parametrize(("cell", "kind", "year", "unit"), [
    ("2020年(基期值)", "baseline", 2020, ""),
    ("2025年（目标值）", "target", 2025, ""),
    ("基期值(2020年)", "baseline", 2020, ""),
    ("年度目标", "target", None, ""),
    ("2020年(万元)", "", 2020, "万元"),
])
def test_a_kind_or_year_in_parentheses_completes_a_value_header(cell, kind, year, unit):
    col = header_role(cell)
    assert (col.role, col.kind, col.year, col.unit) == ("value", kind, year, unit)


@pytest.mark.parametrize("cell", ["2020年(2021年)", "目标值(目标)", "2020年(上半年)", "2020年(基期值)(%)"])
def test_parentheses_that_clash_or_name_nothing_give_no_value_header(cell):
    assert header_role(cell) is None


@pytest.mark.parametrize("cell", ["比上年增长（%）", "同比增长", "较上年增减(%)"])
def test_a_change_on_the_previous_year_is_a_growth_column(cell):
    col = header_role(cell)
    assert col.role == "value" and col.growth and col.kind == ""


@pytest.mark.parametrize("cell", ["责任单位", "牵头部门", "完成时限"])
def test_who_and_when_columns_are_notes_never_values(cell):
    assert header_role(cell).role == "note"


@pytest.mark.parametrize(("cell", "measure", "unit"), [("保障对象（人）", "保障对象", "人"),
                                                      ("全年支出(万元)", "全年支出", "万元")])
def test_a_column_named_by_a_measure_and_its_unit_is_a_value_column(cell, measure, unit):
    col = header_role(cell)
    assert (col.role, col.kind, col.year, col.measure, col.unit) == ("value", "", None, measure, unit)


@pytest.mark.parametrize("cell", ["单位(万元)", "人数(2020)", "指标(单位)", "床位(好)"])
def test_a_measure_header_needs_a_name_that_is_no_role_and_a_real_unit(cell):
    col = header_role(cell)
    assert col is None or not col.measure
