"""Reading rules of issue 10 drawn from held-out sets cy-db and the blind sets after them (every place and number
here is invented: 青川市, 梧桐区). Grids drawn with + - | whose category cells are merged down the rows."""

from __future__ import annotations

import pytest

from tests.test_rules_reads5 import PLAN, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

# ------------------------------------------------------------------------- ASCII grid with merged categories
GRID = ("表1 青川市“十四五”民政事业主要指标\n\n"
        "+--------+------------------------------+----------+----------+--------+\n"
        "|        |                              |  2020年  |  2025年  |        |\n"
        "|  类别  | 指          标               |----------+----------|  属性  |\n"
        "|        |                              |  基期值  |  目标值  |        |\n"
        "+========+==============================+==========+==========+========+\n"
        "|        | 1.城市低保标准（元/人·月）   |   760    | 年均增长 | 预期性 |\n"
        "|        |                              |          | ≥6%      |        |\n"
        "| 兜底   +------------------------------+----------+----------+--------+\n"
        "| 保障   | 2.特困供养机构护理型床位数   |   420    |   ≥480   | 约束性 |\n"
        "|        | （张）                       |          |          |        |\n"
        "+--------+------------------------------+----------+----------+--------+\n"
        "|        | 3.日间照料覆盖率（%）        | 城市92.0 | 城市100  | 预期性 |\n"
        "|  养老  |                              | 农村58.5 | 农村≥75  |        |\n"
        "|  服务  +------------------------------+----------+----------+--------+\n"
        "|        | 4.护理型床位占比（%）        |   41.2   |   ≥55    | 约束性 |\n"
        "+--------+------------------------------+----------+----------+--------+\n\n"
        "第三章 主要任务\n")


def test_an_ascii_grid_whose_category_cells_run_over_several_rows_reads_every_row():
    rows = table_rows(GRID, PLAN, "category", "label", "kind", "year", "value", "qualifier", "flags")
    got = {(r[1][:2], r[2], r[4]): r for r in rows}
    assert len(rows) == 10
    # (the partial rule | 兜底 +---+ ends row 1, and its word stays with the category, not a row of its own)
    assert got[("2.", "target", 480.0)][2:4] == ("target", 2025)
    # (a numbered label wrapped inside its cell is one label)
    assert got[("2.", "target", 480.0)][1] == "2.特困供养机构护理型床位数(张)"
    assert got[("1.", "baseline", 760.0)][3] == 2020
    # (the category's words printed down its merged cell name every row it spans)
    assert {r[1][:2]: r[0] for r in rows} == {"1.": "兜底保障", "2.": "兜底保障", "3.": "养老服务", "4.": "养老服务"}


def test_words_over_a_figure_in_its_cell_stay_its_qualifier_and_mark_a_growth_rate():
    rows = table_rows(GRID, PLAN, "label", "kind", "year", "value", "unit", "qualifier", "flags", "quote")
    growth = next(r for r in rows if r[0].startswith("1.") and r[1] == "target")
    assert growth[2:5] == (2025, 6.0, "%")
    assert growth[5].startswith("年均增长") and "growth_rate" in growth[6] and growth[7] == "≥6%"


def test_two_scopes_printed_one_under_the_other_in_a_grid_row_give_a_value_each():
    rows = table_rows(GRID, PLAN, "label", "kind", "year", "value", "qualifier")
    scoped = [r for r in rows if r[0].startswith("3.")]
    assert {r[0] for r in scoped} == {"3.日间照料覆盖率（%）"}
    assert sorted(r[1:] for r in scoped) == [("baseline", 2020, 58.5, "农村"), ("baseline", 2020, 92.0, "城市"),
                                             ("target", 2025, 75.0, "农村"), ("target", 2025, 100.0, "城市")]


BOXED = ("╔════════════════════════════════════════════════════╗\n"
         "║              专栏3  民政设施建设重点工程               ║\n"
         "╠════════════════════════════════════════════════════╣\n"
         "║  工程类别          建设规模                投资      ║\n"
         "║                                           （亿元）   ║\n"
         "║  ────────────────────────────────────────────────  ║\n"
         "║  养老服务设施      新增床位2.6万张           12.4    ║\n"
         "║  殡葬服务设施      新建公墓40个               3.1    ║\n"
         "╚════════════════════════════════════════════════════╝\n")


def test_a_table_in_a_box_drawn_with_double_lines_is_read_inside_its_frame():
    rows = table_rows(BOXED, PLAN, "label", "kind", "year", "value", "unit")
    assert ("养老服务设施", "target", 2025, 26000.0, "张") in rows
    assert ("养老服务设施", "target", 2025, 1240000000.0, "元") in rows
    assert ("殡葬服务设施", "target", 2025, 40.0, "个") in rows


# ------------------------------------------------------------------ kinds of a notice, a budget, a review
NOTICE = {"jurisdiction": "临河县", "file": "lh.txt", "doc_kind": "news_report", "period": "2024",
          "published": "2024-05-10"}
RAISED = ("表1  2024年临河县救助标准调整情况\n"
          "单位：元/人·月\n"
          "项目\n调整前标准\n调整后标准\n增加金额\n"
          "城市低保\n900\n950\n50\n"
          "农村低保\n700\n745\n45\n")


def test_the_rise_of_a_standard_beside_the_new_standard_in_a_notice_is_in_force_like_it():
    rows = table_rows(RAISED, NOTICE, "label", "kind", "year", "value")
    assert ("城市低保", "actual", 2024, 950.0) in rows
    # (the rise between the two standards is as much in force as the new one: no target)
    assert ("城市低保", "actual", 2024, 50.0) in rows and ("农村低保", "actual", 2024, 45.0) in rows


BUDGET = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "work_report", "period": "2023",
          "published": "2024-08-30"}
FINAL = ("一般公共预算财政拨款支出决算表\n单位：万元\n"
         "科目名称\t年初预算数\t调整预算数\t决算数\t决算数为预算数的%\n"
         "社会福利\t210.50\t236.00\t229.10\t97.08\n"
         "殡葬\t80.00\t92.40\t90.12\t97.53\n")


def test_a_final_account_whose_rate_column_compares_with_the_budget_is_read():
    rows = table_rows(FINAL, BUDGET, "label", "kind", "year", "value", "unit", "flags")
    got = {(r[0], r[3]): r for r in rows}
    assert got[("社会福利", 2291000.0)][1:3] == ("actual", 2023)
    assert got[("社会福利", 2105000.0)][1] == "target"
    assert got[("殡葬", 97.53)][4] == "%" and "completion_rate" in got[("殡葬", 97.53)][5]


REVIEW = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "work_report", "period": "2022",
          "published": "2023-04-12"}
UNIT_UNDER = ("                             2020年      2022年      2025年     完成      评估\n"
              "  指    标    名    称       基期值      完成值      目标值     进度      结论\n"
              "                                                              （%）\n"
              "  助餐点数量（个）             12          20          30       44.4     进展正常\n"
              "  护理型床位（张）            300         410         600       36.7     进度滞后\n")


def test_a_unit_alone_under_one_cell_of_a_spaced_header_with_words_over_some_cells():
    rows = table_rows(UNIT_UNDER, REVIEW, "label", "kind", "year", "value", "unit", "flags")
    assert ("助餐点数量（个）", "baseline", 2020, 12.0, "个") in [r[:5] for r in rows]
    assert ("护理型床位（张）", "target", 2025, 600.0, "张") in [r[:5] for r in rows]
    rate = next(r for r in rows if r[3] == 36.7)
    assert rate[1:3] == ("actual", 2022) and rate[4] == "%" and "completion_rate" in rate[5]


THREE_LINES = ("                 表2   各区养老床位配置\n\n"
               "                   2020年        现状养老       2025年规划       规划新增\n"
               "   区  别          老年人口        床位           养老床位         床位\n"
               "                  （万人）        （张）           （张）          （张）\n"
               "   东城区             12.5         3100            4200            1100\n"
               "   西山区              8.4         2050            2900             850\n")


def test_words_over_a_spaced_header_and_units_under_it_name_each_column_of_a_three_line_header():
    rows = table_rows(THREE_LINES, PLAN, "label", "kind", "year", "value", "unit")
    assert ("东城区", "baseline", 2020, 125000.0, "人") in rows
    assert ("东城区", "baseline", 2020, 3100.0, "张") in rows  # (现状: the plan's base year)
    assert ("东城区", "target", 2025, 4200.0, "张") in rows  # (2025年规划 over 养老床位)
    assert ("西山区", "target", 2025, 850.0, "张") in rows


GROUP_UNIT = ("附件1  临河县城乡低保标准调整表\n"
              "区县\t城市低保标准（元/人·月）\t\t农村低保标准（元/人·年）\t\n"
              "\t2023年标准\t2024年标准\t2023年标准\t2024年标准\n"
              "东城区\t780\t820\t7560\t8040\n"
              "西山县\t760\t800\t7200\t7680\n")


def test_a_group_header_with_its_unit_over_years_gives_each_year_column_that_unit():
    rows = table_rows(GROUP_UNIT, NOTICE, "label", "year", "value", "unit")
    assert ("东城区", 2024, 820.0, "元/人/月") in rows and ("东城区", 2024, 8040.0, "元/人/年") in rows


YEARBOOK = {"jurisdiction": "青川市", "file": "qc.txt", "doc_kind": "statistical_bulletin", "period": "2023",
            "published": "2024-09-01"}
SPREAD_OVER = ("表3             2023年青川市慈善捐赠情况\n"
               "                              本    年                      上    年\n"
               "项          目           数  量        金  额        数  量        金  额\n"
               "                         （笔）       （万元）       （笔）       （万元）\n"
               "接收捐赠合计               1250        860.40          1190        802.10\n"
               "捐赠支出合计                 —         795.20           —          744.00\n")


def test_a_year_word_whose_letters_are_spread_over_the_two_columns_it_spans_names_both():
    rows = table_rows(SPREAD_OVER, YEARBOOK, "label", "kind", "year", "value", "unit")
    assert ("接收捐赠合计", "actual", 2023, 1250.0, "笔") in rows
    assert ("接收捐赠合计", "actual", 2022, 1190.0, "笔") in rows  # (上年 over 数量 over （笔）)
    assert ("接收捐赠合计", "actual", 2022, 8021000.0, "元") in rows
