"""Reading rules of issue 10 drawn from held-out sets cq-ct, second part (every place and number here is invented:
梧桐区, 青川市). Tables whose label columns are levels printed once per group (a performance self-evaluation form),
one cell per line or flattened onto one run of text."""

from __future__ import annotations

import pytest

from tests.test_rules_reads5 import REPORT, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

# ------------------------------------------------------------------------------- label levels once per group
LEVELS = ("梧桐区居家养老服务补贴项目绩效自评表\n"
          "绩效指标 |\n"
          "一级指标 |\n"
          "二级指标 |\n"
          "三级指标 |\n"
          "年度指标值 |\n"
          "实际完成值 |\n"
          "分值 |\n"
          "得分 |\n"
          "未完成原因及改进措施 |\n"
          "产出指标 |\n"
          "数量指标 |\n"
          "享受补贴老年人数 |\n"
          "≥2600人 |\n"
          "2715人 |\n"
          "15 |\n"
          "15 |\n"
          "|\n"
          "上门服务人次 |\n"
          "≥30000人次 |\n"
          "28460人次 |\n"
          "15 |\n"
          "13.5 |\n"
          "部分老人入住机构，服务需求下降。 |\n"
          "效益指标 |\n"
          "满意度 |\n"
          "受助老人满意率 |\n"
          "达到92%以上 |\n"
          "94.1% |\n"
          "20 |\n"
          "20 |\n"
          "|\n"
          "总分 |\n"
          "50 |\n"
          "48.5 |\n"
          "|\n"
          "注：分值按区财政局评分细则确定。\n")


def test_label_levels_printed_once_per_group_are_carried_down_to_the_rows_below():
    rows = table_rows(LEVELS, REPORT, "category", "label", "kind", "year", "value", "quote")
    got = {(r[1], r[5]): r for r in rows}
    assert got[("享受补贴老年人数", "≥2600人")][2:5] == ("target", 2024, 2600.0)
    assert got[("享受补贴老年人数", "2715人")][2:5] == ("actual", 2024, 2715.0)
    # (the second row opens no group: it keeps both levels of the row above)
    assert got[("上门服务人次", "13.5")][0] == "产出指标 数量指标"
    assert got[("上门服务人次", "13.5")][2:5] == ("actual", 2024, 13.5)
    # (two words before a label open both levels; the remark after a row's values is no label)
    assert got[("受助老人满意率", "94.1%")][0] == "效益指标 满意度"
    assert not any("改进" in r[1] or "需求" in r[1] for r in rows)
    assert len(rows) == 14


def test_a_short_run_under_a_spanning_label_sits_under_the_last_columns_and_is_flagged():
    rows = table_rows(LEVELS, REPORT, "label", "kind", "value", "flags")
    total = [r for r in rows if r[0] == "总分"]
    # (分值 | 得分, the last two of 年度指标值 | 实际完成值 | 分值 | 得分)
    assert [(r[1], r[2]) for r in total] == [("target", 50.0), ("actual", 48.5)]
    assert all("merged_label" in r[3] for r in total)


def test_a_text_cell_at_the_head_of_a_rows_values_is_its_first_value_not_its_label():
    rows = table_rows(LEVELS, REPORT, "label", "value", "quote", "flags")
    first = [r for r in rows if r[0] == "受助老人满意率"]
    assert [r[2] for r in first] == ["92%以上", "94.1%", "20", "20"]
    assert first[0][1] == 92.0


FLAT = ("附件 青川市殡葬惠民项目绩效自评表 绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因"
        " 产出指标 数量指标 减免基本殡葬服务费人数 ≥1500人 1622人 20 20 节地生态安葬数 ≥300例 276例 20 18 "
        "部分家属选择传统墓位，\n"
        "宣传仍需加强。 时效指标 补贴发放时限 每季度末 每季度末 10 10 总分 50 48\n"
        "注：节地生态安葬含树葬、花葬、海葬。\n")


def test_a_whole_form_flattened_onto_one_run_of_text_is_read_piece_by_piece():
    rows = table_rows(FLAT, REPORT, "category", "label", "kind", "value", "quote")
    got = {(r[1], r[4]): r for r in rows}
    assert got[("减免基本殡葬服务费人数", "1622人")][2:4] == ("actual", 1622.0)
    assert got[("节地生态安葬数", "18")][2:4] == ("actual", 18.0)
    # (the remark wrapped onto the next line is the remark still, and the next label opens a level of its own)
    assert got[("补贴发放时限", "10")][0] == "产出指标 时效指标"
    assert ("总分", "48") in got
    assert not any("宣传" in r[1] or "殡葬惠民" in r[1] for r in rows)


def test_a_header_without_levels_is_left_to_the_other_readers():
    from cmp.extract.table_levels import levels_table_at
    text = ["指标", "年度指标值", "实际完成值", "低保人数", "≥100人", "120人", "特困人数", "≥10人", "12人"]
    offsets = [sum(len(t) + 1 for t in text[:i]) for i in range(len(text))]
    assert levels_table_at(0, text, offsets) is None
    assert levels_table_at(0, ["一级指标", *text], [0, *(o + 5 for o in offsets)]) is not None


# ------------------------------------------------------------------------------- two tables side by side
SIDES = ("表1　收支预算总表\n"
         "                                              单位：万元\n"
         "┌────────────────┬────────┬────────────────┬────────┐\n"
         "│    收    入    │        │    支    出    │        │\n"
         "├────────────────┼────────┼────────────────┼────────┤\n"
         "│ 项    目       │ 预算数 │ 项    目       │ 预算数 │\n"
         "├────────────────┼────────┼────────────────┼────────┤\n"
         "│一、财政拨款收入│ 4,210.5│一、社会福利支出│ 2,980.0│\n"
         "├────────────────┼────────┼────────────────┼────────┤\n"
         "│二、上级补助收入│   615.0│二、社会救助支出│ 1,845.5│\n"
         "├────────────────┼────────┼────────────────┼────────┤\n"
         "│    合    计    │ 4,825.5│    合    计    │ 4,825.5│\n"
         "└────────────────┴────────┴────────────────┴────────┘\n")


def test_two_tables_side_by_side_in_one_grid_are_read_as_two():
    rows = table_rows(SIDES, REPORT, "label", "kind", "year", "value", "quote")
    assert [r[0] for r in rows] == ["一、财政拨款收入", "二、上级补助收入", "合    计",
                                    "一、社会福利支出", "二、社会救助支出", "合    计"]
    got = {r[0]: r[1:4] for r in rows}
    assert got["二、社会救助支出"] == ("target", 2024, 18455000.0)
    assert got["一、财政拨款收入"] == ("target", 2024, 42105000.0)


def test_a_header_naming_the_same_columns_twice_needs_a_column_naming_rows_and_one_of_values():
    from cmp.extract.table_halves import _halves
    from cmp.extract.table_layouts import Cell

    def cells(*words):
        return [Cell(w, 0, len(w), 1) for w in words]
    assert _halves(cells("项目", "预算数", "项目", "预算数")) == 2
    assert _halves(cells("项目", "预算数", "决算数", "项目", "预算数", "决算数")) == 3
    assert _halves(cells("项目", "预算数", "项目", "决算数")) is None
    assert _halves(cells("2022年", "2023年", "2022年", "2023年")) is None


WRAPPED_RATE = ("表2　支出决算表\n"
                "                                     单位：万元\n"
                "| 科目编码 | 科目名称 | 年初预算数 | 决算数 | 决算数为年 |\n"
                "| | | | | 初预算的% |\n"
                "| 20810 | 社会福利 | 1,200.00 | 1,266.00 | 105.50 |\n"
                "| 20819 | 最低生活保障 | 3,400.00 | 3,451.00 | 101.50 |\n")


def test_a_share_of_the_budget_wrapped_in_its_header_is_a_rate_never_in_the_notes_money_unit():
    rows = table_rows(WRAPPED_RATE, REPORT, "label", "kind", "value", "unit", "flags", "quote")
    got = {(r[0], r[5]): r for r in rows}
    assert got[("社会福利", "1,266.00")][1:4] == ("actual", 12660000.0, "元")
    assert got[("社会福利", "105.50")][1:4] == ("actual", 105.5, "%")
    assert "unit_from_note" not in got[("社会福利", "105.50")][4]
    assert "unit_from_note" in got[("社会福利", "1,266.00")][4]


# ------------------------------------------------------------------------------- rules drawn from set cu
PLAN = {"jurisdiction": "青川市", "file": "qc.txt", "doc_kind": "five_year_plan", "period": "2021-2025"}

BOXED_TAIL = ("表1　主要指标\n"
              "┌──┬──────────────┬──────┬──────┬──────┐\n"
              "│序号│指标                │单位  │2020年│2025年│\n"
              "├──┼──────────────┼──────┼──────┼──────┤\n"
              "│1   │注册志愿者人数      │万人  │12.5  │20以  │\n"
              "│    │                    │      │      │上    │\n"
              "├──┼──────────────┼──────┼──────┼──────┤\n"
              "│2   │农村敬老院覆盖率    │%     │88    │95    │\n"
              "├──┼──────────────┼──────┼──────┼──────┤\n"
              "│3   │城市社区服务站覆盖率│%     │90/70 │100/85│\n"
              "│    │（城镇/农村）       │      │      │      │\n"
              "└──┴──────────────┴──────┴──────┴──────┘\n")


def test_a_comparator_wrapped_under_its_figure_in_a_box_cell_is_joined_to_it():
    rows = table_rows(BOXED_TAIL, PLAN, "label", "kind", "value", "comparator", "quote")
    assert ("注册志愿者人数", "target", 200000.0, ">=", "20以") in rows


def test_two_figures_a_slash_apart_under_a_label_of_two_scopes_are_a_value_for_each():
    rows = table_rows(BOXED_TAIL, PLAN, "label", "kind", "year", "value", "qualifier", "flags")
    got = [(r[1], r[2], r[3], r[4]) for r in rows if r[0].startswith("城市社区服务站覆盖率")]
    assert got == [("baseline", 2020, 90.0, "城镇"), ("baseline", 2020, 70.0, "农村"),
                   ("target", 2025, 100.0, "城镇"), ("target", 2025, 85.0, "农村")]
    assert all("multi_value" in r[5] for r in rows if r[0].startswith("城市社区"))


def test_a_pair_under_a_label_of_words_that_are_no_scopes_stays_unread():
    from cmp.extract.table_values import _scoped_pair
    assert _scoped_pair("90/70", "服务站覆盖率（城镇/农村）", "%")
    assert _scoped_pair("90/70", "服务站数（新建/改造）", "个") == ()
    assert _scoped_pair("90", "服务站覆盖率（城镇/农村）", "%") == ()


@pytest.mark.parametrize(("cell", "role", "year", "measure", "unit"), [
    ("2020年养老床位数（张）", "value", 2020, "养老床位数", "张"),  # (a measure of five characters after the year)
    ("其中：2025年护理型床位（张）", "value", 2025, "护理型床位", "张"),
    ("投资估算（万元）.其中：上级补助", "value", None, "上级补助", "万元"),  # (docling's two header rows)
    ("2020年.基期值", "value", 2020, "", ""),
    ("1.5", None, None, None, None),
])
def test_header_cells_of_a_year_and_a_measure_and_of_two_rows_joined_by_a_dot(cell, role, year, measure, unit):
    from cmp.extract.table_layouts import header_role
    col = header_role(cell)
    if role is None:
        assert col is None
    else:
        assert col is not None and (col.role, col.year, col.measure, col.unit) == (role, year, measure, unit)


COLUMNS = ("表3　社会事务主要指标\n"
           "指标\n婚姻登记合格率\n殡仪服务站数\n公益性公墓覆盖率\n"
           "单位\n%\n个\n%\n"
           "2020年\n96\n14\n—\n"
           "2025年\n100\n≥20\n85\n"
           "属性\n约束性\n预期性\n预期性\n"
           "四、保障措施\n")


def test_a_table_printed_column_after_column_gives_each_row_its_ith_cell_of_every_column():
    rows = table_rows(COLUMNS, PLAN, "label", "kind", "year", "value", "unit", "attribute")
    assert ("殡仪服务站数", "target", 2025, 20.0, "个", "expected") in rows
    assert ("婚姻登记合格率", "baseline", 2020, 96.0, "%", "binding") in rows
    assert ("公益性公墓覆盖率", "target", 2025, 85.0, "%", "expected") in rows
    assert len([r for r in rows if r[3] is not None]) == 5


def test_columns_of_unequal_length_are_no_table_printed_column_after_column():
    from cmp.extract.table_column_lists import column_lists_table_at
    text = COLUMNS.replace("≥20\n", "").split("\n")
    offsets = [sum(len(t) + 1 for t in text[:i]) for i in range(len(text))]
    assert column_lists_table_at(1, text, offsets) is None
    good = COLUMNS.split("\n")
    assert column_lists_table_at(1, good, [sum(len(t) + 1 for t in good[:i]) for i in range(len(good))]) is not None


MONEY_NOTE = ("附表　各乡镇低保情况\n"
              "| 乡镇 | 低保户数 | 全年发放低保金 | 丧葬补助费 |\n"
              "| --- | --- | --- | --- |\n"
              "| 东岭镇 | 412 | 386.5 | 12.4 |\n"
              "| 西岭镇 | 365 | 341.0 | 10.8 |\n"
              "注：户数单位为户，资金单位为万元。\n")


def test_a_notes_unit_for_money_goes_to_every_column_of_a_sum_of_money():
    rows = table_rows(MONEY_NOTE, REPORT, "label", "value", "unit", "quote")
    got = {(r[0], r[3]): r[1:3] for r in rows}
    assert got[("东岭镇", "386.5")] == (3865000.0, "元")
    assert got[("东岭镇", "12.4")] == (124000.0, "元")
    assert got[("东岭镇", "412")] == (412.0, "户")


# ------------------------------------------------------------------------------- rules drawn from set cx
PETITIONS = ("二、信访事项办理情况\n"
             "信访渠道 |\n"
             "||\n"
             "来信 |\n"
             "来访 |\n"
             "合计 |\n"
             "一、本年受理信访事项数量（含网上信访） |\n"
             "12 |\n"
             "30 |\n"
             "42 |\n"
             "二、上年转入信访事项数量 |\n"
             "1 |\n"
             "0 |\n"
             "1 |\n"
             "三、办理结果 |\n"
             "（一）已办结 |\n"
             "10 |\n"
             "27 |\n"
             "37 |\n"
             "（二）未办结（转入下年度的，只计这一项，不计其他项） |\n"
             "2 |\n"
             "3 |\n"
             "5 |\n"
             "注：网上信访计入来信。\n")


def test_a_word_over_parts_that_end_in_a_total_names_the_rows_and_long_labels_follow():
    rows = table_rows(PETITIONS, REPORT, "label", "category", "value", "quote")
    got = {(r[0], r[3]): r for r in rows}
    assert got[("一、本年受理信访事项数量（含网上信访）", "42")][2] == 42.0
    # (a group row over a sub-group over its row; a label worded like an item heading over its figures)
    assert got[("（一）已办结", "27")][1:3] == ("三、办理结果", 27.0)
    assert got[("（二）未办结（转入下年度的，只计这一项，不计其他项）", "5")][2] == 5.0
    assert len(rows) == 12
    # (the row's printed text reaches the cell mark after its last cell)
    contexts = table_rows(PETITIONS, REPORT, "quote", "context")
    assert all(c.endswith("42 |") for q, c in contexts if q == "42")


def test_a_one_cell_header_whose_rows_hold_more_figures_than_its_columns_is_no_header():
    text = ("文件类别 |\n本年印发件数 |\n本年废止件数 |\n年末有效文件 |\n"
            "规范性文件 |\n3 |\n1 |\n9 |\n工作文件 |\n12 |\n4 |\n30 |\n")
    rows = table_rows(text, REPORT, "label", "value")
    # (年末有效文件 is no header word: read as a label, its rows would slip; better no table than slipped columns)
    assert ("年末有效文件", 3.0) not in rows and ("规范性文件", 1.0) not in rows


# ------------------------------------------------------------------------------- rules drawn from set cv
PROJECTS = ("表3　重点建设项目\n"
            "序号\n项目名称\n建设单位\n建设内容\n建设年限\n总投资\n（万元）\n"
            "1\n区养老服务中心\n区民政局\n新建床位200张\n2022—2024\n5,600\n"
            "2\n殡仪馆改扩建\n区殡仪馆\n新增火化炉2台\n2021—2023\n1,900\n")


def test_a_unit_printed_on_its_own_line_under_a_one_cell_header_word_is_that_columns():
    rows = table_rows(PROJECTS, PLAN, "label", "kind", "year", "value", "unit", "quote")
    got = {r[5]: r for r in rows}
    assert got["5,600"][1:5] == ("target", 2024, 56000000.0, "元")
    assert got["1,900"][1:5] == ("target", 2023, 19000000.0, "元")


NOTED = ("| 项目 | 建设年限 | 总投资（万元） | 备注 |\n| --- | --- | --- | --- |\n"
         "| 县福利中心 | 2021—2023 | 3,200 | 其中护理型床位120张 |\n"
         "| 乡镇敬老院 | 2022—2025 | 1,100 | 改造12所 |\n")


def test_a_figure_in_a_projects_note_falls_due_when_its_works_end():
    rows = table_rows(NOTED, PLAN, "label", "kind", "year", "value", "flags")
    got = {(r[0], r[3]): r for r in rows}
    assert got[("县福利中心", 120.0)][1:3] == ("target", 2023)
    assert "value_in_note" in got[("县福利中心", 120.0)][4]
    assert got[("乡镇敬老院", 12.0)][1:3] == ("target", 2025)
    assert got[("县福利中心", 32000000.0)][1:3] == ("target", 2023)


NOTICE = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "news_report", "period": "2024",
          "published": "2023-12-20"}
STANDARDS = ("附件　2024年城乡低保标准\n单位：元/人·月\n"
             "| 县（市、区） | 城市低保标准 | 农村低保标准 |\n| --- | --- | --- |\n"
             "| 东城区 | 760 | 620 |\n| 西山县 | 720 | 580 |\n")


def test_standards_a_notice_sets_for_the_next_year_are_the_rules_in_force_that_year_not_targets():
    rows = table_rows(STANDARDS, NOTICE, "label", "kind", "year", "value")
    assert ("东城区", "actual", 2024, 760.0) in rows and ("西山县", "actual", 2024, 580.0) in rows


def test_a_plans_standard_with_its_target_year_stays_a_target():
    text = "| 指标 | 2020年 | 2025年 |\n| --- | --- | --- |\n| 城市低保标准（元/人·月） | 700 | 880 |\n"
    rows = table_rows(text, PLAN, "label", "kind", "year", "value")
    assert ("城市低保标准（元/人·月）", "target", 2025, 880.0) in rows


HALF_YEAR = ("表1　2023年主要指标完成情况\n"
             "| 指标 | 2023年完成 |\n| --- | --- |\n| 新增养老床位（张） | 410 |\n| 助餐点（个） | 36 |\n\n"
             "表2　2024年民生实事上半年推进情况\n"
             "| 项目 | 年度目标 | 完成数 |\n| --- | --- | --- |\n| 适老化改造（户） | 500 | 260 |\n"
             "| 家庭养老床位（张） | 200 | 90 |\n")


def test_a_caption_naming_the_documents_year_keeps_its_tables_actuals_in_that_year():
    rows = table_rows(HALF_YEAR, {**REPORT, "published": "2024-07-10"}, "label", "kind", "year", "value")
    assert ("新增养老床位（张）", "actual", 2023, 410.0) in rows
    assert ("适老化改造（户）", "actual", 2024, 260.0) in rows


SCOPED_GRID = ("+----+----------------+--------+-------------+-------------+\n"
               "|    |                |        |   基期值    |   目标值    |\n"
               "|序号|    指  标      |  单位  |  （2020年） |  （2025年） |\n"
               "|    |                |        +------+------+------+------+\n"
               "|    |                |        | 城镇 | 农村 | 城镇 | 农村 |\n"
               "+----+----------------+--------+------+------+------+------+\n"
               "| 1  | 残疾人康复服务率 |   %    | 81.0 | 74.5 | ≥90  | ≥85  |\n"
               "+----+----------------+--------+------+------+------+------+\n"
               "| 2  | 残疾人托养人数   |   人   | 310  | 260  | 400  | 380  |\n"
               "+----+----------------+--------+------+------+------+------+\n")


def test_value_columns_split_into_parts_on_a_third_grid_line_give_each_part_its_column():
    rows = table_rows(SCOPED_GRID, PLAN, "label", "kind", "year", "value", "qualifier")
    assert ("残疾人康复服务率", "baseline", 2020, 74.5, "农村") in rows
    assert ("残疾人康复服务率", "target", 2025, 90.0, "城镇") in rows
    assert ("残疾人托养人数", "target", 2025, 380.0, "农村") in rows
    assert len(rows) == 8


FUNDS = ("表4　“十四五”时期养老服务补贴资金需求测算\n"
         "                                        单位：万元\n"
         "| 项目 | 2021年 | 2022年 | 2023年 | 2024年 | 2025年 | 五年合计 |\n"
         "| --- | --- | --- | --- | --- | --- | --- |\n"
         "| 高龄津贴 | 520 | 560 | 600 | 640 | 680 | 3000 |\n")


def test_a_caption_over_a_unit_line_still_calls_the_figures_targets_and_a_five_year_total_is_one():
    rows = table_rows(FUNDS, {**PLAN, "published": "2022-03-01"}, "label", "kind", "year", "value")
    assert ("高龄津贴", "target", 2021, 5200000.0) in rows  # (a year over when the plan came out, still planned)
    assert ("高龄津贴", "target", 2025, 30000000.0) in rows
    assert len(rows) == 6


# ------------------------------------------------------------------------------- rules drawn from set cw
RAISES = ("序号\t地区\t城市低保标准\t调整幅度（%）\t\n"
          "\t\t（元/人·月）\t城市\t农村\n"
          "\t全县\t760\t5.0\t6.2\n"
          "1\t东乡\t760\t5.0\t6.5\n")


def test_a_rate_group_over_two_scopes_gives_a_rate_column_for_each():
    rows = table_rows(RAISES, REPORT, "label", "kind", "value", "unit", "qualifier")
    assert ("东乡", "actual", 6.5, "%", "农村") in rows and ("东乡", "actual", 5.0, "%", "城市") in rows
    assert ("全县", "actual", 760.0, "元/人/月", "城市低保标准") in rows
    assert len(rows) == 6


BILINGUAL = ("            表5　各县社会福利机构（2023年）\n"
             "                                                  单位：个\n"
             "                                                  (unit)\n"
             "──────────────────────────────────────────────────────────────\n"
             "地    区                  养老机构数        儿童福利\n"
             "Region              Elderly Care Homes       机构数\n"
             "                                       Child Welfare Homes\n"
             "──────────────────────────────────────────────────────────────\n"
             "全  县  Whole County             46               3\n"
             "东  乡  Dong Township            12               1\n")


def test_a_gloss_line_carrying_a_wrapped_chinese_cell_keeps_the_cell_and_a_rule_is_no_note():
    from cmp.extract.table_layouts import without_gloss
    line = "Region              Elderly Care Homes       机构数"
    kept = without_gloss(line)
    assert kept.strip() == "机构数" and len(kept) == len(line) and kept.index("机构数") == line.index("机构数")
    rows = table_rows(BILINGUAL, REPORT, "label", "value", "unit", "qualifier")
    assert ("东  乡", 1.0, "个", "儿童福利机构数") in rows
    assert ("全  县", 46.0, "个", "养老机构数") in rows


TWO_LABELS = ("表3　高龄津贴标准调整情况\n单位：元/人·月\n"
              "津贴项目\n发放对象\n调整前\n调整后\n每月增加\n"
              "高龄津贴\n80至89周岁老人\n50\n60\n10\n90至99周岁老人\n100\n120\n20\n"
              "百岁老人长寿补贴\n百周岁及以上老人\n500\n600\n100\n\n"
              "　　新标准自次年1月起执行。\n")


def test_a_group_word_and_a_label_word_over_values_read_as_one_level_with_the_tables_unit():
    rows = table_rows(TWO_LABELS, NOTICE, "category", "label", "kind", "value", "unit")
    assert ("高龄津贴", "90至99周岁老人", "actual", 120.0, "元/人/月") in rows
    assert ("百岁老人长寿补贴", "百周岁及以上老人", "baseline", 500.0, "元/人/月") in rows
    assert len(rows) == 9


BOLD = ("| **补助项目** | **发放对象** | **原标准** | **新标准** |\n| :---: | :---: | :---: | :---: |\n"
        "| 护理补贴 | 一级重度残疾人 | 100元/人·月 | **130元/人·月** |\n"
        "| 护理补贴 | 二级重度残疾人 | 80元/人·月 | **100元/人·月** |\n\n"
        "| 指标 | 2023年 |\n|---|---|\n| 助餐点 | **36**个 |\n| 助餐服务 | **12.5万**人次 |\n")


def test_markdown_bold_in_header_cells_and_around_a_figure_alone_is_read_through():
    rows = table_rows(BOLD, NOTICE, "category", "label", "kind", "value", "unit", "quote")
    assert ("护理补贴", "一级重度残疾人", "actual", 130.0, "元/人/月", "**130元/人·月**") in rows
    assert ("护理补贴", "二级重度残疾人", "baseline", 80.0, "元/人/月", "80元/人·月") in rows
    assert ("", "助餐点", "actual", 36.0, "个", "**36**个") in rows
    assert ("", "助餐服务", "actual", 125000.0, "人次", "**12.5万**人次") in rows


# ------------------------------------------------------------------------------- rules drawn from set ct
TRAD = {"jurisdiction": "雲嶼市", "file": "yy.txt", "doc_kind": "work_report", "period": "2023",
        "published": "2024-03-01", "script": "traditional"}
WORK_PLANS = ("表1　歲出預算執行情形表\n單位：新臺幣千元\n"
              "| 工作計畫 | 預算數 | 決算數 | 執行率(%) |\n| --- | --- | --- | --- |\n"
              "| 老人福利 | 12,400 | 11,950 | 96.37 |\n| 社會救助 | 8,300 | 8,120 | 97.83 |\n")


def test_a_column_of_work_plans_in_traditional_script_names_the_rows():
    rows = table_rows(WORK_PLANS, TRAD, "label", "kind", "value")
    assert ("老人福利", "target", 12400000.0) in rows and ("社會救助", "actual", 97.83) in rows


LEVEL_UNITS = ("一级指标\n二级指标\n单位\n2020年\n2025年\n指标性质\n"
               "社会救助\n城乡低保标准\n元/人·月\n690\n≥850\n预期性\n特困供养标准\n元/人·月\n900\n≥1100\n约束性\n"
               "养老服务\n护理型床位占比\n%\n45\n≥55\n约束性\n")


def test_levels_whose_last_word_names_the_labels_with_a_unit_and_an_attribute_column():
    rows = table_rows(LEVEL_UNITS, PLAN, "category", "label", "kind", "value", "unit", "attribute")
    assert ("社会救助", "特困供养标准", "target", 1100.0, "元/人/月", "binding") in rows
    assert ("养老服务", "护理型床位占比", "baseline", 45.0, "%", "binding") in rows
    assert len(rows) == 6


def test_a_column_of_words_after_the_years_keeps_wrapped_cells_reading_out():
    from cmp.extract.table_wrapped_cells import wrapped_cells_table_at
    text = ["指标", "2020年", "2025年", "进度情况", "城乡低保", "平均标准", "700", "880", "符合进度",
            "特困供养", "基本生活标准", "900", "1100", "符合进度"]
    offsets = [sum(len(t) + 1 for t in text[:i]) for i in range(len(text))]
    assert wrapped_cells_table_at(0, text, offsets) is None


TALL_BOX = ("┌──────┬────────┬────────┐\n"
            "│      │养老机构│4A级及以│\n"
            "│ 年度 │  床位  │上社会组│\n"
            "│      │        │  织数  │\n"
            "│      │ （张） │ （个） │\n"
            "├──────┼────────┼────────┤\n"
            "│2020年│  3,200 │   14   │\n"
            "├──────┼────────┼────────┤\n"
            "│2023年│  3,650 │   19   │\n"
            "└──────┴────────┴────────┘\n")


def test_a_box_header_of_words_wrapped_over_four_lines_is_one_header_row():
    rows = table_rows(TALL_BOX, {**REPORT, "period": "2023", "published": "2024-02-01"},
                      "label", "year", "value", "unit")
    assert ("4A级及以上社会组织数(个)", 2023, 19.0, "个") in rows
    assert ("养老机构床位(张)", 2020, 3200.0, "张") in rows


def test_the_base_year_of_the_plan_a_review_names_is_its_baseline_in_every_table():
    review = {**REPORT, "period": "2023", "published": "2023-11-20",
              "title": "关于《青川市“十四五”养老服务体系规划》实施情况的中期评估报告"}
    text = ("| 类别 | 2020年 | 2023年 | 增减（个） |\n| --- | --- | --- | --- |\n| 养老机构 | 42 | 51 | 9 |\n")
    rows = table_rows(text, review, "label", "kind", "year", "value")
    assert ("养老机构", "baseline", 2020, 42.0) in rows and ("养老机构", "actual", 2023, 51.0) in rows
    plain = {**review, "title": "青川市2023年民政事业发展统计公报"}
    assert ("养老机构", "actual", 2020, 42.0) in table_rows(text, plain, "label", "kind", "year", "value")


def test_a_review_title_names_one_plan_or_no_base_year_is_taken():
    from cmp.extract.table_notes import reviewed_plan_base
    assert reviewed_plan_base("《“十四五”民政事业发展规划》中期评估报告") == 2020
    assert reviewed_plan_base("“十三五”规划实施情况评估") == 2015
    assert reviewed_plan_base("“十四五”民政事业发展规划") is None  # (no review)
    assert reviewed_plan_base("“十三五”总结和“十四五”规划评估报告") is None  # (two plans: which is not said)


# ------------------------------------------------------------------------------- rules drawn from set da
NOTE_ONLY_LINES = ("┌──┬────────────┬────────┬──────┐\n"
                   "│序│  工作任务  │ 目标值 │责任股│\n"
                   "│号│            │        │室    │\n"
                   "├──┼────────────┼────────┼──────┤\n"
                   "│1 │新建助餐点  │12个    │养老服│\n"
                   "│  │            │        │务股  │\n"
                   "├──┼────────────┼────────┼──────┤\n"
                   "│2 │适老化改造  │150户   │养老服│\n"
                   "│  │            │        │务股  │\n"
                   "├──┼────────────┼────────┼──────┤\n"
                   "│3 │提高低保标准│城市≥780│社会救│\n"
                   "│  │            │农村≥620│助股、│\n"
                   "│  │            │        │信息中│\n"
                   "│  │            │        │心    │\n"
                   "└──┴────────────┴────────┴──────┘\n")


def test_a_grid_line_holding_only_a_note_never_gives_a_row_with_an_empty_quote():
    rows = table_rows(NOTE_ONLY_LINES, {**REPORT, "doc_kind": "annual_plan"}, "label", "value", "quote")
    assert all(r[2].strip() for r in rows)
    assert ("新建助餐点", 12.0, "12个") in rows and ("适老化改造", 150.0, "150户") in rows


def test_a_row_of_notes_alone_is_anchored_on_its_note_and_a_row_of_nothing_gives_no_row():
    from cmp.extract.table_layouts import Cell, Column, ParsedRow, TableInfo
    from cmp.extract.table_values import row_values
    from cmp.ingest.normalize import normalize
    text = "│  │      │      │务股  │\n"
    nt = normalize(text)
    col = Column("value", "目标值", kind="target", year=2024)
    info = TableInfo(number=1, caption="", header_line=1, first_line=1, last_line=1, layout="lines",
                     columns=[Column("indicator", "工作任务"), col])
    at = text.index("务股")
    noted = ParsedRow(None, "", None, None, "", [], [(col, Cell("", at, at, 1))],
                      note_cells=[Cell("务股", at, at + 2, 1)], span=(0, len(text) - 1))
    meta = {**REPORT, "doc_kind": "annual_plan"}
    got = row_values(meta, nt, info, noted, set())
    assert [r["quote"] for r in got] == ["务股"] and "missing_cell" in got[0]["flags"]
    empty = ParsedRow(None, "", None, None, "", [], [(col, Cell("", 1, 1, 1))], span=(1, 3))
    assert row_values(meta, nt, info, empty, set()) == []


TASKS_BY_COUNTY = ("表2　各县新增养老床位进展情况\n\n"
                   "  县（市、区）        年度任务（张）     1-9月完成（张）      完成率（%）\n"
                   "  ------------        --------------     ---------------      -----------\n"
                   "  东城区                    300                262                87.3\n"
                   "  西山县                    200                150                75.0\n"
                   "  ------------        --------------     ---------------      -----------\n"
                   "  全  县                    500                412                82.4\n")


def test_hyphen_rules_under_a_spaced_header_are_rules_and_an_annual_task_is_a_target():
    rows = table_rows(TASKS_BY_COUNTY, {**REPORT, "period": "2023", "published": "2023-10-20"},
                      "label", "kind", "year", "value")
    assert not any("---" in r[0] for r in rows)
    assert ("东城区", "target", 2023, 300.0) in rows and ("东城区", "actual", 2023, 262.0) in rows
    assert ("全  县", "target", 2023, 500.0) in rows


PLAN_NOTES = ("| 序号 | 重点任务 | 计量单位 | 2023年完成 | 2024年目标 | 备注 |\n| --- | --- | --- | --- | --- | --- |\n"
              "| 1 | 老年助餐点 | 个 | 18 | 25 | 新建7个 |\n| 2 | 护理型床位占比 | % | 54.2 | ≥57 | |\n")


def test_a_figure_in_a_note_of_an_annual_plans_table_is_a_target_of_the_plans_year():
    plan = {**REPORT, "doc_kind": "annual_plan", "period": "2024", "published": "2024-02-10"}
    rows = table_rows(PLAN_NOTES, plan, "label", "kind", "year", "value", "flags")
    assert ("老年助餐点", "target", 2024, 7.0) in [r[:4] for r in rows if "value_in_note" in r[4]]


WRAPPED_UNIT = ("  指    标                                本年        上年     增长(%)\n"
                "    享受护理补贴的重度残疾                 12.40       11.80         5.1\n"
                "      人数(万人)\n"
                "    孤儿(人)                              1215        1288        -5.7\n")


def test_a_label_wrapped_onto_the_next_line_with_its_unit_takes_the_unit():
    rows = table_rows(WRAPPED_UNIT, {**REPORT, "doc_kind": "statistical_bulletin", "period": "2023",
                                     "published": "2024-03-01"}, "label", "year", "value", "unit")
    assert ("享受护理补贴的重度残疾人数(万人)", 2023, 124000.0, "人") in rows
    assert ("孤儿(人)", 2022, 1288.0, "人") in rows


TOTAL_FIRST = ("表1　民政事业费支出情况 |\n单位：万元 |\n项目 |\n2023年 |\n2022年 |\n比上年增长(%) |\n"
               "合计 |\n12 400.5 |\n11 800.0 |\n5.1 |\n一、社会福利 |\n3 200.0 |\n3 000.0 |\n6.7 |\n")


def test_a_total_word_after_the_value_columns_over_figures_is_the_first_rows_label():
    rows = table_rows(TOTAL_FIRST, {**REPORT, "doc_kind": "statistical_bulletin", "period": "2023",
                                    "published": "2024-05-01"}, "label", "year", "value")
    assert ("合计", 2023, 124005000.0) in rows and ("一、社会福利", 2022, 30000000.0) in rows
    assert len(rows) == 6


YEAR_ON_YEAR = ("   指 标 名 称            计量        本 年        上 年        增 减     增 幅\n"
                "                          单位      （2023）     （2022）                 （%）\n"
                "     城市低保对象          人         6 200        6 500         -300      -4.6\n"
                "     养老床位              张        21 400       20 100        1 300       6.5\n\n"
                "表2　各县养老床位\n\n"
                "  县（市、区）        养老床位（张）     护理型床位（张）\n"
                "  东城区                   8 200              5 100\n"
                "  西山县                   6 300              3 900\n")


def test_a_relative_year_word_with_its_year_in_parentheses_and_later_tables_of_the_documents_year():
    rows = table_rows(YEAR_ON_YEAR, {**REPORT, "period": "2023", "published": "2024-01-20"},
                      "label", "kind", "year", "value")
    assert ("城市低保对象", "actual", 2022, 6500.0) in rows and ("城市低保对象", "actual", 2023, 6200.0) in rows
    # (上年（2022） printed above does not date the next table's undated figures: 本年（2023） was printed too)
    assert ("东城区", "actual", 2023, 8200.0) in rows


OVER_SOME = ("                                       年 度        1-9月       完成率\n"
             "序号   指  标  名  称        单 位     目 标        完 成       （%）      进度评价\n"
             " 1     临时救助               人次     12000        9480         79.0       序时推进\n"
             " 2     新增养老机构床位       张        1200         936         78.0       序时推进\n")
YEARS_OVER_SOME = ("                                         2020年     2022年     2025年       评估\n"
                   " 序号  指 标 名 称                       基期值     完成值     目标值       结论\n"
                   "  1    养老床位总数（张）                31260      34870      40000      滞  后\n"
                   "  2    持证社会工作者（人）               2140       2980      ≥4000      符合进度\n")


def test_words_or_years_over_some_cells_of_a_spaced_header_name_the_cells_they_lie_over():
    rows = table_rows(OVER_SOME, {**REPORT, "period": "2023", "published": "2023-10-20"},
                      "label", "kind", "year", "value")
    assert ("临时救助", "target", 2023, 12000.0) in rows and ("临时救助", "actual", 2023, 9480.0) in rows
    review = {**REPORT, "period": "2022", "published": "2023-03-01"}
    rows = table_rows(YEARS_OVER_SOME, review, "label", "kind", "year", "value")
    assert ("养老床位总数（张）", "baseline", 2020, 31260.0) in rows
    assert ("持证社会工作者（人）", "target", 2025, 4000.0) in rows
    assert ("持证社会工作者（人）", "actual", 2022, 2980.0) in rows

