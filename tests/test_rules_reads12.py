"""Reading rules of issue 10 drawn from held-out sets cq-ct (every place and number here is invented: 青川市,
梧桐区, 澄湖县). Tables: a group word of what is counted over parts of their own time (本年累计 | 上年同期 | 同比增减);
a note's list of units given to columns by what they count; a label's letters spread over a spaced column; cells
one per line whose words wrap over several lines (a PDF's narrow columns)."""

from __future__ import annotations

import pytest

from tests.test_rules_reads5 import PLAN, REPORT, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

QUARTER = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "statistical_bulletin", "period": "2023",
           "published": "2024-01-25"}


# ------------------------------------------------------------------------------- a group over parts of their time
GROUPED = ("表1　2023年各街道困难群众救助情况\n\n"
           "| 街道 | 医疗救助 | | | 救助资金 | | |\n"
           "| --- | --- | --- | --- | --- | --- | --- |\n"
           "| | 本年累计 | 上年同期 | 同比增减 | 本年累计 | 上年同期 | 同比增减 |\n"
           "| | （人次） | （人次） | （%） | （万元） | （万元） | （%） |\n"
           "| 合计 | 1,250 | 1,100 | 13.6 | 86.5 | 80.0 | 8.1 |\n"
           "| 东门街道 | 640 | 600 | 6.7 | 41.0 | 39.5 | 3.8 |\n")


def test_a_group_word_over_parts_of_their_own_time_gives_each_part_its_year():
    rows = table_rows(GROUPED, QUARTER, "label", "kind", "year", "value", "unit", "quote")
    got = {(r[0], r[5]): r[1:5] for r in rows}
    assert got[("合计", "1,250")] == ("actual", 2023, 1250.0, "人次")
    # (上年同期 under the group is last year's, as it is alone; the change is of the year printed, not the one before)
    assert got[("合计", "1,100")] == ("actual", 2022, 1100.0, "人次")
    assert got[("合计", "13.6")] == ("actual", 2023, 13.6, "%")
    assert got[("合计", "80.0")] == ("actual", 2022, 800000.0, "元")
    assert got[("东门街道", "3.8")] == ("actual", 2023, 3.8, "%")
    assert len(rows) == 12


@pytest.mark.parametrize(("over", "below", "year_offset", "measure"), [
    ("医疗救助", "上年同期（人次）", -1, "医疗救助"),
    ("救助资金（万元）", "本年累计", 0, "救助资金本年累计"),
    ("医疗救助", "2023年", None, None),  # (a year under a group: the group's reader, _under_group)
    ("2023年", "上年同期", None, None),  # (a group of its own time)
])
def test_a_part_takes_its_time_from_its_own_words_and_what_it_counts_from_the_group(over, below, year_offset,
                                                                                      measure):
    from cmp.extract.table_line_headers import part_of_group
    col = part_of_group(over, below)
    if measure is None:
        assert col is None
    else:
        assert col is not None and col.year_offset == year_offset and col.measure == measure


# ------------------------------------------------------------------------------- a note's units, by column
UNITS = ("表2　各乡镇低保情况（2023年）\n"
         "                                                      单位：人、万元\n"
         "  地    区          保障人数     资金支出      特困人数\n"
         "  全    县             12400        8650.5          2100\n"
         "    城关镇              3200        2240.0           520\n")


def test_a_note_listing_units_gives_each_column_the_one_its_words_ask_for():
    rows = table_rows(UNITS, QUARTER, "label", "value", "unit", "quote")
    got = {(r[0].replace(" ", ""), r[3]): r[1:3] for r in rows}
    # (全    县: a label's letters spread over its column, as the header's 地    区, are one label)
    assert got[("全县", "12400")] == (12400.0, "人")
    assert got[("全县", "8650.5")] == (86505000.0, "元")
    assert got[("城关镇", "520")] == (520.0, "人")
    assert len(rows) == 6


def test_a_column_whose_kind_of_unit_the_note_lists_twice_keeps_none():
    from cmp.extract.table_layouts import Column
    from cmp.extract.table_notes import listed_column_units
    cols = [Column("indicator", "地区"), Column("value", "保障人数", measure="保障人数"),
            Column("value", "资金支出", measure="资金支出"), Column("value", "家庭数", measure="家庭数")]
    listed_column_units(cols, ["人", "万元", "元"])
    assert [c.unit for c in cols[1:]] == ["人", "", ""]


# ------------------------------------------------------------------------------- cells wrapped over lines
WRAPPED = ("表1　2024至2027年度关键绩效指标\n"
           "关键策略\n目标\n关键绩效指标\n衡量标准\n2023年\n基准值\n年度目标值\n2024年\n2025年\n2026年\n2027年\n"
           "一、健全长\n期照顾体系\n1\n日间照顾中\n心设置数\n累计设置中\n心数（处）\n9\n11\n12\n13\n14\n"
           "2\n居家服务个\n案数\n年度服务之\n个案数（人）\n2,100\n2,250\n2,400\n2,550\n2,700\n"
           "                                        第 3 页\n"
           "青川市社会局2024至2027年度中程施政计划\n"
           "二、保障儿\n少权益\n3\n儿少保护再\n通报率\n（再通报案\n数÷结案数）\n×100%\n7.2%\n≤7.0%\n≤6.8%\n≤6.6%\n≤6.4%\n"
           "\n注：基准值为2023年底数。\n")


def test_cells_wrapped_over_lines_are_read_row_by_row_by_their_runs_of_figures():
    rows = table_rows(WRAPPED, PLAN | {"period": "2024-2027", "published": "2024-03-01"},
                      "label", "kind", "year", "value", "unit", "comparator", "quote")
    got = {(r[0], r[2]): (r[1], r[3], r[4], r[5]) for r in rows}
    assert got[("日间照顾中心设置数累计设置中心数(处)", 2023)] == ("baseline", 9.0, "处", "=")
    assert got[("日间照顾中心设置数累计设置中心数(处)", 2027)] == ("target", 14.0, "处", "=")
    assert got[("居家服务个案数年度服务之个案数(人)", 2024)] == ("target", 2250.0, "人", "=")
    # (the page number and the running title between two rows are no words of the next)
    label = "儿少保护再通报率(再通报案数÷结案数)×100%"
    assert got[(label, 2023)] == ("baseline", 7.2, "%", "=") and got[(label, 2026)] == ("target", 6.6, "%", "<=")
    # (the row numbers and the group words are no figures)
    assert len(rows) == 15 and not any(r[3] in (1.0, 2.0, 3.0) for r in rows)


def test_a_table_one_cell_per_line_whose_labels_take_one_line_is_left_to_its_own_reader():
    text = ("表1　2023年全区民政领域人员情况\n单位：万人\n指标\n2022年\n2023年\n城乡社区工作者\n2.16\n2.34\n"
            "持证社会工作者\n0.68\n0.82\n注册志愿者\n12.8\n13.5\n")
    rows = table_rows(text, REPORT | {"period": "2023", "published": "2024-02-01"}, "label", "year", "value", "unit")
    assert ("城乡社区工作者", 2023, 23400.0, "人") in rows and ("注册志愿者", 2022, 128000.0, "人") in rows
    assert len(rows) == 6


# ------------------------------------------------------------------------------- a standard before and after
STANDARDS = ("表1　澄湖县困难老年人护理补贴标准\n\n"
             "补贴类别　　　　　　　　原标准　　　　新标准\n"
             "　　　　　　　　　　　（元/人·月）　（元/人·月）\n"
             "特困供养中的失能老年人　　　180　　　　　220\n"
             "低保家庭中的半失能老年人　　100　　　　　130\n\n"
             "表2　澄湖县高龄津贴标准\n\n"
             "｜年龄段　　　　｜原标准（元/人·月）｜新标准（元/人·月）｜\n"
             "｜80—89周岁　　 ｜　　　　40　　　　｜　　　　55　　　　｜\n"
             "｜90周岁及以上　｜　　　 120　　　　｜　　　 160　　　　｜\n")


def test_a_standard_before_its_raise_is_the_baseline_and_the_new_one_the_documents_year():
    news = {"jurisdiction": "澄湖县", "file": "ch.txt", "doc_kind": "news_report", "period": "2025",
            "published": "2025-01-20"}
    rows = table_rows(STANDARDS, news, "label", "kind", "year", "value", "unit")
    # (原标准 | 新标准 over a line of each column's unit; 年龄段 names the rows, 80—89周岁 is a label, not figures)
    assert ("特困供养中的失能老年人", "baseline", 2024, 180.0, "元/人/月") in rows
    assert ("特困供养中的失能老年人", "actual", 2025, 220.0, "元/人/月") in rows
    assert ("80—89周岁", "baseline", 2024, 40.0, "元/人/月") in rows
    assert ("90周岁及以上", "actual", 2025, 160.0, "元/人/月") in rows
    assert len(rows) == 8


# ------------------------------------------------------------------------------- a performance form's money
SELF_EVAL = ("项目支出绩效自评表（2023年度）\n"
             "项目资金 （万元） |\n年初预算数 |\n全年预算数 |\n全年执行数 |\n分值 |\n执行率 |\n得分 |\n"
             "年度资金总额 |\n1,200.00 |\n1,260.00 |\n1,250.40 |\n10 |\n99.24% |\n9.92 |\n"
             "其中：财政拨款 |\n1,200.00 |\n1,260.00 |\n1,250.40 |\n— |\n— |\n— |\n")


def test_a_unit_of_money_on_the_rows_own_header_cell_is_the_unit_of_the_money_columns_alone():
    rows = table_rows(SELF_EVAL, REPORT | {"period": "2023", "published": "2024-04-01"},
                      "label", "kind", "value", "unit", "quote")
    got = {(r[0], r[4]): r[1:4] for r in rows}
    assert got[("年度资金总额", "1,200.00")] == ("target", 12000000.0, "元")  # 年初预算数
    assert got[("年度资金总额", "1,260.00")] == ("target", 12600000.0, "元")  # 全年预算数: planned, not spent
    assert got[("年度资金总额", "1,250.40")] == ("actual", 12504000.0, "元")  # 全年执行数
    # (the score columns beside them keep no unit of money: 分值 is the most a line can score, 得分 what it scored)
    assert got[("年度资金总额", "10")] == ("target", 10.0, "")
    assert got[("年度资金总额", "9.92")] == ("actual", 9.92, "")
    assert got[("年度资金总额", "99.24%")][1:] == (99.24, "%")


# ------------------------------------------------------------------------------- rows parted by blank lines
PARTED = ("附表　青川市“十四五”民政事业发展主要指标\n\n"
          "指  标\n2020年\n基期值\n2025年\n目标值\n属性\n\n"
          "一、社会救助\n\n"
          "1.城乡低保标准\n（元/人·月）\n城市：760\n农村：610\n≥980\n（城乡统一）\n预期性\n\n"
          "2.困难群众救助覆盖率（%）\n92\n100\n约束性\n\n"
          "二、养老服务\n\n"
          "3.养老机构护理型床位占比（%）\n41\n≥55\n约束性\n\n"
          "4.社区养老服务设施（个）\n18\n30\n预期性\n")


def test_rows_parted_by_blank_lines_keep_a_cell_wrapped_over_lines_in_its_row_and_unread():
    rows = table_rows(PARTED, PLAN, "label", "kind", "year", "value", "flags", "quote")
    got = {(r[0], r[1]): r[3] for r in rows if r[3] is not None}
    assert got[("2.困难群众救助覆盖率（%）", "target")] == 100.0
    assert got[("3.养老机构护理型床位占比（%）", "baseline")] == 41.0
    assert got[("4.社区养老服务设施（个）", "target")] == 30.0
    # (城市：760 / 农村：610 / ≥980 / （城乡统一）: more figures than the row has columns for; kept, unread and
    # flagged, never 980 read as the base year's)
    assert not any(r[3] in (760.0, 610.0, 980.0) for r in rows)
    assert any("column_ambiguous" in r[4] and r[5] in ("城市：760", "≥980") for r in rows)


# ------------------------------------------------------------------------------- a spreadsheet saved as CSV
SHEET = ("=== 工作表：救助对象 ===\n"
         "梧桐区民政统计季报,,,,,,,\n"
         "填报单位：梧桐区民政局,,,,单位：户、人、人次,,,\n"
         '街道,"低保\n户数","低保\n人数","特困供养\n人数","临时救助人次\n（1-6月累计）",备注,,\n'
         "甲,1,2,3,4,乙,,\n"
         '合计,"1,204","2,113",356,"1,020",,,\n'
         "东门街道,410,702,118,365,含新划入社区,,\n"
         "西城街道,794,\"1,411\",238,655,,,\n"
         ",,,,,,,\n"
         "单位负责人：,,填表人：,,联系电话：6612345,,报出日期：2024年7月8日,\n")


def test_a_sheet_saved_as_csv_reads_its_quoted_header_cells_over_lines_and_its_rows_past_the_sheets_width():
    rows = table_rows(SHEET, REPORT, "label", "kind", "year", "value", "unit", "quote")
    got = {(r[0], r[5]): r[1:5] for r in rows}
    # (each quoted header cell joined over its line break; 单位：户、人、人次 after 填报单位：… gives each column its
    # unit by what it counts; the 甲 1 2 3 4 乙 line numbers the columns)
    assert got[("合计", "1,204")] == ("actual", 2024, 1204.0, "户")
    assert got[("合计", "2,113")] == ("actual", 2024, 2113.0, "人")
    assert got[("西城街道", "1,411")] == ("actual", 2024, 1411.0, "人")
    # (临时救助人次（1-6月累计）: what it counts, over the months in parentheses)
    assert got[("东门街道", "365")] == ("actual", 2024, 365.0, "人次")
    # (the signatures' line under the table is kept without a value: its phone number is no figure)
    assert len([r for r in rows if r[3] is not None]) == 12
    assert not any(r[3] in (1.0, 2.0, 3.0, 4.0, 6612345.0) for r in rows)


@pytest.mark.parametrize(("line", "numbers"), [
    (("甲", "1", "2", "3", "乙"), True), (("甲", "1", "2", "丙"), False), (("甲", "1", "3", "乙"), False),
])
def test_a_letter_after_the_numbers_of_a_forms_columns_goes_on_from_the_first(line, numbers):
    from cmp.extract.table_body import _column_numbers
    from cmp.extract.table_layouts import Cell
    assert _column_numbers([Cell(t, 0, len(t), 1) for t in line]) is numbers


# ------------------------------------------------------------------------------- a web table, a cell per line
WEB = ("附表\n2023年各乡镇社会救助主要指标\n\n"
       "乡镇（街道）\n城市低保对象\n（人）\n农村低保对象\n（人）\n救助资金\n（万元）\n"
       "全县\n640\n3120\n2210.5\n"
       "城关镇\n512\n\n318.4\n"
       "石桥镇\n128\n1460\n902.6\n"
       "注：城关镇无农村低保对象，相应栏目空白。\n")


def test_a_one_cell_per_line_crosstab_takes_the_unit_under_each_word_and_a_blank_line_for_an_empty_cell():
    rows = table_rows(WEB, REPORT | {"period": "2023", "published": "2024-03-01"}, "label", "value", "unit")
    assert ("全县", 3120.0, "人") in rows and ("全县", 22105000.0, "元") in rows
    # (城关镇's blank line between two figures is its empty 农村低保对象 cell: 318.4 stays the money's)
    assert ("城关镇", 3184000.0, "元") in rows and ("城关镇", 318.4, "人") not in rows
    assert ("石桥镇", 1460.0, "人") in rows
    assert len([r for r in rows if r[1] is not None]) == 8


# ------------------------------------------------------------------------------- headers of other places
@pytest.mark.parametrize(("cell", "role", "kind", "year", "growth"), [
    ("工作类别", "category", "", None, False),
    ("调幅", "value", "", None, True),
    ("2023-24", "value", "", 2024, False),  # (a financial year is read as the year it ends in, flagged)
    ("2024-25(计划)", "value", "target", 2025, False),
    ("2022-23年度", "value", "", 2023, False),
    ("2021-2025", "value", "", 2025, False),  # (a span of years, no financial year)
])
def test_header_words_of_work_plans_and_of_hong_kong_and_taiwan_tables(cell, role, kind, year, growth):
    from cmp.extract.table_layouts import header_role
    col = header_role(cell)
    assert col is not None and (col.role, col.kind, col.year, col.growth) == (role, kind, year, growth)
    assert col.fiscal_year is (cell in ("2023-24", "2024-25(计划)", "2022-23年度"))


LEADERS = ("指标\n"
           "                                          2022-23    2023-24    2024-25\n"
           "                                          (实际)     (实际)     (预算)\n"
           "  综援个案数目 ....................   201 330    198 742    196 000\n"
           "  长者生活津贴 ....................   560 118    577 902    590 000\n"
           "  综援计划开支(百万元) ............  18 420.5   19 106.3   19 800.0\n")


def test_a_table_of_leaders_under_financial_years_with_their_kinds_on_the_next_line():
    report = {"jurisdiction": "澄港", "file": "cg.txt", "doc_kind": "work_report", "period": "2024",
              "published": "2024-10-15"}
    rows = table_rows(LEADERS, report, "label", "kind", "year", "value", "unit", "flags")
    got = {(r[0], r[2]): (r[1], r[3], r[4]) for r in rows}
    assert got[("综援个案数目", 2023)] == ("actual", 201330.0, "")
    assert got[("长者生活津贴", 2025)] == ("target", 590000.0, "")  # (2024-25 over (预算): planned)
    # (the leader of dots is no part of the label, whose unit then reads: 百万元)
    assert got[("综援计划开支(百万元)", 2024)] == ("actual", 19106300000.0, "元")
    assert all("fiscal_year" in r[5] for r in rows) and len(rows) == 9


# ------------------------------------------------------------------------------- a Word table, a cell per line
DOCX = ("表1  主要指标实施进展情况\n\n"
        "序号\n指标\n“十四五”规划目标\n\n实施进展\n\n\n进展评价\n\n"
        "\n\n2025年\n属性\n2022年\n2023年\n2024年\n\n\n"
        "\n\n目标值\n\n\n\n上半年\n\n\n"
        "1\n养老床位总数（张）\n5200\n预期性\n4310\n4560\n4702\n符合进度\n\n"
        "2\n护理型床位占比（%）\n≥58\n约束性\n46.5\n51.2\n53.0\n符合进度\n\n"
        "3\n老年助餐点（个）\n140\n预期性\n72\n101\n118\n超前\n\n"
        "注：2024年为上半年数。\n")


def test_a_word_table_a_cell_per_line_with_a_blank_line_after_each_row_reads_as_a_grid():
    review = REPORT | {"period": "2024", "published": "2024-08-20"}
    rows = table_rows(DOCX, review, "label", "kind", "year", "value", "comparator")
    # (a header over three grid lines: 规划目标 over 2025年 over 目标值, 实施进展 spanning 2022年 | 2023年 | 2024年
    # over 上半年; the empty cells are blank lines and so is each row's end)
    assert ("养老床位总数（张）", "target", 2025, 5200.0, "=") in rows
    assert ("养老床位总数（张）", "actual", 2022, 4310.0, "=") in rows
    assert ("护理型床位占比（%）", "target", 2025, 58.0, ">=") in rows
    assert ("老年助餐点（个）", "actual", 2024, 118.0, "=") in rows
    assert len(rows) == 12 and not any(r[3] in (1.0, 2.0, 3.0) for r in rows)


def test_cells_a_blank_line_apart_are_no_grid_of_rows():
    from cmp.extract.table_body import _Lines
    from cmp.extract.table_docx_grid import docx_grids
    from cmp.extract.table_layouts import Cell
    text = ["类别", "", "序号", "", "指标", "", "2020年", "", "2025年", "", "社会救助", "", "1", "", "低保标准",
            "", "680", "", "760", "", "养老服务", "", "2", "", "床位数", "", "3200", "", "3600", ""]
    offsets = [sum(len(t) + 1 for t in text[:i]) for i in range(len(text))]
    doc = _Lines(text, offsets, [[Cell(t, o, o + len(t), i + 1)] if t else [] for i, (t, o) in
                                 enumerate(zip(text, offsets, strict=True))])
    before = [list(c) for c in doc.cells]
    docx_grids(doc)
    assert doc.cells == before


TAB_SHEET = ("指标名称\t计量\t本月\t本年\t上年\t同比增减\t\n"
             "\t单位\t\t累计\t同期\t（%）\t\n"
             "甲\t乙\t1\t2\t3\t4\t\n"
             "城市低保人数\t人\t1,820\t\t1,905\t-4.5\t\n"
             "临时救助人次\t人次\t96\t610\t655\t-6.9\t\n"
             "\t\t\t\t\t\t\n"
             "年度\t资金投入\t\t备注\n"
             "\t低保资金\t其中：省级补助\t\n"
             "2022年\t88.5\t20.1\t\n"
             "2023年\t92.4\t21.6\t快报数\n")


def test_a_sheet_saved_as_tab_separated_text_drops_only_the_empty_cells_beyond_its_table():
    monthly = REPORT | {"period": "2024", "published": "2024-07-10"}
    rows = table_rows(TAB_SHEET, monthly, "label", "year", "value", "quote")
    # (each line ends with an empty cell beyond the table: 1,820 stays 本月's, 1,905 上年同期's, -4.5 the change's)
    assert ("城市低保人数", 2024, 1820.0, "1,820") in rows and ("城市低保人数", 2023, 1905.0, "1,905") in rows
    assert ("城市低保人数", 2024, -4.5, "-4.5") in rows and ("临时救助人次", 2024, 610.0, "610") in rows
    # (a table whose 备注 column is mostly empty keeps it: its header names it)
    # (years as rows under 资金投入 over 低保资金 | 其中：省级补助)
    assert ("资金投入低保资金", 2023, 92.4, "92.4") in rows and ("资金投入省级补助", 2022, 20.1, "20.1") in rows
