"""Reading rules of issue 10 drawn from held-out sets ag and ah and from the sets after them (every place and number
here is invented: 青川市, 梧桐区). Tables: a header and rows printed over two lines each, a work plan's list of tasks
with a column of what each is to reach, a quarterly report's columns of spending."""

from __future__ import annotations

import pytest

from tests.test_rules_reads5 import PLAN, table_rows  # (each quote checked against the text)
from tests.test_rules_reads7 import doc

pytestmark = pytest.mark.usefixtures("fresh_table_caches")


# ------------------------------------------------------------------------------------------ tables: layouts
PAIRED = ("表1　青川市主要指标\n"
          "序号　指标名称（单位）\n"
          "2020年　2025年　指标属性\n"
          "1　每千名老年人拥有养老床位数（张）\n"
          "31.2　≥36　约束性\n"
          "2　社区养老服务设施覆盖率（%）\n"
          "—　100　预期性\n"
          "\n— 4 —\n\n"
          "3　持证社会工作者（万人）\n"
          "0.42　0.9　预期性\n")


def test_a_header_and_rows_printed_over_two_lines_each_are_read_as_one_row_per_number():
    rows = table_rows(PAIRED, PLAN, "label", "kind", "year", "value", "unit", "comparator")
    assert rows == [
        ("每千名老年人拥有养老床位数（张）", "baseline", 2020, 31.2, "张", "="),
        ("每千名老年人拥有养老床位数（张）", "target", 2025, 36.0, "张", ">="),
        ("社区养老服务设施覆盖率（%）", "baseline", 2020, None, "%", ""),
        ("社区养老服务设施覆盖率（%）", "target", 2025, 100.0, "%", "="),
        ("持证社会工作者（万人）", "baseline", 2020, 4200.0, "人", "="),
        ("持证社会工作者（万人）", "target", 2025, 9000.0, "人", "="),
    ]


def test_a_two_line_header_needs_every_word_of_its_lines_to_name_a_column():
    text = PAIRED.replace("序号　指标名称（单位）", "序号　今年重点（单位）")
    assert table_rows(text, PLAN, "value") == []


TASKS = ("附件：2025年民生实事项目\n"
         "序号  项目名称            目标任务                牵头单位\n"
         "1     老年助餐服务        新增助餐点40个          养老服务科\n"
         "2     困难家庭适老化改造  900户                   养老服务科\n"
         "3     儿童之家建设        —                       儿童福利科\n")
WORK_PLAN = doc("annual_plan", "2025", "2025-02-10")


def test_a_task_lists_column_of_what_each_task_is_to_reach_holds_targets_of_the_year():
    rows = table_rows(TASKS, WORK_PLAN, "label", "kind", "year", "value", "unit")
    assert rows == [("老年助餐服务", "target", 2025, 40.0, "个"), ("困难家庭适老化改造", "target", 2025, 900.0, "户"),
                    ("儿童之家建设", "target", 2025, None, "")]


def test_two_label_columns_with_no_target_word_stay_label_columns():
    from cmp.extract.table_layouts import Column, task_targets

    cols = [Column("rowno", "序号"), Column("indicator", "项目名称"), Column("indicator", "工作任务"),
            Column("note", "牵头单位")]
    assert task_targets(cols) == cols
    with_value = [*cols[:2], Column("indicator", "目标任务"), Column("value", "2025年")]
    assert task_targets(with_value) == with_value  # (a value column of its own: the words stay a label)


QUARTER = doc("statistical_bulletin", "2023", "2024-01-15")
SPENDING = ("表2  社会救助资金支出情况\n                    单位：万元\n"
            "项目\n本季支出\n全年累计\n城乡低保资金\n812.5\n3307.1\n临时救助资金\n61.2\n248.6\n")


def test_this_quarters_spending_and_the_years_running_total_are_columns_of_the_year():
    rows = table_rows(SPENDING, QUARTER, "label", "kind", "year", "value", "unit", "qualifier")
    assert rows == [("城乡低保资金", "actual", 2023, 8125000.0, "元", "本季支出"),
                    ("城乡低保资金", "actual", 2023, 33071000.0, "元", "全年累计"),
                    ("临时救助资金", "actual", 2023, 612000.0, "元", "本季支出"),
                    ("临时救助资金", "actual", 2023, 2486000.0, "元", "全年累计")]


@pytest.mark.parametrize("cell", ["比上年同期增长(%)", "较上年同期增减%", "环比增长(%)"])
def test_a_change_on_the_same_period_last_year_is_a_growth_column(cell):
    from cmp.extract.table_layouts import header_role

    assert header_role(cell).growth


WRAPPED = ("表1  主要指标中期完成情况\n"
           "序号  指标名称                 单位    2020年   2022年   2025年    完成率   进度\n"
           "                                       基数     实际     目标      （%）    评价\n"
           "1     养老机构护理型床位占比   %       41       52.6     ≥55       95.6     符合预期\n")
MIDTERM = doc("work_report", "2023", "2023-06-30")


def test_a_header_wrapped_onto_a_second_line_of_words_takes_them_column_by_column():
    rows = table_rows(WRAPPED, MIDTERM, "kind", "year", "value", "unit", "qualifier")
    assert rows == [("baseline", 2020, 41.0, "%", ""), ("actual", 2022, 52.6, "%", ""),
                    ("target", 2025, 55.0, "%", ""), ("actual", 2022, 95.6, "%", "完成率(%)")]


@pytest.mark.parametrize(("cell", "role"), [("进度评价", "status"), ("指标属性", "attribute"), ("进度2020", None),
                                            ("评价评价评价评价评价", None)])
def test_two_words_of_one_role_side_by_side_name_a_column_of_that_role(cell, role):
    from cmp.extract.table_layouts import header_role

    col = header_role(cell)
    assert (col.role if col is not None else None) == role
