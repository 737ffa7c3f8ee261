"""Reading rules of issues 9 and 10 found by the held-out sets i, j, k and l (every place and number here is
invented: 青川市, 梧桐区, 临河县). Tables: a value printed in its label's cell, figures in a 备注 cell, part-year
columns (1-6月), project tables (建设内容 / 投资(万元) / 建设年限), group rows printed like headings, 增减 columns
in the row's unit, and the kinds of bare years (2015 | 2020 | 2025; a mid-term review's base year). Running text:
至少一个, round counts (近千户, 百余名), 万/亿 before any count unit, changes on the year before, the year of 全年
and of a topic year in a news paragraph, targets in a report's 下一步 and 以来 in a mid-term review."""

from __future__ import annotations

import pytest

from cmp.extract import numbers
from cmp.extract import table_layouts as L
from cmp.extract.tables import extract_tables
from cmp.extract.textnums import find_values
from cmp.ingest.normalize import normalize
from tests.test_rules_prose_reads import brief

pytestmark = pytest.mark.usefixtures("fresh_table_caches")

PLAN = {"jurisdiction": "青川市", "file": "qc.txt", "doc_kind": "five_year_plan", "period": "2021-2025"}
REPORT = {"jurisdiction": "梧桐区", "file": "wt.txt", "doc_kind": "work_report", "period": "2024",
          "published": "2024-07-10"}
NEWS = {"jurisdiction": "临河县", "file": "lh.txt", "doc_kind": "news_report", "period": "2023",
        "published": "2024-01-20"}


def table_rows(text: str, meta: dict, *fields: str) -> list[tuple]:
    _, rows = extract_tables(meta, normalize(text))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]
    return [tuple(r[f] for f in fields) for r in rows]


def values(sent: str) -> list[tuple]:
    return [(v.value, v.unit, v.flags) for v in find_values(sent, [])]


# ------------------------------------------------------------------------------------ tables: cells and notes
SPACED = ("类别　　　指标　　　　　　　　　　2020年　　2025年　　属性\n"
          "社会救助　城市低保标准（元/人·月）　　　700　　　≥880　　预期性\n"
          "　　　　　集中供养率（%）　44.5　　≥58　　约束性\n"
          "养老服务　每千名老年人养老床位（张）31.5　　36　　　预期性\n")


def test_a_value_printed_in_its_labels_cell_is_cut_off_and_flagged():
    rows = table_rows(SPACED, PLAN, "label", "kind", "year", "value", "flags")
    flags = "cell_split;unit_in_label;year_role_inferred"
    # (集中供养率（%）　44.5 and 养老服务　每千名…: one full-width space on a line of wide gaps separates two cells)
    assert rows[2:] == [("集中供养率（%）", "baseline", 2020, 44.5, "unit_in_label;year_role_inferred"),
                        ("集中供养率（%）", "target", 2025, 58.0, "unit_in_label;year_role_inferred"),
                        ("每千名老年人养老床位（张）", "baseline", 2020, 31.5, flags),
                        ("每千名老年人养老床位（张）", "target", 2025, 36.0, flags)]
    assert [r[3] for r in rows[:2]] == [700.0, 880.0] and "cell_split" not in rows[0][4]


def test_a_comparator_word_before_the_number_keeps_the_cell_whole():
    from cmp.extract.table_layouts import Cell, ParsedRow
    from cmp.extract.table_rows import _split_label_values

    cols = [L.header_role(h) for h in ("指标", "2020年", "2025年")]
    row = ParsedRow(rowno=None, category="", label=None, unit=None, attribute="", notes=[], values=[])
    cells = [Cell("养老床位 不少于300", 0, 12, 1)]
    assert _split_label_values(cells, cols, row) == cells and row.flags == []
    row2 = ParsedRow(rowno=None, category="", label=None, unit=None, attribute="", notes=[], values=[])
    cut = _split_label_values([Cell("养老床位(张) 300", 0, 11, 1)], cols, row2)
    assert [(c.text, c.start, c.end) for c in cut] == [("养老床位(张)", 0, 7), ("300", 8, 11)]
    assert row2.flags == ["cell_split"]


def test_figures_in_a_note_cell_take_the_kind_and_year_of_the_rows_last_value():
    text = ("| 指标 | 2020年 | 2025年 | 属性 | 备注 |\n|---|---|---|---|---|\n"
            "| 农村互助幸福院（个） | 30 | 60 | 预期性 | 其中星级幸福院不少于十五个 |\n"
            "| 社区食堂（个） | 8 | 20 | 预期性 | 每个街道至少一个 |\n"
            "| 养老床位（张） | 3000 | 3600 | 预期性 | 含农村互助幸福院床位 |\n")
    rows = table_rows(text, PLAN, "label", "kind", "year", "value", "unit", "comparator", "flags", "quote")
    notes = [r for r in rows if "value_in_note" in r[6]]
    assert notes == [
        ("农村互助幸福院（个）", "target", 2025, 15.0, "个", ">=", "chinese_numeral;value_in_note;year_role_inferred",
         "十五个"),
        ("社区食堂（个）", "target", 2025, 1.0, "个", ">=", "chinese_numeral;value_in_note;year_role_inferred", "一个")]
    assert len(rows) == 8


def test_a_part_year_column_reports_the_documents_year_with_the_part_as_qualifier():
    col = L.header_role("1-6月")
    assert (col.role, col.kind, col.year, col.year_offset, col.measure) == ("value", "actual", None, 0, "1-6月")
    col = L.header_role("2023年1—9月")
    assert (col.year, col.year_offset, col.measure) == (2023, None, "1—9月")
    assert L.header_role("上半年").measure == "上半年"
    assert L.header_role("前三季度（%）").unit == "%"
    assert L.header_role("1-13月") is None and L.header_role("9-3月") is None
    text = "表1 上半年业务数据\n项目\n单位\n1-6月\n同比增减（%）\n低保对象\n人\n1,520\n-2.5\n结婚登记\n对\n640\n3.1\n"
    assert table_rows(text, REPORT, "label", "kind", "year", "value", "unit", "qualifier", "flags") == [
        ("低保对象", "actual", 2024, 1520.0, "人", "1-6月", "year_assumed"),
        ("低保对象", "actual", 2024, -2.5, "%", "同比增减(%)", "year_assumed;growth_rate"),
        ("结婚登记", "actual", 2024, 640.0, "对", "1-6月", "year_assumed"),
        ("结婚登记", "actual", 2024, 3.1, "%", "同比增减(%)", "year_assumed;growth_rate")]


def test_a_project_table_reads_what_each_project_builds_and_its_investment():
    text = ("专栏1 重点工程\n| 工程名称 | 建设内容 | 投资(万元) | 建设年限 |\n|---|---|---|---|\n"
            "| 区福利中心工程 | 新增养老床位200张 | 5400 | 2021-2023 |\n"
            "| 殡仪馆迁建工程 | 建筑面积3600平方米 | 3900 | 2022-2025 |\n")
    rows = table_rows(text, PLAN, "label", "kind", "year", "value", "unit")
    # (each project's targets are due when its works end: 建设年限 2021-2023 dates them 2023, year_from_row)
    assert rows == [("区福利中心工程", "target", 2023, 200.0, "张"),
                    ("区福利中心工程", "target", 2023, 54000000.0, "元"),
                    ("殡仪馆迁建工程", "target", 2025, 3600.0, "㎡"),
                    ("殡仪馆迁建工程", "target", 2025, 39000000.0, "元")]


def test_a_group_row_printed_like_a_heading_does_not_end_a_tab_table():
    text = ("序号\t指标\t单位\t2020年\t2025年\n一、养老服务\n1\t养老床位\t张\t900\t1200\n"
            "二、社会救助\n2\t低保标准\t元/人·月\t650\t800\n三、保障措施\n加强组织领导。\n")
    rows = table_rows(text, PLAN, "category", "label", "year", "value")
    assert rows == [("一、养老服务", "养老床位", 2020, 900.0), ("一、养老服务", "养老床位", 2025, 1200.0),
                    ("二、社会救助", "低保标准", 2020, 650.0), ("二、社会救助", "低保标准", 2025, 800.0)]


def test_a_change_column_keeps_the_rows_unit_and_says_it_is_a_change():
    text = ("指标            单位      本年        上年        增减\n"
            "低保人数        人        12,400      13,000      -600\n")
    assert table_rows(text, {**REPORT, "period": "2022"}, "year", "value", "unit", "qualifier", "flags") == [
        (2022, 12400.0, "人", "", "year_assumed"), (2021, 13000.0, "人", "", "year_assumed"),
        (2022, -600.0, "人", "增减", "year_assumed;change")]
    col = L.header_role("增减（%）")
    assert col.growth and not col.change
    assert L.header_role("增减").change and not L.header_role("增减").growth


@pytest.mark.parametrize(("header", "meta", "kinds"), [
    # a plan: the latest year before the period is the base, earlier ones actuals
    ("| 指标 | 2015年 | 2020年 | 2025年 |", PLAN, [("actual", 2015), ("baseline", 2020), ("target", 2025)]),
    ("| 指标 | 2019年 | 2025年 |", PLAN, [("baseline", 2019), ("target", 2025)]),
])
def test_bare_years_in_a_plan_table(header, meta, kinds):
    n = header.count("|") - 2
    text = f"{header}\n|{'---|' * (n + 1)}\n| 养老床位（张） |{''.join(f' {100 + k} |' for k in range(n))}\n"
    assert table_rows(text, meta, "kind", "year") == kinds


def test_the_base_year_of_a_mid_term_reviews_target_column_is_its_baseline():
    text = ("二、主要指标完成情况\n| 指标 | 2020年 | 2022年 | 2025年目标 |\n|---|---|---|---|\n"
            "| 养老床位（张） | 900 | 1000 | 1200 |\n")
    review = {**PLAN, "doc_kind": "work_report", "published": "2023-05-01"}
    assert table_rows(text, review, "kind", "year") == [("baseline", 2020), ("actual", 2022), ("target", 2025)]


# ------------------------------------------------------------------------------------ running text: numbers
def test_a_bound_on_one_counts_and_a_bare_one_does_not():
    assert values("每个街道至少建成一个服务站") == [(1.0, "个", ["chinese_numeral"])]
    assert values("每个社区不少于一个") == [(1.0, "个", ["chinese_numeral"])]
    assert values("建立一个机制") == [] and values("打造一个平台") == []


def test_round_counts_of_hundreds_and_thousands():
    assert values("为近千户困难家庭") == [(1000.0, "户", ["chinese_numeral"])]
    assert values("开展探访上千人次") == [(1000.0, "人次", ["chinese_numeral"])]
    assert values("组织百余名志愿者")[0][:2] == (100.0, "人")
    assert values("每千名老年人") == [] and values("每百户") == [] and values("走进千家万户") == []
    assert values("百户") == [] and values("千人") == []


def test_wan_and_yi_multiply_any_count_unit():
    assert values("开展活动1.2万场次") == [(12000.0, "场次", [])]
    assert values("服务时长3.1亿小时") == [(310000000.0, "小时", [])]
    assert values("减免1843例") == [(1843.0, "例", [])]
    assert numbers.canonical_unit("万场次") == ("场次", 10000.0)
    assert numbers.canonical_unit("亿条") == ("条", 100000000.0)
    # a share, a rate per unit and an age take no multiple
    assert numbers.canonical_unit("万%") is None and numbers.canonical_unit("万岁") is None
    assert numbers.canonical_unit("万元/人/月") is None


def test_a_change_on_the_year_before_is_flagged_not_read_as_the_level():
    text = "一、工作成效\n全区低保对象3200人,比上年减少150人,同比下降4.5%。养老机构12家,比上年增加2家。\n"
    rows = brief(text, "value", "unit", "flags", meta=REPORT)
    assert rows[0] == (3200.0, "人", "year_assumed")
    assert rows[1] == (-150.0, "人", "change;year_assumed;label_from_context")
    assert rows[2] == (-4.5, "%", "year_assumed;growth_rate;label_from_context")
    assert rows[3] == (12.0, "家", "year_assumed")
    assert rows[4] == (2.0, "家", "change;year_assumed;label_from_context")


# ------------------------------------------------------------------------------------ running text: time
def test_the_whole_year_of_a_news_paragraph_about_last_year_is_last_year():
    text = ("临河县召开民政工作会议\n来源:临河县融媒体 2024年1月20日\n"
            "会议指出,去年以来,全县新建互助点12个;全年开展志愿服务活动1.5万场次。\n"
            "会议要求,全年新增养老床位200张。\n")
    assert brief(text, "kind", "year", "value", meta=NEWS) == [
        ("actual", 2023, 12.0), ("actual", 2023, 15000.0), ("target", 2024, 200.0)]


def test_a_topic_year_set_off_by_a_comma_dates_the_paragraph_of_a_news_report():
    text = ("临河县民政工作成绩单\n发布时间:2024-01-20\n"
            "会议指出,2023年,全县新增养老床位320张。城乡低保标准提高到每人每月900元。全年好评率达到99.1%。\n"
            "会议明确,2024年,全县将新建助餐点30个。\n")
    assert brief(text, "kind", "year", "value", meta=NEWS) == [
        ("actual", 2023, 320.0), ("actual", 2023, 900.0), ("actual", 2023, 99.1), ("target", 2024, 30.0)]


def test_past_year_is_last_year_even_when_the_dateline_is_the_published_date():
    text = "临河县召开民政工作会议\n会议指出,过去一年,全县新增养老床位500余张。\n"
    rows = brief(text, "kind", "year", "value", meta={**NEWS, "period": "2024"})
    assert rows == [("actual", 2023, 500.0)]


def test_a_strived_for_deadline_in_a_report_is_a_target():
    review = {**PLAN, "doc_kind": "work_report", "published": "2023-06-30"}
    text = ("五、存在问题和建议\n(一)到2025年,全市持证社会工作者力争达到4500人。\n"
            "(二)到2022年底,全市养老床位达到1.2万张。\n")
    assert brief(text, "kind", "year", "value", meta=review) == [("target", 2025, 4500.0), ("actual", 2022, 12000.0)]


def test_since_the_plan_began_in_a_mid_term_review_is_the_last_year_over():
    review = {**PLAN, "doc_kind": "work_report", "published": "2023-06-30"}
    text = "三、重点任务推进情况\n规划实施以来,全市累计新增养老床位3860张。\n"
    assert brief(text, "kind", "year", "value", meta=review) == [("actual", 2022, 3860.0)]
    # a placeholder published date outside the period changes nothing
    other = {**review, "published": "2019-01-01"}
    assert brief(text, "kind", "year", meta=other) == [("actual", 2025)]


def test_a_value_cell_opening_with_a_verb_is_read_in_the_rows_unit():
    from cmp.extract.table_rows import verb_quantities

    (q,) = verb_quantities("达到100", "%")
    assert (q.value, q.unit, q.comparator, q.start, q.end, q.flags) == (100.0, "%", "=", 2, 5, ("value_in_phrase",))
    (q,) = verb_quantities("保持在95以上", "%")
    assert (q.value, q.comparator, q.text) == (95.0, ">=", "95以上")
    assert verb_quantities("达到一流", "%") == () and verb_quantities("开展8次", "") == ()
    text = "| 指标 | 2020年 | 2025年 |\n|---|---|---|\n| 社区服务站覆盖率（%） | 76 | 达到100 |\n"
    assert table_rows(text, PLAN, "kind", "value", "unit", "quote") == [
        ("baseline", 76.0, "%", "76"), ("target", 100.0, "%", "100")]


def test_a_numbered_line_holding_a_count_in_chinese_numerals_is_a_statement_not_a_heading():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2025"}
    text = "一、主要目标\n11. 新建两个社区慈善超市\n二、建设一个平台\n(一)两项补贴\n"
    assert brief(text, "label", "value", "unit", meta=annual) == [("社区慈善超市", 2.0, "个")]
    from cmp.extract.structure import heading_of

    assert heading_of("11. 新建两个社区慈善超市") is None
    assert heading_of("二、建设一个平台") is not None and heading_of("(一)两项补贴") is not None


def test_values_whose_subjects_are_not_named_one_by_one_are_kept_flagged_and_never_mapped():
    import pandas as pd

    from cmp.model.codebook import map_rows

    bulletin = {**REPORT, "doc_kind": "statistical_bulletin", "period": "2023"}
    text = "一、社会救助\n两类补贴对象增加,补贴标准分别提高到每人每月90元和100元。\n"
    rows = brief(text, "label", "value", "flags", meta=bulletin)
    assert rows == [("补贴标准", 90.0, "subject_unclear;year_assumed;multi_value"),
                    ("补贴标准", 100.0, "subject_unclear;year_assumed;multi_value")]
    df = pd.DataFrame({"label": ["城市低保标准", "城市低保标准"], "qualifier": ["", ""], "unit": ["元/人/月"] * 2,
                       "indicator": ["", ""], "flags": ["", "subject_unclear;multi_value"]})
    mapped = map_rows(df)["indicator"].tolist()
    assert mapped[0] != "" and mapped[1] == ""
    # a change in the level's own unit (a 增减 column: +630 张) is never put on the level's indicator
    beds = pd.DataFrame({"label": ["养老机构床位数"] * 3, "qualifier": ["", "增减", ""], "unit": ["张"] * 3,
                         "indicator": [""] * 3, "flags": ["", "change", "year_assumed;changed_by_hand"]})
    got = map_rows(beds)["indicator"].tolist()
    assert got[0] == "elderly_care.institution_beds_total" and got[1] == "" and got[2] == got[0]


def test_a_deadline_with_qian_in_a_report_is_a_target():
    review = {**PLAN, "doc_kind": "work_report", "published": "2023-06-30"}
    text = "五、下一步打算\n下一步,2024年底前全市社区服务设施覆盖率提高到95%以上。\n"
    assert brief(text, "kind", "year", "value", meta=review) == [("target", 2024, 95.0)]


# ------------------------------------------------------------------------------------ sets m and n
def test_a_task_table_with_two_note_columns_is_a_table():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2025"}
    text = ("| 序号 | 重点任务 | 量化指标 | 责任单位 | 完成时限 |\n|---|---|---|---|---|\n"
            "| 1 | 养老设施建设 | 新增床位400张 | 县民政局 | 2025年12月底 |\n"
            "| 2 | 助餐服务 | 新建助餐点不少于15个 | 各乡镇 | 全年 |\n")
    assert table_rows(text, annual, "row_no", "kind", "year", "value", "unit", "comparator") == [
        (1, "target", 2025, 400.0, "张", "="), (2, "target", 2025, 15.0, "个", ">=")]
    assert L.is_header([L.header_role(h) for h in ("重点任务", "量化指标", "责任单位", "完成时限")])
    assert not L.is_header([L.header_role(h) for h in ("指标", "2020年", "属性", "属性")])


def test_a_month_end_column_and_a_progress_column():
    col = L.header_role("9月底人数")
    assert (col.kind, col.year_offset, col.measure) == ("actual", 0, "9月底人数")
    assert L.header_role("13月底") is None and L.header_role("月底") is None
    assert L.header_role("进度").role == "status" and L.header_role("量化指标").kind == "target"
    text = "项目\n单位\n9月底人数\n同比增减(%)\n城市低保对象\n人\n1286\n-3.4\n"
    assert table_rows(text, REPORT, "kind", "year", "value", "qualifier") == [
        ("actual", 2024, 1286.0, "9月底人数"), ("actual", 2024, -3.4, "同比增减(%)")]


def test_an_approximate_cell_keeps_its_number_with_a_flag():
    from cmp.extract.numbers import parse_cell, plainly_text

    assert [(q.value, q.unit, q.comparator, q.flags) for q in parse_cell("72左右", "%")] == [
        (72.0, "%", "=", ("approximate",))]
    assert [(q.value, q.start, q.end) for q in parse_cell(" 约1.2万 ", "人")] == [(12000.0, 1, 6)]
    assert parse_cell("左右", "%")[0].value is None and parse_cell("约", "%")[0].value is None
    from cmp.extract.table_rows import numericish

    assert not plainly_text("约72") and numericish("约72") == "value" and numericish("约束性") == "text"


def test_this_year_in_a_news_report_written_late_in_the_year_is_what_the_year_brought():
    late = {**NEWS, "period": "2024", "published": "2024-12-26"}
    text = ("青川：今年新增床位\n青川日报讯 12月26日,记者从市民政局获悉。\n今年全市新增养老床位900张。"
            "明年我市将新增养老床位1000张。今年还将新建助餐点20个。\n")
    assert brief(text, "kind", "year", "value", meta=late) == [
        ("actual", 2024, 900.0), ("target", 2025, 1000.0), ("target", 2024, 20.0)]
    early = {**late, "published": "2024-01-18"}
    assert brief(text, "kind", "year", "value", meta=early)[0] == ("target", 2024, 900.0)


def test_a_heading_before_a_numbered_list_ends_a_spaced_table():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2024"}
    text = ("目标任务            2024年目标       责任单位\n新增养老服务站      8个              养老科\n\n"
            "二、重点任务清单\n1. 完成助餐点建设20个\n")
    assert table_rows(text, annual, "label", "value") == [("新增养老服务站", 8.0)]


# ------------------------------------------------------------------------------------ sets o and p
def test_scope_words_under_each_year_split_the_year_columns():
    text = ("指标\t2020年\t\t2025年\t\n\t城市\t农村\t城市\t农村\n"
            "低保平均标准（元/人·月）\t735\t560\t900\t720\n")
    assert table_rows(text, PLAN, "kind", "year", "value", "qualifier") == [
        ("baseline", 2020, 735.0, "城市"), ("baseline", 2020, 560.0, "农村"),
        ("target", 2025, 900.0, "城市"), ("target", 2025, 720.0, "农村")]
    from cmp.extract.table_headers import scope_line, split_by_scope

    assert scope_line(["", "城市", "农村"]) == ["城市", "农村"] and scope_line(["城市", "合计"]) is None
    cols = [L.header_role(h) for h in ("指标", "2020年", "2025年")]
    assert split_by_scope(cols, ["城市", "农村", "城市"]) is None  # three words over two columns


def test_a_completion_rate_column_is_of_the_latest_actual_and_never_mapped():
    review = {**PLAN, "doc_kind": "work_report", "period": "2023", "published": "2024-04-15"}
    text = ("（基期值为2020年数据，目标值为2025年数据）\n"
            "指标                    基期值     目标值     2023年实际值     完成率(%)\n"
            "社区服务设施覆盖率(%)   88         100        97.5             97.5\n")
    rows = table_rows(text, review, "kind", "year", "value", "flags")
    assert rows == [("baseline", 2020, 88.0, "unit_in_label"), ("target", 2025, 100.0, "unit_in_label"),
                    ("actual", 2023, 97.5, "unit_in_label"), ("actual", 2023, 97.5, "unit_in_label;completion_rate")]
    col = L.header_role("完成率(%)")
    assert col.progress and col.unit == "%" and col.kind == "actual"


def test_a_note_beside_a_table_gives_its_kind_columns_their_years():
    from cmp.extract.table_notes import years_from_notes

    cols = [L.header_role(h) for h in ("指标", "基期值", "目标值", "2023年实际值")]
    years_from_notes(cols, ["注:基期值为2019年数据,目标值均为2025年。"])
    assert [c.year for c in cols[1:]] == [2019, 2025, 2023]
    cols = [L.header_role(h) for h in ("指标", "基期值", "目标值")]
    years_from_notes(cols, ["表1 主要指标"])
    assert [c.year for c in cols[1:]] == [None, None]


def test_hundred_percent_in_words_and_counts_of_cases_and_signs():
    assert values("办结率保持在百分之百") == [(100.0, "%", ["fraction"])]
    assert values("查处违规行为17起") == [(17.0, "起", [])] and values("从2021年起") == []
    assert values("设置地名标志1500块") == [(1500.0, "块", [])]


def test_a_from_value_dated_last_year_in_a_news_report_is_of_last_year():
    news = {**NEWS, "period": "2024", "published": "2024-12-19"}
    text = "青川老龄工作\n发布时间:2024-12-19\n今年高龄津贴月人均标准由去年的每人每月100元提高到150元。\n"
    assert brief(text, "kind", "year", "value", meta=news) == [("baseline", 2023, 100.0), ("actual", 2024, 150.0)]


def test_now_and_this_year_so_far_in_a_news_report_are_actuals_of_its_year():
    news = {**NEWS, "period": "2024", "published": "2024-05-21"}
    text = ("青川养老\n2024年5月21日 星期二\n据县民政局介绍,目前全县已建成助餐点140余个,"
            "今年以来累计提供助餐服务超36万人次。全县老年人近9.5万人。\n")
    assert brief(text, "kind", "year", "value", meta=news) == [
        ("actual", 2024, 140.0), ("actual", 2024, 360000.0), ("actual", 2024, 95000.0)]


def test_a_year_end_deadline_in_an_annual_plan_is_a_target_even_for_a_total():
    annual = {**PLAN, "doc_kind": "annual_plan", "period": "2024"}
    text = "二、主要任务\n年底前累计建成街道综合养老服务中心12个。全年累计开展培训30场。\n"
    assert brief(text, "kind", "year", "value", meta=annual) == [("target", 2024, 12.0), ("target", 2024, 30.0)]


# ------------------------------------------------------------------------------------ numbers: the rules above
def test_multiples_are_made_only_for_units_of_their_own():
    from cmp.extract.numbers import _with_multiples

    units = {"场": ("场", 1.0), "万场": ("场", 5.0), "%": ("%", 1.0), "‰": ("‰", 1.0), "元/人/月": ("元/人/月", 1.0),
             "岁": ("岁", 1.0), "万人": ("人", 1e4), "件": ("件", 1.0)}
    out = _with_multiples(units, {"default": 1e12, "岁": 150.0, "件": 1e8})
    assert out["万场"] == ("场", 5.0)  # a listed form is kept as listed
    assert out["亿场"] == ("场", 1e8) and out["万件"] == ("件", 1e4) and out["亿件"] == ("件", 1e8)
    assert not {"万%", "亿%", "万‰", "万元/人/月", "万岁", "亿岁", "万万人", "亿万人"} & set(out)
    assert {k: v for k, v in out.items() if k in units} == units  # nothing listed changes
    assert _with_multiples({"件": ("件", 1.0)}, {"default": 1e7}) == {"件": ("件", 1.0)}  # too small for 万 sizes


def test_approximate_cells_in_every_form():
    from cmp.extract.numbers import parse_cell

    def read(cell, hint="%"):
        return [(q.value, q.low, q.high, q.start, q.end, q.flags) for q in parse_cell(cell, hint)]

    assert read("约72左右") == [(72.0, None, None, 0, 5, ("approximate",))]
    assert read("  72左右") == [(72.0, None, None, 2, 6, ("approximate",))]
    assert read("大约30") == [(30.0, None, None, 0, 4, ("approximate",))]
    assert read("约30-40") == [(None, 30.0, 40.0, 0, 6, ("range", "approximate"))]
    assert read("约-")[0][0] is None and "approximate" not in read("约-")[0][5]
    assert read("约左右")[0][0] is None


# ------------------------------------------------------------------------------------ sets q and r
def test_a_group_row_inside_a_one_cell_per_line_table():
    text = ("表1 主要指标\n序号\n指标名称\n单位\n2020年\n2025年\n一、社会救助\n1\n城市低保平均标准\n元/人·月\n680\n"
            "≥850\n二、养老服务\n2\n养老床位\n张\n900\n1200\n第三章 保障措施\n加强组织领导。\n")
    assert table_rows(text, PLAN, "category", "row_no", "value") == [
        ("一、社会救助", 1, 680.0), ("一、社会救助", 1, 850.0), ("二、养老服务", 2, 900.0), ("二、养老服务", 2, 1200.0)]


def test_a_chapter_heading_after_a_one_cell_per_line_table_ends_it():
    text = ("指标\n2020年\n2025年\n养老床位(张)\n2100\n3650\n第二章 发展目标\n东坡区“十四五”时期民政事业发展指标\n"
            "指标\n2020年\n2025年\n社区服务设施覆盖率(%)\n80\n100\n")
    rows = table_rows(text, PLAN, "label", "value")
    assert rows == [("养老床位(张)", 2100.0), ("养老床位(张)", 3650.0), ("社区服务设施覆盖率(%)", 80.0),
                    ("社区服务设施覆盖率(%)", 100.0)]


def test_progress_words_name_a_status_column_and_a_report_section():
    assert L.header_role("进展评价").role == "status"
    from cmp.extract.structure import role_of_heading

    period = (2024, 2024)
    assert role_of_heading("二、重点工作进展", period) == "report"
    assert role_of_heading("四、下一步打算", period) == "annual_plan"
