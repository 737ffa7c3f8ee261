"""Figures read from running text and 专栏 boxes: real sentences of the five plans and made-up ones in their style."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmp.extract.prose import extract_prose
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

PLAN = {"file": "test.txt", "jurisdiction": "testville", "doc_kind": "five_year_plan", "period": "2021-2025"}
ANNUAL = {"file": "test.txt", "jurisdiction": "testville", "doc_kind": "annual_plan", "period": "2023"}


def extract(text: str, meta: dict | None = None, skip_lines: frozenset[int] = frozenset()) -> list[dict]:
    doc = Document(meta=dict(meta or PLAN), text=text, path=Path("test.txt"))
    return extract_prose(doc, normalize(text), skip_lines)


def one(rows: list[dict], quote: str) -> dict:
    hits = [r for r in rows if r["quote"] == quote]
    assert len(hits) == 1, (quote, [(r["quote"], r["label"]) for r in rows])
    return hits[0]


# --------------------------------------------------------------------------------------------------------------
# Made-up sentences in the same styles
# --------------------------------------------------------------------------------------------------------------


def test_target_with_floor():
    rows = extract("到2025年,养老机构护理型床位占比达到60%以上。")
    r = one(rows, "60%以上")
    assert (r["label"], r["kind"], r["year"], r["value"], r["unit"], r["comparator"]) == (
        "养老机构护理型床位占比", "target", 2025, 60, "%", ">=")
    assert r["flags"] == "" and r["line"] == 1 and r["note"].startswith("elderly-care beds")


def test_fourteenth_plan_period_and_end():
    rows = extract("“十四五”期间,新建乡镇级公益性公墓不低于20处。\n“十四五”末,节地生态安葬率达到50%。")
    a, b = one(rows, "20处"), one(rows, "50%")
    assert (a["label"], a["kind"], a["year"], a["comparator"]) == ("新建乡镇级公益性公墓", "target", 2025, ">=")
    assert (b["label"], b["year"], b["line"]) == ("节地生态安葬率", 2025, 2)


def test_dated_deadline_is_its_own_year():
    rows = extract("2023年6月底前,建设家庭养老床位200张。2022年底前,社区日间照料机构覆盖率达到90%。")
    assert (one(rows, "200张")["year"], one(rows, "200张")["kind"]) == (2023, "target")
    assert one(rows, "90%")["year"] == 2022


def test_undated_target_in_plan_assumes_plan_end():
    rows = extract("二、主要任务\n全市社会组织孵化基地覆盖率达到100%。")
    r = one(rows, "100%")
    assert (r["kind"], r["year"]) == ("target", 2025) and "year_assumed" in r["flags"]


def test_undated_target_in_annual_plan_assumes_its_year():
    rows = extract("(一)养老服务方面\n全区50%的养老机构要通过等级评定。", ANNUAL)
    r = one(rows, "50%")
    assert (r["kind"], r["year"], r["label"]) == ("target", 2023, "养老机构要通过等级评定")
    assert "year_assumed" in r["flags"] and r["category"] == "养老服务方面"


def test_review_section_values_are_actual():
    text = "第一节 主要成就\n全市养老床位达到3.1万张。\n第二节 发展目标\n全市养老床位达到3.5万张。"
    rows = extract(text)
    past, future = one(rows, "3.1万张"), one(rows, "3.5万张")
    assert (past["kind"], past["year"], past["value"]) == ("actual", 2020, 31000)
    assert (future["kind"], future["year"]) == ("target", 2025)
    assert past["category"] == "主要成就" and future["category"] == "发展目标"


def test_paired_urban_rural_values():
    rows = extract("“十三五”末,城乡特困人员基本生活标准分别为每人每月1200元、900元。")
    urban, rural = one(rows, "1200元"), one(rows, "900元")
    assert (urban["qualifier"], rural["qualifier"]) == ("城市", "农村")
    assert urban["label"] == rural["label"] == "城乡特困人员基本生活标准"
    assert urban["unit"] == rural["unit"] == "元/人/月" and urban["kind"] == "actual" and urban["year"] == 2020
    assert urban["start"] < rural["start"] and urban["end"] - urban["start"] == len("1200元")


def test_pair_with_he():
    rows = extract("城乡低保标准年均增长8.5%和12.1%。")
    assert [(r["qualifier"], r["value"]) for r in rows] == [("城市", 8.5), ("农村", 12.1)]


def test_from_to_with_plan_periods():
    text = "城乡低保平均标准由“十二五”末的每人每月400元、300元提高到“十三五”末的600元、500元。"
    rows = extract(text)
    assert [(r["qualifier"], r["kind"], r["year"], r["value"]) for r in rows] == [
        ("城市", "baseline", 2015, 400), ("农村", "baseline", 2015, 300),
        ("城市", "actual", 2020, 600), ("农村", "actual", 2020, 500)]


def test_from_to_without_years_in_thirteenth_plan_period():
    rows = extract("“十三五”期间,持证社会工作者从2000人增长到5000人,增加150%。")
    a, b, g = one(rows, "2000人"), one(rows, "5000人"), one(rows, "150%")
    assert (a["kind"], a["year"]) == ("baseline", 2015) and "year_assumed" in a["flags"]
    assert (b["kind"], b["year"]) == ("actual", 2020) and "year_assumed" not in b["flags"]
    assert g["label"] == "持证社会工作者" and "growth rate" in g["note"]


def test_list_of_counts_each_with_its_label():
    rows = extract("第一节 发展成效\n全市建成各类养老设施900处,其中养老院120处、农村幸福院600处。")
    assert [(r["label"], r["value"]) for r in rows] == [
        ("全市建成各类养老设施", 900), ("养老院", 120), ("农村幸福院", 600)]


def test_counted_thing_after_the_number():
    rows = extract("到2025年,在人口较多乡镇建设30个乡镇养老服务中心。")
    r = one(rows, "30个")
    assert r["label"] == "乡镇养老服务中心" and "在人口较多乡镇建设" in r["note"]


def test_per_population_rates_keep_their_denominator():
    rows = extract("到2025年,每万人城镇常住人口拥有社区工作者18名,社会工作专业人才占常住人口比例达到1.2‰。")
    workers, share = one(rows, "18名"), one(rows, "1.2‰")
    assert workers["unit"] == "人" and "per 10,000 people" in workers["note"]
    assert share["unit"] == "‰" and share["label"] == "社会工作专业人才占常住人口比例"


def test_traditional_sentence_keeps_traditional_characters():
    text = "到2025年,全市養老機構護理型床位占比不低於55%。"
    rows = extract(text, {**PLAN, "script": "traditional"})
    r = one(rows, "55%")
    assert r["label"] == "全市養老機構護理型床位占比" and r["label"] in text
    assert r["value_text"] == "不低於55%" and r["comparator"] == ">="
    assert r["category"] == ""


def test_category_is_simplified_heading_or_box_title():
    text = ("第五章 養老服務\n专栏4 养老服务体系建设工程\n1.到2025年,新建养老床位500张。\n"
            "推进医养结合,养老机构医养结合率达到100%。")
    rows = extract(text)
    assert one(rows, "500张")["category"] == "专栏4 养老服务体系建设工程"
    assert one(rows, "100%")["category"] == "养老服务"  # the box ended; back to the chapter (Simplified)


@pytest.mark.parametrize("text", [
    "联系电话:0476-8334252。传真:0476-8333929。",
    "开通12345未成年人保护热线,深化12349养老服务平台改革。",
    "按照《关于印发实施方案的通知》(呼政办发〔2023〕2号)要求开展工作。",
    "全面落实《养老机构等级划分与评定》(GB/T 37276-2018),按照《无障碍设计规范》(GB50763-2012)配建设施。",
    "2023年2月1日",
    "建立“三社联动”机制,打造“1234”社会组织工作模式,建立“一约四会”自治组织。",
    "80岁以上老年人和60周岁以上困难老年人纳入养老服务补贴范围。",
    "1.实施居家养老服务提升行动。2.推进养老机构建设。",
    "(一)养老服务方面",
    "连续7年获得全省综合评估优秀等次,每月10日前发放补贴。",  # (连续5年提高…: a count, see test_rules_prose_reads2)
    "超过3个月仍无法查明身份的滞留人员由政府安置。",
    "深入贯彻《法治社会建设实施纲要(2020-2025年)》。",
])
def test_not_indicators(text):
    assert extract(text) == []


def test_conditions_are_not_indicators():
    text = ("辖区人口5万人以下的乡镇配备社会救助人员。满意率低于85%的机构取消补贴。"
            "重点对1000户以下小型社区和5000户以上大型社区进行调整。推行墓穴占地面积在0.8平方米以下的节地葬式。")
    assert extract(text) == []


def test_norms_are_kept_with_their_flag():
    rows = extract("按照每百户居民社区综合服务设施面积不低于30平方米的标准建设。")
    r = one(rows, "30平方米")
    assert r["value"] == 30 and r["comparator"] == ">=" and "norm" in r["flags"]


def test_time_limit_in_working_days_is_a_value():
    r = one(extract("从申请到办结不超过25个工作日。"), "25个工作日")
    assert (r["value"], r["unit"], r["comparator"]) == (25, "工作日", "<=")


def test_unclear_figures_are_kept_flagged_and_left_unmapped():
    # several numbers, and the sentence does not say which is which: kept (nothing is lost), flagged, unmapped
    rows = extract("到2025年,养老护理员达到300人、500人。")
    assert [(r["value"], r["indicator"]) for r in rows] == [(300, ""), (500, "")]
    assert all("subject_unclear" in r["flags"].split(";") for r in rows)
    # a number with 万 but nothing saying what it counts
    assert extract("“十三五”期间累计投入2.1万用于设施改造。") == []


def test_bare_wan_before_the_people_it_counts():
    r = one(extract("“十三五”期间为2.1万困难群众减免费用。"), "2.1万")
    assert (r["value"], r["unit"], r["kind"], r["year"]) == (21000, "人", "actual", 2020)
    assert "unit_from_label" in r["flags"]


def test_skip_lines_are_not_read():
    text = "到2025年,养老床位达到5000张。\n到2025年,养老床位达到6000张。"
    assert [r["value"] for r in extract(text)] == [5000, 6000]
    assert [r["value"] for r in extract(text, skip_lines=frozenset({1}))] == [6000]


def test_flattened_table_lines_are_not_read():
    text = "养老床位数(万张)预期性6.11010.6完成\n护理型床位占比\n%\n55\n到2025年,护理型床位占比达到55%。"
    rows = extract(text)
    assert [(r["line"], r["value"]) for r in rows] == [(5, 55)]


def test_quote_maps_back_through_fullwidth_digits():
    text = "到２０２５年,养老机构护理型床位占比达到６０％以上。"
    r = extract(text)[0]
    assert r["quote"] == "６０％以上" and text[r["start"]:r["end"]] == r["quote"]
    assert (r["value"], r["year"]) == (60, 2025)


def test_approximate_and_range_values():
    rows = extract("第一节 发展成效\n全市培育社会组织370余家。\n到2025年,每个社区配备社会工作者1-2名。")
    approx = one(rows, "370余家")
    assert (approx["value"], approx["comparator"]) == (370, ">=") and "approximate" in approx["flags"]
    rng = one(rows, "1-2名")
    assert rng["value"] is None and (rng["value_low"], rng["value_high"]) == (1, 2) and "range" in rng["flags"]


# --------------------------------------------------------------------------------------------------------------
# Real sentences copied verbatim from each document, read on their own
# --------------------------------------------------------------------------------------------------------------

REAL_SENTENCES = [
    # chifeng, line 254
    ("到2025年,全市养老机构护理型床位占比不低于55%。", PLAN, "55%",
     ("全市养老机构护理型床位占比", "", "target", 2025, 55, "%", ">=")),
    # wuhan, line 29
    ("“十三五”末城乡低保标准分别为每人每月830元、680元,相比“十二五”末,分别增长43.1%和112.5%,城市低保年均增幅达"
     "7.43%,农村低保年均增幅达16.33%,综合年均增幅达10.93%。", PLAN, "16.33%",
     ("农村低保年均增幅", "", "actual", 2020, 16.33, "%", "=")),
    # tongzhou, line 427
    ("家庭养老床位到2022年力争达到300张,2025年力争达到500张。", PLAN, "300张",
     ("家庭养老床位", "", "target", 2022, 300, "张", "=")),
    # jining, line 230
    ("“十四五”期间,社会组织数量年均增长率保持在5%以上,社工人才年均增加1000人以上,注册志愿者年均增加5万人以上,"
     "分别达到5000家、10000人、170万人。", PLAN, "170万人",
     ("注册志愿者", "", "target", 2025, 1_700_000, "人", "=")),
    # jining, line 12
    ("建立城乡低保及特困人员供养标准自然增长机制,城乡低保标准实现“十六连增”,城乡低保平均标准由“十二五”末的每人每月"
     "503元、295元提高到“十三五”末的719元、537元,保障城乡低保对象16.3万人、特困人员3.6万人。", PLAN, "295元",
     ("城乡低保平均标准", "农村", "baseline", 2015, 295, "元/人/月", "=")),
    # xincheng, line 19 (Traditional, annual plan for 2023)
    ("8.長效開展養老機構等級評定工作。提高養老機構參評率,全區50%的養老機構要通過等級評定。特別是公辦養老機構——內蒙古"
     "怡樂養老服務中心,要積極參與等級評定,并達到二級以上,在養老服務領域形成良好的帶動效應。各養老機構護理型床位占比"
     "達到60%以上。(責任單位:區民政局、怡樂健康養老服務公司)", ANNUAL, "60%以上",
     ("各養老機構護理型床位占比", "", "target", 2023, 60, "%", ">=")),
    # xincheng, line 33
    ("2.繼續開展違建墓地整治工作。對轄區內三沿七區,G6、G7高速公路和高鐵沿線散埋亂葬墳墓整治80%以上,國道、省道等主干道"
     "沿線散埋亂葬墓地整治70%以上。(責任單位:保合少鎮、成吉思汗大街街道辦事處)", ANNUAL, "70%以上",
     ("國道、省道等主干道沿線散埋亂葬墓地整治", "", "target", 2023, 70, "%", ">=")),
]


@pytest.mark.parametrize(("text", "meta", "quote", "expected"), REAL_SENTENCES)
def test_real_sentences(text, meta, quote, expected):
    rows = extract(text, meta)
    r = one(rows, quote)
    assert (r["label"], r["qualifier"], r["kind"], r["year"], r["value"], r["unit"], r["comparator"]) == expected
    assert text[r["start"]:r["end"]] == quote and r["label"] in text


def test_wuhan_sentence_reads_every_figure_once():
    text = REAL_SENTENCES[1][0]
    rows = extract(text)
    assert [r["quote"] for r in rows] == ["830元", "680元", "43.1%", "112.5%", "7.43%", "16.33%", "10.93%"]
    assert all(r["note"].startswith("minimum living allowance") for r in rows)


def test_xincheng_sentence_skips_years_and_ranks():
    rows = extract(REAL_SENTENCES[5][0], ANNUAL)
    assert [r["quote"] for r in rows] == ["50%", "60%以上"]  # 8. and 二級以上 are not figures



def test_now_is_the_year_before_the_plan():
    r = one(extract("第一节 发展成效\n目前共建成乡镇级公益性公墓9处。"), "9处")
    assert (r["kind"], r["year"]) == ("actual", 2020) and "year_assumed" in r["flags"]


def test_value_before_a_change_without_a_year_is_the_year_before():
    rows = extract("第二节 主要任务\n护理型床位从300张增加到500张。", ANNUAL)
    assert [(r["quote"], r["kind"], r["year"]) for r in rows] == [
        ("300张", "baseline", 2022), ("500张", "target", 2023)]
    assert "year_assumed" in rows[0]["flags"]


TIME_PHRASES = ['“十二五”期末', "十三五末", "十三五时期", '"十四五"末期', "十四五期间", "2025年底前", "2023年度",
                "目前"]


@pytest.mark.parametrize("phrase", TIME_PHRASES)
def test_time_pattern_literals_are_in_every_match(phrase):
    """find_times skips a pattern when none of its literals is in the sentence: each match must hold one."""
    from cmp.extract.timeexpr import time_vocab

    matched = [(rx, lits) for rx, _kind, _year, lits in time_vocab().patterns if rx.search(phrase)]
    assert matched, phrase
    assert all(any(w in rx.search(phrase).group(0) for w in lits) for rx, lits in matched)


def test_digit_free_lines_still_move_the_section():
    """Lines without a digit are skipped for speed, but their headings still set the era (review -> actual)."""
    text = "第一节 发展成效\n全市养老服务体系不断完善,社会救助体系更加健全。\n城乡低保标准达到每人每月830元。"
    r = one(extract(text), "830元")
    assert (r["kind"], r["year"]) == ("actual", 2020)



REPORT = {"file": "test.txt", "jurisdiction": "testville", "doc_kind": "work_report", "period": "2022"}
BULLETIN = {"file": "test.txt", "jurisdiction": "testville", "doc_kind": "statistical_bulletin", "period": "2022"}


def kinds(rows: list[dict]) -> list[tuple]:
    return [(r["quote"], r["kind"], r["year"]) for r in rows]


def test_every_theme_is_kept_unmapped_figures_too():
    rows = extract("到2025年,全市新建口袋公园12个,改造农贸市场3处。")
    assert kinds(rows) == [("12个", "target", 2025), ("3处", "target", 2025)]
    assert all(r["indicator"] == "" for r in rows)


def test_section_time_role_gives_kind_and_year():
    text = "第一章 发展基础\n全市建成养老机构12家。\n第二章 发展目标\n全市建成养老机构20家。"
    assert kinds(extract(text)) == [("12家", "actual", 2020), ("20家", "target", 2025)]


def test_work_report_and_bulletin_report_actuals_of_their_year():
    text = "一、主要工作成效\n新增社区食堂15个。\n二、2023年工作计划\n新增社区食堂20个。"
    assert kinds(extract(text, REPORT)) == [("15个", "actual", 2022), ("20个", "target", 2023)]
    assert kinds(extract("年末全市共有养老机构213个。", BULLETIN)) == [("213个", "actual", 2022)]


def test_annual_plan_tasks_are_that_years_targets():
    assert kinds(extract("一、重点任务\n新建社区食堂10个。", ANNUAL)) == [("10个", "target", 2023)]


def test_raise_from_to_in_a_plan_section():
    rows = extract("第二章 主要目标\n城市低保标准由2020年的每人每月700元提高到2025年的900元以上。")
    assert kinds(rows) == [("700元", "baseline", 2020), ("900元以上", "target", 2025)]
    assert rows[1]["comparator"] == ">=" and rows[0]["label"] == rows[1]["label"] == "城市低保标准"


def test_growth_rate_is_its_own_row_and_a_decrease_is_negative():
    rows = extract("全年火化1876具,同比下降2.1%。", REPORT)
    level, change = one(rows, "1876具"), one(rows, "2.1%")
    assert (level["value"], change["value"]) == (1876, -2.1) and "decrease" in change["note"]


def test_shared_value_gives_one_row_per_subject():
    rows = extract("到2025年,城市和农村社区综合服务设施覆盖率都要达到100%。")
    assert [(r["qualifier"], r["value"]) for r in rows] == [("城市", 100), ("农村", 100)]
    assert all("shared_value" in r["flags"] for r in rows)
    rows = extract("到2025年,街道、乡镇、村三级养老服务网络覆盖率均达到100%。")
    assert len(rows) == 3


def test_respectively_after_subjects_named_one_by_one():
    rows = extract("城市低保标准达到每人每月820元,农村低保标准达到每人每年7800元,分别比上年提高6.5%和8.3%。",
                   REPORT)
    growth = [r for r in rows if r["unit"] == "%"]
    assert [(r["label"], r["value"]) for r in growth] == [("城市低保标准", 6.5), ("农村低保标准", 8.3)]


def test_value_that_points_back_takes_the_previous_subject():
    r = one(extract("到2025年,养老机构护理型床位占比稳步提高,这一指标必须达到55%。"), "55%")
    assert r["label"] == "养老机构护理型床位占比" and "label_from_context" in r["flags"]


def test_one_target_per_line_without_punctuation():
    rows = extract("一、主要目标\n特困人员集中供养率达到52%\n新建社区老年助餐点18个", ANNUAL)
    assert kinds(rows) == [("52%", "target", 2023), ("18个", "target", 2023)]
    assert one(rows, "52%")["label"] == "特困人员集中供养率"


def test_comparator_in_parentheses():
    r = one(extract("一、主要目标\n养老机构护理型床位占比(≥60%)", ANNUAL), "60%")
    assert (r["comparator"], r["value"]) == (">=", 60)


def test_range_keeps_bounds_and_no_value():
    r = one(extract("每个乡镇配备1-2名专职救助协理员。", ANNUAL), "1-2名")
    assert (r["value"], r["value_low"], r["value_high"], r["comparator"]) == (None, 1, 2, "")
    assert "range" in r["flags"]


def test_chinese_numeral_rows_are_flagged():
    r = one(extract("年内新建两处区域性救助服务中心。", ANNUAL), "两处")
    assert (r["value"], r["unit"]) == (2, "处") and "chinese_numeral" in r["flags"]


def test_period_end_and_since_year():
    rows = extract("“十二五”末全市低保对象为9.8万人,到“十三五”末减少到6.1万人。")
    assert kinds(rows) == [("9.8万人", "actual", 2015), ("6.1万人", "actual", 2020)]
    r = one(extract("2016年以来,全市累计投入救助资金42.8亿元。"), "42.8亿元")
    assert (r["kind"], r["year"]) == ("actual", 2020)


def test_bare_measure_label_runs_back_to_whose_it_is():
    r = one(extract("“十三五”期间,完成了区级养老院主体建设,面积为29786.79平方米。"), "29786.79平方米")
    assert r["label"].endswith("面积") and r["label"] != "面积"


def test_value_pointing_back_across_sentences():
    r = one(extract("到2025年,养老机构护理型床位占比稳步提高。这一指标必须达到55%。"), "55%")
    assert r["label"] == "养老机构护理型床位占比" and "label_from_context" in r["flags"]
