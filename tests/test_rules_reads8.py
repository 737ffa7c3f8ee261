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


# ------------------------------------------------------------------------------------ tables: sets ak and aj
STANDARDS = ("表  各区县城乡低保标准\n单位：元/人·月\n\n"
             "区县            2023年标准                  2024年标准\n"
             "                城市        农村            城市        农村\n"
             "东港区          860         —               900         —\n"
             "西岭县          800         640             840         690\n")
NOTICE = doc("statistical_bulletin", "2024", "2024-03-01")


def test_a_year_with_what_it_holds_heads_a_column_of_that_year_split_by_scope():
    rows = table_rows(STANDARDS, NOTICE, "label", "year", "value", "qualifier")
    assert [r for r in rows if r[0] == "西岭县"] == [("西岭县", 2023, 800.0, "城市"), ("西岭县", 2023, 640.0, "农村"),
                                                   ("西岭县", 2024, 840.0, "城市"), ("西岭县", 2024, 690.0, "农村")]


@pytest.mark.parametrize(("cell", "year", "kind"), [("2023年标准", 2023, ""), ("2022年末人数", 2022, ""),
                                                    ("整治前(2021年底)", 2021, "baseline"),
                                                    ("目前(2023年底)", 2023, "actual"), ("实际支出", None, "actual"),
                                                    ("年初预算", None, "target")])
def test_headers_of_a_year_or_a_kind_with_what_the_column_holds(cell, year, kind):
    from cmp.extract.table_layouts import header_role

    col = header_role(cell)
    assert (col.role, col.year, col.kind) == ("value", year, kind)


@pytest.mark.parametrize("cell", ["2023年完成情况", "2023年指标属性", "实际情况说明"])
def test_a_year_or_kind_before_a_word_of_another_column_is_no_value_column(cell):
    from cmp.extract.table_layouts import header_role

    col = header_role(cell)
    assert col is None or col.role != "value"


NEWS = doc("news_report", "2024", "2024-05-20")
SCHEME = ("《方案》确定的主要目标如下：\n"
          "　　指标　　　　　　　　　　2023年　　　　2025年目标\n"
          "　　社区老年助餐点　　　　　180个　　　　 300个\n"
          "　　养老护理员　　　　　　　2100人　　　　3000人以上\n")


def test_a_bare_year_beside_only_later_targets_in_a_news_item_is_their_starting_point():
    rows = table_rows(SCHEME, NEWS, "kind", "year", "value")
    assert rows == [("baseline", 2023, 180.0), ("target", 2025, 300.0), ("baseline", 2023, 2100.0),
                    ("target", 2025, 3000.0)]
    beside_actual = SCHEME.replace("2023年　　　　2025年目标", "2023年　　　　2024年　　　　2025年目标") \
        .replace("180个　　　　 300个", "180个　　　　 220个　　　　 300个")
    assert table_rows(beside_actual, NEWS, "kind", "year", "value")[:3] == [
        ("actual", 2023, 180.0), ("actual", 2024, 220.0), ("target", 2025, 300.0)]


SPENT = ("表1　民政资金分项目支出情况\n单位：万元、%\n"
         "项目名称\t年初预算\t实际支出\t执行率\t比上年增长\n"
         "临时救助\t1200\t1150.5\t95.9\t-3.2\n")
REPORT = doc("work_report", "2023", "2024-01-20")


def test_a_unit_note_of_one_amount_and_percent_gives_the_amount_and_a_rate_column_stays_in_percent():
    rows = table_rows(SPENT, REPORT, "kind", "year", "value", "unit")
    assert rows == [("target", 2023, 12000000.0, "元"), ("actual", 2023, 11505000.0, "元"),
                    ("actual", 2023, 95.9, "%"), ("actual", 2023, -3.2, "%")]
    two_counts = SPENT.replace("单位：万元、%", "单位：人、人次")
    assert [r[3] for r in table_rows(two_counts, REPORT, "kind", "year", "value", "unit")][:2] == ["", ""]


GRID = ("| 序号 | 指标名称 | 单位 | 2020年 | 2025年 | | 指标属性 |\n"
        "| | | | 基数 | 目标值 | 年均增长 | |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 1 | 养老机构床位数 | 张 | 12000 | 15000 | 4.6% | 预期性 |\n")


def test_a_two_line_grid_header_with_empty_cells_merges_cell_by_cell():
    rows = table_rows(GRID, PLAN, "kind", "year", "value", "unit", "flags")
    assert rows == [("baseline", 2020, 12000.0, "张", ""), ("target", 2025, 15000.0, "张", ""),
                    ("target", 2025, 4.6, "%", "growth_rate")]


CHANGE_NEWS = doc("news_report", "2023", "2024-01-08")
CHANGES = "指标\n\n2022年\n\n2023年\n\n同比变化\n\n低保对象（人）\n\n9100\n\n8800\n\n-3.3%\n"


def test_a_change_on_last_year_in_a_report_of_a_year_already_over_is_an_actual():
    rows = table_rows(CHANGES, CHANGE_NEWS, "kind", "year", "value", "flags")
    assert rows[2] == ("actual", 2023, -3.3, "unit_in_label;growth_rate")


# ------------------------------------------------------------------------------------------ tables: set an
BILINGUAL = ("表3.1　社會福利主要指標\nTable 3.1　Main Indicators of Social Welfare\n"
             "指標 Indicator　　　　　　　　單位 Unit　　　　2022　　　2023\n"
             "安老院舍 Care homes for the elderly　間 units　　　　41　　　 44\n"
             "長者人口 Elderly population (65+)　　萬人 10,000 persons　　12.5　　13.1\n"
             "資料來源：本市民政局\n"
             "4.2 社會救助 Social Assistance\n")
BULLETIN_TW = doc("statistical_bulletin", "2023", "2024-04-01")


def test_english_glosses_inside_a_bilingual_tables_lines_are_blanked_and_a_source_line_ends_it():
    rows = table_rows(BILINGUAL, BULLETIN_TW, "label", "year", "value", "unit")
    assert rows == [("安老院舍", 2022, 41.0, "间"), ("安老院舍", 2023, 44.0, "间"),
                    ("長者人口", 2022, 125000.0, "人"), ("長者人口", 2023, 131000.0, "人")]


STANDARDS_TW = ("表3.2　救助標準（2023年）\n"
                "項目 Item　　　　　　　　　　城鎮 Urban　　　　農村 Rural\n"
                "最低生活保障標準（元/人·月）\n"
                "Minimum living standard (yuan per person per month)　　1,020　　　　　880\n"
                "特困人員（人）\n"
                "Persons in extreme poverty　　　　　　　　　　　512　　　　　　1,207\n")


def test_a_chinese_label_line_then_a_gloss_line_with_the_figures_is_one_row():
    rows = table_rows(STANDARDS_TW, BULLETIN_TW, "label", "value", "unit", "qualifier")
    assert rows == [("最低生活保障標準（元/人·月）", 1020.0, "元/人/月", "城镇"),
                    ("最低生活保障標準（元/人·月）", 880.0, "元/人/月", "农村"),
                    ("特困人員（人）", 512.0, "人", "城镇"), ("特困人員（人）", 1207.0, "人", "农村")]


def test_a_gloss_line_without_figures_is_still_skipped_and_a_figure_line_of_one_word_is_kept():
    from cmp.extract.table_layouts import latin_gloss, without_gloss

    assert latin_gloss("Community care centres for the elderly")
    line = "Total   12   34"
    assert without_gloss(line) == line  # (one English word: a row named in English, not a gloss)


LISTED = ("表1　青川市“十四五”养老服务主要指标\n（一）服务供给\n"
          "1．养老床位总数：2020年2.1万张，2025年≥2.6万张（预期性）\n"
          "2．护理型床位占比：2020年38%，2025年不低于55%（约束性）\n"
          "（二）服务质量\n"
          "3．持证养老护理员：2020年——，2025年1800人（预期性）\n"
          "注：指标属性分为约束性和预期性两类。\n")


def test_a_table_printed_as_lines_of_a_name_and_its_years_figures_is_read_as_a_table():
    rows = table_rows(LISTED, PLAN, "row_no", "category", "label", "kind", "year", "value", "unit", "comparator",
                      "attribute")
    assert rows == [
        (1, "(一)服务供给", "养老床位总数", "baseline", 2020, 21000.0, "张", "=", "expected"),
        (1, "(一)服务供给", "养老床位总数", "target", 2025, 26000.0, "张", ">=", "expected"),
        (2, "(一)服务供给", "护理型床位占比", "baseline", 2020, 38.0, "%", "=", "binding"),
        (2, "(一)服务供给", "护理型床位占比", "target", 2025, 55.0, "%", ">=", "binding"),
        (3, "(二)服务质量", "持证养老护理员", "baseline", 2020, None, "", "", "expected"),
        (3, "(二)服务质量", "持证养老护理员", "target", 2025, 1800.0, "人", "=", "expected"),
    ]


def test_fewer_than_three_such_lines_or_a_line_of_prose_make_no_list_table():
    two = LISTED.replace("3．持证养老护理员：2020年——，2025年1800人（预期性）\n", "")
    assert table_rows(two, PLAN, "value") == []
    sentence = LISTED.replace("2．护理型床位占比：2020年38%，2025年不低于55%（约束性）",
                              "2．护理型床位：2020年以来新建38处，力争2025年再建55处")
    assert table_rows(sentence, PLAN, "value") == []


def test_the_years_may_follow_their_figures_in_parentheses_with_an_arrow_between():
    from cmp.extract.table_colon import colon_table_at

    lines = ["每万人拥有社会组织数：8.7个（2025年）→9.5个（2030年）", "社会服务机构占比：60.3%（2025年）→62%（2030年）",
             "慈善组织数量：310家（2025年）→400家（2030年）"]
    offsets = [0]
    for t in lines[:-1]:
        offsets.append(offsets[-1] + len(t) + 1)
    cols, rows, last, end = colon_table_at(0, lines, offsets)
    assert [c.year for c in cols if c.role == "value"] == [2025, 2030]
    assert [[c.text for _, c in r.values] for r in rows] == [["8.7个", "9.5个"], ["60.3%", "62%"], ["310家", "400家"]]


PROJECTS = ("（续表）\n序号　　所在市　　项目名称　　建设性质　　计划新增床位数（张）\n"
            "998　　东港市　　城关街道养老服务中心　　改建　　100\n"
            "1000　　西岭市　　南塘镇敬老院　　新建　　80\n")


def test_a_project_list_with_its_place_and_kind_of_work_keeps_numbers_past_999():
    rows = table_rows(PROJECTS, WORK_PLAN, "row_no", "category", "label", "kind", "year", "value", "unit")
    assert rows == [(998, "东港市", "城关街道养老服务中心", "target", 2025, 100.0, "张"),
                    (1000, "西岭市", "南塘镇敬老院", "target", 2025, 80.0, "张")]


# ------------------------------------------------------------------------------ tables: sets al and am
LAYOUT_PDF = ("  序号        指标名称                        单位          2020年         2025年        指标\n"
              "                                                            基期值         目标值        属性\n"
              "   1     城市低保标准                       元/人·月          780           ≥900        预期性\n"
              "\n"
              "         生活不能自理特困人员集中\n"
              "   2                                          %               52            ≥60         约束性\n"
              "         供养率\n"
              "\n"
              "   3     新建小区养老服务设施配建           %               —             100         约束性\n"
              "         达标率\n"
              "\n"
              "                                                                                 4\n"
              "\n"
              "   4     每千名老年人拥有养老床位数         张              38.5           40          预期性\n")


def test_a_layout_kept_pdf_tables_labels_wrapped_around_their_row_and_a_bare_page_number_far_in():
    rows = table_rows(LAYOUT_PDF, PLAN, "row_no", "category", "label", "year", "value")
    assert [r for r in rows if r[4] is not None] == [
        (1, "", "城市低保标准", 2020, 780.0), (1, "", "城市低保标准", 2025, 900.0),
        (2, "", "生活不能自理特困人员集中供养率", 2020, 52.0), (2, "", "生活不能自理特困人员集中供养率", 2025, 60.0),
        (3, "", "新建小区养老服务设施配建达标率", 2025, 100.0),
        (4, "", "每千名老年人拥有养老床位数", 2020, 38.5), (4, "", "每千名老年人拥有养老床位数", 2025, 40.0)]


def test_a_bare_number_is_a_page_number_only_far_in_and_alone_between_blank_lines():
    from cmp.ingest.normalize import normalize

    text = "甲\n\n" + " " * 30 + "4\n\n乙\n12\n\n" + " " * 30 + "5\n丙\n"
    noise = normalize(text).noise_lines
    assert noise.get(3) == "page_number" and 6 not in noise and 8 not in noise


@pytest.mark.parametrize(("cell", "value"), [("+40", 40.0), ("＋2.6", 2.6), ("+-3", None), ("+", None)])
def test_a_number_printed_with_a_plus_sign_is_read(cell, value):
    from cmp.extract.numbers import parse_cell

    assert parse_cell(cell, "")[0].value == value


@pytest.mark.parametrize(("unit", "expected"), [("万人次/年", ("人次/年", 10000.0)), ("元/年", ("元/年", 1.0)),
                                                ("元/人·月/年", None), ("万人次/次", None),
                                                ("万格", ("格", 10000.0)), ("亿块", ("块", 100000000.0)),
                                                ("万%", None), ("万谷", None)])
def test_a_known_unit_per_year_a_magnitude_before_one_and_a_niche_for_ashes(unit, expected):
    from cmp.extract.numbers import canonical_unit

    assert canonical_unit(unit) == expected


REVIEWED = ("表1  《规划》主要指标中期完成情况\n"
            "序号  指标名称                          2020年基期值   2025年目标值   属性\n"
            "1     农村社区服务设施覆盖率（%）      80.5           ≥90            约束性\n"
            "      完成情况：2022年达到86.1%，较基期提高5.6个百分点。\n"
            "2     社区工作者持证比例（%）          18             30             预期性\n"
            "      完成情况：持证人数由300人增至520人，持证比例为25.2%。\n")
REVIEW_2023 = doc("work_report", "2023", "2023-07-01")


def test_a_rows_account_of_what_was_done_on_the_line_below_gives_actuals_and_its_start_a_baseline():
    rows = table_rows(REVIEWED, REVIEW_2023, "row_no", "kind", "year", "value", "unit")
    assert rows == [(1, "baseline", 2020, 80.5, "%"), (1, "target", 2025, 90.0, "%"),
                    (1, "actual", 2022, 86.1, "%"), (1, "actual", 2022, 5.6, "百分点"),
                    (2, "baseline", 2020, 18.0, "%"), (2, "target", 2025, 30.0, "%"),
                    (2, "baseline", 2020, 300.0, "人"), (2, "actual", 2023, 520.0, "人"),
                    (2, "actual", 2023, 25.2, "%")]


ORGS = ("表3  社会组织从业人员（按类型分）\n\n"
        "指标                社会团体      民办非企业单位    基金会       合计\n"
        "从业人员（人）      820           4100              35           4955\n")


def test_an_indicator_column_first_names_the_rows_of_a_table_of_counted_things():
    rows = table_rows(ORGS, doc("statistical_bulletin", "2023", "2024-03-01"), "label", "value", "qualifier")
    assert rows == [("从业人员（人）", v, q) for v, q in ((820.0, "社会团体"), (4100.0, "民办非企业单位"),
                                                      (35.0, "基金会"), (4955.0, "合计"))]


@pytest.mark.parametrize(("cell", "kind"), [("计划总投资(万元)", "target"), ("累计完成投资(万元)", "actual"),
                                            ("投资估算(万元)", "target"), ("投资额(万元)", ""),
                                            ("2024年计划", "target")])  # (投资估算: planned_measures)
def test_a_kind_word_inside_what_a_column_measures_gives_its_kind(cell, kind):
    from cmp.extract.table_layouts import header_role

    assert header_role(cell).kind == kind


def test_a_tables_note_below_its_last_row_is_no_account_of_that_row():
    text = REVIEWED + "说明：完成进度按2020年基数测算，序时进度为40%。\n"
    assert [r[3] for r in table_rows(text, REVIEW_2023, "row_no", "kind", "year", "value")].count(40.0) == 0


# ------------------------------------------------------------------------------------------ tables: set ao
PERIODS = ("序号 指标名称          单位   2015年  2020年  2025年  “十三五”年均增长(%)  “十四五”年均增长(%)  属性\n"
           "1    养老机构床位总数  张     21300   30150   36800   7.2                  4.1                  预期性\n")


def test_growth_columns_named_by_a_period_are_of_its_last_year_achieved_or_planned():
    rows = table_rows(PERIODS, PLAN, "kind", "year", "value", "flags")
    assert [r[:3] for r in rows] == [("actual", 2015, 21300.0), ("baseline", 2020, 30150.0), ("target", 2025, 36800.0),
                                     ("actual", 2020, 7.2), ("target", 2025, 4.1)]
    assert all("growth_rate" in r[3] for r in rows[3:])


EXCEL = ("序号,指标名称,单位,2020年基数,规划目标,,指标属性\n"
         ",,,,2023年,2025年,\n"
         "1,农村低保标准,元/人·年,\"6,960\",\"8,160\",\"9,120\",预期性\n")


def test_comma_separated_values_with_quoted_fields_under_a_group_spanning_two_years():
    rows = table_rows(EXCEL, PLAN, "kind", "year", "value", "quote")
    assert rows == [("baseline", 2020, 6960.0, "6,960"), ("target", 2023, 8160.0, "8,160"),
                    ("target", 2025, 9120.0, "9,120")]


@pytest.mark.parametrize(("line", "fields"), [('a,"b,c",d', ["a", "b,c", "d"]), ("a,,b,", ["a", "", "b", ""]),
                                              ('a,"b', None)])
def test_the_fields_of_a_comma_separated_line(line, fields):
    from cmp.extract.table_layouts import _csv_fields

    spans = _csv_fields(line)
    assert (None if spans is None else [line[a:b] for a, b in spans]) == fields


STREETS = ("附表  各街道(乡镇)民政服务对象\n"
           "街道（乡镇）\t城乡低保对象（人）\t社区（村）养老服务站（个）\n"
           "北苑街道\t412\t9\n合计\t4264\t77\n")


def test_a_first_cell_naming_the_rows_with_a_second_word_in_parentheses_heads_a_cross_tab():
    rows = table_rows(STREETS, doc("statistical_bulletin", "2024", "2025-02-01"), "label", "value", "unit", "qualifier")
    assert rows[:2] == [("北苑街道", 412.0, "人", "城乡低保对象"), ("北苑街道", 9.0, "个", "社区(村)养老服务站")]


# ------------------------------------------------------------------------------------------ tables: set ap
ACTION_NEWS = doc("news_report", "2025", "2025-03-18")
TARGETS_2027 = ("附表：养老服务主要目标（2027年）\n\n指标 | 目标值\n"
                "每千名老年人拥有养老床位（张） | ≥42\n社区老年助餐服务点（个） | 1200\n")


def test_a_target_column_without_a_year_takes_the_one_year_its_caption_gives():
    rows = table_rows(TARGETS_2027, ACTION_NEWS, "kind", "year", "value", "flags")
    assert [r[:3] for r in rows] == [("target", 2027, 42.0), ("target", 2027, 1200.0)]
    assert all("year_role_inferred" in r[3] for r in rows)
    two = TARGETS_2027.replace("（2027年）", "（2026年、2027年）")
    assert {r[1] for r in table_rows(two, ACTION_NEWS, "kind", "year")} == {2025}  # (two years: none is taken)


GRID_ROWS = ("┌──┬──────────────┬────────┬──────────┐\n"
             "│序│指　标　名　称  │2024年目标值  │牵头股室  │\n"
             "│号│                │              │          │\n"
             "├──┼──────────────┼────────┼──────────┤\n"
             "│1 │特困人员基本生活标准│              │社会救助股│\n"
             "│  │（元/人·月）    │1060          │          │\n"
             "├──┼──────────────┼────────┼──────────┤\n"
             "│2 │农村互助养老服务点│新建20        │养老服务股│\n"
             "│  │（个）          │              │          │\n"
             "└──┴──────────────┴────────┴──────────┘\n")
ANNUAL_2024 = doc("annual_plan", "2024", "2024-02-01")


def test_the_lines_of_a_ruled_grids_row_are_one_row_and_a_verb_before_a_figure_is_read():
    rows = table_rows(GRID_ROWS, ANNUAL_2024, "row_no", "label", "kind", "year", "value", "unit")
    assert rows == [(1, "特困人员基本生活标准(元/人·月)", "target", 2024, 1060.0, "元/人/月"),
                    (2, "农村互助养老服务点(个)", "target", 2024, 20.0, "个")]


def test_a_second_row_under_a_category_printed_once_is_no_wrapped_line():
    text = ("┌────┬──────┬────┬────┐\n│类别│指标  │2020年│2025年│\n├────┼──────┼────┼────┤\n"
            "│设施│殡仪馆│8个 │10个│\n│    │公墓  │5个 │12个│\n└────┴──────┴────┴────┘\n")
    assert [r[0] for r in table_rows(text, PLAN, "label", "value")] == ["殡仪馆", "殡仪馆", "公墓", "公墓"]


NUMBERED = ("序號    指標名稱                    單位        2020年     2025年     指標屬性\n"
            "一、    社會救助\n"
            "1.      城市最低生活保障標準        元/人·月    835        ≥1000      預期性\n"
            "2.      低收入人口動態監測覆蓋率    %           —          100        約束性\n")


def test_group_rows_with_their_number_apart_and_row_numbers_with_a_dot():
    rows = table_rows(NUMBERED, PLAN, "row_no", "category", "value")
    assert rows == [(1, "一、社会救助", 835.0), (1, "一、社会救助", 1000.0), (2, "一、社会救助", None),
                    (2, "一、社会救助", 100.0)]


REMARKS = ("| 序号 | 指标名称 | 单位 | 2023年目标 | 完成情况 |\n|---|---|---|---|---|\n"
           "| 1 | 城乡低保资金发放 | 万元 | 8600 | 8742.5（截至12月20日） |\n"
           "| 2 | 新增养老床位 | 张 | 500 | 536 |\n"
           "| 3 | 社区养老服务设施覆盖率 | % | ≥90 | 95（预计） |\n")
REPORT_2023 = doc("work_report", "2023", "2024-01-10")


def test_a_column_of_what_was_done_holds_actuals_and_a_remark_after_a_number_is_its_qualifier():
    rows = table_rows(REMARKS, REPORT_2023, "kind", "year", "value", "qualifier")
    assert rows == [("target", 2023, 86000000.0, ""), ("actual", 2023, 87425000.0, "截至12月20日"),
                    ("target", 2023, 500.0, ""), ("actual", 2023, 536.0, ""),
                    ("target", 2023, 90.0, ""), ("actual", 2023, 95.0, "预计")]


@pytest.mark.parametrize(("cell", "value", "remark"), [("95（预计）", 95.0, "预计"), ("12(3)", None, ""),
                                                       ("100%（全覆盖）", 100.0, "全覆盖")])
def test_a_remark_in_parentheses_needs_words(cell, value, remark):
    from cmp.extract.numbers import parse_cell

    q = parse_cell(cell, "")[0]
    assert (q.value, q.qualifier) == (value, remark)


YEARS_GROUP = ("項　目 | 單　位 | 年別 | |\n | | 2021 | 2022 | 2023\n"
               "臨時救助 | 萬人次 | 0.92 | 1.05 | 1.13\n")


def test_a_group_naming_the_years_over_bare_years_with_its_last_empty_cells_left_out():
    rows = table_rows(YEARS_GROUP, doc("statistical_bulletin", "2023", "2024-04-01"), "year", "value", "unit")
    assert rows == [(2021, 9200.0, "人次"), (2022, 10500.0, "人次"), (2023, 11300.0, "人次")]


# ------------------------------------------------------------------------------------ tables: sets aq and at
SUBSIDIES = ("表1  各县（区）两项补贴发放情况\n"
             "                                                        金额单位：万元\n"
             "县（区）    生活补贴                    护理补贴                    全年发放\n"
             "            人数（人）  标准（元/人·月）  人数（人）  标准（元/人·月）  资金\n"
             "东港区      3100        120               4500        130               1150.0\n"
             "西岭县      2400        100               3900        110               960.5\n")


def test_a_spaced_header_whose_upper_cells_span_several_lower_ones():
    rows = table_rows(SUBSIDIES, REPORT_2023, "label", "value", "unit", "qualifier")
    assert rows[:5] == [("东港区", 3100.0, "人", "生活补贴人数"), ("东港区", 120.0, "元/人/月", "生活补贴标准"),
                        ("东港区", 4500.0, "人", "护理补贴人数"), ("东港区", 130.0, "元/人/月", "护理补贴标准"),
                        ("东港区", 11500000.0, "元", "全年发放资金")]


ONE_CELL_CROSSTAB = ("表一  社会救助对象及资金情况\n\n项目\n保障对象\n资金支出\n同比\n"
                     "城市最低生活保障\n1.26万人\n1.38亿元\n增长2.3%\n"
                     "特困人员救助供养\n5820人\n0.84亿元\n下降1.2%\n")


def test_a_one_cell_per_line_header_of_words_no_vocabulary_holds_when_the_rows_bear_it_out():
    rows = table_rows(ONE_CELL_CROSSTAB, REPORT_2023, "label", "value", "unit", "flags")
    assert [r[:3] for r in rows] == [("城市最低生活保障", 12600.0, "人"), ("城市最低生活保障", 138000000.0, "元"),
                                     ("城市最低生活保障", 2.3, "%"), ("特困人员救助供养", 5820.0, "人"),
                                     ("特困人员救助供养", 84000000.0, "元"), ("特困人员救助供养", -1.2, "%")]
    assert "decrease_word" in rows[5][3]
    one_row = ONE_CELL_CROSSTAB.split("特困人员救助供养")[0]  # (one row bears out nothing)
    assert table_rows(one_row, REPORT_2023, "value") == []


TASK_LIST = ("| 序号 | 工作内容 | 量化指标 | 完成时限 | 责任单位 |\n"
             "| 1 | 低保边缘家庭认定 | 新认定3000户以上 | 2024年9月底前 | 社会救助处 |\n")


def test_a_task_list_of_work_contents_and_quantified_targets():
    rows = table_rows(TASK_LIST, ANNUAL_2024, "label", "kind", "year", "value", "unit", "comparator")
    assert rows == [("低保边缘家庭认定", "target", 2024, 3000.0, "户", ">=")]


# ------------------------------------------------------------------------------------------ tables: set ay
SIGNED = "指标\n2024年\n2023年\n增减\n社区服务站（个）\n186\n179\n+7\n登记社会组织（家）\n418\n397\n+21\n"


def test_a_plus_signed_change_is_a_figure_so_the_rows_keep_their_labels():
    rows = table_rows(SIGNED, doc("news_report", "2024", "2025-01-20"), "label", "year", "value", "flags")
    assert [r[:3] for r in rows] == [("社区服务站（个）", 2024, 186.0), ("社区服务站（个）", 2023, 179.0),
                                     ("社区服务站（个）", 2024, 7.0), ("登记社会组织（家）", 2024, 418.0),
                                     ("登记社会组织（家）", 2023, 397.0), ("登记社会组织（家）", 2024, 21.0)]


STAGES = ("年份\t每万人拥有社会组织(个)\t火化率(%)\n2025年（基期）\t7.6\t99.3\n2028年（中期）\t8.3\t—\n"
          "2030年（目标）\t9\t≥99\n")
PLAN_15 = {"jurisdiction": "青川市", "file": "qc.txt", "doc_kind": "five_year_plan", "period": "2026-2030",
           "published": "2026-03-01"}


def test_a_transposed_tables_year_with_a_stage_no_vocabulary_holds():
    rows = table_rows(STAGES, PLAN_15, "kind", "year", "value")
    assert [r for r in rows if r[2] is not None] == [("baseline", 2025, 7.6), ("baseline", 2025, 99.3),
                                                     ("target", 2028, 8.3), ("target", 2030, 9.0),
                                                     ("target", 2030, 99.0)]


FLATTENED = ("表1 主要指标\n序号\n|\n指标名称\n|\n单位\n|\n2020年\n|\n2025年\n||\n一、基层社会治理\n|\n||||\n"
             "1\n|\n城市社区综合服务设施覆盖率\n|\n%\n|\n100\n|\n100\n||\n")


def test_a_web_table_flattened_to_a_cell_per_line_between_separator_lines():
    rows = table_rows(FLATTENED, PLAN, "category", "label", "year", "value")
    assert rows == [("一、基层社会治理", "城市社区综合服务设施覆盖率", 2020, 100.0),
                    ("一、基层社会治理", "城市社区综合服务设施覆盖率", 2025, 100.0)]


BILINGUAL_COLUMNS = ("  项　目                 Item                          2022年    2023年    2023年比2022年\n"
                     "                                                                            增长(%)\n"
                     "                                                                            Growth (%)\n"
                     "  基金会(个)             Foundations (unit)            577       598       3.6\n"
                     "  社会团体(万个)         Social Associations           1.35      1.38      2.2\n"
                     "                         (10000 units)\n")


def test_an_english_column_of_a_bilingual_table_and_a_change_over_a_named_year_wrapped_under_its_cell():
    rows = table_rows(BILINGUAL_COLUMNS, doc("statistical_bulletin", "2023", "2024-05-01"), "label", "year",
                      "value", "unit", "flags")
    assert [r[:4] for r in rows] == [("基金会(个)", 2022, 577.0, "个"), ("基金会(个)", 2023, 598.0, "个"),
                                     ("基金会(个)", 2023, 3.6, "%"), ("社会团体(万个)", 2022, 13500.0, "个"),
                                     ("社会团体(万个)", 2023, 13800.0, "个"), ("社会团体(万个)", 2023, 2.2, "%")]
    assert "growth_rate" in rows[2][4]


@pytest.mark.parametrize(("line", "gloss"), [("(10000 units)", True), ("Growth (%)", True), ("Total 12 34", False),
                                             ("(3)", False)])
def test_english_lines_of_a_bilingual_table(line, gloss):
    from cmp.extract.table_layouts import latin_gloss

    assert latin_gloss(line) is gloss


# ------------------------------------------------------------------------------------ tables: sets ax, az, au
DONE_TABLE = ("附表\n完成情况表\n序号\n指标名称\n单位\n年度目标\n实际完成\n完成率（%）\n"
              "1\n城市低保标准\n元/人·月\n800\n810\n101.3\n")
REPORT_JAN = doc("work_report", "2022", "2023-01-12")


def test_what_was_done_against_a_years_target_is_of_that_year():
    rows = table_rows(DONE_TABLE, REPORT_JAN, "kind", "year", "value")
    assert rows == [("target", 2022, 800.0), ("actual", 2022, 810.0), ("actual", 2022, 101.3)]


BASE_ROWS = ("项  目      慈善组织  慈善信托备案  社会捐赠总额\n"
             "            （家）    （单）        （亿元）\n"
             "2023年基数   64        3             1.52\n"
             "2024年目标   70        5             1.7\n")


def test_rows_of_years_under_columns_of_what_they_measure_are_a_transposed_table():
    rows = table_rows(BASE_ROWS, ANNUAL_2024, "label", "kind", "year", "value", "unit")
    assert [r for r in rows if r[0] == "慈善组织(家)"] == [("慈善组织(家)", "baseline", 2023, 64.0, "家"),
                                                       ("慈善组织(家)", "target", 2024, 70.0, "家")]
    assert ("社会捐赠总额(亿元)", "target", 2024, 170000000.0, "元") in rows


STANDARD_YEARS = ("表　各县低保标准调整情况（单位：元/人·月）\n"
                  "地区　城市低保2022年标准　城市低保2023年标准\n蔻城区　880　930\n东湖区　860　910\n")


def test_a_header_of_what_is_measured_before_its_year_and_a_label_words_never_joins_it():
    rows = table_rows(STANDARD_YEARS, doc("news_report", "2023", "2023-07-01"), "label", "year", "value", "unit")
    assert rows == [("蔻城区", 2022, 880.0, "元/人/月"), ("蔻城区", 2023, 930.0, "元/人/月"),
                    ("东湖区", 2022, 860.0, "元/人/月"), ("东湖区", 2023, 910.0, "元/人/月")]


YEAR_DONE = "序号\n指标名称\n单位\n2023年\n完成情况\n2024年\n目标\n1\n城乡低保平均标准\n元/人·月\n790\n830\n"


def test_a_year_over_a_word_of_what_was_done_is_that_years_actual():
    assert table_rows(YEAR_DONE, ANNUAL_2024, "kind", "year", "value") == [("actual", 2023, 790.0),
                                                                           ("target", 2024, 830.0)]


YEARLY_TARGETS = ("表1 “十四五”时期养老服务发展分年度目标\n\n年份\t养老床位总数(张)\t护理型床位占比(%)\n"
                  "2020(基期)\t2860\t28\n2021\t2960\t33\n2025\t3450\t55\n")
PLAN_LATE = {**PLAN, "published": "2022-01-28"}


def test_a_caption_of_yearly_targets_keeps_a_year_already_over_a_target():
    kinds = {(r[0], r[1]) for r in table_rows(YEARLY_TARGETS, PLAN_LATE, "kind", "year")}
    assert kinds == {("baseline", 2020), ("target", 2021), ("target", 2025)}
    done = YEARLY_TARGETS.replace("分年度目标", "分年度完成情况")
    assert ("actual", 2021) in {(r[0], r[1]) for r in table_rows(done, PLAN_LATE, "kind", "year")}


# ------------------------------------------------------------------------------------ tables: sets av and aw
FORM = ("指标名称 | 单位 | 代码 | 本季 | 上季度 | 环比(%) |\n甲 | 乙 | 丙 | 1 | 2 | 3 |\n一、综合 | | | | | |\n"
        "（一）乡级行政区划 | 个 | JZH011 | 96 | 95 | 1.05 |\n1.镇 | 个 | JZH012 | 58 | 58 |  |\n")
QUARTER_2024 = doc("statistical_bulletin", "2024", "2024-10-15")


def test_a_statistical_forms_column_numbers_codes_and_item_numbered_rows():
    rows = table_rows(FORM, QUARTER_2024, "label", "year", "value", "qualifier")
    assert rows == [("（一）乡级行政区划", 2024, 96.0, "本季"), ("（一）乡级行政区划", 2024, 95.0, "上季度"),
                    ("（一）乡级行政区划", 2024, 1.05, "环比(%)"), ("1.镇", 2024, 58.0, "本季"),
                    ("1.镇", 2024, 58.0, "上季度")]


@pytest.mark.parametrize(("cells", "numbers"), [(["甲", "乙", "1", "2"], True), (["甲", "1", "3"], False),
                                                (["乙", "丙", "1"], False), (["养老", "1", "2"], False)])
def test_a_line_of_column_numbers(cells, numbers):
    from cmp.extract.table_body import _column_numbers
    from cmp.extract.table_layouts import Cell

    assert _column_numbers([Cell(t, 0, len(t), 1) for t in cells]) is numbers


def test_a_sentence_above_a_table_naming_targets_is_no_caption_of_targets():
    text = ("其中，2021年为实际值，2023年为中期目标值，2025年为规划目标值。\n表2  主要指标\n"
            "年份        养老床位总数（张）   护理型床位占比（%）\n2021年      6620                 45\n"
            "2025年      7800                 60\n")
    assert table_rows(text, PLAN_LATE, "kind", "year")[0] == ("actual", 2021)


def test_an_undated_actual_column_takes_the_year_an_earlier_table_printed_for_its_actuals():
    text = ("表1  主要指标\n| 指标 | 2020年基数 | 2022年完成 | 2025年目标 |\n|---|---|---|---|\n"
            "| 养老床位 | 2450 | 2780 | 3200 |\n\n"
            "表2  重点项目\n| 项目名称 | 计划总投资(万元) | 累计完成投资(万元) |\n|---|---|---|\n"
            "| 县养老服务中心 | 6800 | 5100 |\n")
    rows = table_rows(text, doc("work_report", "2023", "2023-07-15"), "label", "kind", "year", "value")
    assert ("县养老服务中心", "actual", 2022, 51000000.0) in rows
    alone = text.split("\n\n")[1]
    assert ("县养老服务中心", "actual", 2023, 51000000.0) in table_rows(alone, doc("work_report", "2023", "2023-07-15"),
                                                                "label", "kind", "year", "value")


# ------------------------------------------------------------------------------ tables: the last read (set bc)
def test_a_row_the_reader_could_not_segment_keeps_what_was_printed_but_no_number():
    text = ("年份\t养老机构(家)\t床位(张)\n2021年\t31\t3000\n2022年\t33\n2023年\t35\t3400\n")
    rows = table_rows(text, doc("statistical_bulletin", "2023", "2024-03-01"), "year", "value", "value_text",
                      "flags")
    odd = [r for r in rows if "unparsed" in r[3]]
    assert odd and all(r[1] is None and r[2] for r in odd)  # (2022年 | 33: one cell short, which column is 33?)
    assert (2021, 31.0) in [(r[0], r[1]) for r in rows]


@pytest.mark.parametrize(("cell", "value"), [("3 050", 3050.0), ("12 345 678", 12345678.0), ("3 05", None),
                                             ("1 2", None)])
def test_digit_groups_set_apart_by_spaces_are_one_number(cell, value):
    from cmp.extract.numbers import parse_cell

    assert parse_cell(cell, "张")[0].value == value


WRAPPED_ROWS = ("表1　养老服务基本情况\n项目\n单位　　2019　　2020　　2021\n"
                "养老机构床位数\n张　　3 050　　3 180　　3 390\n养老机构数\n家　　27　　28　　29\n")


def test_rows_printed_as_a_label_line_then_a_line_of_unit_and_figures_apart_by_wide_gaps():
    rows = table_rows(WRAPPED_ROWS, doc("annual_plan", "2022", "2022-02-01"), "label", "year", "value", "unit")
    assert rows[:3] == [("养老机构床位数", 2019, 3050.0, "张"), ("养老机构床位数", 2020, 3180.0, "张"),
                        ("养老机构床位数", 2021, 3390.0, "张")]
