"""Reading rules of issues 9 and 10 found by held-out set t (every place and number here is invented: 青川市,
梧桐区, 临河县). Tables: rule lines of dashes, 本季度 / 1-3季度累计 columns, estimates (2025年(预计)), a unit given
above a table or for one row beside it, English glosses of bilingual tables, footnote marks on cells,
cross-tabulations and transposed tables. Running text: numbers in two magnitudes, 百分之…点…, sentences wrapped
over lines, capital-numeral part headings."""

from __future__ import annotations

import pytest

from cmp.extract.structure import parse_structure
from cmp.extract.textnums import find_values
from cmp.ingest.normalize import normalize
from tests.test_rules_prose_reads import brief
from tests.test_rules_reads5 import PLAN, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

REPORT = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "statistical_bulletin", "period": "2024",
          "published": "2024-10-20"}


def values(sent: str) -> list[tuple]:
    return [(v.value, v.unit, v.comparator, v.flags) for v in find_values(sent, [])]


# ------------------------------------------------------------------------------------------ tables: layouts
QUARTER = ("表2  梧桐区民政业务季度统计\n"
           "------------------------------------------------------------\n"
           "指标名称                本季度      1-3季度累计     同比增减(%)    计量单位\n"
           "------------------------------------------------------------\n"
           "一、社会救助\n"
           "城乡低保对象            5120        —               -3.2           人\n"
           "临时救助                410         1230            8.5            人次\n"
           "------------------------------------------------------------\n")


def test_a_rule_line_of_dashes_does_not_end_a_table_and_quarter_columns_are_part_year_actuals():
    rows = table_rows(QUARTER, REPORT, "label", "kind", "year", "value", "unit", "qualifier")
    assert ("城乡低保对象", "actual", 2024, 5120.0, "人", "本季度") in rows
    assert ("临时救助", "actual", 2024, 1230.0, "人次", "1-3季度累计") in rows
    assert ("临时救助", "actual", 2024, 8.5, "%", "同比增减(%)") in rows
    assert [r[3] for r in rows if r[0] == "城乡低保对象"] == [5120.0, None, -3.2]  # the dash kept, no value


def test_a_short_dash_cell_is_an_empty_cell_not_a_rule_line():
    from cmp.extract.table_layouts import line_cells

    assert line_cells("——", 0, 1) is not None and line_cells("------", 0, 1) is None
    assert line_cells("-----+-----", 0, 1) is None


ESTIMATE = ("表1  主要指标\n"
            "指标 | 2020年 | 2023年 | 2025年(预计) | 2030年(远景)\n"
            "养老机构床位（张） | 3200 | 3600 | 4100 | 5000\n")


def test_estimated_and_far_off_columns_are_targets_flagged_estimate():
    rows = table_rows(ESTIMATE, dict(PLAN, published="2024-03-01"), "kind", "year", "value", "flags")
    assert rows[2][:3] == ("target", 2025, 4100.0) and "estimate" in rows[2][3]
    assert rows[3][:3] == ("target", 2030, 5000.0) and "estimate" in rows[3][3]
    assert "estimate" not in rows[1][3]


UNIT_NOTE = ("表3  分年度投入计划                          单位：万元\n"
             "项目 | 2021年 | 2022年\n"
             "养老服务设施 | 1200 | 1350\n"
             "城乡标准比 | 1.3 | 1.2\n"
             "注：城乡标准比单位为倍。\n")


def test_a_unit_above_the_table_gives_every_row_without_its_own_and_a_note_gives_one_rows_unit():
    rows = table_rows(UNIT_NOTE, PLAN, "label", "value", "unit", "flags")
    assert rows[0][1:3] == (12000000.0, "元") and "unit_from_note" in rows[0][3]
    assert rows[2][1:3] == (1.3, "倍")


def test_a_unit_note_that_names_no_known_unit_gives_none():
    text = UNIT_NOTE.replace("单位：万元", "单位：市民政局").replace("注：城乡标准比单位为倍。\n", "")
    assert [r[1] for r in table_rows(text, PLAN, "label", "unit")][:2] == ["", ""]


BILINGUAL = ("表1　主要指標\n"
             "指標名稱              基準值      目標值      單位\n"
             "Indicator             Baseline    Target      Unit\n"
             "                      (2020)      (2025)\n"
             "(一)養老服務  Elderly Care\n"
             "社區日間照料中心      52          80*         所\n"
             "  Day care centres\n"
             "每千名老人床位數      31          36          张/千人\n"
             "  Beds per 1,000 older people\n")


def test_english_glosses_of_a_bilingual_table_are_skipped_and_a_footnote_mark_is_flagged():
    rows = table_rows(BILINGUAL, PLAN, "label", "kind", "year", "value", "unit", "flags", "quote")
    assert [r[:5] for r in rows] == [("社區日間照料中心", "baseline", 2020, 52.0, "所"),
                                     ("社區日間照料中心", "target", 2025, 80.0, "所"),
                                     ("每千名老人床位數", "baseline", 2020, 31.0, "张/千人"),
                                     ("每千名老人床位數", "target", 2025, 36.0, "张/千人")]
    assert "footnote_mark" in rows[1][5] and rows[1][6] == "80*"


def test_a_line_of_english_with_more_digits_than_letters_is_no_gloss():
    from cmp.extract.table_layouts import latin_gloss, without_gloss

    assert latin_gloss("Beds per 1,000 older people") and not latin_gloss("Total 12 34")
    assert not latin_gloss("养老 Beds") and without_gloss("(一)养老服务  Elderly Care") == "(一)养老服务"


CROSSTAB = ("表4  2024年梧桐区社会组织分类情况\n"
            "行业类别        社会团体     民办非企业单位     合计     比上年增减(个)\n"
            "教育              10            95             105        -6\n"
            "社会服务          22            41              63         4\n")


def test_a_cross_tab_gives_each_column_as_the_measure_of_the_documents_year():
    rows = table_rows(CROSSTAB, REPORT, "label", "kind", "year", "value", "qualifier", "flags")
    assert rows[:3] == [("教育", "actual", 2024, 10.0, "社会团体", "year_assumed"),
                        ("教育", "actual", 2024, 95.0, "民办非企业单位", "year_assumed"),
                        ("教育", "actual", 2024, 105.0, "合计", "year_assumed")]
    assert rows[3][3] == -6.0 and "change" in rows[3][5] and "growth_rate" not in rows[3][5]


def test_a_header_of_unknown_words_without_a_row_naming_first_cell_is_no_table():
    text = CROSSTAB.replace("行业类别", "教育培训")
    assert table_rows(text, REPORT, "value") == []


TRANSPOSED = ("表1  城乡低保标准提标计划\n"
              "单位：元/人·月\n"
              "  年 份          城市低保标准      农村低保标准\n"
              "  2020（基期）       700               520\n"
              "  2022               760               590\n"
              "  2025               850               700\n")


def test_a_transposed_table_reads_each_row_as_a_year_and_each_column_as_an_indicator():
    rows = table_rows(TRANSPOSED, PLAN, "label", "kind", "year", "value", "unit")
    assert rows == [("城市低保标准", "baseline", 2020, 700.0, "元/人/月"),
                    ("农村低保标准", "baseline", 2020, 520.0, "元/人/月"),
                    ("城市低保标准", "target", 2022, 760.0, "元/人/月"),
                    ("农村低保标准", "target", 2022, 590.0, "元/人/月"),
                    ("城市低保标准", "target", 2025, 850.0, "元/人/月"),
                    ("农村低保标准", "target", 2025, 700.0, "元/人/月")]


def test_a_transposed_table_in_a_report_holds_actuals():
    meta = dict(REPORT, period="2025", published="2026-01-10")
    rows = table_rows(TRANSPOSED.replace("2020（基期）", "2020"), meta, "kind", "year")
    assert {r[0] for r in rows} == {"actual"}


# ------------------------------------------------------------------------------------------ running text
@pytest.mark.parametrize("sent, expected", [
    ("全市户籍老年人口41万2300人", [(412300.0, "人", "=", [])]),
    ("五年总投入138亿4200万元", [(13842000000.0, "元", "=", [])]),
    ("登记志愿者18万6千人", [(186000.0, "人", "=", [])]),
    ("每人每月不低于1万3500元以上", [(13500.0, "元", ">=", [])]),
    ("惠及三万五千人", [(35000.0, "人", "=", ["chinese_numeral"])]),
])
def test_a_number_in_two_magnitudes_is_one_value(sent, expected):
    assert values(sent) == expected


def test_two_magnitudes_that_cannot_be_one_number_stay_apart_and_words_stay_words():
    assert [v[0] for v in values("41万23000人")] == [410000.0, 23000.0]
    assert values("服务走进千家万户") == []


def test_a_percentage_in_chinese_numerals_keeps_its_decimals():
    assert values("占总人口百分之十七点六") == [(17.6, "%", "=", ["fraction"])]


def test_a_sentence_wrapped_over_two_lines_is_read_as_one():
    text = ("一、发展基础\n"
            "截至2020年底，全市持续完善社区服务体系建设，全市共有社区工作者\n"
            "1,215人，其中持证社会工作者312人。\n")
    rows = brief(text, "label", "kind", "year", "value")
    assert ("全市共有社区工作者", "actual", 2020, 1215.0) in rows


def test_a_short_line_is_not_joined_to_the_next():
    text = "一、发展基础\n全市社区工作者\n1,215人。\n"
    assert [r[0] for r in brief(text, "value")] == []


def test_a_capital_numeral_part_heading_opens_a_section_and_its_review_words_give_the_role():
    text = ("壹、计画缘起\n说明。\n贰、现况分析\n截至2020年底，全省日间照顾中心74所。\n"
            "叁、计画目标\n日间照顾中心达120所。\n")
    st = parse_structure(normalize(text), PLAN)
    roles = {s.heading: s.time_role for s in st.sections if s.heading}
    assert roles["贰、现况分析"] == "review" and roles["叁、计画目标"] == "plan"
    assert brief(text, "kind", "year", "value") == [("actual", 2020, 74.0), ("target", 2025, 120.0)]


BOX_TWO_TABLES = ("专栏1  社区治理主要指标\n"
                  "表1-1  社区服务设施\n"
                  "序号  指标                          现状(2020年)   预期(2025年)\n"
                  "1     社区服务大厅(个)              40             66\n"
                  "表1-2  社区工作者\n"
                  "序号  指标                          城市社区       农村社区\n"
                  "1     每社区社区工作者(人)          9              4\n")


def test_the_caption_of_a_second_table_in_a_box_ends_the_first_and_scope_columns_are_read():
    rows = table_rows(BOX_TWO_TABLES, PLAN, "label", "kind", "year", "value", "qualifier")
    assert rows == [("社区服务大厅(个)", "baseline", 2020, 40.0, ""), ("社区服务大厅(个)", "target", 2025, 66.0, ""),
                    ("每社区社区工作者(人)", "target", 2025, 9.0, "城市社区"),
                    ("每社区社区工作者(人)", "target", 2025, 4.0, "农村社区")]


def test_scope_words_under_years_still_split_the_year_columns():
    text = ("指标 | 2020年 | 2025年\n"
            "| 城市 | 农村 | 城市 | 农村 |\n"
            "低保标准（元/人·月） | 700 | 520 | 850 | 700\n")
    rows = table_rows(text, PLAN, "kind", "year", "value", "qualifier")
    assert ("baseline", 2020, 520.0, "农村") in rows and ("target", 2025, 850.0, "城市") in rows


def test_a_score_is_a_value_and_a_branch_office_is_not():
    assert values("群众满意度达到90分以上") == [(90.0, "分", ">=", [])]
    assert values("新设3分局") == [] and values("3分之1的社区") == []


def test_a_subsection_without_role_words_keeps_the_plan_role_of_its_parent_in_a_report():
    meta = {"jurisdiction": "临河县", "file": "lh.txt", "doc_kind": "work_report", "period": "2023",
            "published": "2024-01-16"}
    text = ("一、2023年工作回顾\n全年新增养老床位200张。\n二、2024年主要目标任务\n（八）推进基层治理现代化\n"
            "村级组织承担的工作事项精简到60项以内。\n三、主要指标\n全年临时救助900人次。\n")
    assert brief(text, "kind", "year", "value", meta=meta) == [("actual", 2023, 200.0), ("target", 2024, 60.0),
                                                                ("actual", 2023, 900.0)]


def test_last_years_end_is_last_year_not_this_years_end():
    from cmp.extract.timeexpr import find_times

    assert [t.kind for t in find_times("名额由2019年的6050个增至去年底的8600个")] == ["year", "last_year"]
    meta = {"jurisdiction": "临河县", "file": "lh.txt", "doc_kind": "news_report", "period": "2024",
            "published": "2025-06-12"}
    text = "2025-06-12 来源：临河日报\n全县日间照料名额由2019年的6050个增至去年底的8600个。\n"
    assert brief(text, "kind", "year", "value", meta=meta) == [("baseline", 2019, 6050.0), ("actual", 2024, 8600.0)]


def test_a_figure_already_reached_without_a_time_in_a_one_year_document_is_of_that_year():
    from cmp.extract import timeexpr

    assert timeexpr.resolve(None, "", (2024, 2024), "全市已建成")[:2] == ("actual", 2024)
    assert timeexpr.resolve(None, "", (2021, 2025), "全市已建成")[:2] == ("actual", 2020)  # a plan's base year


def test_respective_values_in_different_units_go_to_the_subjects_listed_before_them():
    rows = brief("二、发展目标\n到2025年，养老机构和社区养老服务站分别达到30家、120个。\n", "value", "qualifier")
    assert rows == [(30.0, "养老机构"), (120.0, "社区养老服务站")]
    rows = brief("一、发展基础\n全市共救助困难群众2.14万户、3.57万人。\n", "value", "qualifier", "flags")
    assert [r[:2] for r in rows] == [(21400.0, ""), (35700.0, "")] and "subject_unclear" not in rows[0][2]


# ------------------------------------------------------------------------------------------ rules of sets u and x
CELLS_SPLIT = ("表1  主要指标\n序号\n指标名称\n单位\n2020年\n基期值\n2025年\n目标值\n指标\n属性\n"
               "1\n特困人员集中供养\n能力\n%\n40\n≥52\n约束性\n"
               "2\n城市低保标准\n元/人·月\n700\n≥860\n预期性\n")


def test_header_words_and_a_label_split_over_one_cell_lines_are_joined():
    rows = table_rows(CELLS_SPLIT, PLAN, "label", "kind", "year", "value", "attribute")
    assert rows == [("特困人员集中供养能力", "baseline", 2020, 40.0, "binding"),
                    ("特困人员集中供养能力", "target", 2025, 52.0, "binding"),
                    ("城市低保标准", "baseline", 2020, 700.0, "expected"),
                    ("城市低保标准", "target", 2025, 860.0, "expected")]


def test_a_bulletin_table_of_absolute_numbers_and_a_table_of_years_with_units_in_its_headers():
    text = ("指标  单位  绝对数  比上年增长(%)\n结婚登记  对  18412  11.5\n\n"
            "年份  结婚登记(对)  火化率(%)\n2022  16513  91.2\n2023  18412  92.7\n")
    rows = table_rows(text, dict(REPORT, period="2023"), "label", "kind", "year", "value", "unit")
    assert ("结婚登记", "actual", 2023, 18412.0, "对") in rows
    assert ("结婚登记(对)", "actual", 2022, 16513.0, "对") in rows and ("火化率(%)", "actual", 2023, 92.7, "%") in rows


def test_a_transposed_header_wrapped_over_two_lines_is_joined():
    text = (" 年份      基本康复服务   辅助器具\n"
            "           覆盖率（%）   适配率（%）\n"
            "2020年（基期）  82.5     78.0\n"
            "2025年          ≥90      ≥90\n")
    rows = table_rows(text, PLAN, "label", "kind", "year", "value")
    assert rows == [("基本康复服务覆盖率(%)", "baseline", 2020, 82.5), ("辅助器具适配率(%)", "baseline", 2020, 78.0),
                    ("基本康复服务覆盖率(%)", "target", 2025, 90.0), ("辅助器具适配率(%)", "target", 2025, 90.0)]


def test_a_spaced_header_whose_last_cells_wrap_onto_a_second_line():
    text = ("序号  指    标              2020年     2025年      指标\n"
            "                            （现状）   （预计）    性质\n"
            "1     遗体火化率（%）        96.4       ≥98         约束性\n")
    rows = table_rows(text, PLAN, "kind", "year", "value", "attribute", "flags")
    assert [r[:4] for r in rows] == [("baseline", 2020, 96.4, "binding"), ("target", 2025, 98.0, "binding")]
    assert "estimate" in rows[1][4]


def test_a_completion_table_with_a_yes_no_column():
    text = ("序号  指标名称              单位   目标值   完成值   是否完成\n"
            "1     新增养老机构床位      张     600      548      否\n")
    rows = table_rows(text, dict(REPORT, doc_kind="work_report", period="2023"), "kind", "value")
    assert rows == [("target", 600.0), ("actual", 548.0)]


def test_a_table_of_districts_as_rows_under_a_wrapped_header_of_measures():
    meta = {"jurisdiction": "梧桐市", "file": "wt.txt", "doc_kind": "annual_plan", "period": "2025"}
    text = ("县（市、区）      新建设施      持证率\n                （处）        （%）\n"
            "东区              12            50\n西区              10            48\n")
    assert table_rows(text, meta, "label", "kind", "year", "value", "qualifier", "unit") == [
        ("东区", "target", 2025, 12.0, "新建设施", "处"), ("东区", "target", 2025, 50.0, "持证率", "%"),
        ("西区", "target", 2025, 10.0, "新建设施", "处"), ("西区", "target", 2025, 48.0, "持证率", "%")]


def test_a_chinese_numeral_and_a_unit_apart_are_no_count():
    assert values("2024年12月18日 星期三　　本报记者 何安琪") == []
    assert values("新建三所养老院") == [(3.0, "所", "=", ["chinese_numeral"])]


def test_now_words_date_a_value_at_the_documents_time():
    from cmp.extract.timeexpr import find_times

    assert [t.kind for t in find_times("现在社区日间照料中心有186间")] == ["now"]


def test_a_unit_note_naming_several_units_gives_no_table_unit():
    text = ("单位：人、人次\n\n地区          低保人数      临时救助\n"
            "东县          3841          1723\n西县          2987          1296\n")
    rows = table_rows(text, dict(REPORT, period="2023"), "label", "value", "unit", "qualifier")
    # never 人 for 人次: one unit per column of what each measures, in order (test_rules_reads9)
    assert ("东县", 1723.0, "人次", "临时救助") in rows and ("东县", 3841.0, "人", "低保人数") in rows
    three = text.replace("单位：人、人次", "单位：人、人次、元")
    assert ("东县", 1723.0, "", "临时救助") in table_rows(three, dict(REPORT, period="2023"), "label", "value",
                                                         "unit", "qualifier")


def test_a_progress_column_with_a_unit_and_an_attribute_column_named_指标类型():
    text = ("| 项目 | 单位 | 上半年 | 全年目标 | 完成进度(%) |\n|---|---|---|---|---|\n"
            "| 新增养老床位 | 张 | 320 | 600 | 53.3 |\n")
    rows = table_rows(text, REPORT, "kind", "value", "unit", "flags")
    assert [r[:3] for r in rows] == [("actual", 320.0, "张"), ("target", 600.0, "张"), ("actual", 53.3, "%")]
    assert "completion_rate" in rows[2][3]
    text = ("指标类型  序号  指标名称          2022年   2025年   单位\n"
            "预期性    1     养老床位总数      19600    23000    张\n")
    rows = table_rows(text, PLAN, "attribute", "value", "unit")
    assert rows == [("expected", 19600.0, "张"), ("expected", 23000.0, "张")]


def test_a_review_published_mid_period_holds_no_actual_of_a_year_still_to_come():
    from cmp.extract.table_kinds import assign_kinds
    from cmp.extract.table_layouts import Column

    cols = [Column("value", h, year=y, year_role_inferred=True) for h, y in (("2020年", 2020), ("2022年", 2022),
                                                                             ("2025年", 2025))]
    assign_kinds(cols, "2021-2025", "review", 2023)
    assert [c.kind for c in cols] == ["baseline", "actual", "target"]


def test_a_page_number_between_dots_is_page_noise_and_a_line_inside_a_transposed_table_is_kept():
    text = ("年份      结婚登记（对）   离婚登记（对）\n2021      39502          13840\n\n"
            "                 · 4 ·\n续表\n年份      结婚登记（对）   离婚登记（对）\n2022      37936          13101\n")
    rows = table_rows(text, dict(REPORT, period="2023"), "label", "year", "value")
    assert ("结婚登记(对)", 2022, 37936.0) in rows and all(r[2] != 4.0 for r in rows)


def test_the_part_of_the_year_gone_by_in_a_dated_news_item_is_what_it_brought():
    meta = {"jurisdiction": "临河县", "file": "lh.txt", "doc_kind": "news_report", "period": "2024",
            "published": "2024-10-22"}
    text = "来源：临河日报 2024-10-22 08:15\n前三季度全县新建社区老年食堂21个，累计达到63个。\n"
    assert brief(text, "kind", "year", "value", meta=meta) == [("actual", 2024, 21.0), ("actual", 2024, 63.0)]


def test_a_late_year_news_item_reports_what_the_year_brought_unless_it_says_a_target():
    from cmp.extract.timeexpr import find_times

    assert [(t.kind, t.so_far) for t in find_times("县殡仪馆1至9月完成遗体火化2046具")] == [("this_year", True)]
    meta = {"jurisdiction": "临河县", "file": "lh.txt", "doc_kind": "news_report", "period": "2024",
            "published": "2024-10-22"}
    text = "来源：临河日报 2024-10-22 08:15\n全县办理结婚登记1187对。全县力争建成养老服务站30个。\n"
    assert brief(text, "kind", "year", "value", meta=meta) == [("actual", 2024, 1187.0), ("target", 2024, 30.0)]
    early = text.replace("2024-10-22", "2024-03-02")
    assert brief(early, "kind", "value", meta=dict(meta, published="2024-03-02"))[0] == ("target", 1187.0)
