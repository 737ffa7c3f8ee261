"""Reading rules of issue 10 drawn from held-out sets ba-bl (every place and number here is invented: 青川市, 梧桐区).
Tables: records of fields, name-value lists, headers stacked over lines or over a grid, units listed in a note,
kinds printed in a note, bracketed totals, full-width spaces between cells."""

from __future__ import annotations

import pytest

from cmp.extract.numbers import parse_cell
from tests.test_rules_reads5 import PLAN, table_rows  # (each quote checked against the text)
from tests.test_rules_reads7 import doc

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

REVIEW = doc("work_report", "2023", "2024-01-20")
NEWS = doc("news_report", "2024", "2025-01-10")
BULLETIN = doc("statistical_bulletin", "2023", "2024-04-02")
ANNUAL = doc("annual_plan", "2024", "2024-02-01")


# ------------------------------------------------------------------------------------------ records of fields
RECORDS = ("各项指标完成情况如下：\n\n"
           "【指标1】城市低保标准（单位：元/人·月）\n"
           "    基期值（2020年）：640元\n"
           "    规划目标（2025年）：≥820元\n"
           "    实际完成：2021年 680元；2022年 710元\n"
           "    进展判断：序时推进\n\n"
           "【指标2】社区养老服务设施覆盖率（单位：%）\n"
           "    基期值（2020年）：—\n"
           "    规划目标（2025年）：100%\n"
           "    实际完成：2021年 70%；2022年 88%\n"
           "    进展判断：超序时\n\n"
           "【指标3】登记社会组织（单位：家）\n"
           "    基期值（2020年）：310家\n"
           "    规划目标（2025年）：400家\n"
           "    实际完成：2021年 325家；2022年 352家\n"
           "    进展判断：滞后\n\n"
           "　　说明：2022年数据为快报数。\n")


def test_records_of_fields_per_indicator_are_a_table_whose_fields_name_the_columns():
    rows = table_rows(RECORDS, REVIEW, "label", "kind", "year", "value", "comparator")
    assert rows[:5] == [("城市低保标准", "baseline", 2020, 640.0, "="), ("城市低保标准", "target", 2025, 820.0, ">="),
                        ("城市低保标准", "actual", 2021, 680.0, "="), ("城市低保标准", "actual", 2022, 710.0, "="),
                        ("社区养老服务设施覆盖率", "baseline", 2020, None, "")]
    assert len(rows) == 12 and rows[-1] == ("登记社会组织", "actual", 2022, 352.0, "=")


def test_records_need_three_blocks_and_every_line_of_a_block_to_be_a_field():
    two = RECORDS[:RECORDS.index("【指标3】")]
    assert table_rows(two, REVIEW, "value") == []
    prose = RECORDS.replace("    进展判断：滞后\n", "    进展判断：全年新建社区社会组织12家，仍然滞后于计划。\n")
    assert table_rows(prose, REVIEW, "value") == []  # (its lines are running text: the prose reader's)


FIELD_RECORDS = "".join(f"指标名称：{name}\n单位：{unit}\n2020年：{a}\n2025年目标：{b}\n\n"
                        for name, unit, a, b in (("养老床位总数", "张", "3180", "3900"),
                                                 ("持证社会工作者", "人", "420", "≥900"),
                                                 ("社区综合服务设施覆盖率", "%", "86", "100")))


def test_a_record_whose_first_field_names_the_indicator():
    rows = table_rows(FIELD_RECORDS, PLAN, "label", "kind", "year", "value", "unit")
    assert rows[:2] == [("养老床位总数", "baseline", 2020, 3180.0, "张"),
                        ("养老床位总数", "target", 2025, 3900.0, "张")]
    assert len(rows) == 6


def test_a_field_holding_a_sentence_is_no_cell():
    text = FIELD_RECORDS.replace("2025年目标：3900", "2025年目标：到2025年养老床位达到3900张")
    assert "养老床位总数" not in [r[0] for r in table_rows(text, PLAN, "label")]


# ------------------------------------------------------------------------------------------ name-value lists
PAIRS = ("主要数据：\n\n城乡低保对象：21450人\n城市低保平均标准：880元/人·月\n养老机构床位总数：1.26万张\n"
         "护理型床位占比：58.5%\n\n记者：今年还有哪些打算？\n")


def test_a_list_of_names_and_figures_is_a_table_of_the_documents_year():
    rows = table_rows(PAIRS, NEWS, "label", "kind", "year", "value", "unit")
    assert rows == [("城乡低保对象", "actual", 2024, 21450.0, "人"),
                    ("城市低保平均标准", "actual", 2024, 880.0, "元/人/月"),
                    ("养老机构床位总数", "actual", 2024, 12600.0, "张"), ("护理型床位占比", "actual", 2024, 58.5, "%")]


def test_a_list_read_before_its_year_is_over_holds_targets():
    early = doc("news_report", "2024", "2024-03-01")
    assert {r[0] for r in table_rows(PAIRS, early, "kind")} == {"target"}


def test_names_and_figures_after_a_leader_of_dots_and_a_table_of_contents_is_none():
    leader = ("　長者日間中心 .................. 38間\n　社會保障開支 .................. 71.6億元\n"
              "　資助安老宿位 .................. 13,600個\n")
    rows = table_rows(leader, NEWS, "label", "value", "unit")
    assert rows == [("長者日間中心", 38.0, "间"), ("社會保障開支", 7160000000.0, "元"), ("資助安老宿位", 13600.0, "个")]
    toc = "目  录\n第一章  发展基础 ……………… 1\n第二章  总体要求 ……………… 4\n第三章  重点任务 ……………… 6\n"
    assert table_rows(toc, PLAN, "value") == []
    two = PAIRS.replace("城市低保平均标准：880元/人·月\n养老机构床位总数：1.26万张\n", "")
    assert table_rows(two, NEWS, "value") == []


# ------------------------------------------------------------------------------------------ headers
GRID_GROUP = ("专栏1　主要指标\n\n指标名称\t单位\t规划指标\t\t年均增长\n\t\t2020年\t2025年\t（%）\n"
              "养老床位\t万张\t3.46\t4.30\t4.4\n社会组织\t个\t4860\t5500\t2.5\n")


def test_a_grid_headers_group_word_no_vocabulary_holds_over_bare_years():
    rows = table_rows(GRID_GROUP, PLAN, "label", "kind", "year", "value", "unit", "flags")
    assert rows[:3] == [("养老床位", "baseline", 2020, 34600.0, "张", "year_role_inferred"),
                        ("养老床位", "target", 2025, 43000.0, "张", "year_role_inferred"),
                        ("养老床位", "target", 2025, 4.4, "%", "growth_rate")]
    assert len(rows) == 6


STACKED = ("表1　主要指标\n\n"
           "            城市低保    农村低保    特困人员\n"
           "年　份      平均标准    平均标准    集中供养\n"
           "            （元/月）   （元/年）   率（%）\n"
           "————————————————————————————————\n"
           "2020年      735         6240        42.5\n"
           "2025年      ≥920        ≥8400       ≥55\n")


def test_a_cross_tab_header_stacked_over_three_lines_is_read_by_display_column():
    rows = table_rows(STACKED, PLAN, "label", "kind", "year", "value", "unit")
    assert rows == [("城市低保平均标准(元/月)", "baseline", 2020, 735.0, "元/月"),
                    ("农村低保平均标准(元/年)", "baseline", 2020, 6240.0, "元/年"),
                    ("特困人员集中供养率(%)", "baseline", 2020, 42.5, "%"),
                    ("城市低保平均标准(元/月)", "target", 2025, 920.0, "元/月"),
                    ("农村低保平均标准(元/年)", "target", 2025, 8400.0, "元/年"),
                    ("特困人员集中供养率(%)", "target", 2025, 55.0, "%")]


def test_words_stacked_over_lines_then_no_row_of_figures_are_no_header():
    text = STACKED[:STACKED.index("2020年")] + "2020年全市城市低保平均标准为每人每月735元，逐年提高。\n"
    assert table_rows(text, PLAN, "value") == []


CELLS_SPLIT = ("序号\n指标名称\n单位\n2020年\n基期值\n2022年\n实现值\n2025年\n规划值\n进展\n评价\n"
               "1\n城市低保平均标准\n元/人·月\n724\n812\n≥960\n序时推进\n"
               "2\n社会组织\n个\n300\n330\n360\n滞后\n")


def test_one_cell_per_line_words_of_one_header_cell_are_joined_and_实现值_is_an_actual():
    rows = table_rows(CELLS_SPLIT, REVIEW, "label", "kind", "year", "value")
    assert rows[:3] == [("城市低保平均标准", "baseline", 2020, 724.0), ("城市低保平均标准", "actual", 2022, 812.0),
                        ("城市低保平均标准", "target", 2025, 960.0)]
    assert len(rows) == 6


def test_two_note_columns_side_by_side_stay_two():
    from cmp.extract.table_layouts import Column
    from cmp.extract.table_line_headers import _join_split_header_cells
    cols = [Column("indicator", "指标"), Column("note", "责任单位"), Column("note", "配合单位")]
    assert [c.header for c in _join_split_header_cells(cols)] == ["指标", "责任单位", "配合单位"]


TAB_MEASURES = ("项目\t城乡低保对象(人)\t低保标准(元/人·月)\t临时救助(人次)\n"
                "2023年完成\t9362\t715\t2716\n2024年目标\t9500\t760\t3000\n")


def test_rows_of_years_under_a_tab_header_of_what_each_column_counts():
    rows = table_rows(TAB_MEASURES, ANNUAL, "label", "kind", "year", "value")
    assert rows[:3] == [("城乡低保对象(人)", "actual", 2023, 9362.0), ("低保标准(元/人·月)", "actual", 2023, 715.0),
                        ("临时救助(人次)", "actual", 2023, 2716.0)]
    assert rows[3] == ("城乡低保对象(人)", "target", 2024, 9500.0)


GRID_WORDS = ("指标\t单位\t规划基期\t2022年\t2025年\n\t\t（2020年）\t完成值\t规划目标\n"
              "城市低保平均标准\t元/人·月\t732\t845\t920\n家庭养老床位\t张\t—\t6815\t12000\n")


def test_规划基期_over_its_year_is_a_baseline():
    rows = table_rows(GRID_WORDS, REVIEW, "kind", "year", "value")
    assert rows[:3] == [("baseline", 2020, 732.0), ("actual", 2022, 845.0), ("target", 2025, 920.0)]


def test_实绩_names_an_actual():
    from cmp.extract.table_layouts import header_role
    col = header_role("2022年实绩")
    assert (col.kind, col.year) == ("actual", 2022)


# ------------------------------------------------------------------------------------------ statistical forms
FORM = ("指标名称                    单位       代码             本期          上季度        环比\n"
        "甲                          乙         丙               1             2             3\n"
        "一、综合                                          JZH011000000\n"
        "(一)乡级行政区划             个         JZH011110000     143           141           1.42\n"
        "    1.镇                     个         JZH011111000     96            95            1.05\n"
        "二、社会服务                                      JZH012000000\n"
        "(一)养老机构                 个         JZH012110000     428           425           0.71\n")


def test_a_spaced_forms_group_rows_beside_their_codes_and_item_rows_that_read_like_headings():
    rows = table_rows(FORM, doc("work_report", "2024", "2024-10-15"), "category", "label", "value", "qualifier")
    assert rows[:3] == [("一、综合", "(一)乡级行政区划", 143.0, ""), ("一、综合", "(一)乡级行政区划", 141.0, "上季度"),
                        ("一、综合", "(一)乡级行政区划", 1.42, "环比")]
    assert rows[-1] == ("二、社会服务", "(一)养老机构", 0.71, "环比") and len(rows) == 9


def test_环比_alone_names_a_growth_column():
    from cmp.extract.table_layouts import header_role
    assert header_role("环比").growth


CELLS_FORM = ("| 指标名称 |\n单位 |\n本期 |\n上季度 |\n| 甲 |\n乙 |\n1 |\n2 |\n"
              "| 街道 |\n个 |\n9 |\n9 |\n| 社区 |\n个 |\n88 |\n86 |\n")


def test_a_one_cell_per_line_forms_column_numbers_are_no_row():
    rows = table_rows(CELLS_FORM, doc("work_report", "2024", "2024-10-15"), "label", "value")
    assert rows == [("街道", 9.0), ("街道", 9.0), ("社区", 88.0), ("社区", 86.0)]


# ------------------------------------------------------------------------------------------ bilingual headers
BILINGUAL = ("  项目                               2022      2023     2023年比2022年\n"
             "  Item                                                   增长(%)\n"
             "                                                         Increase of 2023\n"
             "                                                         over 2022(%)\n"
             "  城市低保平均标准                      728       761       4.5\n"
             "    Average Urban Allowance Standard\n"
             "    (元/人·月) (yuan per person per month)\n"
             "  养老机构(个)                          2,013     2,087     3.7\n"
             "    Elderly Care Institutions (unit)\n")


def test_a_bilingual_wrapped_header_and_a_unit_line_under_its_row():
    rows = table_rows(BILINGUAL, BULLETIN, "label", "year", "value", "unit", "qualifier")
    assert rows == [("城市低保平均标准", 2022, 728.0, "元/人/月", ""),
                    ("城市低保平均标准", 2023, 761.0, "元/人/月", ""),
                    ("城市低保平均标准", 2023, 4.5, "%", "2023年比2022年增长(%)"),
                    ("养老机构(个)", 2022, 2013.0, "个", ""), ("养老机构(个)", 2023, 2087.0, "个", ""),
                    ("养老机构(个)", 2023, 3.7, "%", "2023年比2022年增长(%)")]


def test_an_english_phrase_wrapped_onto_a_line_starting_lower_case_is_a_gloss():
    from cmp.extract.table_layouts import latin_gloss
    assert latin_gloss("  over 2022(%)") and not latin_gloss("Total 1,234")


# ------------------------------------------------------------------------------------------ units and kinds in notes
UNIT_LIST = ("表1　养老床位情况\n\n单位：万张、张\n\n指标\n2022\n2023\n养老服务床位数\n26.8\n28.1\n"
             "每千名老年人拥有养老床位\n30.2\n31.5\n")


def test_a_notes_list_of_units_in_the_rows_order_when_they_are_of_one_kind():
    rows = table_rows(UNIT_LIST, BULLETIN, "label", "value", "unit", "flags")
    assert [(r[1], r[2]) for r in rows] == [(268000.0, "张"), (281000.0, "张"), (30.2, "张"), (31.5, "张")]
    assert all("unit_from_note" in r[3] for r in rows)


def test_a_notes_units_by_the_kind_each_label_asks_for_and_else_unread():
    by_kind = UNIT_LIST.replace("单位：万张、张", "单位：万人、元").replace("养老服务床位数", "城市低保人数") \
        .replace("每千名老年人拥有养老床位", "城市低保标准").replace("30.2", "760")
    assert [(r[0], r[1]) for r in table_rows(by_kind, BULLETIN, "value", "unit")] == [
        (268000.0, "人"), (281000.0, "人"), (760.0, "元"), (31.5, "元")]
    three = UNIT_LIST + "护理型床位\n9.1\n9.6\n"
    rows = table_rows(three, BULLETIN, "label", "value", "flags")
    assert all(r[1] is None and "unit_ambiguous" in r[2] for r in rows)


def test_a_notes_units_over_rows_no_label_names_leave_the_rows_as_they_were():
    counties = ("单位：人、人次\n\n地区          低保人数      临时救助\n"
                "东城区        3,841         1,723\n西城区        2,987         1,296\n")
    rows = table_rows(counties, BULLETIN, "value", "unit", "flags")
    assert [r[0] for r in rows] == [3841.0, 1723.0, 2987.0, 1296.0]
    assert not any("unit_ambiguous" in r[2] for r in rows)


YEARS_NOTE = ("表1　养老服务基本情况\n项目\n单位　　2020　　2021　　2022\n养老机构数\n家　　27　　29　　31\n"
              "老年人助餐点\n个　　19　　34　　45\n说明：2022年为计划数。\n")


def test_a_notes_kind_for_a_bare_year():
    rows = table_rows(YEARS_NOTE, doc("annual_plan", "2022", "2022-02-01"), "kind", "year", "value", "flags")
    assert rows[2] == ("target", 2022, 31.0, "kind_from_note") and rows[1][0] == "actual"


def test_a_notes_years_as_a_span_and_a_base_year_called_an_actual_stays_the_baseline():
    from cmp.extract.table_layouts import Column
    from cmp.extract.table_notes import kinds_from_notes
    cols = [Column("value", f"{y}年", kind=k, year=y, year_role_inferred=True)
            for y, k in ((2020, "baseline"), (2021, "target"), (2022, "target"), (2023, "target"))]
    kinds_from_notes(cols, ["注：2020年、2021年为实际值，2022-2023年为规划值。"])
    assert [(c.kind, c.kind_from_note) for c in cols] == [("baseline", False), ("actual", True), ("target", True),
                                                          ("target", True)]
    cols = [Column("value", "2021年", kind="target", year=2021, year_role_inferred=True)]
    kinds_from_notes(cols, ["说明：2021—2025年数值为当年年末应达到的目标值。"])
    assert not cols[0].kind_from_note


# ------------------------------------------------------------------------------------------ cells
def test_a_bracketed_number_is_a_total_over_the_plans_years():
    for cell in ("〔5000〕", "[30]", "［1.5］"):
        q = parse_cell(cell)[0]
        assert q.value is not None and q.qualifier == "累计" and "bracketed_cumulative" in q.flags
    assert parse_cell("〔5000]")[0].value is None  # (brackets that do not pair)


def test_a_notes_words_after_its_figure_are_the_figures_qualifier():
    text = ("| 序号 | 指标名称 | 单位 | 年度目标 | 完成值 | 备注 |\n|---|---|---|---|---|---|\n"
            "| 1 | 公益性公墓建设 | 个 | 2 | 1 | 1个在建 |\n| 2 | 社区养老服务站 | 个 | 12 | 12 |  |\n")
    rows = table_rows(text, REVIEW, "value", "qualifier", "flags")
    assert (1.0, "在建") in [(r[0], r[1]) for r in rows if "value_in_note" in r[2]]


FULL_WIDTH = ("年份　　养老床位　护理型床位占比　低保对象\n"
              "　　　　（张）　　（%）　　　　　（人）\n"
              "2022　　4385　　53.9　　　　　5106\n"
              "2023　　4702　　58.7　　　　　4968\n"
              "合　计　　9087　　—　　　　　10074\n")


def test_one_full_width_space_between_two_cells_on_a_line_with_wide_gaps_separates_them():
    rows = table_rows(FULL_WIDTH, BULLETIN, "label", "year", "value")
    assert rows[:3] == [("养老床位(张)", 2022, 4385.0), ("护理型床位占比(%)", 2022, 53.9),
                        ("低保对象(人)", 2022, 5106.0)]


def test_one_full_width_space_inside_a_word_of_two_characters_keeps_them_one_word():
    from cmp.extract.tables import WIDE_SPACE, _ideographic_gaps
    from cmp.ingest.normalize import normalize
    nt = normalize("合　计　　9087　　一　一\n")
    text = nt.text.split("\n")
    _ideographic_gaps(nt, text, nt.line_offsets())
    assert text[0].startswith("合 计") and WIDE_SPACE not in text[0]


# ------------------------------------------------------------------------------------------ sets bm-br
MARKED_RECORDS = "".join(f"〔指标{n}〕\n指标名称：{name}\n计量单位：{unit}\n基期值（2020年）：{a}\n"
                         f"目标值（2025年）：{b}\n指标属性：{attr}\n\n"
                         for n, name, unit, a, b, attr in (("一", "养老机构床位总数", "张", "6120", "8500", "预期性"),
                                                           ("二", "护理型床位占比", "%", "36.5", "≥55", "约束性"),
                                                           ("三", "老年助餐点", "个", "120", "300", "预期性")))


def test_records_opened_by_a_mark_alone_take_their_name_and_attribute_from_fields():
    rows = table_rows(MARKED_RECORDS, PLAN, "label", "kind", "year", "value", "unit", "attribute")
    assert rows[:2] == [("养老机构床位总数", "baseline", 2020, 6120.0, "张", "expected"),
                        ("养老机构床位总数", "target", 2025, 8500.0, "张", "expected")]
    assert rows[3] == ("护理型床位占比", "target", 2025, 55.0, "%", "binding") and len(rows) == 6


def test_a_column_of_a_growth_or_a_change_is_a_growth_column():
    from cmp.extract.table_layouts import header_role
    col = header_role("年均增速/累计变化")
    assert col is not None and col.growth and col.role == "value"
    assert header_role("城市/农村") is None or not header_role("城市/农村").growth


YEARLY = ("表2　社区服务设施建设分年度任务安排\n指标 2021年 2022年 2023年 合计\n"
          "新建社区综合服务设施（个） 42 45 48 135\n市级财政补助资金（万元） 2600 3000 3200 8800\n")


def test_a_total_after_bare_years_is_its_own_column_and_a_caption_of_tasks_keeps_years_targets():
    late = {**PLAN, "published": "2022-03-01"}
    rows = table_rows(YEARLY, late, "label", "kind", "year", "value", "qualifier")
    assert rows[:4] == [("新建社区综合服务设施（个）", "target", 2021, 42.0, ""),
                        ("新建社区综合服务设施（个）", "target", 2022, 45.0, ""),
                        ("新建社区综合服务设施（个）", "target", 2023, 48.0, ""),
                        # (the sum of the years beside it, 42 + 45 + 48: up to the latest of them, not the plan's end)
                        ("新建社区综合服务设施（个）", "target", 2023, 135.0, "合计")]
    done = YEARLY.replace("任务安排", "完成情况")
    assert table_rows(done, late, "kind")[0] == ("actual",)


NARROW = ("表2　养老服务设施建设年度目标\n年份　新增养老床位（张）　新增助餐点（个）　财政投入（万元）\n"
          "2021　820　48　9600\n2022　950　55　10800\n")


def test_a_cross_tab_whose_cells_are_set_apart_by_single_spaces():
    rows = table_rows(NARROW, PLAN, "label", "year", "value", "unit")
    assert rows[:3] == [("新增养老床位(张)", 2021, 820.0, "张"), ("新增助餐点(个)", 2021, 48.0, "个"),
                        ("财政投入(万元)", 2021, 96000000.0, "元")]
    assert len(rows) == 6


WRAPPED = ("表3　重点项目投资计划（单位：万元）\n项目名称          总投资    2022年   2023年\n"
           "市社会福利中心         21800     3500     6800\n二期工程\n"
           "镇级区域性养老         7650      1200     1800\n服务中心提升工程\n"
           "困难老年人家庭         900       150      180\n适老化改造工程\n")


def test_labels_wrapped_under_their_rows_and_a_bare_measure_under_the_tables_unit():
    rows = table_rows(WRAPPED, PLAN, "label", "kind", "year", "value", "unit", "qualifier")
    assert rows[:3] == [("市社会福利中心二期工程", "target", 2025, 218000000.0, "元", "总投资"),
                        ("市社会福利中心二期工程", "target", 2022, 35000000.0, "元", ""),
                        ("市社会福利中心二期工程", "target", 2023, 68000000.0, "元", "")]
    assert {r[0] for r in rows} == {"市社会福利中心二期工程", "镇级区域性养老服务中心提升工程",
                                    "困难老年人家庭适老化改造工程"}


def test_a_line_of_words_between_rows_stays_a_group_row_when_the_table_opens_with_one():
    grouped = WRAPPED.replace("项目名称          总投资    2022年   2023年\n",
                              "项目名称          总投资    2022年   2023年\n养老设施\n")
    assert table_rows(grouped, PLAN, "label")[0] == ("市社会福利中心",)


SPANNING = ("表2　重点工程投资估算\n工程类别            项目数      投资（亿元）\n"
            "                    （个）      合计      中央和省级    社会资本\n"
            "养老服务设施提升工程          36          9.6       2.1           4.0\n"
            "居家社区养老服务工程          58          3.2       0.8           0.8\n")


def test_a_spanning_cell_with_a_unit_over_its_parts_and_a_count_right_of_the_rows_names():
    rows = table_rows(SPANNING, PLAN, "label", "value", "unit", "qualifier")
    assert rows[:4] == [("养老服务设施提升工程", 36.0, "个", "项目数"),
                        ("养老服务设施提升工程", 960000000.0, "元", "投资合计"),
                        ("养老服务设施提升工程", 210000000.0, "元", "投资中央和省级"),
                        ("养老服务设施提升工程", 400000000.0, "元", "投资社会资本")]


# ------------------------------------------------------------------------------------------ traditional-script sets
THOUSANDS = ("表 3.1　按項目統計之收入及支出\nTable 3.1   Revenue and expenses by item\n"
             "                                                千元 '000 dólares '000 dollars\n"
             "項目 Rubrica Item          2022          2023\n\n收入  812 406  905 377\nRevenue\n\n"
             "支出  790 233  880 914\nExpenses\n")


def test_a_line_of_the_unit_alone_over_the_header_is_the_tables_unit():
    rows = table_rows(THOUSANDS, BULLETIN, "label", "year", "value", "unit", "flags")
    assert rows[0] == ("收入", 2022, 812406000.0, "元", "unit_from_note;year_role_inferred;spaced_thousands")
    assert len(rows) == 4


ROC = ("表1　108年至112年長照服務使用人數\n單位：人\n項目　　　　110年 111年 112年\n"
       "居家服務　2,930 3,341 3,876\n日間照顧服務　497 561 640\n")


def test_years_of_the_roc_calendar_in_a_header_are_read_as_ad_years_and_flagged():
    rows = table_rows(ROC, BULLETIN, "label", "year", "value", "flags")
    assert rows[:3] == [("居家服務", 2021, 2930.0, "unit_from_note;year_role_inferred;roc_year"),
                        ("居家服務", 2022, 3341.0, "unit_from_note;year_role_inferred;roc_year"),
                        ("居家服務", 2023, 3876.0, "unit_from_note;year_role_inferred;roc_year")]


def test_a_year_of_the_roc_calendar_needs_three_digits_or_民国_and_年度_is_a_year():
    from cmp.extract.table_layouts import header_role
    assert header_role("112年度").year == 2023 and header_role("民國99年").year == 2010
    assert header_role("2023年度").measure == "" and header_role("99年") is None


STACKED_GLOSS = ("表1　老人福利概況\n\n"
                 "                 老人人口數   老人福利   機構可供\n"
                 "                              機構數     進住人數\n"
                 "年別             Elderly      Welfare    Capacity\n"
                 "Year             population   institu-   (persons)\n"
                 "                 人           所         人\n"
                 "                 Persons      Units      Persons\n\n"
                 "2022 (111)   326,951   60   6,102\n2023 (112)   341,277   61   6,188\n")


def test_a_bilingual_header_stacked_with_a_line_of_units_over_rows_not_lined_up_under_it():
    rows = table_rows(STACKED_GLOSS, BULLETIN, "label", "year", "value", "unit")
    # (a cross-tab's labels are its header's words, as normalized: simplified)
    assert rows[:3] == [("老人人口数(人)", 2022, 326951.0, "人"), ("老人福利机构数(所)", 2022, 60.0, "所"),
                        ("机构可供进住人数(人)", 2022, 6102.0, "人")]
    assert len(rows) == 6


LEADERS = ("各項福利預算分配（單位：新臺幣萬元）\n\n科目 Category………………112年度 FY2023………113年度 FY2024\n"
           "老人福利……………………86,420…………93,150\n身心障礙福利……………………71,305…………74,880\n"
           "社會救助……………………29,744…………30,615\n")


def test_cells_set_apart_by_leaders_and_a_budget_caption_in_a_news_item_of_its_year():
    news = doc("news_report", "2024", "2024-01-10")
    rows = table_rows(LEADERS, news, "label", "kind", "year", "value", "unit")
    assert rows[:2] == [("老人福利", "actual", 2023, 864200000.0, "新台币元"),
                        ("老人福利", "target", 2024, 931500000.0, "新台币元")]
    assert len(rows) == 6


def test_english_words_inside_a_header_cell_are_its_gloss():
    from cmp.extract.table_layouts import header_role
    col = header_role("目标 Target (%)")
    assert (col.kind, col.unit) == ("target", "%")
    assert header_role("科目 Category").role == "indicator"


def test_a_rows_own_unit_before_a_kind_columns_but_not_before_a_measure_columns():
    text = ("| 指标 | 目标(%) | 2023年实际 |\n|---|---|---|\n| 服务满意度 | ≥85 | 88 |\n"
            "| 平均处理时间（天） | ≤3 | 2.5 |\n")
    assert [r[1] for r in table_rows(text, REVIEW, "value", "unit")] == ["%", "", "天", "天"]
    measured = ("| 指标 | 人数 | 金额(万元) |\n|---|---|---|\n| 临时救助（万人次） | 2.45 | 0.63 |\n")
    assert table_rows(measured, REVIEW, "unit") == [("人次",), ("元",)]


def test_a_caption_of_results_and_targets_is_no_caption_of_targets():
    text = ("下表为主要成果与目标：\n\n项目\t2022年\t2023年\t2025年目标\n日间照料中心（所）\t36\t41\t48\n"
            "社区长者食堂（间）\t52\t67\t90\n")
    rows = table_rows(text, doc("news_report", "2023", "2023-12-28"), "kind", "year")
    assert rows[:3] == [("actual", 2022), ("actual", 2023), ("target", 2025)]


# ------------------------------------------------------------------------------------------ yearbooks and task tables
YEARBOOK = ("19-12  各区养老机构和民政事业费情况（2022年）\n\n"
            "                                                    单位：个、张、万元\n"
            "──────────────────────────────────────────────────────────\n"
            "  地    区        养老机构数    床位数①      民政事业费\n"
            "──────────────────────────────────────────────────────────\n"
            "全 市 合 计              214       26312         184735.6\n"
            "  东 湖 区               18        2406          16281.4\n"
            "  西 陵 区               15        2195          14920.7\n")


def test_a_notes_units_one_per_column_of_a_cross_tab_in_order():
    rows = table_rows(YEARBOOK, BULLETIN, "label", "value", "unit", "qualifier")
    assert rows[:3] == [("全 市 合 计", 214.0, "个", "养老机构数"), ("全 市 合 计", 26312.0, "张", "床位数"),
                        ("全 市 合 计", 1847356000.0, "元", "民政事业费")]
    assert len(rows) == 9


GLUED_FORM = ("指标名称单位数量\n一、民政事业费累计支出万元43,726.5\n        社会救助支出万元26,418.3\n"
              "二、乡级行政区划\n        镇个14\n        街道个3\n        其他机构个\n")


def test_a_glued_forms_label_unit_and_figure_and_its_group_rows():
    rows = table_rows(GLUED_FORM, BULLETIN, "category", "label", "value", "unit")
    assert rows[:4] == [("", "一、民政事业费累计支出", 437265000.0, "元"), ("", "社会救助支出", 264183000.0, "元"),
                        ("二、乡级行政区划", "镇", 14.0, "个"), ("二、乡级行政区划", "街道", 3.0, "个")]
    assert rows[4][2] is None  # 其他机构个: a row with no figure, kept


HALF_YEAR = ("序号\n工作任务\n全年目标\n1-6月完成情况\n完成时限\n责任单位\n"
             "1\n城乡低保提标\n城市低保标准达到每人每月790元\n已完成，7月1日起执行790元\n2023年7月\n救助股\n"
             "2\n特困供养\n特困人员集中供养率达到30%以上\n集中供养率29.7%\n2023年12月\n救助股\n")


def test_a_half_years_column_of_what_was_done_holds_actuals_read_from_phrases():
    rows = table_rows(HALF_YEAR, doc("work_report", "2023", "2023-07-10"), "label", "kind", "value")
    assert rows == [("城乡低保提标", "target", 790.0), ("城乡低保提标", "actual", 790.0),
                    ("特困供养", "target", 30.0), ("特困供养", "actual", 29.7)]


BOXED = ("┌────┬──────────┬────────┬────────┬──────┐\n"
         "│序号│指标名称  │年度目标│1-6月完成│序时进│\n"
         "│    │          │        │        │度    │\n"
         "├────┼──────────┼────────┼────────┼──────┤\n"
         "│ 1  │城市低保标准│每人每月│835元   │100%  │\n"
         "│    │（元/人·月）│835元   │        │      │\n"
         "├────┼──────────┼────────┼────────┼──────┤\n"
         "│ 2  │临时救助  │2600人次│1320人次│50.8% │\n"
         "└────┴──────────┴────────┴────────┴──────┘\n")


def test_a_ruled_rows_phrase_wrapped_onto_its_figure_and_序时进度_a_completion_rate():
    rows = table_rows(BOXED, doc("work_report", "2024", "2024-07-10"), "label", "kind", "value", "flags")
    # (a label joined over a ruled row's lines is its words as normalized)
    assert [(r[0], r[1], r[2]) for r in rows[:3]] == [("城市低保标准(元/人·月)", "target", 835.0),
                                                      ("城市低保标准(元/人·月)", "actual", 835.0),
                                                      ("城市低保标准(元/人·月)", "actual", 100.0)]
    assert "completion_rate" in rows[2][3] and len(rows) == 6


def test_a_cells_由a提高到b_gives_the_year_befores_baseline():
    text = ("序号  重点任务              目标要求                                    牵头科室\n"
            "1     城乡低保提标          城市低保标准由810元/月提高到850元/月        救助科\n"
            "2     特困供养              特困人员集中供养率不低于35%                 救助科\n")
    rows = table_rows(text, doc("annual_plan", "2025", "2025-02-01"), "kind", "year", "value", "flags")
    assert rows[:2] == [("baseline", 2024, 810.0, "year_assumed;value_in_phrase;multi_value;from_value"),
                        ("target", 2025, 850.0, "year_assumed;value_in_phrase;multi_value")]


# ------------------------------------------------------------------------------------------ sets bs-bx
def test_in_a_one_year_document_a_notes_actual_stands_over_the_base_year():
    text = ("主要指标（2022—2024年）\n\n指标名称（单位） 2022 2023 2024\n城市低保平均标准（元/人·月） 790 820 850\n"
            "长者食堂（个） 92 131 180\n\n说明：2022年、2023年为实际完成数，2024年为目标值。\n")
    rows = table_rows(text, ANNUAL, "kind", "year", "value")
    assert rows[:3] == [("actual", 2022, 790.0), ("actual", 2023, 820.0), ("target", 2024, 850.0)]


def test_第四季_is_a_part_of_the_year_and_增加_a_change():
    from cmp.extract.table_layouts import header_role
    assert header_role("第四季").part_year and header_role("增加").change


TRANSPOSED_NOTE = ("表1  分年度推进目标\n\n年度    火化率   公益性公墓\n        （%）    （个）\n"
                   "2020    96.8     17\n2021    97.0     18\n2022    97.3     19\n\n"
                   "注：2021年为实际完成数，2022—2025年为规划目标值。\n")


def test_a_notes_kinds_for_the_year_rows_of_a_transposed_table():
    rows = table_rows(TRANSPOSED_NOTE, {**PLAN, "published": "2022-03-01"}, "kind", "year", "value")
    assert rows == [("baseline", 2020, 96.8), ("baseline", 2020, 17.0), ("actual", 2021, 97.0), ("actual", 2021, 18.0),
                    ("target", 2022, 97.3), ("target", 2022, 19.0)]


def test_a_unit_alone_under_one_column_of_a_spaced_header():
    text = ("项目名称                建设地点        总投资      建设年限\n"
            "                                        （万元）\n"
            "县殡仪馆迁建工程        城南新区        9800        2022—2024\n"
            "城区骨灰堂              城东街道        860         2023—2024\n")
    rows = table_rows(text, PLAN, "label", "year", "value", "unit")
    assert rows == [("县殡仪馆迁建工程", 2024, 98000000.0, "元"), ("城区骨灰堂", 2024, 8600000.0, "元")]


def test_a_work_plans_own_undated_target_is_of_its_year_and_a_measure_cells_unit_is_the_rows():
    text = ("| 服务表现指标 | 目标 Target (%) | 2023年 实际 | 2024年 计划 |\n|---|---|---|---|\n"
            "| 服务使用者满意度 | 不少于 85 | 89.0 | 88.0 |\n| 个案首次接触率 | ≥ 95 | 97.2 | 97.0 |\n")
    rows = table_rows(text, ANNUAL, "kind", "year", "value")
    assert rows[0] == ("target", 2024, 85.0)
    tasks = ("序号\n重点任务\n量化指标\n2024年目标值\n牵头处室\n1\n临时救助\n临时救助人次（万人次）\n≥18\n社会救助处\n"
             "2\n城乡低保提标\n农村低保平均标准（元/人·月）\n≥720\n社会救助处\n")
    values = [(r[0], r[1]) for r in table_rows(tasks, ANNUAL, "value", "unit") if r[0] is not None]
    assert values == [(180000.0, "人次"), (720.0, "元/人/月")]


def test_a_one_cell_per_line_header_keeps_a_column_of_investment_with_its_unit():
    text = ("表2　重点工程\n序号\n项目名称\n建设规模\n总投资（亿元）\n1\n县社会福利中心扩建\n新增床位300张\n1.35\n"
            "2\n区域养老服务中心改造\n9所\n0.62\n")
    rows = table_rows(text, PLAN, "label", "value", "unit")
    assert rows == [("县社会福利中心扩建", 300.0, "张"), ("县社会福利中心扩建", 135000000.0, "元"),
                    ("区域养老服务中心改造", 9.0, "所"), ("区域养老服务中心改造", 62000000.0, "元")]


def test_what_a_name_value_line_may_hold():
    from cmp.extract.table_pairs import _pair
    assert _pair("登记社会组织：2967", 0, 1)[1].text == "2967"  # (a bare count after a colon: no page number)
    assert _pair("登记社会组织 ………… 2967", 0, 1) is None  # (after a leader: a table of contents' page)
    assert _pair("登记社会组织 ………… 2967个", 0, 1)[1].text == "2967个"
    for line in ("2023年床位：3000张", "一、社会救助：1200人", "单位：万元", "城乡低保对象：约两万人",
                 "城乡低保对象 37218人"):
        assert _pair(line, 0, 1) is None, line
    assert _pair("城乡低保对象：" + "1" * 80, 0, 1) is None  # (too long for a line of the list)


def test_a_records_title_names_an_indicator():
    from cmp.extract.table_records import _title
    assert _title("【指标1】城乡低保标准（单位：元/人·月）", 0, 1)[1].text == "元/人·月"
    assert _title("〔指标二〕", 0, 1) == (None, None)
    assert _title("【指标1】2023", 0, 1) is None and _title("3.", 0, 1) is None
    assert _title("到2025年，全市养老床位达到3万张", 0, 1) is None


def test_进度判断_is_a_column_of_words_on_progress():
    text = ("序号\n指标名称\n单位\n2020年基数\n2025年目标\n2022年完成值\n进度判断\n"
            "1\n城乡低保标准(城市)\n元/人·月\n835\n≥1000\n930\n符合序时进度\n"
            "2\n社会组织\n个\n300\n360\n330\n滞后\n")
    rows = table_rows(text, REVIEW, "label", "kind", "year", "value")
    assert rows[:3] == [("城乡低保标准(城市)", "baseline", 2020, 835.0), ("城乡低保标准(城市)", "target", 2025, 1000.0),
                        ("城乡低保标准(城市)", "actual", 2022, 930.0)]
    assert len(rows) == 6
