"""Time, comparator and unit rules of issue 9 found by the held-out set e (青川市, 梧桐区, 临河县 and every number
here are invented): the year of 由2020年的A dates only A; a deadline before 由 dates the end value; a total (累计)
under a deadline still to come (到2025年) is a target; a comparator word after a fraction (三分之一以上) is its
comparator; 今年/明年 in a news report count from its dateline; 每人每年 money is 元/人/年. Each test asserts the
exact rows or values a rule gives, so a dropped branch fails here."""

from __future__ import annotations

import pytest

from cmp.errors import CmpError
from cmp.extract import structure
from cmp.extract.structure import find_dateline, parse_vocab
from cmp.extract.textnums import find_values
from cmp.extract.timeexpr import Time, find_times, is_deadline, resolve
from cmp.ingest.normalize import normalize
from tests.test_rules_prose_reads import brief as _brief

PLAN = {"file": "qc.txt", "jurisdiction": "青川市", "doc_kind": "five_year_plan", "period": "2021-2025"}
NEWS = {"file": "qc.txt", "jurisdiction": "青川市", "doc_kind": "news_report", "period": "2021-2025",
        "published": "2023-06-01"}


def brief(text: str, *fields: str, meta: dict | None = None) -> list[tuple]:
    return _brief(text, *fields, meta=meta or PLAN)


# ------------------------------------------------------------------------- the year of a 'from' value
def test_the_year_of_a_from_value_does_not_date_the_later_clauses():
    text = ("二、发展目标\n到2025年,全县敬老院床位总数将由2020年的1200张增加到1800张,其中护理型床位占比不低于45%;"
            "新增农村幸福院30个;老年食堂达到85个以上。\n")
    assert brief(text, "kind", "year", "value", "comparator") == [
        ("baseline", 2020, 1200, "="), ("target", 2025, 1800, "="), ("target", 2025, 45, ">="),
        ("target", 2025, 30, "="), ("target", 2025, 85, ">=")]


def test_a_from_date_dates_only_its_own_value():
    # 由"十三五"末的: a from value's date, quoted; the later clause takes the sentence's 到2025年
    text = "二、发展目标\n到2025年,全县社区食堂由“十三五”末的40个增加到90个,新增助餐点25个。\n"
    assert brief(text, "kind", "year", "value") == [("baseline", 2020, 40), ("target", 2025, 90),
                                                    ("target", 2025, 25)]
    # a 由…的 with no 'to' value still dates its own value
    text = "二、发展目标\n到2025年,全县养老床位由2020年的1.9万张大幅增加,新增助餐点25个。\n"
    assert brief(text, "kind", "year", "value") == [("actual", 2020, 19000), ("target", 2025, 25)]
    # 由2015年底A (a number right after the time): the same reading
    text = "一、发展基础\n全县养老床位由2015年底3200张增加到5400张,新增助餐点25个。\n"
    assert brief(text, "kind", "year", "value") == [("baseline", 2015, 3200), ("actual", 2020, 5400),
                                                    ("actual", 2020, 25)]


def test_a_year_before_the_from_word_dates_the_start_but_a_deadline_dates_the_end():
    # a plain year before 由 dates the start value; the end value has its own
    text = "一、发展基础\n2016年全县低保标准由每人每月600元提高到2019年的780元。\n"
    assert brief(text, "kind", "year", "value", "flags") == [("baseline", 2016, 600, ""), ("actual", 2019, 780, "")]
    # a deadline (到2025年) dates the end value; the start is the year before the plan, assumed
    text = "二、发展目标\n到2025年全县养老床位由3200张增加到5400张。\n"
    assert brief(text, "kind", "year", "value", "flags") == [("baseline", 2020, 3200, "year_assumed"),
                                                             ("target", 2025, 5400, "")]


def test_the_later_sentences_of_a_paragraph_do_not_take_a_from_date():
    # a from date is no era of the paragraph: the next sentences keep their own reading
    text = "二、发展目标\n到2025年,全县社区食堂由“十三五”末的40个增加到90个。新增助餐点25个。\n"
    assert brief(text, "kind", "year", "value")[2] == ("target", 2025, 25)
    text = "一、发展基础\n“十三五”期间,全县社区食堂由“十二五”末的12个增加到40个。新增助餐点25个。\n"
    assert brief(text, "kind", "year", "value") == [("baseline", 2015, 12), ("actual", 2020, 40),
                                                    ("actual", 2020, 25)]
    # 从2023年起 (no 的): the start of a run of years, which does date what follows
    assert brief("二、主要任务\n从2023年起,每年新增社区食堂12个。\n", "kind", "year", "value") == [
        ("target", 2023, 12)]


# ------------------------------------------------------------------------- totals under a deadline
def test_a_total_under_a_deadline_still_to_come_is_a_target():
    text = "二、主要目标\n到2025年,全县养老服务体系更加健全;五年累计培训养老护理员2400人次。\n"
    assert brief(text, "kind", "year", "value") == [("target", 2025, 2400)]


def test_past_totals_stay_actuals():
    # a year before the plan, an as-of date (截至 is not a deadline), a review section
    assert brief("二、主要任务\n截至2020年底,全县累计培训养老护理员1800人次。\n", "kind", "year") == [("actual", 2020)]
    assert brief("二、主要任务\n截至2022年底,全县累计建成社区食堂40个。\n", "kind", "year") == [("actual", 2022)]
    assert brief("一、发展基础\n到2020年底,全县累计培训养老护理员1800人次。\n", "kind", "year") == [("actual", 2020)]


def test_resolve_with_a_deadline():
    t = Time(1, 6, "year", 2025, False)
    period = (2021, 2025)
    assert resolve(t, "plan", period, "五年累计培训", deadline=True) == ("target", 2025, [])
    assert resolve(t, "plan", period, "五年累计培训") == ("actual", 2025, [])  # (no deadline: the total says done)
    assert resolve(t, "plan", period, "已累计培训", deadline=True) == ("actual", 2025, [])  # 已: reached
    assert resolve(t, "report", period, "累计培训", deadline=True) == ("actual", 2025, [])  # a report: done
    first = Time(1, 6, "year", 2021, False)
    assert resolve(first, "plan", period, "累计培训", deadline=True) == ("target", 2021, [])  # the plan's first year
    early = Time(1, 6, "year", 2020, False)
    assert resolve(early, "plan", period, "累计培训", deadline=True) == ("actual", 2020, [])  # before the plan


@pytest.mark.parametrize(("text", "deadline"), [
    ("到2025年", True), ("至2025年底", True), ("截至2025年底", False), ("截止2025年", False), ("2025年", False),
    ("比2025年", False),
])
def test_is_deadline(text, deadline):
    (t,) = find_times(text)
    assert is_deadline(text, t) is deadline


# ------------------------------------------------------------------------- comparators after fractions
@pytest.mark.parametrize(("sent", "comparator", "quote", "flags"), [
    ("力争全区三分之一以上的养老机构达到三星级", ">=", "三分之一以上", ["fraction"]),
    ("五分之一及以上的社区", ">=", "五分之一及以上", ["fraction"]),
    ("占十分之一以下", "<=", "十分之一以下", ["fraction"]),
    ("约占三分之二左右", "=", "三分之二左右", ["fraction", "approximate"]),
    ("三分之一的养老机构", "=", "三分之一", ["fraction"]),
])
def test_a_comparator_word_after_a_fraction_is_its_comparator(sent, comparator, quote, flags):
    (v,) = find_values(sent, [])
    assert (sent[v.start:v.end], v.comparator, v.flags) == (quote, comparator, flags)


def test_a_fraction_with_its_comparator_labels_the_thing_after_it():
    text = "二、主要目标\n力争全区三分之一以上的养老机构达到三星级。\n"
    assert brief(text, "label", "comparator", "quote") == [("养老机构达到三星级", ">=", "三分之一以上")]


# ------------------------------------------------------------------------- 今年 in a news report
HEAD = "青川市出台养老服务规划\n\n来源:青川日报 2023年5月8日 记者 王林\n\n"


def test_this_year_in_a_news_report_is_the_year_of_its_dateline():
    text = HEAD + "规划提出,到2025年,全市新增养老床位3000张。今年全市计划新建社区食堂24个。\n"
    rows = brief(text, "kind", "year", "value", "flags", "note", meta=NEWS)
    assert rows[0][:4] == ("target", 2025, 3000, "")
    assert rows[1][:4] == ("target", 2023, 24, "")  # the dateline prints the year: not assumed
    assert rows[1][4].endswith("今年 read as 2023: dateline 2023年5月8日 (line 3)")


def test_a_year_in_the_heading_dates_this_year_before_the_dateline():
    text = HEAD + "二、2024年工作安排\n今年新建社区食堂30个。\n"
    assert brief(text, "year", "flags", meta=NEWS) == [(2024, "year_assumed")]


def test_this_year_before_a_change_dates_its_end_and_the_start_is_the_year_before():
    text = HEAD + "今年全市城市低保标准由每人每月700元提高到750元。\n"
    rows = brief(text, "kind", "year", "value", "flags", meta=NEWS)
    assert rows == [("baseline", 2022, 700, "year_assumed"), ("target", 2023, 750, "")]


def test_without_a_dateline_the_published_year_is_assumed():
    text = "青川市出台养老服务规划\n本报讯 记者从市民政局获悉,今年全市计划新建社区食堂24个。\n"
    rows = brief(text, "kind", "year", "flags", "note", meta={**NEWS, "published": "2024-02-10"})
    assert rows == [("target", 2024, "year_assumed",
                     "community governance and services; 今年 read as 2024: no dateline, the published date "
                     "2024-02-10")]


def test_this_year_in_a_plan_is_not_read_from_a_date_line():
    text = HEAD + "今年全市计划新建社区食堂24个。\n"
    assert brief(text, "kind", "year", "flags") == [("target", 2025, "year_assumed")]


def test_next_year_is_a_target_of_the_year_after():
    text = HEAD + "今年全市计划新建社区食堂24个,明年再新建社区食堂30个。\n"
    rows = brief(text, "kind", "year", "value", "flags", meta=NEWS)
    assert rows == [("target", 2023, 24, ""), ("target", 2024, 30, "")]  # the dateline's year and the next
    report = {**PLAN, "doc_kind": "work_report", "period": "2023"}
    text = "一、2023年工作总结\n全年新建社区食堂24个。\n二、2024年工作安排\n明年新建社区食堂30个。\n"
    assert brief(text, "kind", "year", "value", "flags", meta=report) == [
        ("actual", 2023, 24, "year_assumed"), ("target", 2024, 30, "year_assumed")]


def test_relative_year():
    from cmp.extract.timeexpr import relative_year

    assert relative_year("this_year", 2023) == 2023
    assert relative_year("last_year", 2023) == 2022  # 去年
    assert relative_year("year", 2023) is None and relative_year("since", 2023) is None
    assert relative_year("now", 2023) == 2023  # 目前 in a report dated 2023: (set o) the year it is written


def _dl(text: str, meta: dict) -> tuple | None:
    d = find_dateline(normalize(text), meta)
    return None if d is None else (d.year, d.line, d.text, d.assumed)


def test_find_dateline():
    assert _dl(HEAD, NEWS) == (2023, 3, "2023年5月8日", False)
    # a date in brackets may sit on a sentence line; a date inside a sentence is not a dateline
    assert _dl("标题\n本报讯(2022年11月3日)记者获悉。\n", NEWS) == (2022, 2, "2022年11月3日", False)
    assert _dl("标题\n会议于2022年11月3日召开。\n", NEWS) == (2023, 0, "2023-06-01", True)
    assert _dl("标题\n发布时间:2022-11-03 09:30 来源:青川市民政局\n", NEWS) == (2022, 2, "2022-11-03", False)
    assert _dl("标题\n2022/11/3\n", NEWS)[:2] == (2022, 2)
    assert _dl("标题\n编号 2022-11-031\n", NEWS)[3] is True  # (digits run on: no date)
    assert _dl("标题\n2022-11/03\n", NEWS)[3] is True  # (mixed separators: no date)
    # only the first lines are looked at (structure_vocab.yaml dateline.lines)
    n = structure.vocab().dateline_lines
    last = "标题\n" + "第一段。\n" * (n - 2) + "2022年11月3日\n"
    assert _dl(last, NEWS) == (2022, n, "2022年11月3日", False)
    assert _dl("标题\n第一段。\n" + last[3:], NEWS) == (2023, 0, "2023-06-01", True)  # one line too far
    assert _dl("标题\n", {k: v for k, v in NEWS.items() if k != "published"}) is None
    assert _dl(HEAD, PLAN) is None  # a plan is not dated by a dateline


@pytest.mark.parametrize(("dateline", "key"), [
    ({"doc_kinds": ["news_report"], "lines": 3}, "dateline"),
    ({"doc_kinds": "news_report", "lines": 3, "late_month": 10}, "dateline.doc_kinds"),
    ({"doc_kinds": ["news_report"], "lines": 0, "late_month": 10}, "dateline.lines"),
    ({"doc_kinds": ["news_report"], "lines": True, "late_month": 10}, "dateline.lines"),
    ({"doc_kinds": ["news_report"], "lines": 3, "late_month": 13}, "dateline.late_month"),
    ({"doc_kinds": ["news_report"], "lines": 3, "late_month": True}, "dateline.late_month"),
])
def test_the_dateline_vocabulary_is_validated(dateline, key):
    good = structure.vocab()
    assert good.dateline_kinds == ("news_report",) and good.dateline_lines > 0
    data = {"plan_periods": {"a": [1, 2]}, "time_roles": {}, "doc_kind_roles": {},
            "headings": [{"kind": "x", "level": 1, "pattern": "x"}], "heading_max": 1, "numbered_max": 1,
            "dateline": dateline}
    with pytest.raises(CmpError, match=f"bad key '{key}'"):
        parse_vocab(data)


# ------------------------------------------------------------------------- money per person per year
def test_money_per_person_per_year_keeps_the_person():
    text = ("一、发展基础\n临河县农村低保标准由每人每年4100元提高到5900元,特困人员基本生活标准达到人均每年7300元,"
            "县财政每年安排救助资金2600万元,每人每年培训2次。\n")
    assert brief(text, "value", "unit", "unit_raw") == [
        (4100, "元/人/年", "元(每人每年)"), (5900, "元/人/年", "元(每人每年)"),  # (the 'to' value inherits it)
        (7300, "元/人/年", "元(每人每年)"), (26000000, "元/年", "万元(每年)"),  # a budget per year: no person
        (2, "次", "次")]  # not money: the unit stays, the note says per year
    assert "per person per year" in brief(text, "note")[0][0]
    # the per-year words before the verb (每人每年提高到): the same reading
    text = "一、发展基础\n农村低保标准每人每年提高到5000元,高龄津贴每年提高到1200元。\n"
    assert brief(text, "value", "unit") == [(5000, "元/人/年"), (1200, "元/年")]


def test_a_unit_per_person_year_written_with_a_dot_is_canonical():
    from cmp.extract.numbers import canonical_unit

    assert canonical_unit("元/人·年") == ("元/人/年", 1.0)
    assert canonical_unit("元/人·月") == ("元/人/月", 1.0)


def test_per_mille_points_and_yuan_per_body_are_units():
    from cmp.extract.numbers import canonical_unit

    assert canonical_unit("个千分点") == ("千分点", 1.0) and canonical_unit("千分点") == ("千分点", 1.0)
    assert canonical_unit("元/具") == ("元/具", 1.0)
    (v,) = find_values("自然增长率比上年下降0.3个千分点", [])
    assert (v.value, v.unit, v.unit_raw) == (0.3, "千分点", "个千分点")  # not 0.3 个 (a count)


# ------------------------------------------------------------------------- dates things stand at
def test_as_of_a_date_in_the_plan_period_a_value_stands_there():
    # 截至2022年底 in a plan of 2021-2025: how things stood then (actual), even with 达到; 到2025年 stays a target
    text = ("一、现状与形势\n截至2022年底,全区老年人口达到8.7万人,占户籍人口的23.4%。\n"
            "二、发展目标\n到2025年,全区养老床位达到4000张。\n")
    assert brief(text, "kind", "year", "value") == [("actual", 2022, 87000), ("actual", 2022, 23.4),
                                                    ("target", 2025, 4000)]


def test_a_year_already_over_at_a_news_reports_date_is_an_actual():
    news = {**NEWS, "period": "2023", "published": "2024-04-18"}
    text = ("青川市发布养老服务规划进展\n本报讯 4月18日,市民政局通报规划实施进展。"
            "2023年全市老年助餐点共提供助餐服务38.5万人次。到2025年,全市建成助餐点300个。\n")
    rows = brief(text, "kind", "year", "value", "note", meta=news)
    assert rows[0][:3] == ("actual", 2023, 385000) and "was over by the report's dateline" in rows[0][3]
    assert rows[1][:3] == ("target", 2025, 300)


# ------------------------------------------------------------------------- 年末 / 全年 of the sentence's year
ANNUAL = {"file": "qc.txt", "jurisdiction": "青川市", "doc_kind": "annual_plan", "period": "2024"}


def test_year_end_in_a_sentence_that_opens_with_a_year_is_that_years_end():
    text = "2023年,全市新增养老床位412张,年末在册低保对象4817人,各项工作取得新进展。\n"
    assert brief(text, "kind", "year", "value", meta=ANNUAL) == [("actual", 2023, 412), ("actual", 2023, 4817)]


def test_year_end_keeps_the_documents_year_when_the_year_named_is_not_the_topic():
    # 2022年度 qualifies the funds of one task; 年内 across the semicolon is the plan's own year
    text = "做好2022年度养老服务补贴资金发放工作;建立留守老人台账,年内至少开展4次关爱服务行动。\n"
    assert brief(text, "kind", "year", "value", meta=ANNUAL) == [("target", 2024, 4)]


def test_last_year_in_a_dated_news_report_dates_the_sentences_after_it():
    news = {**NEWS, "period": "2024", "published": "2024-01-20"}
    text = ("青川市召开民政工作会议\n来源:青川日报 2024年1月18日\n"
            "会议指出,去年全市民政系统累计发放救助资金2.5亿元。养老服务持续提质,新增养老床位510张。"
            "今年全市要新增家庭养老床位300张。\n")
    assert brief(text, "kind", "year", "value", meta=news) == [
        ("actual", 2023, 250000000), ("actual", 2023, 510), ("target", 2024, 300)]


def test_without_a_printed_dateline_the_published_date_carries_the_era_with_the_year_assumed():
    # (set k: a news item dated 1月18日 with no year; the manifest's published date stands in for it)
    news = {**NEWS, "period": "2024", "published": "2024-01-20"}
    text = "青川市召开民政工作会议\n会议指出,去年全市累计发放救助资金2.5亿元。养老服务持续提质,新增养老床位510张。\n"
    rows = brief(text, "kind", "year", "value", "flags", meta=news)
    assert rows == [("actual", 2023, 250000000, "year_assumed"), ("actual", 2023, 510, "year_assumed")]
