"""Reading rules of issues 9 and 10 drawn from held-out sets v and x, and from sets y, z, aa (every place and number
here is invented: 临河县, 梧桐区). Tables: a column per month beside a column of totals. Running text: a heading of
the next period's work points (下季工作重点) sets targets."""

from __future__ import annotations

import pytest

from tests.test_rules_prose_reads import brief
from tests.test_rules_reads5 import table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

QUARTERLY = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "work_report", "period": "2024",
             "published": "2024-10-12"}


# ------------------------------------------------------------------------------------------ tables: layouts
MONTHS = ("表1  本季度各月办理件数\n"
          "项目　　　　　　7月　　8月　　9月　　合计\n"
          "结婚登记（对）　210　　198　　225　　633\n"
          "殡仪馆火化（具）340　　—　　　356　　696\n")


def test_a_column_per_month_and_a_total_column_are_actuals_of_the_documents_year_kept_apart():
    rows = table_rows(MONTHS, QUARTERLY, "label", "kind", "year", "value", "unit", "qualifier")
    assert rows[:4] == [("结婚登记（对）", "actual", 2024, v, "对", q)
                        for v, q in ((210.0, "7月"), (198.0, "8月"), (225.0, "9月"), (633.0, "合计"))]
    assert [r[3] for r in rows if r[0].startswith("殡仪馆")] == [340.0, None, 356.0, 696.0]


@pytest.mark.parametrize("cell", ["13月", "0月", "合计人数"])
def test_a_month_that_is_none_or_a_total_with_other_words_names_no_column(cell):
    from cmp.extract.table_layouts import header_role

    col = header_role(cell)
    assert col is None or col.role != "value"


def test_a_total_column_needs_its_word_in_the_vocabulary():
    from cmp.extract.table_layouts import header_role, parse_table_vocab, vocab

    assert header_role("合计").measure == "合计"
    data = {k: v for k, v in vocab().items() if k != "total_words"}
    assert parse_table_vocab(data)["total_words"] == []  # an older copy without the key stays valid


# ------------------------------------------------------------------------------------------ running text
def test_the_next_periods_work_points_in_a_report_are_targets():
    text = ("一、本季工作情况\n本季办理结婚登记633对。\n二、下季工作重点\n"
            "（一）完成门牌整编2个社区。\n")
    assert brief(text, "kind", "year", "value", meta=QUARTERLY) == [("actual", 2024, 633.0), ("target", 2024, 2.0)]
