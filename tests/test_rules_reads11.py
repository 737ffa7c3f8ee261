"""Reading rules of issue 10 drawn from held-out sets ce-ch (every place and number here is invented: 青川市,
梧桐区). Tables: a department's final-accounts form (spanning header cells, a line numbering the columns, codes,
cells left blank, the title repeated at a page break)."""

from __future__ import annotations

import pytest

from tests.test_rules_reads5 import PLAN, REPORT, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")


# ------------------------------------------------------------------------------- a final-accounts form
ACCOUNTS = ("梧桐区民政局2024年度财政拨款支出决算表\n"
            "部门：梧桐区民政局                                      单位：万元\n"
            "──────────────────────────────────────────────────────────────────\n"
            "      项        目               上年结转          本 年 支 出\n"
            " 科 目 代 码    科 目 名 称                    小  计    人员经费   公用经费\n"
            "   栏次                              1           2          3          4\n"
            "──────────────────────────────────────────────────────────────────\n"
            "               总    计             40.10       520.00     300.00     220.00\n"
            " 20801       民政综合事务           30.00       410.50     300.00     110.50\n"
            " 2080109     社区养老服务支出       10.10       109.50                109.50\n"
            "\n"
            "                                  — 3 —\n"
            "财政拨款支出决算表（续）                                   单位：万元\n"
            "──────────────────────────────────────────────────────────────────\n"
            "      项        目               上年结转          本 年 支 出\n"
            " 科 目 代 码    科 目 名 称                    小  计    人员经费   公用经费\n"
            "──────────────────────────────────────────────────────────────────\n"
            " 20899       其他民政支出" + " " * 24 + "75.25      75.25\n")


def test_a_final_accounts_form_reads_each_cell_under_the_column_its_spanning_header_gives():
    rows = table_rows(ACCOUNTS, REPORT, "label", "kind", "qualifier", "value", "quote")
    assert all(r[1] == "actual" for r in rows)
    got = [(r[0].replace(" ", ""), r[2], r[3]) for r in rows]
    assert ("总计", "小计", 5200000.0) in got
    assert ("民政综合事务", "人员经费", 3000000.0) in got
    assert ("民政综合事务", "公用经费", 1105000.0) in got
    # (a long label reaching into the gap before the first figures; a blank 人员经费 cell: the last figure is 公用经费)
    assert ("社区养老服务支出", "公用经费", 1095000.0) in got
    assert ("社区养老服务支出", "人员经费", 1095000.0) not in got
    # (after the page break: the title repeated with （续） and its unit is no row; a blank 上年结转 cell)
    assert ("其他民政支出", "小计", 752500.0) in got and ("其他民政支出", "人员经费", 752500.0) in got
    assert not any("单位" in r[0] or "续" in r[0] for r in rows)
    # (the 栏次 line numbers the columns: no row; the codes are no values)
    assert not any(r[4] in ("1", "2", "3", "4") or r[3] in (20801.0, 2080109.0, 20899.0) for r in rows)
    assert len(rows) == 4 + 4 + 3 + 2


@pytest.mark.parametrize(("line", "numbers"), [
    (("栏次", "1", "2", "3"), True), (("甲", "乙", "1", "2"), True), (("行次", "1", "2", "4"), False),
    (("合计", "1", "2", "3"), False),
])
def test_a_line_numbering_a_forms_columns_opens_with_its_letters_or_a_word_for_it(line, numbers):
    from cmp.extract.table_body import _column_numbers
    from cmp.extract.table_layouts import Cell
    assert _column_numbers([Cell(t, 0, len(t), 1) for t in line]) is numbers


@pytest.mark.parametrize(("line", "continued"), [
    ("续表", True), ("（续表2）", True), ("救助支出决算表（续）          单位：万元", True),
    ("救助支出决算表（续）", True), ("救助支出决算表（2024年）          单位：万元", False),
    ("本表反映部门本年度实际支出情况（续）。", False),
])
def test_a_title_repeated_with_a_continued_mark_and_its_unit_says_the_table_goes_on(line, continued):
    from cmp.extract.table_breaks import _continued
    assert _continued(line) is continued


# ------------------------------------------------------------------------------- a box header with a spanning cell
BOX_SPAN = ("表2　青川縣身心障礙福利概況\n"
            "┌──────────────────┬─────────┬─────────┬────────┬────────┐\n"
            "│                  │         │         │  113年底較112年底 │\n"
            "│     項　目　別   │ 112年底 │ 113年底 ├────────┬────────┤\n"
            "│                  │         │         │ 增減數 │增減率(%)│\n"
            "├──────────────────┼─────────┼─────────┼────────┼────────┤\n"
            "│身心障礙者(人)    │  12,310 │  12,655 │    345 │   2.80 │\n"
            "│  日間照顧據點(處)│      18 │      21 │      3 │  16.67 │\n"
            "└──────────────────┴─────────┴─────────┴────────┴────────┘\n")
STATS_TW = {"jurisdiction": "青川縣", "file": "qc_tw.txt", "doc_kind": "statistical_bulletin", "period": "2024",
            "published": "2025-02-20"}


def test_a_box_header_cell_spanning_two_columns_over_a_rule_drawn_inside_its_line_names_both():
    rows = table_rows(BOX_SPAN, STATS_TW, "label", "kind", "year", "value", "flags")
    got = [(r[0], r[1], r[2], r[3]) for r in rows]
    assert got == [("身心障礙者(人)", "actual", 2023, 12310.0), ("身心障礙者(人)", "actual", 2024, 12655.0),
                   ("身心障礙者(人)", "actual", 2024, 345.0), ("身心障礙者(人)", "actual", 2024, 2.8),
                   ("日間照顧據點(處)", "actual", 2023, 18.0), ("日間照顧據點(處)", "actual", 2024, 21.0),
                   ("日間照顧據點(處)", "actual", 2024, 3.0), ("日間照顧據點(處)", "actual", 2024, 16.67)]
    flags = [set(r[4].split(";")) for r in rows]
    assert "change" in flags[2] and "growth_rate" in flags[3] and "change" not in flags[1]


def test_a_rule_drawn_inside_a_boxed_line_separates_cells_and_keeps_offsets():
    from cmp.extract.table_layouts import line_cells
    line = "│ 項目 │ 2024年 ├──────┬──────┤"
    cells = line_cells(line, 10, 1)
    assert [c.text for c in cells] == ["項目", "2024年", "", ""]
    assert line[cells[1].start - 10:cells[1].end - 10] == "2024年"


@pytest.mark.parametrize(("header", "year", "growth", "change"), [
    ("2024年底较2023年底增减数", 2024, False, True), ("113年底较112年底增减率(%)", 2024, True, False),
    ("2024年末比2023年末增长(%)", 2024, True, False), ("较2023年底增减", None, False, True),
])
def test_a_change_over_a_year_end_is_of_the_first_year_printed(header, year, growth, change):
    from cmp.extract.table_layouts import header_role
    col = header_role(header)
    assert col is not None and (col.year, col.growth, col.change) == (year, growth, change)


# ------------------------------------------------------------------------------- tabs and inline English glosses
TAB_GLOSSED = ("表三　梧桐區長者社區照顧服務使用者按居住狀況劃分（截至2024年3月31日）\n"
               "居住狀況組別 Living arrangement\t使用者人數 No. of users\t佔總數百分比 % of total\n"
               "獨居 Living alone\t1 204\t31.5\n"
               "與配偶同住 With spouse only\t1 630\t42.6\n"
               "總數 Total\t3 826\t100.0\n")


def test_a_tab_separated_table_with_english_glosses_inside_its_cells_reads_each_measure():
    rows = table_rows(TAB_GLOSSED, REPORT, "label", "year", "value", "qualifier", "quote")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("獨居", 2024, 1204.0), ("獨居", 2024, 31.5), ("與配偶同住", 2024, 1630.0),
        ("與配偶同住", 2024, 42.6), ("總數", 2024, 3826.0), ("總數", 2024, 100.0)]
    assert [r[4] for r in rows[:2]] == ["1 204", "31.5"]


@pytest.mark.parametrize(("line", "cells"), [
    ("年老 Old age\t4 386\t58.8", ["年老", "4 386", "58.8"]),  # (a tab ends the gloss: the figures stay)
    ("床位数 Beds  1 200\t3.5", ["床位数", "1 200", "3.5"]),
    ("个案类别 Case nature\t占总数百分比 % of total", ["个案类别", "占总数百分比"]),
])
def test_an_inline_gloss_is_blanked_up_to_the_next_cell_only(line, cells):
    import re

    from cmp.extract.table_layouts import without_gloss
    out = without_gloss(line)
    assert [c for c in re.split(r"\t|\s{2,}", out.strip()) if c.strip()] == cells


# ------------------------------------------------------------------------------- a total row without a number
CELLS_TOTAL = ("表3 梧桐区养老服务重点项目\n"
               "序号\n项目名称\n总投资（万元）\n建设年限\n责任单位\n"
               "1\n区福利中心改造\n3200\n2022—2024年\n区民政局\n"
               "2\n社区养老服务站\n1800\n2021—2025年\n各街道办事处\n"
               "合计\n5000\n")


def test_a_total_row_printed_without_a_number_ends_a_numbered_table_of_one_cell_per_line():
    rows = table_rows(CELLS_TOTAL, PLAN, "label", "kind", "year", "value", "row_no", "flags")
    assert [(r[0], r[3], r[4]) for r in rows] == [("区福利中心改造", 32000000.0, 1), ("社区养老服务站", 18000000.0, 2),
                                                  ("合计", 50000000.0, None)]
    assert all("extra_cell" not in r[5] for r in rows)


# ------------------------------------------------------------------------------- a growth row under rows of years
YEARS_GROWTH = ("表4 青川市民政主要指标分年度目标\n"
                "年份\t城市低保标准（元/人·月）\t登记社会组织（个）\t持证社会工作者占比（%）\n"
                "2020年（基期）\t700\t410\t12\n"
                "2023年\t780\t450\t15\n"
                "2025年\t850\t480\t18\n"
                "年均增长（%）\t4.0\t3.2\t—\n")


def test_a_row_of_growth_under_rows_of_years_gives_rates_of_the_last_year_in_percent():
    rows = table_rows(YEARS_GROWTH, PLAN, "label", "kind", "year", "value", "unit", "flags")
    grown = [r for r in rows if "growth_rate" in r[5].split(";")]
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in grown] == [
        ("城市低保标准(元/人·月)", "target", 2025, 4.0, "%"), ("登记社会组织(个)", "target", 2025, 3.2, "%"),
        ("持证社会工作者占比(%)", "target", 2025, None, "%")]
    assert ("城市低保标准(元/人·月)", "target", 2025, 850.0, "元/人/月") in [r[:5] for r in rows]
    assert all("unparsed" not in r[5] for r in rows)


# ------------------------------------------------------------------------------- a header line that wraps up and down
THREE_LINES = ("附件  青川市2024年民政主要指标\n"
               "                                                                  2024年比\n"
               "      指 标 名 称              计量单位       2024年       2023年       2023年\n"
               "                                                                  增减(%)\n"
               "           甲                     乙             1            2            3\n"
               "城市低保对象                      万人          12.40        13.10        -5.3\n"
               "养老服务床位                      万张           6.52         6.18         5.5\n")


def test_a_header_line_naming_columns_alone_still_takes_the_words_above_and_below_its_last_cell():
    rows = table_rows(THREE_LINES, STATS_TW | {"jurisdiction": "青川市", "script": "simplified"},
                      "label", "kind", "year", "value", "unit", "flags")
    rates = [r for r in rows if "growth_rate" in r[5]]
    assert [(r[0], r[2], r[3], r[4]) for r in rates] == [("城市低保对象", 2024, -5.3, "%"),
                                                         ("养老服务床位", 2024, 5.5, "%")]
    assert ("城市低保对象", "actual", 2023, 131000.0, "人") in [r[:5] for r in rows]
    assert len(rows) == 6  # (the 甲 乙 1 2 3 line numbers the columns)


# ------------------------------------------------------------------------------- an annex leaves the last section
ANNEX = ("梧桐区2024年民政事业发展统计公报\n\n"
         "一、社会救助\n\n    年末全区城市低保对象1.2万人。\n\n"
         "二、2025年主要目标\n\n    2025年，全区计划新增养老床位300张。\n\n"
         "附件\n\n"
         "梧桐区2024年民政主要指标\n"
         "指标名称\t2023年\t2024年\n"
         "养老床位（张）\t3100\t3350\n")


def test_an_annex_on_a_line_of_its_own_leaves_the_time_role_of_the_last_section_behind():
    from cmp.extract.structure import heading_of
    rows = table_rows(ANNEX, REPORT, "label", "kind", "year", "value")
    assert rows == [("养老床位（张）", "actual", 2023, 3100.0), ("养老床位（张）", "actual", 2024, 3350.0)]
    assert heading_of("附件") is not None and heading_of("附表2") is not None
    assert heading_of("附件：梧桐区主要指标完成情况表") is None  # (a title after it may say what follows the table too)


# ------------------------------------------------------------------------------- 項次, and a budget's 比較增減
TW_CELLS = ("表1　113年度績效指標\n\n項次\n績效指標\n單位\n112年\n實際值\n113年\n目標值\n\n"
            "1\n長照據點服務人次\n人次\n52,310\n55,000\n\n"
            "2\n身心障礙者就業媒合率\n％\n41.2\n45\n\n"
            "表2　113年度歲出預算\n單位：新臺幣千元\n\n工作計畫名稱\n113年度\n預算數\n112年度\n預算數\n比較增減\n\n"
            "老人福利業務\n120,400\n118,900\n1,500\n\n"
            "兒童福利業務\n86,200\n88,000\n-1,800\n")
TW_PLAN = {"jurisdiction": "青川縣", "file": "qc_plan_tw.txt", "doc_kind": "annual_plan", "period": "2024",
           "published": "2023-12-20", "script": "traditional"}


def test_a_row_number_column_called_xiangci_and_a_budgets_comparison_column_keep_the_cells_in_place():
    rows = table_rows(TW_CELLS, TW_PLAN, "label", "kind", "year", "value", "flags")
    got = [r[:4] for r in rows]
    assert ("長照據點服務人次", "actual", 2023, 52310.0) in got and ("長照據點服務人次", "target", 2024, 55000.0) in got
    assert ("身心障礙者就業媒合率", "target", 2024, 45.0) in got
    assert ("老人福利業務", "target", 2024, 120400000.0) in got and ("老人福利業務", "target", 2023, 118900000.0) in got
    change = [r for r in rows if r[0] == "兒童福利業務" and "change" in r[4]]
    assert [r[1:4] for r in change] == [("target", 2024, -1800000.0)]
    assert not any(r[3] in (1.0, 2.0) for r in rows)  # (the row numbers are no values)


# ------------------------------------------------------------------------------- a dated group over what it counts
PIPE_BUDGET = ("表3 梧桐区民政局2025年一般公共预算支出表\n"
               "单位：万元\n"
               "| 科目编码 | 科目名称 | 2025年预算数 | | | 2024年预算数 | 比较增减 |\n"
               "|---|---|---|---|---|---|---|\n"
               "| | | 合计 | 基本支出 | 项目支出 | | |\n"
               "| 208 | 社会保障和就业支出 | 880.50 | 120.00 | 760.50 | 850.00 | 30.50 |\n"
               "| 2080201 | 行政运行 | 120.00 | 120.00 | | 115.20 | 4.80 |\n"
               "| 210 | 卫生健康支出 | | | | | |\n"
               "| 2101101 | 行政单位医疗 | 12.30 | 12.30 | | 11.90 | 0.40 |\n")


def test_a_dated_budget_group_over_what_it_counts_names_each_column_and_codes_are_no_values():
    meta = REPORT | {"doc_kind": "annual_plan", "period": "2025", "published": "2025-02-10"}
    rows = table_rows(PIPE_BUDGET, meta, "label", "kind", "year", "value", "qualifier", "flags")
    got = [r[:5] for r in rows]
    assert ("社会保障和就业支出", "target", 2025, 7605000.0, "项目支出") in got
    assert ("行政运行", "target", 2025, 1200000.0, "基本支出") in got
    assert ("行政运行", "target", 2024, 1152000.0, "") in got
    assert not any(r[3] in (2100000.0, 208.0 * 1e4, 2080201.0 * 1e4) for r in rows)  # (subject codes)
    assert all(r[3] is None for r in rows if r[0] == "卫生健康支出")  # (a group row of a code and a name)


# ------------------------------------------------------------------------------- a spanning cell's rule inside a line
RULED = ("表5  分区特困人员和临时救助情况（2024年）\n\n"
         "                       特困人员供养                  临时救助\n"
         "    区    别      ────────────────────    ────────────────────\n"
         "                    人数        资金            人次        资金\n"
         "全    区           1,820      2,410.5          5,260       980.0\n"
         "  东城街道           640        855.0          2,110       402.5\n"
         "  西城街道         1,180      1,555.5          3,150       577.5\n\n"
         "注：人数单位为人，人次单位为人次，资金单位为万元。\n")
RULED_YEAR = ("附表  青川市民政主要统计指标\n\n"
              "                                          2024年\n"
              "        指    标              2023年   ─────────────────\n"
              "                                        绝对数   比上年增减(%)\n"
              "一、养老服务\n"
              "  养老床位(张)                 5200      5610        7.9\n"
              "  养老机构(个)                   41        44        7.3\n")


def test_a_rule_under_a_spanning_cell_drawn_inside_a_header_line_gives_the_cell_to_the_columns_under_it():
    rows = table_rows(RULED, REPORT, "label", "kind", "year", "value", "unit", "qualifier")
    got = [(r[0].replace(" ", ""), r[3], r[4], r[5]) for r in rows]
    assert ("全区", 1820.0, "人", "特困人员供养人数") in got
    assert ("全区", 24105000.0, "元", "特困人员供养资金") in got
    assert ("东城街道", 2110.0, "人次", "临时救助人次") in got and ("西城街道", 5775000.0, "元", "临时救助资金") in got
    assert len(rows) == 12 and all(r[1:3] == ("actual", 2024) for r in rows)
    rows = table_rows(RULED_YEAR, REPORT, "label", "kind", "year", "value", "flags")
    got = [r[:4] for r in rows]
    assert got[:3] == [("养老床位(张)", "actual", 2023, 5200.0), ("养老床位(张)", "actual", 2024, 5610.0),
                       ("养老床位(张)", "actual", 2024, 7.9)]
    assert "growth_rate" in rows[2][4] and len(rows) == 6


def test_a_note_naming_each_columns_unit_gives_it_to_the_columns_whose_header_ends_with_that_word():
    from cmp.extract.table_layouts import Column
    from cmp.extract.table_notes import named_column_units
    cols = [Column("indicator", "区别"), Column("value", "供养人数", measure="供养人数"),
            Column("value", "供养资金", measure="供养资金"), Column("value", "增长(%)", growth=True, unit="%")]
    named_column_units(cols, ["注：人数单位为人，资金单位为万元。"])
    assert [c.unit for c in cols] == ["", "人", "万元", "%"]


# ------------------------------------------------------------------------------- groups over repeated parts, per line
CELLS_GROUPED = ("表6 梧桐区2024年各季度补贴发放情况\n单位：万元\n"
                 "季度\n养老服务补贴\n高龄津贴\n本季\n累计\n本季\n累计\n"
                 "第一季度\n120.5\n120.5\n80.0\n80.0\n"
                 "第二季度\n130.0\n250.5\n82.5\n162.5\n")


def test_a_one_cell_per_line_header_of_groups_over_repeated_parts_names_each_column_by_both():
    rows = table_rows(CELLS_GROUPED, REPORT, "label", "kind", "year", "value", "qualifier")
    assert len(rows) == 8 and all(r[1:3] == ("actual", 2024) for r in rows)
    assert [r[3] for r in rows[:4]] == [1205000.0, 1205000.0, 800000.0, 800000.0]
    assert [r[3] for r in rows[4:]] == [1300000.0, 2505000.0, 825000.0, 1625000.0]
    assert [r[4] for r in rows[4:]] == ["养老服务补贴本季", "养老服务补贴累计", "高龄津贴本季", "高龄津贴累计"]


# ------------------------------------------------------------------------------- bilingual cells, one per line
HK_CELLS = ("表1：梧桐區長者服務名額\n"
            "服務類別 Service type\n2023年3月底 As at end-March 2023\n2024年3月底 As at end-March 2024\n"
            "按年變動 Year-on-year change\n"
            "日間護理 Day care\n1 120\n1 186\n+5.9%\n"
            "家居照顧 Home care\n2 304\n2 251\n-2.3%\n\n"
            "表2：梧桐區津貼發放款項\n(百萬港元 HK$ million)\n"
            "計劃 Scheme\n2022年\n2023年\n"
            "高齡津貼 Old Age Allowance\n88.4\n91.0\n"
            "傷殘津貼 Disability Allowance\n40.2\n41.5\n")
HK_REPORT = {"jurisdiction": "梧桐區", "file": "wt_hk.txt", "doc_kind": "statistical_bulletin", "period": "2024",
             "published": "2024-06-01", "script": "traditional"}


def test_bilingual_one_cell_per_line_headers_name_their_rows_in_words_no_role_holds():
    rows = table_rows(HK_CELLS, HK_REPORT, "label", "kind", "year", "value", "unit", "flags")
    got = [r[1:5] for r in rows]
    assert [g[:3] for g in got[:4]] == [("actual", 2023, 1120.0), ("actual", 2024, 1186.0), ("actual", 2024, 5.9),
                                        ("actual", 2023, 2304.0)]
    assert got[2][3] == "%"
    assert "growth_rate" in rows[2][5]
    money = [r for r in rows if r[0].startswith("高齡津貼")]
    assert [(r[1], r[2], r[3], r[4]) for r in money] == [("actual", 2022, 88400000.0, "港元"),
                                                         ("actual", 2023, 91000000.0, "港元")]
    assert not any(r[1] == "target" for r in rows)  # (計劃 Scheme names the rows: no plan's column)


# ------------------------------------------------------------------------------- a yearbook's tab tables (Macau)
MO_TABS = ("3.1\t梧桐區社會服務支出\n\n千澳門元\t'000 MOP\n\t2021\t2022\t2023\n"
           "總數\t410 220\t425 118r\t440 905\nTotal\n"
           "長者服務\t120 300\t126 410\t131 002p\nServices for the elderly\n\n"
           "3.2\t按人數統計之受助家團\n"
           "家團人數\t2022年12月\t2023年12月\nHousehold size\tDec. 2022\tDec. 2023\n"
           "1人\t640\t612\n1 pessoa / 1 person\n"
           "2人\t2 016\t1 980\n2 pessoas / 2 persons\n")


def test_a_yearbooks_tab_tables_read_bare_years_revision_marks_and_labels_that_look_like_figures():
    rows = table_rows(MO_TABS, HK_REPORT | {"period": "2023"}, "label", "year", "value", "unit", "flags")
    money = [r for r in rows if r[3] == "澳门元" and r[2] is not None]
    assert [(r[0], r[1], r[2]) for r in money] == [
        ("總數", 2021, 410220000.0), ("總數", 2022, 425118000.0), ("總數", 2023, 440905000.0),
        ("長者服務", 2021, 120300000.0), ("長者服務", 2022, 126410000.0), ("長者服務", 2023, 131002000.0)]
    assert "revision_mark" in money[1][4] and "revision_mark" in money[5][4] and "revision_mark" not in money[0][4]
    sizes = [(r[0], r[1], r[2]) for r in rows if r[0] in ("1人", "2人")]
    assert sizes == [("1人", 2022, 640.0), ("1人", 2023, 612.0), ("2人", 2022, 2016.0), ("2人", 2023, 1980.0)]
    assert not any(r[2] in (1.0, 2.0) for r in rows)  # (1人 and 2人 are the rows' names, no figures)


@pytest.mark.parametrize(("cell", "value", "marked"), [
    ("845 520r", 845520.0, True), ("3 050p", 3050.0, True), ("12.5r", 12.5, True), ("apr", None, False),
    ("2r人", None, False),
])
def test_a_letter_after_a_number_marks_it_revised_or_provisional(cell, value, marked):
    from cmp.extract.numbers import parse_cell
    q = parse_cell(cell)[0]
    assert q.value == value and ("revision_mark" in q.flags) is marked


# ------------------------------------------------------------------------------- a table inside a drawn 专栏 frame
FRAMED = ("┌────────────────────────────────────────────┐\n"
          "│          专栏2  社区养老服务设施建设工程         │\n"
          "│                                                    │\n"
          "│  建设内容                单位    2020年现状   2025年目标  │\n"
          "│  社区养老服务站          个        18           40        │\n"
          "│  老年助餐点              个        22           55        │\n"
          "└────────────────────────────────────────────┘\n")


def test_a_spaced_table_inside_a_drawn_frame_reads_as_without_it_its_first_column_of_what_is_built_naming_rows():
    rows = table_rows(FRAMED, PLAN, "label", "kind", "year", "value", "unit")
    assert rows == [("社区养老服务站", "baseline", 2020, 18.0, "个"), ("社区养老服务站", "target", 2025, 40.0, "个"),
                    ("老年助餐点", "baseline", 2020, 22.0, "个"), ("老年助餐点", "target", 2025, 55.0, "个")]
    from cmp.extract.table_breaks import _unframed
    assert _unframed("│a│b│") == "│a│b│" and _unframed("| 指标名称 |") == "| 指标名称 |"


# ------------------------------------------------------------------------------- rows named in words no role holds
TW_SPACED = ("表2  青川縣長期照顧服務使用人數－按失能等級分\n"
             "                                                         單位：人；%\n"
             "失能等級別                          111年底          112年底        增減率（%）\n"
             "Disability level                End of 2022      End of 2023         Change (%)\n"
             "總計  Total                           4,210            4,535               7.72\n"
             "輕度  Mild                            1,806            1,950               7.97\n"
             "中度  Moderate                        1,290            1,342               4.03\n")


def test_a_spaced_header_whose_first_cell_names_the_rows_in_other_words_reads_its_dated_and_growth_columns():
    rows = table_rows(TW_SPACED, HK_REPORT | {"period": "2023"}, "label", "kind", "year", "value", "flags")
    got = [(r[0], r[2], r[3]) for r in rows]
    assert got[:3] == [("總計", 2022, 4210.0), ("總計", 2023, 4535.0), ("總計", 2023, 7.72)]
    assert ("中度", 2023, 1342.0) in got and all(r[1] == "actual" for r in rows)
    assert "growth_rate" in rows[2][4] and "growth_rate" not in rows[1][4]
    from cmp.extract.table_layouts import without_gloss
    line = "  占總戶數比率  % of all households     %          2.34"
    assert without_gloss(line).split() == ["占總戶數比率", "%", "2.34"]


# ------------------------------------------------------------------------------- stacked words over spanned columns
STACKED_SPAN = ("表1　青川縣身心障礙者及長照服務概況\n\n"
                "                  身 心 障 礙 者          長 照 服 務             長照服務\n"
                " 年(季)底別         人  數    比  率      個  案    人  次    涵蓋率\n"
                "                      (人)      (%)        (人)    (人次)       (%)\n"
                "──────────────────────────────────────────────────────────────────\n"
                " 111年底             5,310      4.12       1,820    9,640        58.2\n"
                " 112年底             5,402      4.20       1,996   10,215        61.5\n"
                " 113年第2季底        5,455      4.24       2,088   10,730        63.0\n")


def test_stacked_header_words_over_two_columns_each_span_them_and_rows_of_quarter_ends_are_their_years():
    rows = table_rows(STACKED_SPAN, HK_REPORT | {"period": "2024", "published": "2024-08-01"},
                      "label", "kind", "year", "value", "unit")
    got = [(r[0], r[2], r[3], r[4]) for r in rows]
    assert got[:5] == [("身心障碍者人数(人)", 2022, 5310.0, "人"), ("身心障碍者比率(%)", 2022, 4.12, "%"),
                       ("长照服务个案(人)", 2022, 1820.0, "人"), ("长照服务人次(人次)", 2022, 9640.0, "人次"),
                       ("长照服务涵盖率(%)", 2022, 58.2, "%")]
    assert ("长照服务人次(人次)", 2024, 10730.0, "人次") in got  # (113年第2季底: a row of 2024)
    assert len(rows) == 15 and all(r[1] == "actual" for r in rows)


# ------------------------------------------------------------------------------- a yearbook's ruled header, drifting
YEARBOOK = ("表9-2  青川市老人福利機構及獨居老人\n"
            "                                                            單位：所；人\n"
            "                     老人福利機構              獨居老人\n"
            "                 Welfare Institutions       Living alone    關懷訪視\n"
            "   年   別      ─────────────────────     人數          人次\n"
            "                   家數       床位數        Persons       Visits\n"
            "   Year       Institutions     Beds\n"
            " 111年  2022         14         1,210          3,406        41,276\n"
            " 112年  2023         15         1,288          3,512        43,020\n")


def test_a_yearbooks_ruled_header_over_rows_of_roc_years_glossed_by_ad_years_keeps_each_word_over_its_column():
    rows = table_rows(YEARBOOK, HK_REPORT | {"period": "2023"}, "label", "kind", "year", "value", "unit")
    got = [(r[0], r[2], r[3], r[4]) for r in rows]
    assert [g[:3] for g in got[:4]] == [("老人福利机构家数", 2022, 14.0), ("老人福利机构床位数", 2022, 1210.0),
                                        ("独居老人人数", 2022, 3406.0), ("关怀访视人次", 2022, 41276.0)]
    assert ("关怀访视人次", 2023, 43020.0) in [g[:3] for g in got] and all(r[1] == "actual" for r in rows)


def test_a_year_printed_twice_in_two_calendars_is_one_cell():
    from cmp.extract.table_layouts import roc_glossed
    assert roc_glossed("108年", "2019") and roc_glossed("112年底", "(2023)")
    assert not roc_glossed("108年", "2020") and not roc_glossed("2019", "2019")


RULED_DRIFT = ("表7  分区救助资金（2024年）\n\n"
               "                      城市低保                          农村低保\n"
               "    区    别     ─────────────────────        ───────────────────\n"
               "                  人数         资金                 人数            资金\n"
               "全    区          1,820      2,410.5              5,260          980.0\n"
               "  东城街道          640        855.0              2,110          402.5\n\n"
               "注：人数单位为人，资金单位为万元。\n")


def test_a_word_under_no_rule_when_every_column_is_spanned_goes_to_the_nearest_column():
    rows = table_rows(RULED_DRIFT, REPORT, "label", "value", "unit", "qualifier")
    got = [(r[0].replace(" ", ""), r[1], r[2], r[3]) for r in rows]
    assert got[:4] == [("全区", 1820.0, "人", "城市低保人数"), ("全区", 24105000.0, "元", "城市低保资金"),
                       ("全区", 5260.0, "人", "农村低保人数"), ("全区", 9800000.0, "元", "农村低保资金")]


# ------------------------------------------------------------------------------- longer figures, bold totals
RIGHT_ALIGNED = ("表4  梧桐区民政局2024年度财政拨款支出决算表\n"
                 "                                                   金额单位：万元\n"
                 "          项    目                                  本年支出\n"
                 "科目编码  科目名称                          合计      基本支出      项目支出\n"
                 "          合计                          2,410.55        300.20      2,110.35\n"
                 "20801     民政管理事务                    310.20        300.20         10.00\n"
                 "20810     社会福利                      1,032.76                    1,032.76\n"
                 "2081002   老年福利                        874.56                      874.56\n"
                 "2081004   殡葬                            158.20                      158.20\n"
                 "20819     最低生活保障                    535.25                      535.25\n"
                 "2081901   城市最低生活保障金支出          312.47                      312.47\n")


def test_a_longer_figure_starting_inside_the_blank_run_before_its_column_still_falls_in_its_column():
    meta = REPORT | {"period": "2024", "published": "2025-08-01"}
    rows = table_rows(RIGHT_ALIGNED, meta, "label", "value", "qualifier", "flags")
    welfare = [(r[1], r[2]) for r in rows if r[0] == "社会福利"]
    assert welfare == [(10327600.0, "合计"), (10327600.0, "项目支出")]
    assert not any("column_ambiguous" in r[3] for r in rows)


def test_a_bold_cell_of_a_markdown_table_reads_as_its_figure():
    text = "| 街道 | 养老服务站（个） |\n|---|---|\n| 东街 | 12 |\n| 西街 | 9 |\n| **合计** | **21** |\n"
    rows = table_rows(text, REPORT, "label", "value", "quote")
    assert rows[-1][1:] == (21.0, "**21**")


def test_a_boundary_run_ends_where_a_longer_figure_of_the_next_column_starts():
    from cmp.extract.table_align import column_bounds, line_chunks
    header = line_chunks("名称          合计")
    rows = [line_chunks(f"{name}            1{n}.5") for n, name in enumerate("甲乙丙丁戊")]
    rows.append(line_chunks("己          1,032.5"))
    (lo, hi), = column_bounds([(0, 4), (14, 18)], [header, *rows])
    assert lo <= 4 and hi == 12  # (1,032.5 starts at column 12: the run ends there)


def test_a_period_of_years_before_a_word_of_what_it_counts_is_a_column_of_its_last_year():
    from cmp.extract.table_layouts import header_role
    col = header_role("2021—2025年累计")
    assert col is not None and (col.role, col.year, col.measure) == ("value", 2025, "累计")
    text = ("专栏3  养老服务人才培训\n"
            "  培训类别               2021—2025年累计    其中2023年底前\n"
            "  养老护理员技能培训         1,500人次         800人次\n"
            "  养老院院长培训               60人次           30人次\n")
    rows = table_rows(text, PLAN, "label", "kind", "year", "value", "unit")
    assert rows[:2] == [("养老护理员技能培训", "target", 2025, 1500.0, "人次"),
                        ("养老护理员技能培训", "target", 2023, 800.0, "人次")]
    assert len(rows) == 4


# ------------------------------------------------------------------------------- a disclosure report's box tables
DISCLOSURE = ("二、主动公开政府信息情况\n\n"
              "┌────────────────┬──────────┬──────────┬──────────┐\n"
              "│    信息内容    │本年制发件│本年废止件│现行有效件│\n"
              "│                │    数    │    数    │    数    │\n"
              "├────────────────┼──────────┼──────────┼──────────┤\n"
              "│ 行政规范性文件 │    3     │    1     │    9     │\n"
              "├────────────────┼──────────┴──────────┴──────────┤\n"
              "│    信息内容    │   本年收费金额（单位：万元）   │\n"
              "├────────────────┼────────────────────────────────┤\n"
              "│ 行政事业性收费 │               2.5              │\n"
              "└────────────────┴────────────────────────────────┘\n")


def test_a_disclosure_reports_box_tables_read_this_years_counts_and_a_unit_said_in_the_header():
    rows = table_rows(DISCLOSURE, REPORT | {"period": "2024", "published": "2025-01-20"},
                      "label", "kind", "year", "value", "unit")
    assert rows == [("行政规范性文件", "actual", 2024, 3.0, ""), ("行政规范性文件", "actual", 2024, 1.0, ""),
                    ("行政规范性文件", "actual", 2024, 9.0, ""), ("行政事业性收费", "actual", 2024, 25000.0, "元")]


def test_a_box_table_ends_with_its_frame_when_nothing_of_the_box_follows():
    text = DISCLOSURE + ("\n三、收到申请情况\n\n"
                         "┌──────────┬──────────┐\n│ 新收申请 │   11     │\n├──────────┼──────────┤\n"
                         "│ 上年结转 │    1     │\n└──────────┴──────────┘\n")
    rows = table_rows(text, REPORT | {"period": "2024", "published": "2025-01-20"}, "label", "value", "table")
    assert not any(r[0] in ("新收申请", "上年结转") for r in rows if r[2] in ("T1", "T2"))


def test_a_page_number_between_two_parts_of_a_box_keeps_the_box_open():
    text = ("表1 梧桐区救助情况\n┌──────────┬──────────┐\n│ 项目     │ 2024年   │\n├──────────┼──────────┤\n"
            "│ 城市低保 │   410    │\n│ 特困供养 │   120    │\n└──────────┴──────────┘\n\n— 8 —\n\n"
            "┌──────────┬──────────┐\n│ 农村低保 │   920    │\n└──────────┴──────────┘\n")
    rows = table_rows(text, REPORT | {"period": "2024", "published": "2025-01-20"}, "label", "value", "table")
    assert rows == [("城市低保", 410.0, "T1"), ("特困供养", 120.0, "T1"), ("农村低保", 920.0, "T1")]


# ------------------------------------------------------------------------------- numbered rows wrapped over lines
WRAPPED_ROWS = ("附件\n\n          2024年民政重点工作任务完成情况表\n\n"
                "序号    工作任务              年度目标                  完成情况                    责任单位\n\n"
                "1       城乡低保提标          城市低保标准不低于每      城市提高至每人每月          社会救助科\n"
                "                              人每月820元               835元，7月1日起执行\n\n"
                "2       特困人员救助供养      集中供养率达到            集中供养率达到62.5%，       社会救助科\n"
                "                              60%                       设施全部完成改造\n\n"
                "3       发展家庭养老床位      新增1500张                新增1,620张                 养老服务科\n")


def test_numbered_rows_printed_over_several_lines_read_each_piece_with_the_rows_label_and_column():
    meta = REPORT | {"period": "2024", "published": "2025-01-15"}
    rows = table_rows(WRAPPED_ROWS, meta, "label", "kind", "year", "value", "quote")
    got = [r for r in rows if r[3] is not None]
    assert [(r[0], r[1], r[3], r[4]) for r in got] == [
        ("城乡低保提标", "target", 820.0, "820元"), ("城乡低保提标", "actual", 835.0, "835元"),
        ("特困人员救助供养", "target", 60.0, "60%"), ("特困人员救助供养", "actual", 62.5, "62.5%"),
        ("发展家庭养老床位", "target", 1500.0, "1500张"), ("发展家庭养老床位", "actual", 1620.0, "1,620张")]


# ------------------------------------------------------------------------------- 金額單位 over label：value lists
MONEY_LISTS = ("表一　113年度社會福利統計摘要\n資料截止日：113年12月31日　　　　金額單位：新臺幣萬元\n\n"
               "（一）社會救助\n低收入戶戶數：1,204戶\n低收入戶人數：2,980人\n生活扶助發放金額：5,210.5\n\n"
               "（二）老人福利\n65歲以上老年人口：21,060人\n社區照顧關懷據點：64處\n獨居老人列冊人數：512人\n"
               "敬老禮金發放金額：1,880.0\n")


def test_a_note_of_the_unit_of_sums_of_money_gives_it_to_the_money_rows_of_every_list_under_it():
    rows = table_rows(MONEY_LISTS, HK_REPORT | {"period": "2024", "published": "2025-03-01"},
                      "label", "value", "unit")
    got = {r[0]: (r[1], r[2]) for r in rows}
    assert got["生活扶助發放金額"] == (52105000.0, "新台币元") and got["敬老禮金發放金額"] == (18800000.0, "新台币元")
    assert got["低收入戶戶數"] == (1204.0, "户") and got["社區照顧關懷據點"] == (64.0, "处")


# ------------------------------------------------------------------------------- a web table's spans, cell per line
WEB_SPANS = ("| 梧桐区2024年10月救助情况统计表 |\n|\n|\n"
             "| 地　区 |\n城市低保 |\n|\n特困供养 |\n|\n|\n|\n"
             "保障人数 |\n当月支出 |\n集中供养 |\n分散供养 |\n"
             "单　位 |\n人 |\n万元 |\n人 |\n人 |\n"
             "全区合计 |\n3,120 |\n180.50 |\n410 |\n1,260 |\n|\n|\n|\n|\n|\n"
             "东街道 |\n1,500 |\n86.20 |\n200 |\n600 |\n|\n|\n|\n|\n|\n"
             "西街道 |\n1,620 |\n94.30 |\n210 |\n660 |\n")


def test_a_web_tables_spanning_words_flattened_one_cell_per_line_with_empty_cell_marks_name_the_columns():
    rows = table_rows(WEB_SPANS, REPORT | {"period": "2024", "published": "2024-11-05"},
                      "label", "value", "unit", "qualifier")
    assert rows[:4] == [("全区合计", 3120.0, "人", "城市低保保障人数"),
                        ("全区合计", 1805000.0, "元", "城市低保当月支出"),
                        ("全区合计", 410.0, "人", "特困供养集中供养"), ("全区合计", 1260.0, "人", "特困供养分散供养")]
    assert len(rows) == 12


# ------------------------------------------------------------------------------- a cross-tab's grid header, 3 lines
GRID3 = ("表16-2  分县区民政事业费支出（2023年）\n单位：万元\n"
         "县（区）\t合计\t社会福利\t社会救助\t\t\t民政管理\n"
         "\t\t\t小计\t#最低生活\t#特困人员\t事务\n"
         "\t\t\t\t保障\t救助供养\t\n"
         "全  市\t5,881.70\t1,395.00\t3,905.20\t2,914.70\t591.10\t581.50\n"
         "东城区\t1,120.50\t431.80\t538.60\t390.70\t61.20\t150.10\n")
GRID3_YEARS = ("| 项目 | 城市低保 | 新增养老 |\n| | 标准 | 床位 |\n| | (元/人·月) | (张) |\n"
               "| 2024年实绩 | 910 | 1620 |\n| 2025年目标 | ≥950 | 1500 |\n")


def test_a_cross_tabs_grid_header_over_three_lines_names_each_column_by_its_words_and_spanning_group():
    rows = table_rows(GRID3, REPORT | {"period": "2023", "published": "2024-09-01"}, "label", "value", "qualifier")
    assert [(r[1], r[2]) for r in rows[:6]] == [
        (58817000.0, "合计"), (13950000.0, "社会福利"), (39052000.0, "社会救助小计"),
        (29147000.0, "社会救助最低生活保障"), (5911000.0, "社会救助特困人员救助供养"), (5815000.0, "民政管理事务")]
    plan = REPORT | {"doc_kind": "annual_plan", "period": "2025", "published": "2025-02-01"}
    rows = table_rows(GRID3_YEARS, plan, "label", "kind", "year", "value")
    assert rows == [("城市低保标准(元/人·月)", "actual", 2024, 910.0), ("新增养老床位(张)", "actual", 2024, 1620.0),
                    ("城市低保标准(元/人·月)", "target", 2025, 950.0), ("新增养老床位(张)", "target", 2025, 1500.0)]


GRID_REMARKS = ("表2\t“十四五”期间民政资金投入情况\t\t\n\t\t\t单位：亿元\n"
                "年度\t资金投入\t\t备注\n\t民政事业费支出\t其中：福利彩票公益金\t\n"
                "2021年\t182.36\t14.52\t\n2022年\t190.47\t13.88\t\n2023年\t197.05\t15.26\t快报数\n")


def test_rows_of_years_under_a_grid_header_with_a_column_of_remarks_read_the_figures_only():
    meta = PLAN | {"doc_kind": "work_report", "published": "2024-03-01"}
    rows = table_rows(GRID_REMARKS, meta, "label", "kind", "year", "value")
    assert [r for r in rows if r[3] is not None][:2] == [("资金投入民政事业费支出", "actual", 2021, 18236000000.0),
                                                          ("资金投入福利彩票公益金", "actual", 2021, 1452000000.0)]
    assert len([r for r in rows if r[3] is not None]) == 6 and not any(r[0] == "备注" for r in rows)


# ------------------------------------------------------------------------------- a bilingual pipe header, glossed units
HK_PIPE = ("| 服務類別                 | 單位            | 2023年  | 2024年  | 變動(%)    |\n"
           "| Service                  | Unit            | 2023    | 2024    | Change (%) |\n"
           "|--------------------------|-----------------|---------|---------|------------|\n"
           "| 長者日間護理名額 Day care places | 個 places | 1 826 | 1 974 | +8.1 |\n"
           "| 義工服務時數 Volunteer hours | 千小時 '000 hrs | 1 284.6 | 1 352.0 | +5.2 |\n")


def test_a_bilingual_pipe_header_naming_its_rows_in_other_words_reads_glossed_units_and_skips_its_english_line():
    rows = table_rows(HK_PIPE, HK_REPORT | {"period": "2024", "published": "2025-03-01"},
                      "label", "year", "value", "unit", "flags")
    got = [(r[1], r[2], r[3]) for r in rows]
    assert got == [(2023, 1826.0, "个"), (2024, 1974.0, "个"), (2024, 8.1, "%"),
                   (2023, 1284600.0, "小时"), (2024, 1352000.0, "小时"), (2024, 5.2, "%")]
    from cmp.extract.table_layouts import latin_gloss
    assert latin_gloss("| Service | Unit | 2023 | 2024 | 2025 Target |")
    assert not latin_gloss("| Total | 12 | 34 | 56 |")


BOX_DATA = ("┌──────────────────┬────────┬─────────────────────┬────────┐\n"
            "│                  │        │     年 度 数 据     │ 增  幅 │\n"
            "│      指    标    │ 单 位  ├──────────┬──────────┤ （%）  │\n"
            "│                  │        │  2023年  │  2024年  │        │\n"
            "├──────────────────┼────────┼──────────┼──────────┼────────┤\n"
            "│ 城乡低保对象     │   人   │    5,862 │    5,514 │   -5.9 │\n"
            "├──────────────────┼────────┼──────────┼──────────┼────────┤\n"
            "│ 养老床位         │   张   │    4,210 │    4,585 │    8.9 │\n"
            "└──────────────────┴────────┴──────────┴──────────┴────────┘\n")


def test_a_box_header_word_no_role_holds_spanning_years_leaves_each_column_its_year():
    rows = table_rows(BOX_DATA, REPORT | {"period": "2024", "published": "2025-01-10"},
                      "label", "kind", "year", "value", "unit")
    assert rows[:3] == [("城乡低保对象", "actual", 2023, 5862.0, "人"), ("城乡低保对象", "actual", 2024, 5514.0, "人"),
                        ("城乡低保对象", "actual", 2024, -5.9, "%")]
    assert len(rows) == 6


MD_GROUP_UNIT = ("| 年份 | 婚姻登记(对) | | 粗结婚率 |\n| | 结婚登记 | 离婚登记 | (‰) |\n|---|---|---|---|\n"
                 "| 2022年 | 16843 | 5461 | 5.82 |\n| 2023年 | 18517 | 5836 | 6.41 |\n")


def test_a_markdown_grid_header_keeps_a_groups_unit_at_the_end_of_each_column_it_spans():
    rows = table_rows(MD_GROUP_UNIT, REPORT, "label", "year", "value", "unit")
    assert rows[:3] == [("婚姻登记结婚登记(对)", 2022, 16843.0, "对"), ("婚姻登记离婚登记(对)", 2022, 5461.0, "对"),
                        ("粗结婚率(‰)", 2022, 5.82, "‰")]
    assert len(rows) == 6
