"""Two-row headers with column groups (cmp.extract.table_headers), on made-up header texts and pipe tables."""

from __future__ import annotations

import pytest

from cmp.extract.table_headers import merge_grouped_header
from cmp.extract.tables import extract_tables
from cmp.ingest.normalize import normalize

META = {"jurisdiction": "wutong", "file": "t.html", "period": "2021-2025"}


def test_a_group_over_kind_words_is_joined_into_each_column():
    assert merge_grouped_header(["指标", "2025年", "2025年"], ["指标", "目标值", "实际值"]) == [
        "指标", "2025年目标值", "2025年实际值"]


def test_a_joined_text_that_names_no_column_keeps_the_lower_text():
    # 养老服务2020年 names no column: the group is dropped from the header, 2020年 | 2025年 stay
    assert merge_grouped_header(["指标", "养老服务", "养老服务"], ["指标", "2020年", "2025年"]) == [
        "指标", "2020年", "2025年"]


def test_a_blank_top_cell_takes_the_lower_text():
    assert merge_grouped_header(["", "2025年", "2025年"], ["指标", "目标值", "实际值"]) == [
        "指标", "2025年目标值", "2025年实际值"]


@pytest.mark.parametrize(("top", "low"), [
    (["指标", "2020年", "2025年"], ["指标", "基期值", "目标值"]),  # no text repeated across columns: nothing grouped
    (["一、社会救助"] * 3, ["指标", "2020年", "2025年"]),  # one text across the row: a group heading
    (["指标", "2025年", "2025年"], ["床位数", "3200", "3350"]),  # a number that is no bare year: a body row
    (["指标", "2025年", "2025年"], ["指标", "目标值"]),  # rows of different lengths
    (["指标", "2025年", "2025年"], ["指标", "目标值", "说明文字"]),  # a text that names no column
    (["单位", "2025年", "2025年"], ["单位", "目标值", "实际值"]),  # no indicator column: not a header
    (["2025年"], ["目标值"]),
])
def test_rows_that_are_not_a_grouped_header_are_left_alone(top, low):
    assert merge_grouped_header(top, low) is None


def test_a_year_with_spaces_or_without_nian_is_still_a_bare_year():
    assert merge_grouped_header(["指标", "2025", "2025"], ["指标", "目标值", "实际值"]) == [
        "指标", "2025目标值", "2025实际值"]
    assert merge_grouped_header(["指标", "第2期", "第2期"], ["指标", "目标值", "实际值"]) is None


def _values(text: str) -> set[tuple]:
    _, rows = extract_tables(dict(META), normalize(text))
    return {(r["label"], r["kind"], r["year"], r["value"]) for r in rows}


def test_a_pipe_table_with_a_grouped_header_reads_each_column_with_its_year_and_kind():
    text = ("| 序号 | 指标 | 单位 | 2025年 | 2025年 |\n| 序号 | 指标 | 单位 | 目标值 | 实际值 |\n"
            "| 1 | 街道综合养老服务中心数 | 个 | 12 | 14 |\n| 2 | 社区养老服务站数 | 个 | 40 | 38 |\n")
    assert _values(text) == {("街道综合养老服务中心数", "target", 2025, 12.0),
                             ("街道综合养老服务中心数", "actual", 2025, 14.0),
                             ("社区养老服务站数", "target", 2025, 40.0), ("社区养老服务站数", "actual", 2025, 38.0)}


def test_a_grouped_header_repeated_after_a_page_break_does_not_end_the_table():
    head = "| 指标 | 2025年 | 2025年 |\n| 指标 | 目标值 | 实际值 |\n"
    text = head + "| 养老床位数 | 3200 | 3350 |\n" + head + "| 护理型床位数 | 1600 | 1700 |\n"
    tables, rows = extract_tables(dict(META), normalize(text))
    assert len(tables) == 1 and tables[0].n_rows == 2
    assert {(r["label"], r["kind"], r["value"]) for r in rows} == {
        ("养老床位数", "target", 3200.0), ("养老床位数", "actual", 3350.0),
        ("护理型床位数", "target", 1600.0), ("护理型床位数", "actual", 1700.0)}
