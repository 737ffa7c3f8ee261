"""Reading rules of issues 9 and 10 drawn from held-out sets v and x, and from sets y, z, aa (every place and number
here is invented: 临河县, 梧桐区). Tables: a column per month beside a column of totals. Running text: a heading of
the next period's work points (下季工作重点) sets targets."""

from __future__ import annotations

import pytest

from tests.test_rules_prose_reads import brief
from tests.test_rules_reads5 import PLAN, table_rows  # (each quote checked against the text)

pytestmark = pytest.mark.usefixtures("fresh_table_caches")


def doc(kind: str, period: str, published: str, place: str = "梧桐区", file: str = "wt.txt") -> dict:
    """The manifest entry of an invented document."""
    return {"jurisdiction": place, "file": file, "doc_kind": kind, "period": period, "published": published}


QUARTERLY = doc("work_report", "2024", "2024-10-12")


# ------------------------------------------------------------------------------------------ tables: layouts
MONTHS = ("表1  本季度各月办理件数\n"
          "项目　　　　　　7月　　8月　　9月　　合计\n"
          "结婚登记（对）　210　　198　　225　　633\n"
          "殡仪馆火化（具）340　　—　　　356　　696\n")


def test_a_column_per_month_and_a_total_column_are_actuals_of_the_documents_year_kept_apart():
    rows = table_rows(MONTHS, QUARTERLY, "label", "kind", "year", "value", "unit", "qualifier")
    assert rows[:4] == [("结婚登记（对）", "actual", 2024, v, "对", q)
                        for v, q in ((210.0, "7月"), (198.0, "8月"), (225.0, "9月"), (633.0, "合计"))]
    assert [r[3] for r in rows if r[0].startswith("殡仪馆")] == [340.0, None, 356.0, 696.0]


@pytest.mark.parametrize("cell", ["13月", "0月", "合计人数"])
def test_a_month_that_is_none_or_a_total_with_other_words_names_no_column(cell):
    from cmp.extract.table_layouts import header_role

    col = header_role(cell)
    assert col is None or col.role != "value"


def test_a_total_column_needs_its_word_in_the_vocabulary():
    from cmp.extract.table_layouts import header_role, parse_table_vocab, vocab

    assert header_role("合计").measure == "合计"
    data = {k: v for k, v in vocab().items() if k != "total_words"}
    assert parse_table_vocab(data)["total_words"] == []  # an older copy without the key stays valid


QUARTER_PLAN = doc("annual_plan", "2024", "2024-02-20")
QUARTERS = ("表1  2024年重点任务分季度目标\n序号\n工作任务\n单位\n全年目标\n一季度\n二季度\n三季度\n四季度\n"
            "1\n新建老年助餐点\n个\n16\n3\n5\n5\n3\n")


def test_quarter_columns_of_a_work_plan_are_what_each_quarter_is_to_bring():
    rows = table_rows(QUARTERS, QUARTER_PLAN, "kind", "year", "value", "qualifier")
    assert rows == [("target", 2024, 16.0, ""), ("target", 2024, 3.0, "一季度"), ("target", 2024, 5.0, "二季度"),
                    ("target", 2024, 5.0, "三季度"), ("target", 2024, 3.0, "四季度")]
    report = dict(QUARTER_PLAN, doc_kind="work_report")
    assert [r[0] for r in table_rows(QUARTERS.replace("全年目标", "2024年完成"), report, "kind")] == ["actual"] * 5


REVIEW = doc("work_report", "2023", "2024-05-10", "临河县", "lh.txt")
MIDTERM = ("表1  规划主要指标完成情况\n"
           "| 指标 | 规划目标 | 2021年 | 2022年 | 2023年 | 较上年增减% |\n|---|---|---|---|---|---|\n"
           "| 儿童主任配备率(%) | 100 | 92 | 96 | 100 | 4.2 |\n"
           "| 明天计划手术康复(人) | 累计300 | 55 | 61 | 70 | — |\n")


def test_a_target_column_without_a_year_beside_several_years_is_the_plans_and_a_bare_percent_is_a_unit():
    rows = table_rows(MIDTERM, REVIEW, "kind", "year", "value", "unit")
    assert rows[:5] == [("target", 2025, 100.0, "%"), ("actual", 2021, 92.0, "%"), ("actual", 2022, 96.0, "%"),
                        ("actual", 2023, 100.0, "%"), ("actual", 2023, 4.2, "%")]
    assert rows[5] == ("target", 2025, 300.0, "人")  # 累计300: the number after the word
    one_year = "指标 | 规划值 | 实际值\n低保标准（元/人·月） | 770 | 780\n"
    assert table_rows(one_year, REVIEW, "kind", "year") == [("target", 2023), ("actual", 2023)]


BULLETIN = doc("statistical_bulletin", "2023", "2024-03-15")


def test_a_first_cell_naming_the_rows_heads_a_table_of_bare_years():
    text = "表2  社会组织行业分布（单位：个）\n行业          2021    2022    2023\n养老服务      310     342     365\n"
    assert table_rows(text, BULLETIN, "label", "kind", "year", "value") == [
        ("养老服务", "actual", 2021, 310.0), ("养老服务", "actual", 2022, 342.0), ("养老服务", "actual", 2023, 365.0)]


PDF_CELLS = ("表1  主要指标\n类别\n序号\n指标\n单位\n2020年\n2025年\n指标属性\n"
             "兜底\n保障\n1\n城乡低保标准\n元/人·月\n700\n≥880\n预期性\n"
             "2\n困难残疾人生活补贴\n和重度残疾人护理\n补贴覆盖率\n%\n100\n100\n约束性\n"
             "\n— 7 —\n\n梧桐区民政事业发展规划\n\n"
             "养老服务\n3\n养老机构护理型床位\n占比\n%\n48\n≥60\n约束性\n"
             "\n— 8 —\n\n梧桐区民政事业发展规划\n\n")


def test_a_pdf_table_of_one_cell_per_line_with_categories_before_the_numbers_and_labels_over_three_lines():
    text = "梧桐区民政事业发展规划\n" + PDF_CELLS
    rows = table_rows(text, PLAN, "category", "label", "kind", "year", "value")
    assert rows == [("兜底保障", "城乡低保标准", "baseline", 2020, 700.0),
                    ("兜底保障", "城乡低保标准", "target", 2025, 880.0),
                    ("兜底保障", "困难残疾人生活补贴和重度残疾人护理补贴覆盖率", "baseline", 2020, 100.0),
                    ("兜底保障", "困难残疾人生活补贴和重度残疾人护理补贴覆盖率", "target", 2025, 100.0),
                    ("养老服务", "养老机构护理型床位占比", "baseline", 2020, 48.0),
                    ("养老服务", "养老机构护理型床位占比", "target", 2025, 60.0)]


def test_a_line_beside_page_numbers_at_every_break_is_a_running_title_and_its_first_place_is_text():
    from cmp.ingest.normalize import normalize

    title = "梧桐区民政事业发展规划\n"
    nt = normalize(title + "约束性\n— 7 —\n" + title + "约束性\n— 8 —\n\n" + title)
    assert nt.noise_lines == {3: "page_number", 4: "running_head", 6: "page_number", 8: "running_head"}
    once = normalize("梧桐区民政事业发展规划\n正文一\n— 7 —\n梧桐区民政事业发展规划\n正文二\n")
    assert once.noise_lines == {3: "page_number"}  # after one page break only: text
    header = normalize("正文\n— 7 —\n序号  指标名称  2020年\n1  甲  2\n— 8 —\n序号  指标名称  2020年\n")
    assert header.noise_lines == {2: "page_number", 5: "page_number"}  # a repeated table header is no title


TASKS = ("表3  2024年重点工作任务分解表\n"
         "序号  工作任务              目标                          责任科室          完成时限\n"
         "1     新增养老床位          新增1500张                    养老服务科        2024年12月底\n"
         "2     社会工作人才培养      新增持证社会工作者400名以上   慈善事业促进和\n"
         "                                                          社会工作科        2024年12月底\n"
         "3     社会组织年检          年检率不低于90%               社会组织管理局    2024年6月底\n")


def test_a_task_tables_phrase_with_a_figure_is_its_target_and_a_wrapped_office_stays_with_its_row():
    rows = table_rows(TASKS, QUARTER_PLAN, "label", "kind", "year", "value", "flags")
    assert [r[:4] for r in rows] == [("新增养老床位", "target", 2024, 1500.0),
                                     ("社会工作人才培养", "target", 2024, 400.0),
                                     ("社会组织年检", "target", 2024, 90.0)]
    assert all("column_ambiguous" not in r[4] for r in rows)  # which note a cell is changes no value


# ------------------------------------------------------------------------------------------ running text
def test_the_next_periods_work_points_in_a_report_are_targets():
    text = ("一、本季工作情况\n本季办理结婚登记633对。\n二、下季工作重点\n"
            "（一）完成门牌整编2个社区。\n")
    assert brief(text, "kind", "year", "value", meta=QUARTERLY) == [("actual", 2024, 633.0), ("target", 2024, 2.0)]


NEWS_JAN = doc("news_report", "2024", "2025-01-16")


def test_a_january_news_item_on_last_year_reads_its_whole_year_as_that_year_and_its_resolves_as_this_years():
    text = ("2025-01-16 来源：梧桐日报\n婚姻登记方面，全年办理结婚登记2470对。\n"
            "答：我们将力争新增养老床位200张，新建老年助餐点10个。\n")
    assert brief(text, "kind", "year", "value", meta=NEWS_JAN) == [
        ("actual", 2024, 2470.0), ("target", 2025, 200.0), ("target", 2025, 10.0)]


def test_a_scheme_named_a_plan_is_no_word_of_striving():
    from cmp.extract.timeexpr import strives

    assert strives("我们将力争") and strives("计划再为")
    assert not strives("试验计划发出服务券") and not strives("将近")


def test_a_sentence_wrapped_inside_a_word_is_read_as_one_and_a_tables_wrapped_row_keeps_its_line_end():
    meta = doc("work_report", "2024", "2025-01-20")
    text = "全年办理结婚登记2086对，同比下降11.8%；离婚登记903对，同比下\n降2.4%。颁证服务640场。\n"
    assert [r[0] for r in brief(text, "value", meta=meta)] == [2086.0, -11.8, 903.0, -2.4, 640.0]
    row = "3     每千名老年人拥有养老机构    28.5        35            29.8\n      床位数（张）\n"
    assert all(r[1] != "床" for r in brief(row, "value", "unit", meta=meta))  # no unit from the line below


def test_a_section_of_problems_looks_back_and_a_named_year_still_to_come_holds_no_actual():
    text = ("一、规划背景\n（二）存在问题\n约三分之一的民办养老机构入住率不足五成，养老护理员平均年龄超过52岁。\n")
    assert {r[:2] for r in brief(text, "kind", "year")} == {("actual", 2020)}
    review = doc("five_year_plan", "2021-2025", "2023-06-01", "临河县", "lh.txt")
    text = "一、规划实施进展\n按现有进度测算，2025年预计仅能达到40.5张。\n"
    assert brief(text, "kind", "year", "value", meta=review) == [("target", 2025, 40.5)]


def test_rows_numbered_under_a_header_that_names_no_number_column_keep_their_values():
    text = ("专栏1 主要指标\n类别　指标名称　单位　2020年　2025年　属性\n基本民生保障\n"
            "1　城市低保标准（元/人·月）　720　≥900　预期性\n2　特困人员集中供养能力（张）　650　800　约束性\n"
            "3　火化率（%）　92.6　95以上　预期性\n")
    rows = table_rows(text, PLAN, "label", "kind", "value", "flags")
    assert [r[:3] for r in rows][:2] == [("城市低保标准（元/人·月）", "baseline", 720.0),
                                         ("城市低保标准（元/人·月）", "target", 900.0)]
    assert all(r[2] is not None and "column_ambiguous" not in r[3] for r in rows)
    two = text.replace("3　火化率（%）　92.6　95以上　预期性\n", "")
    assert all(r[2] is None for r in table_rows(two, PLAN, "label", "kind", "value"))  # 1, 2: too few to tell


def test_rows_named_by_a_kind_under_columns_named_by_what_they_measure():
    text = ("表1  2025年主要指标完成情况\n项目          新增养老床位（张）  助餐服务（万人次）\n"
            "年度目标      300                 18\n实际完成      342                 21.6\n"
            "完成率（%）   114                 120\n")
    meta = doc("work_report", "2025", "2026-01-10")
    rows = table_rows(text, meta, "kind", "value", "unit", "qualifier")
    assert rows == [("target", 300.0, "张", "新增养老床位"), ("target", 180000.0, "人次", "助餐服务"),
                    ("actual", 342.0, "张", "新增养老床位"), ("actual", 216000.0, "人次", "助餐服务"),
                    ("actual", 114.0, "%", "新增养老床位"), ("actual", 120.0, "%", "助餐服务")]


def test_a_news_items_topic_and_title_line_is_a_heading_and_a_by_line_is_not():
    from cmp.extract.structure import subhead_of, vocab

    assert subhead_of("回眸“十四五”：民生底线兜得更牢", vocab()) is not None
    assert subhead_of("责任编辑：周可  审核：梁一帆", vocab()) is None
    assert subhead_of("记者从市民政局了解到，全市累计投入98.7亿元。", vocab()) is None
    meta = doc("news_report", "2026", "2026-03-27")
    text = ("梧桐区“十五五”规划出炉\n2026-03-27 来源：梧桐日报\n\n\n\n\n\n回眸“十四五”：底线兜得更牢\n"
            "全区养老床位增加到4.05万张，每千名老年人拥有养老床位达到36.8张。\n")
    assert brief(text, "kind", "year", "value", meta=meta) == [("actual", 2025, 40500.0), ("actual", 2025, 36.8)]


def test_the_plans_term_dates_a_news_items_figures_to_the_plans_last_year():
    from cmp.extract.timeexpr import plan_term_end

    assert (plan_term_end(2022, 2022), plan_term_end(2025, 2025), plan_term_end(2021, 2025)) == (2025, 2030, 2025)
    meta = doc("news_report", "2022", "2022-03-16")
    text = ("2022-03-16 来源：梧桐日报\n今后五年，全区将把约1.2万名低收入人口纳入动态监测。"
            "目前全区共有养老机构31家。\n")
    assert brief(text, "kind", "year", "value", meta=meta) == [("target", 2025, 12000.0), ("actual", 2022, 31.0)]


def test_a_table_of_comma_separated_values_with_a_type_column_and_this_years_measures():
    from cmp.extract.table_layouts import comma_separated

    text = ("表1  社会组织分类型登记情况（单位：个）\n类型,2022年末,2023年末,本年新登记,本年注销,增减（%）\n"
            "社会团体,843,902,57,18,7.0\n基金会,12,15,3,0,25.0\n")
    rows = table_rows(text, BULLETIN, "label", "kind", "year", "value", "unit", "qualifier")
    assert rows[:5] == [("社会团体", "actual", 2022, 843.0, "个", ""), ("社会团体", "actual", 2023, 902.0, "个", ""),
                        ("社会团体", "actual", 2023, 57.0, "个", "新登记"),
                        ("社会团体", "actual", 2023, 18.0, "个", "注销"),
                        ("社会团体", "actual", 2023, 7.0, "%", "增减(%)")]
    assert not comma_separated("全市共有养老机构96家，床位1.95万张，覆盖率100%")  # full-width: a sentence
    assert not comma_separated("全市共有养老机构96家,床位1.95万张,覆盖率100%。")


def test_a_relative_year_with_what_it_counts_is_a_column_and_with_a_kind_word_is_not():
    from cmp.extract.table_layouts import header_role

    assert (header_role("本年新登记").year_offset, header_role("本年新登记").measure) == (0, "新登记")
    assert (header_role("上年末").year_offset, header_role("上年末").measure) == (-1, "")
    # (a kind word after it is no measure: 本年目标 is the year's target, 本年度预算数 its budget)
    for word, kind in (("本年目标", "target"), ("本年度预算数", "target"), ("本年完成", "actual")):
        col = header_role(word)
        assert (col.kind, col.year_offset, col.measure) == (kind, 0, "")
    assert header_role("本年(xx)") is None


@pytest.mark.parametrize("sent, expected", [
    ("开展网络祭扫两万三千余人次", [(23000.0, "人次", ">=")]),
    ("补录历史档案一万八千余份", [(18000.0, "份", ">=")]),
    ("投入资金八十五万元", [(850000.0, "元", "=")]),
    ("举办培训班2期，新增慈善信托12单，设立基金300只", [(2.0, "期", "="), (12.0, "单", "="), (300.0, "只", "=")]),
    ("推进养老院二期建设", []),  # a phase, not a count
    ("破除城乡二元结构", []),
])
def test_chinese_numerals_in_two_magnitudes_with_more_and_yuan_and_measure_words(sent, expected):
    from cmp.extract.textnums import find_values

    assert [(v.value, v.unit, v.comparator) for v in find_values(sent, [])] == expected


HALF_YEAR = doc("work_report", "2024", "2024-07-15")


def test_a_part_year_column_of_what_was_done_is_an_actual_even_in_a_work_plan():
    text = "表1  上半年指标完成情况\n指标\n单位\n全年目标\n1-6月完成\n完成进度%\n新增养老床位\n张\n200\n86\n43.0\n"
    rows = table_rows(text, HALF_YEAR, "kind", "value", "unit", "qualifier")
    assert rows == [("target", 200.0, "张", ""), ("actual", 86.0, "张", "1-6月完成"),
                    ("actual", 43.0, "%", "完成进度%")]
    plan = dict(HALF_YEAR, doc_kind="annual_plan")
    assert [r[0] for r in table_rows(text, plan, "kind")] == ["target", "actual", "actual"]


def test_a_one_cell_per_line_header_cut_short_by_an_unknown_value_word_is_no_table():
    text = "表1  指标完成情况\n指标\n单位\n全年目标\n年中完成数\n新增养老床位\n张\n200\n86\n"
    assert table_rows(text, HALF_YEAR, "kind", "value") == []  # never 86 read as a second row's target


def test_a_span_of_years_dates_its_figures_by_its_last_year_unless_it_is_a_title_in_parentheses():
    from cmp.extract.timeexpr import find_times

    assert [(t.kind, t.year) for t in find_times("2023—2025年,每年新增养老床位不少于1500张")] == [("year", 2025)]
    assert [(t.start, t.year) for t in find_times("规划(2021-2025年),到2025年底")] == [(16, 2025)]
    text = "五、下一步工作建议\n2023—2025年，每年新增养老床位不少于1500张。\n"
    assert brief(text, "kind", "year", "value", meta=HALF_YEAR) == [("target", 2025, 1500.0)]


def test_a_one_cell_per_line_table_of_quarters_as_rows_under_columns_of_what_they_measure():
    text = ("表1  2023年分季度接收捐赠情况\n季度\n接收捐赠合计（万元）\n其中：捐款（万元）\n同比增长（%）\n"
            "第一季度\n842.5\n621.0\n5.6\n第二季度\n1031.8\n790.5\n-2.4\n")
    rows = table_rows(text, BULLETIN, "label", "kind", "year", "value", "unit", "qualifier")
    assert rows[:3] == [("第一季度", "actual", 2023, 8425000.0, "元", "接收捐赠合计"),
                        ("第一季度", "actual", 2023, 6210000.0, "元", "捐款"),
                        ("第一季度", "actual", 2023, 5.6, "%", "同比增长(%)")]
    assert [r[3] for r in rows[3:]] == [10318000.0, 7905000.0, -2.4]
    # a first cell naming rows that are no parts of the year (项目) keeps a part-year column (1-6月)
    items = "表2  1-6月主要数据\n项目\n单位\n1-6月\n同比增减（%）\n城乡低保对象\n人\n6842\n-2.4\n"
    assert [r[:2] for r in table_rows(items, BULLETIN, "kind", "value")] == [("actual", 6842.0), ("actual", -2.4)]


def test_a_target_without_a_time_in_a_news_item_on_a_plan_is_of_the_plans_last_year():
    from cmp.extract.prose import news_plan_end

    meta = dict(doc("news_report", "2026", "2026-04-16"), title="解读《梧桐区“十五五”养老服务体系建设规划》")
    assert news_plan_end(meta, 2026) == 2030 and news_plan_end(dict(meta, title="梧桐区民政工作会议"), 2026) is None
    text = "2026-04-16 来源：梧桐日报\n答：我们将新建街道综合养老服务中心12个。目前全区共有养老机构31家。\n"
    assert brief(text, "kind", "year", "value", meta=meta) == [("target", 2030, 12.0), ("actual", 2026, 31.0)]


def test_a_line_that_goes_on_with_an_indented_paragraph_reads_on_in_the_era_the_paragraph_set():
    meta = dict(doc("news_report", "2024", "2024-02-23"), title="梧桐区召开民政工作会议")
    text = ("梧桐区召开民政工作会议\n2024-02-23 来源：梧桐融媒\n\n\n\n\n"
            "    会议指出，2023年，全区民政工作稳中有进。\n一年来，全区累计发放救助资金1.43亿元。\n"
            "    会议要求，新建助餐点30个。\n")
    assert brief(text, "kind", "year", "value", meta=meta) == [("actual", 2023, 143000000.0), ("target", 2024, 30.0)]
    flat = text.replace("    ", "")  # paragraphs not marked by indentation: no line goes on with another
    assert brief(flat, "kind", "year", "value", meta=meta)[0][1] == 2024


def test_a_header_with_two_label_columns_takes_the_first_as_the_category_and_a_whole_year_column_is_read():
    text = ("| 项目 | 指标名称 | 单位 | 2020年基准值 | 2025年目标值 |\n|---|---|---|---|---|\n"
            "| 老人 | 社区照顾关怀据点数 | 处 | 148 | 200 |\n")
    assert table_rows(text, PLAN, "category", "label", "kind", "year", "value") == [
        ("老人", "社区照顾关怀据点数", "baseline", 2020, 148.0), ("老人", "社区照顾关怀据点数", "target", 2025, 200.0)]
    quarters = ("表2  分季度数据\n指标\n一季度\n二季度\n三季度\n四季度\n全年\n"
                "助餐服务人次（人次）\n41\n45\n47\n52\n185\n")
    parts = ((41.0, "一季度"), (45.0, "二季度"), (47.0, "三季度"), (52.0, "四季度"), (185.0, "全年"))
    assert table_rows(quarters, HALF_YEAR, "label", "value", "qualifier") == [
        ("助餐服务人次（人次）", v, q) for v, q in parts]


def test_paragraph_starts_are_marked_by_an_indent_or_a_blank_line():
    from cmp.extract.prose import paragraph_starts

    lines = ["标题", "    第一段首行", "续行", "续行", "", "第二段", "    第三段", "续行"]
    assert paragraph_starts(lines) == [1, 2, 2, 2, 0, 6, 7, 7]
