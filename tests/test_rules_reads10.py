"""Reading rules of issue 10 drawn from held-out sets by-cd (every place and number here is invented: 青川市, 梧桐区).
Tables: a row-number header printed over two lines, columns of what a period or a year adds."""

from __future__ import annotations

import pytest

from tests.test_rules_reads5 import NEWS, PLAN, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")


# ------------------------------------------------------------------------------- a header over two lines
SPLIT_ROWNO = ("表1 主要指标\n\n"
               "序                                              指标\n"
               "号   指标                         2020    2025    属性\n"
               "1    城市低保标准（元/人·月）      700     ≥860    预期性\n"
               "2    社区养老服务设施覆盖率（%）   81      100     约束性\n"
               "3    持证社会工作者（人）          950     1600    预期性\n")


def test_a_row_number_header_printed_over_two_lines_still_opens_the_table():
    rows = table_rows(SPLIT_ROWNO, PLAN, "label", "kind", "year", "value")
    assert rows == [("城市低保标准（元/人·月）", "baseline", 2020, 700.0),
                    ("城市低保标准（元/人·月）", "target", 2025, 860.0),
                    ("社区养老服务设施覆盖率（%）", "baseline", 2020, 81.0),
                    ("社区养老服务设施覆盖率（%）", "target", 2025, 100.0),
                    ("持证社会工作者（人）", "baseline", 2020, 950.0), ("持证社会工作者（人）", "target", 2025, 1600.0)]


# ------------------------------------------------------------------------------- what a period adds
PERIOD_ADDS = ("表2 各区养老床位目标\n"
               "                                             单位：张\n"
               "区县        2020年现有       2025年目标       “十四五”新增\n"
               "东城区            1200            1500              300\n"
               "西城区             900            1260              360\n"
               "合计              2100            2760              660\n")


def test_a_column_of_what_the_period_adds_is_a_change_of_its_last_year_never_a_level():
    rows = table_rows(PERIOD_ADDS, PLAN, "label", "kind", "year", "value", "unit", "qualifier", "flags")
    added = [r for r in rows if r[5] == "十四五新增"]
    assert [r[:5] for r in added] == [("东城区", "target", 2025, 300.0, "张"), ("西城区", "target", 2025, 360.0, "张"),
                                      ("合计", "target", 2025, 660.0, "张")]
    assert all("change" in r[6].split(";") for r in added)
    assert ("东城区", "target", 2025, 1500.0, "张") in [r[:5] for r in rows]


@pytest.mark.parametrize(("header", "year", "change", "measure"), [
    ("2025年新增", 2025, True, ""), ("十四五期间新增", 2025, True, ""), ("“十四五”累计新增", 2025, True, ""),
    ("新增床位（张）", None, False, "新增床位"),  # (a word of what it counts after 新增: a measure)
])
def test_a_year_or_period_before_the_word_of_an_addition_makes_a_change_column(header, year, change, measure):
    from cmp.extract.table_layouts import header_role
    col = header_role(header)
    assert col is not None and (col.year, col.change, col.measure) == (year, change, measure)
    assert header_role("新增") is None  # (alone it names no column)


# ------------------------------------------------------------------------------- a Markdown heading ends a table
PIPE_THEN_HEADINGS = ("表3 重点项目\n\n"
                      "| 项目名称 | 总投资（万元） | 建设年限 |\n"
                      "|---|---|---|\n"
                      "| 市福利院迁建 | 5200 | 2021—2023 |\n"
                      "| 乡镇敬老院改造 | 1800 | 2022—2025 |\n"
                      "| 合计 | 7000 | — |\n\n"
                      "## 五、保障措施\n\n"
                      "### （一）强化组织领导\n")


def test_a_markdown_heading_after_a_table_is_no_label_wrapped_under_its_last_row():
    rows = table_rows(PIPE_THEN_HEADINGS, PLAN, "label", "year", "value")
    assert rows == [("市福利院迁建", 2023, 52_000_000.0), ("乡镇敬老院改造", 2025, 18_000_000.0),
                    ("合计", 2025, 70_000_000.0)]


# ------------------------------------------------------------------------------- a caption's year over
BULLETIN = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "statistical_bulletin", "period": "2023",
            "published": "2024-03-20"}
SPENDING = ("六、下一步工作\n\n"
            "　　2024年，全区将继续推进民政事业高质量发展。\n\n"
            "表4　2023年全区民政事业费支出构成\n"
            "项目\n金额（万元）\n占比（%）\n"
            "社会救助\n6400\n41.0\n"
            "养老服务\n5200\n33.3\n"
            "其他\n4000\n25.7\n\n"
            "附：主要指标解释\n"
            "　　1.社会救助支出：指用于最低生活保障、特困供养和临时救助的支出，含中央和省级补助资金。\n")


def test_a_caption_opening_with_a_year_already_over_gives_actuals_even_in_a_section_of_plans():
    rows = table_rows(SPENDING, BULLETIN, "label", "kind", "year", "value", "unit")
    assert rows == [("社会救助", "actual", 2023, 64_000_000.0, "元"), ("社会救助", "actual", 2023, 41.0, "%"),
                    ("养老服务", "actual", 2023, 52_000_000.0, "元"), ("养老服务", "actual", 2023, 33.3, "%"),
                    ("其他", "actual", 2023, 40_000_000.0, "元"), ("其他", "actual", 2023, 25.7, "%")]


def test_a_caption_year_still_to_come_or_a_caption_of_targets_leaves_the_section_to_decide():
    to_come = SPENDING.replace("表4　2023年", "表4　2024年")
    assert {r[0] for r in table_rows(to_come, BULLETIN, "kind")} == {"target"}
    planned = SPENDING.replace("支出构成", "支出预算")
    assert {r[0] for r in table_rows(planned, BULLETIN, "kind")} == {"target"}
    span = SPENDING.replace("表4　2023年", "表4　2022—2023年")
    assert {r[0] for r in table_rows(span, BULLETIN, "kind")} == {"target"}


def test_running_text_under_a_one_cell_per_line_table_ends_it():
    text = SPENDING.replace("附：主要指标解释\n", "").replace(
        "\n\n　　1.", "\n　　全区持续推进养老服务改革，推动机构等级评定，开展安全隐患排查整治，\n　　1.")
    rows = table_rows(text, BULLETIN, "label")
    assert len(rows) == 6 and all(len(r[0]) <= 4 for r in rows)


@pytest.mark.parametrize("line", ["—— 第 2 頁 ——", "— 第 1 頁，共 2 頁 —", "— 第2页 —", "第3页 共8页"])
def test_a_page_number_between_dashes_is_page_furniture(line):
    from cmp.ingest.normalize import normalize
    nt = normalize(f"正文。\n\n{line}\n\n第3页至第5页为附表。\n")
    assert nt.noise_lines == {3: "page_number"}


# ------------------------------------------------------------------------------- a year's plan as a row
REPORT = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "work_report", "period": "2024",
          "published": "2024-12-28"}
PLAN_AND_DONE = ("表1  梧桐区2024年养老服务计划与完成对照\n"
                 "────────────────────────────────────────\n"
                 "项目       新增床位    助餐点      适老化改造\n"
                 "           (张)        (个)        (户)\n"
                 "────────────────────────────────────────\n"
                 "年度计划   300         12          260\n"
                 "实际完成   318         12          271\n"
                 "完成比例   106.0%      100%        104.2%\n"
                 "────────────────────────────────────────\n")


def test_a_row_of_the_years_plan_under_columns_of_measures_holds_targets():
    rows = table_rows(PLAN_AND_DONE, REPORT, "label", "kind", "year", "value", "unit")
    assert rows[:3] == [("年度计划", "target", 2024, 300.0, "张"), ("年度计划", "target", 2024, 12.0, "个"),
                        ("年度计划", "target", 2024, 260.0, "户")]
    assert rows[3] == ("实际完成", "actual", 2024, 318.0, "张") and rows[6][1:] == ("actual", 2024, 106.0, "%")


# ------------------------------------------------------------------------------- a grid of projects
PROJECTS = ("表1　2024年梧桐区民政重点项目进展\n"
            "┌──────────────┬────────┬──────────┬──────────┬────────┐\n"
            "│项目名称      │总投资  │2024年计划│2024年完成│累计完成│\n"
            "│              │（亿元）│投资（万元）│投资（万元）│进度（%）│\n"
            "├──────────────┼────────┼──────────┼──────────┼────────┤\n"
            "│区养老服务中心│1.40    │5200      │5630      │85      │\n"
            "│社区助餐网点  │0.25    │900       │870       │100     │\n"
            "└──────────────┴────────┴──────────┴──────────┴────────┘\n")


def test_a_grid_header_over_two_lines_keeps_the_units_of_investment_columns():
    rows = table_rows(PROJECTS, REPORT, "label", "kind", "year", "value", "unit")
    assert rows[:4] == [("区养老服务中心", "target", 2024, 140000000.0, "元"),
                        ("区养老服务中心", "target", 2024, 52000000.0, "元"),
                        ("区养老服务中心", "actual", 2024, 56300000.0, "元"),
                        ("区养老服务中心", "actual", 2024, 85.0, "%")]
    assert len(rows) == 8


def test_what_a_project_is_planned_to_cost_is_a_target_even_in_a_review():
    rows = table_rows(PROJECTS.replace("总投资", "投资额"), REPORT, "kind", "value")
    assert ("target", 140000000.0) not in rows  # (a word outside planned_measures is left to the section)


def test_a_paragraph_indented_under_a_cell_table_ends_it_but_a_long_cell_does_not():
    from tests.test_rules_tables import layout_rows

    head = "序号\n指标\n单位\n2025年\n1\n"
    clauses = "养老服务改革持续推进,机构等级评定全面开展,隐患排查整治扎实推进"  # 32 characters
    cell = layout_rows(head + clauses + "\n个\n5\n")[0]
    assert cell[:3] == ("cells", 1, 8) and cell[3][0].startswith("养老服务改革")  # (no indent, no sentence end)
    row = head + "养老床位\n个\n5\n"
    assert layout_rows(row + "\u3000\u3000" + clauses + "\n")[0][:3] == ("cells", 1, 8)  # (indented: running text)
    assert layout_rows(row + clauses + "。\n")[0][:3] == ("cells", 1, 8)  # (a sentence's end)
    assert layout_rows(row + clauses + "\n")[0][:3] != ("cells", 1, 8)  # (neither: one more cell)


@pytest.mark.parametrize("cell, value", [("5 000左右", 5000.0), ("约3 050", 3050.0), ("72左右", 72.0)])
def test_an_approximate_cell_with_digit_groups_set_apart_is_one_number(cell, value):
    from cmp.extract.numbers import parse_cell

    (q,) = parse_cell(cell)
    assert (q.value, q.text) == (value, cell) and "approximate" in q.flags


# ------------------------------------------------------------------------------- an ROC year glossed by its AD year
ROC_AD_CELLS = ("主要統計 Key Statistics\n"
                "項目 Item\n單位 Unit\n111年 2022\n112年 2023\n增減率 Change (%)\n"
                "低收入戶 Low-income households\n戶\n7,120\n7,391\n3.8\n"
                "社工人員 Social workers\n人\n880\n951\n8.1\n")


def test_an_roc_year_glossed_by_its_ad_year_is_one_column_and_the_english_glosses_are_no_cells():
    rows = table_rows(ROC_AD_CELLS, {**NEWS, "period": "2024"}, "label", "kind", "year", "value", "unit")
    levels = [(r[0].split()[0], *r[1:]) for r in rows if r[2] is not None and r[3] in (7120.0, 7391.0, 880.0, 951.0)]
    assert levels == [("低收入戶", "actual", 2022, 7120.0, "户"), ("低收入戶", "actual", 2023, 7391.0, "户"),
                      ("社工人員", "actual", 2022, 880.0, "人"), ("社工人員", "actual", 2023, 951.0, "人")]


@pytest.mark.parametrize(("header", "year"), [("111年 2022", 2022), ("112年(2023)", 2023), ("111年 2021", None),
                                              ("111年", 2022)])
def test_an_ad_year_after_an_roc_year_must_agree_with_it(header, year):
    from cmp.extract.table_layouts import header_role
    col = header_role(header)
    assert (col.year if col is not None else None) == year


# ------------------------------------------------------------------------------- a note's figure in a review table
REVIEW_NOTES = ("表3 主要指标中期进展\n"
                "指标名称\t单位\t2020\t2023\t2025\t属性\t备注\n"
                "城乡低保标准\t元/人·月\t700\t812\t≥900\t预期性\t年均增长5.1%\n"
                "社会组织数量\t个\t410\t455\t500\t预期性\t年均增长不低于4%\n")


def test_a_plain_figure_in_a_review_tables_note_is_progress_and_one_with_a_floor_is_the_target():
    review = {**PLAN, "doc_kind": "work_report", "period": "2021-2025", "published": "2024-03-01"}
    rows = table_rows(REVIEW_NOTES, review, "label", "kind", "year", "value", "comparator", "flags")
    notes = [r[:5] for r in rows if "value_in_note" in r[5].split(";")]
    assert notes == [("城乡低保标准", "actual", 2023, 5.1, "="), ("社会组织数量", "target", 2025, 4.0, ">=")]


# ------------------------------------------------------------------------------- a year's tasks against last year
TASKS_DONE = ("表一  2022年主要目标任务完成情况\n\n"
              "  项  目              单位      目标任务    上年同期    本年完成    增减(%)\n"
              "  临时救助            人次      3000        2810        3120        11.0\n"
              "  新增养老床位        张        300         260         318         22.3\n"
              "  婚姻登记            对        —           3100        2950        -4.8\n")


def test_a_target_column_after_the_unit_and_columns_of_this_and_last_year_read_in_the_reports_year():
    report = {**REPORT, "period": "2022", "published": "2023-01-16"}
    rows = table_rows(TASKS_DONE, report, "label", "kind", "year", "value")
    assert [r for r in rows if r[0] == "新增养老床位"] == [
        ("新增养老床位", "target", 2022, 300.0), ("新增养老床位", "actual", 2021, 260.0),
        ("新增养老床位", "actual", 2022, 318.0), ("新增养老床位", "actual", 2022, 22.3)]
    assert ("临时救助", "target", 2022, 3000.0) in rows and ("婚姻登记", "actual", 2022, -4.8) in rows


@pytest.mark.parametrize(("header", "offset"), [("本年完成", 0), ("上年实际", -1), ("本年新登记", 0)])
def test_this_or_last_year_with_a_word_of_what_was_done_is_an_actual_column(header, offset):
    from cmp.extract.table_layouts import header_role
    col = header_role(header)
    assert col is not None and (col.kind, col.year_offset) == ("actual", offset)


# ------------------------------------------------------------------------------- records of several fields a line
FIELD_RECORDS = ("（以下各项按“指标名称/目标值/2024年基数/责任单位/备注”顺序列示）\n\n"
                 "  指标1.老年助餐服务点\n"
                 "     目标值:累计达到70个;2024年基数:52个;责任单位:养老服务科;\n"
                 "     备注:其中农村助餐点不少于30个。\n"
                 "  指标2.社会组织数量\n"
                 "     目标值:980家;2024年基数:931家;责任单位:社会组织科;\n"
                 "     备注:—\n"
                 "  指标3.节地生态安葬率\n"
                 "     目标值:≥60%;2024年基数:51.5%;责任单位:社会事务科;\n"
                 "     备注:—\n")


def test_records_printing_several_fields_on_a_line_read_each_field_and_their_notes_are_of_the_target():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2025", "published": "2025-01-20"}
    rows = table_rows(FIELD_RECORDS, annual, "label", "kind", "year", "value", "comparator", "flags")
    assert [r[:5] for r in rows] == [
        ("老年助餐服务点", "target", 2025, 70.0, "="), ("老年助餐服务点", "baseline", 2024, 52.0, "="),
        ("老年助餐服务点", "target", 2025, 30.0, ">="),
        ("社会组织数量", "target", 2025, 980.0, "="), ("社会组织数量", "baseline", 2024, 931.0, "="),
        ("节地生态安葬率", "target", 2025, 60.0, ">="), ("节地生态安葬率", "baseline", 2024, 51.5, "=")]
    assert "value_in_note" in rows[2][5].split(";")


def test_a_semicolon_inside_one_field_of_several_years_does_not_split_it():
    from cmp.extract.table_records import _line_fields
    assert [f for f, _ in _line_fields("实际完成：2021年 45%；2022年 49%")] == ["实际完成：2021年 45%；2022年 49%"]
    assert [f for f, _ in _line_fields("目标值:18人;2024年基数:16.5人;")] == ["目标值:18人", "2024年基数:16.5人"]


# ------------------------------------------------------------------------------- 指标名称（计量单位）
def test_an_indicator_header_naming_the_measurement_unit_reads_units_from_the_labels():
    text = ("表8-1  主要数据\n指标名称（计量单位）\t本年\t上年\t增减（%）\n"
            "城乡低保对象（人）\t7420\t7810\t-5.0\n养老机构床位（张）\t2980\t2870\t3.8\n")
    rows = table_rows(text, {**REPORT, "period": "2024"}, "label", "kind", "year", "value", "unit")
    assert ("养老机构床位（张）", "actual", 2024, 2980.0, "张") in rows
    assert ("养老机构床位（张）", "actual", 2023, 2870.0, "张") in rows
    assert ("城乡低保对象（人）", "actual", 2024, -5.0, "%") in rows


# ------------------------------------------------------------------------------- a budget table
BUDGET = ("表3　歲出預算按業務計畫別比較表\n單位：新臺幣千元\n\n"
          "| 業務計畫科目 | 本年度預算數 | 上年度預算數 | 前年度決算數 | 本年度與上年度比較 |\n"
          "|---|---|---|---|---|\n"
          "| 老人福利 | 1,100,500 | 1,020,300 | 998,100 | 80,200 |\n"
          "| 社區發展 | 30,100 | 32,400 | 31,000 | -2,300 |\n\n"
          "表4　重要業務量化指標\n單位：新臺幣千元；人；處\n\n"
          "| 計畫名稱 | 113年度目標值 | 經費 |\n|---|---|---|\n"
          "| 社工人力 | 74 | 55,000 |\n| 關懷據點 | 140 | 18,300 |\n")


def test_a_budgets_columns_of_this_last_and_the_year_before_and_its_comparison_column():
    budget = {**PLAN, "doc_kind": "annual_plan", "period": "2024", "published": "2023-10-31"}
    rows = table_rows(BUDGET, budget, "label", "kind", "year", "value", "unit", "flags")
    old = [r[:5] for r in rows if r[0] == "老人福利"]
    assert old == [("老人福利", "target", 2024, 1100500000.0, "新台币元"),
                   ("老人福利", "target", 2023, 1020300000.0, "新台币元"),
                   ("老人福利", "actual", 2022, 998100000.0, "新台币元"),
                   ("老人福利", "target", 2024, 80200000.0, "新台币元")]
    assert "change" in [r for r in rows if r[0] == "社区发展" or r[0] == "社區發展"][-1][5].split(";")
    # a note listing a sum of money, persons and places: the money is the 经费 column's, never the counts'
    staff = [r[:5] for r in rows if r[0] == "社工人力"]
    assert staff == [("社工人力", "target", 2024, 74.0, ""), ("社工人力", "target", 2024, 55000000.0, "新台币元")]


@pytest.mark.parametrize(("line", "units"), [
    ("单位：新台币千元；人；处", ["新台币千元", "人", "处"]), ("单位：万人、元", ["万人", "元"]),
    ("单位：万元；数据来源：县民政局", None), ("单位：万元", None)])
def test_a_unit_note_lists_units_after_a_semicolon_only_when_they_are_units(line, units):
    from cmp.extract.table_notes import _note_unit_list
    assert _note_unit_list(line) == units


# ------------------------------------------------------------------------------- two columns set wide apart
TWO_COLUMNS = ("重点工程 Key Projects          建设规模 Scale\n"
               " 老年食堂建设工程              新建老年食堂120个\n"
               " 社区服务中心提升              改造社区服务中心36个\n"
               " 智慧民政                      建设市级数据平台1个\n\n"
               "    在回答记者提问时，他说，目前全市老年人口约86万人，预计到2025年将突破95万人。\n")


def test_a_two_column_table_set_wide_apart_reads_its_phrases_and_the_paragraph_after_it_is_no_label():
    rows = table_rows(TWO_COLUMNS, PLAN, "label", "kind", "year", "value", "unit")
    assert rows == [("老年食堂建设工程", "target", 2025, 120.0, "个"), ("社区服务中心提升", "target", 2025, 36.0, "个"),
                    ("智慧民政", "target", 2025, 1.0, "个")]
    # (two words one space apart are no such header: a line of prose may hold them)
    assert table_rows(TWO_COLUMNS.replace("          建设规模", " 建设规模"), PLAN, "value") == []


# ------------------------------------------------------------------------------- a table keyed to a legend
KEYED = ("主要指标 Main Targets\n"
         "① 社区养老服务设施覆盖率（%）\n② 每千名老年人拥有养老床位（张）\n③ 持证社会工作者（人）\n\n"
         "编号 No.\t①\t②\t③\n"
         "2020年 Base\t78\t30.5\t2100\n"
         "2025年 Target\t100\t≥35\t3600\n"
         "属性 Type\t约束性\t预期性\t预期性\n\n"
         "                                        第3版\n")


def test_a_header_of_circled_numbers_takes_its_names_from_the_legend_above_and_its_attribute_row():
    rows = table_rows(KEYED, PLAN, "label", "kind", "year", "value", "unit", "attribute", "line")
    assert [r[:6] for r in rows] == [
        ("社区养老服务设施覆盖率(%)", "baseline", 2020, 78.0, "%", "binding"),
        ("每千名老年人拥有养老床位(张)", "baseline", 2020, 30.5, "张", "expected"),
        ("持证社会工作者(人)", "baseline", 2020, 2100.0, "人", "expected"),
        ("社区养老服务设施覆盖率(%)", "target", 2025, 100.0, "%", "binding"),
        ("每千名老年人拥有养老床位(张)", "target", 2025, 35.0, "张", "expected"),
        ("持证社会工作者(人)", "target", 2025, 3600.0, "人", "expected")]  # (no row of the attributes, nor of 第3版)
    assert [r[6] for r in rows] == [7, 7, 7, 8, 8, 8]  # (each value's own line)
    assert "named on line 2" in table_rows(KEYED, PLAN, "note")[0][0]


def test_circled_numbers_with_no_legend_name_nothing():
    alone = KEYED[KEYED.index("编号"):]
    assert table_rows(alone, PLAN, "value") == []


# ------------------------------------------------------------------------------- full-width spaces between cells
FULL_WIDTH = ("附表\n\n某区养老服务主要指标完成情况及2024年目标\n"
              "年度＼指标　养老床位（张）　老年助餐点（个）　养老护理员（人）\n"
              "2021年　2810　35　402\n2022年　2964　44　431\n2023年　3120　52　466\n"
              "2024年（目标）　3300　60　≥500\n")


def test_a_table_set_apart_by_single_full_width_spaces_and_a_caption_of_what_was_done():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2024", "published": "2024-03-01"}
    rows = table_rows(FULL_WIDTH, annual, "label", "kind", "year", "value")
    beds = [r for r in rows if r[0] == "养老床位（张）" or r[0] == "养老床位(张)"]
    # (完成情况 in the caption: the years before the target are what was done, not the latest one a base)
    assert [r[1:] for r in beds] == [("actual", 2021, 2810.0), ("actual", 2022, 2964.0), ("actual", 2023, 3120.0),
                                     ("target", 2024, 3300.0)]
    assert len(rows) == 12


def test_full_width_spaces_around_one_character_cells_still_part_them():
    text = ("表1　2024年重点工作指标完成情况\n序号　指标　单位　计划值　实际值　完成情况\n"
            "1　新建乡镇养老服务中心　个　5　6　超额完成\n2　临时救助人次　人次　4500　4,870　超额完成\n")
    rows = table_rows(text, {**REPORT, "period": "2024"}, "label", "kind", "value", "unit")
    assert ("新建乡镇养老服务中心", "target", 5.0, "个") in rows
    assert ("新建乡镇养老服务中心", "actual", 6.0, "个") in rows
    # (合　计, two characters of one word set apart, stays one cell)
    from cmp.extract.tables import find_tables
    from cmp.ingest.normalize import normalize
    total = text + "　　合　计　—　—　9500　9870　—\n"
    labels = [r.label.text for _, rows in find_tables(normalize(total), "2024") for r in rows if r.label is not None]
    assert labels[-1].replace(" ", "") == "合计"


# ------------------------------------------------------------------------------- a header over three lines
THREE_LINES = ("                 表1  主要指标完成情况表\n"
               "                                      2020年  2025年  2025年\n"
               "序号 指 标                  单 位     基期值  规划    实际   属 性\n"
               "                                              目标值  完成值\n"
               "1  城市低保标准             元/人·月   600    ≥800    815    预期性\n"
               "2  养老床位总数             张         4,200  5000    5,120  预期性\n\n"
               "某区民政局工作总结\n                                  — 4 —\n\n续表\n"
               "                                      2020年  2025年  2025年\n"
               "序号 指 标                  单 位     基期值  规划    实际   属 性\n"
               "                                              目标值  完成值\n"
               "3  节地生态安葬率           %          30     50以上  52.5   预期性\n")


def test_years_over_a_spaced_header_and_kind_words_under_it_and_the_header_repeated_after_a_page_break():
    review = {**PLAN, "doc_kind": "work_report", "published": "2026-01-20"}
    rows = table_rows(THREE_LINES, review, "label", "kind", "year", "value")
    assert rows == [("城市低保标准", "baseline", 2020, 600.0), ("城市低保标准", "target", 2025, 800.0),
                    ("城市低保标准", "actual", 2025, 815.0), ("养老床位总数", "baseline", 2020, 4200.0),
                    ("养老床位总数", "target", 2025, 5000.0), ("养老床位总数", "actual", 2025, 5120.0),
                    ("节地生态安葬率", "baseline", 2020, 30.0), ("节地生态安葬率", "target", 2025, 50.0),
                    ("节地生态安葬率", "actual", 2025, 52.5)]


# ------------------------------------------------------------------------------- an ASCII grid of wrapped rows
GRID = ("+----+------------------+----------+--------+------+------------+\n"
        "| 序号 | 工作任务         | 2024年   | 2025年 | 单位 | 责任单位   |\n"
        "|    |                  | 完成情况 | 目标   |      |            |\n"
        "+====+==================+==========+========+======+============+\n"
        "| 1  | 社区慈善基金     | 4,120    | 5,000  | 万元 | 区慈善总会 |\n"
        "|    | 总规模           |          |        |      | 各街道     |\n"
        "+----+------------------+----------+--------+------+------------+\n"
        "| 2  | 慈善超市         | 11       | 15     | 家   | 区民政局   |\n"
        "+----+------------------+----------+--------+------+------------+\n")


def test_a_grids_two_line_header_and_rows_wrapping_their_label_and_office_together():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2025", "published": "2025-02-10"}
    rows = table_rows(GRID, annual, "label", "kind", "year", "value")
    # (2024年完成情况: what was done that year, figures read as a 完成情况 column's, dated by its header)
    assert sorted(rows) == [("慈善超市", "actual", 2024, 11.0), ("慈善超市", "target", 2025, 15.0),
                            ("社区慈善基金总规模", "actual", 2024, 41200000.0),
                            ("社区慈善基金总规模", "target", 2025, 50000000.0)]


# ------------------------------------------------------------------------------- a header wrapping up and down
WRAPPED_BOTH = ("表3 主要指标中期完成情况\n\n"
                "                                                                    较2020\n"
                "  指 标 名 称                      单位        2020年   2023年   2025年    年增减      指标\n"
                "                                                                    （+/-）     属性\n"
                "  1.城市低保标准                   元/人·月    700      840      ≥900      +140        预期性\n"
                "  2.社区综合服务设施覆盖率         %           90       98.5     100       +8.5        预期性\n")


def test_a_header_wrapping_above_and_below_its_fullest_line_and_a_reviews_change_up_to_its_latest_actual():
    review = {**PLAN, "doc_kind": "work_report", "published": "2024-01-15"}
    rows = table_rows(WRAPPED_BOTH, review, "label", "kind", "year", "value", "flags")
    city = [r[1:4] for r in rows if r[0].endswith("城市低保标准")]
    assert city == [("baseline", 2020, 700.0), ("actual", 2023, 840.0), ("target", 2025, 900.0),
                    ("actual", 2023, 140.0)]
    assert all("change" in r[4].split(";") for r in rows if r[3] in (140.0, 8.5))


# ------------------------------------------------------------------------------- letters spread over wide columns
def test_letters_spread_apart_join_into_words_parted_where_the_gap_widens():
    import re

    from cmp.extract.table_spaced_headers import Cell, _letters_joined

    def cells(t):
        return [Cell(m.group(), m.start(), m.end(), 1) for m in re.finditer(r"\S+", t)]
    line = "类  别      指    标    名    称              单  位      年  度        完  成        完成率"
    assert [c.text for c in _letters_joined(cells(line))] == ["类别", "指标名称", "单位", "年度", "完成", "完成率"]
    assert [c.text for c in _letters_joined(cells("指  标  名  称   2020"))] == ["指标名称", "2020"]


SPREAD = ("                      某县2023年主要目标任务完成情况表\n\n"
          "类  别      指    标    名    称              单  位      年  度        完  成        完成率\n"
          "                                                          目标值        情  况        （%）\n"
          "社会救助    城乡低保保障人数                      人          9000          8,820         98.0\n"
          "养老服务    新增养老床位                          张          300           336           112.0\n")


def test_a_header_of_spread_letters_wrapping_down_reads_targets_what_was_done_and_rates():
    rows = table_rows(SPREAD, {**REPORT, "period": "2023"}, "label", "kind", "year", "value")
    assert sorted(rows) == [("城乡低保保障人数", "actual", 2023, 98.0), ("城乡低保保障人数", "actual", 2023, 8820.0),
                            ("城乡低保保障人数", "target", 2023, 9000.0), ("新增养老床位", "actual", 2023, 112.0),
                            ("新增养老床位", "actual", 2023, 336.0), ("新增养老床位", "target", 2023, 300.0)]


# ------------------------------------------------------------------------------- box grids
BOX_THREE = ("┌──┬──────────────┬──────┬──────┬──────┬────────┐\n"
             "│序│              │ 2020 │ 2025 │ 2022 │        │\n"
             "│  │  指  标  名  称 │ 年基 │ 年目 │ 年完 │评估结论│\n"
             "│号│              │ 期值 │ 标值 │ 成值 │        │\n"
             "├──┼──────────────┼──────┼──────┼──────┼────────┤\n"
             "│1 │遗体火化率（%）│ 95.0 │ ≥98  │ 96.5 │符合进度│\n"
             "└──┴──────────────┴──────┴──────┴──────┴────────┘\n")

BOX_GROUPS = ("┌────┬──────────────────┬──────────┬──────────┬──────────┐\n"
              "│ 序 │    指  标  名  称    │  2024年  │  2025年  │ 责任股室 │\n"
              "│ 号 │                  │  完成值  │  目标值  │          │\n"
              "├────┴──────────────────┴──────────┴──────────┴──────────┤\n"
              "│一、社会救助                                             │\n"
              "├────┬──────────────────┬──────────┬──────────┬──────────┤\n"
              "│ 1  │临时救助（人次）  │  1,050   │   1100   │救助股    │\n"
              "└────┴──────────────────┴──────────┴──────────┴──────────┘\n")


def test_a_box_header_over_three_lines_of_a_year_split_from_its_kind():
    review = {**PLAN, "doc_kind": "work_report", "published": "2023-06-30"}
    assert table_rows(BOX_THREE, review, "kind", "year", "value") == [
        ("baseline", 2020, 95.0), ("target", 2025, 98.0), ("actual", 2022, 96.5)]


def test_a_box_header_of_years_over_kind_words_and_a_group_row_spanning_the_box():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2025", "published": "2025-02-01"}
    assert table_rows(BOX_GROUPS, annual, "label", "kind", "year", "value", "category") == [
        ("临时救助（人次）", "actual", 2024, 1050.0, "一、社会救助"),
        ("临时救助（人次）", "target", 2025, 1100.0, "一、社会救助")]


# ------------------------------------------------------------------------------- a numbered task list, a cell per line
TASKS = ("序号\n工作任务\n目标要求\n责任科室（单位）\n完成时限\n"
         "1\n低保提标\n城市低保标准提高至每人每月800元\n社会救助科\n2024年7月底前\n"
         "2\n特困人员照护\n失能特困人员集中供养率不低于60%；新增照料服务协议对象150人以上\n社会救助科、福利中心\n"
         "2024年12月底前\n")


def test_a_numbered_task_lists_target_phrase_with_clauses_is_a_cell_and_an_office_in_parentheses_a_note():
    from cmp.extract.table_layouts import header_role
    assert header_role("责任科室（单位）").role == "note"
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2024", "published": "2024-02-01"}
    rows = table_rows(TASKS, annual, "label", "kind", "year", "value", "comparator")
    assert rows == [("低保提标", "target", 2024, 800.0, "="), ("特困人员照护", "target", 2024, 60.0, ">="),
                    ("特困人员照护", "target", 2024, 150.0, ">=")]


@pytest.mark.parametrize("cell", ["截至3月31日", "截至年底", "12月底"])
def test_a_first_cell_of_an_as_at_date_names_rows_of_years(cell):
    from cmp.extract.table_crosstab import first_names_rows
    assert first_names_rows(cell) == "years"


# ------------------------------------------------------------------------------- a Macau-style table of bare years
MACAU = ("千澳門元 '000 MOP\n\n"
         "                                         2021         2022         2023\n\n"
         "總數                                    1 184 615    1 252 908    1 318 337\nTotal\n\n"
         "資助民間機構                              512 480      548 215      579 906\n"
         "Apoio financeiro a instituições particulares\nSubvention to private institutions\n")


def test_a_header_of_bare_years_alone_over_labels_glossed_in_portuguese_and_english():
    bulletin = {**NEWS, "doc_kind": "statistical_bulletin", "period": "2023", "published": "2024-04-01"}
    rows = table_rows(MACAU, bulletin, "label", "kind", "year", "value", "unit")
    assert rows == [("總數", "actual", 2021, 1184615000.0, "澳门元"), ("總數", "actual", 2022, 1252908000.0, "澳门元"),
                    ("總數", "actual", 2023, 1318337000.0, "澳门元"),
                    ("資助民間機構", "actual", 2021, 512480000.0, "澳门元"),
                    ("資助民間機構", "actual", 2022, 548215000.0, "澳门元"),
                    ("資助民間機構", "actual", 2023, 579906000.0, "澳门元")]


def test_a_comparison_of_two_years_printed_over_three_header_lines_is_one_growth_column():
    text = ("项目\n2022\n2023\n2023年比\n2022年\n增减%\n"
            "城市低保人数（人）\n3100\n2950\n-4.8\n农村低保人数（人）\n15400\n15010\n-2.5\n")
    bulletin = {**NEWS, "doc_kind": "statistical_bulletin", "period": "2023", "published": "2024-03-01"}
    rows = table_rows(text, bulletin, "label", "kind", "year", "value", "unit")
    assert rows[:3] == [("城市低保人数（人）", "actual", 2022, 3100.0, "人"),
                        ("城市低保人数（人）", "actual", 2023, 2950.0, "人"),
                        ("城市低保人数（人）", "actual", 2023, -4.8, "%")]
    assert len(rows) == 6


def test_a_series_of_years_with_an_estimate_to_come_has_no_base_year():
    text = ("截至3月31日\t资助安老宿位\t长者日间护理名额\n2020\t1 700\t400\n2023\t1 950\t510\n"
            "2025（预计）\t2 100\t580\n")
    bulletin = {**NEWS, "doc_kind": "statistical_bulletin", "period": "2024", "published": "2024-05-15"}
    rows = table_rows(text, bulletin, "label", "kind", "year", "value", "flags")
    assert [r[1:4] for r in rows if r[0] == "资助安老宿位"] == [("actual", 2020, 1700.0), ("actual", 2023, 1950.0),
                                                         ("target", 2025, 2100.0)]
    assert "estimate" in [r for r in rows if r[2] == 2025][0][4].split(";")


def test_an_english_gloss_wrapped_over_header_lines_with_a_year_in_it_is_no_cell():
    text = ("项 目\nItem\n2022\n2023\n2023年比\n2022年\n增减%\nChange in\n2023 over\n2022 (%)\n"
            "城市低保人数\nUrban recipients\n(人)\n(persons)\n3100\n2950\n-4.8\n")
    bulletin = {**NEWS, "doc_kind": "statistical_bulletin", "period": "2023", "published": "2024-03-01"}
    rows = table_rows(text, bulletin, "kind", "year", "value")
    assert rows == [("actual", 2022, 3100.0), ("actual", 2023, 2950.0), ("actual", 2023, -4.8)]
