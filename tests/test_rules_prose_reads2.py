"""Reading rules of issue 9 (second round) on small made-up sentences (青川市, 梧桐区, 临河县 and their numbers are
invented): changes spread over the subjects of the clause before (同比分别增长), decreases of a list, negative
numbers, counts of consecutive years, targets of the plan period in a news report, labels that keep their own
clause's verb, and comparison-only labels. Each test asserts the exact rows a rule gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmp.errors import CmpError
from cmp.extract.numbers import VOCAB_PATH, parse_vocab
from cmp.extract.prose import extract_prose
from cmp.extract.textnums import find_values
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document
from cmp.yamlio import load_file

PLAN = {"file": "qc.txt", "jurisdiction": "青川市", "doc_kind": "five_year_plan", "period": "2021-2025"}
REPORT = {**PLAN, "doc_kind": "work_report", "period": "2023"}
NEWS = {**PLAN, "doc_kind": "news_report"}


def brief(text: str, *fields: str, meta: dict | None = None) -> list[tuple]:
    doc = Document(meta=dict(meta or PLAN), text=text, path=Path("qc.txt"))
    rows = extract_prose(doc, normalize(text))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]
        assert r["label"] in text.split("\n")[r["line"] - 1]
    return [tuple(r[f] for f in fields) for r in rows]


# ------------------------------------------------------------- 同比分别增长 after a pair of subjects
@pytest.mark.parametrize("sent", [
    "城市和农村低保标准分别达到每人每月820元和660元,同比分别增长4.8%和6.9%。",
    "城市、农村低保标准分别提高至每人每月820元、660元,同比分别增长4.8%和6.9%。",
    "城乡低保标准分别达到每人每月820元和660元,比上年分别提高4.8%和6.9%。",
])
def test_changes_after_a_pair_go_to_each_subject_of_the_pair(sent):
    rows = brief(sent + "\n", "qualifier", "value", "unit", "note", "flags", meta=REPORT)
    assert [r[:3] for r in rows] == [("城市", 820, "元/人/月"), ("农村", 660, "元/人/月"),
                                      ("城市", 4.8, "%"), ("农村", 6.9, "%")]
    for r in rows[2:]:
        assert "growth rate" in r[3] and "label_from_context" in r[4] and "growth_rate" in r[4]
    assert all("growth_rate" not in r[4] for r in rows[:2])  # the levels are levels
    labels = {r[0] for r in brief(sent + "\n", "label", meta=REPORT)}
    assert len(labels) == 1 and "分别" not in labels.pop()  # the subject, never the comparison words


def test_changes_after_two_single_subjects_go_one_to_each():
    text = "梧桐区城市低保标准达到每人每月820元,农村低保标准达到每人每月660元,同比分别增长4.8%和6.9%。\n"
    assert brief(text, "label", "value", "unit", meta=REPORT) == [
        ("梧桐区城市低保标准", 820, "元/人/月"), ("农村低保标准", 660, "元/人/月"),
        ("梧桐区城市低保标准", 4.8, "%"), ("农村低保标准", 6.9, "%")]


def test_a_pair_before_with_another_number_of_values_gives_no_subject():
    # three levels, two changes: the sentence does not say which change is whose
    text = "甲类、乙类和丙类补贴分别为每人每月300元、200元和100元,同比分别增长4.8%和6.9%。\n"
    rows = brief(text, "value", "qualifier", "flags", meta=REPORT)
    assert [(v, q) for v, q, _ in rows] == [(300, "甲类"), (200, "乙类"), (100, "丙类补贴"), (4.8, ""), (6.9, "")]
    # the two changes are kept, but flagged: the text does not say whose they are (so they are never mapped)
    assert ["subject_unclear" in f.split(";") for *_, f in rows] == [False, False, False, True, True]


def test_a_decrease_word_before_a_list_makes_each_value_negative():
    text = "城市和农村低保对象分别为1.3万人和2.7万人,同比分别下降2.4%和3.6%。\n"
    assert brief(text, "qualifier", "value", meta=REPORT)[2:] == [("城市", -2.4), ("农村", -3.6)]


def test_subjects_before_fenbie_may_carry_a_bracketed_aside():
    text = "乡镇(街道)综合养老服务中心和村(社区)养老服务站点分别达到14个和163个,服务网络初步形成。\n"
    assert brief(text, "qualifier", "value", meta=REPORT) == [
        ("乡镇(街道)综合养老服务中心", 14), ("村(社区)养老服务站点", 163)]


def test_a_long_subject_before_fenbie_is_still_refused():
    text = "临河县城区范围内各个街道综合养老服务中心和村养老服务站点分别达到14个和163个,网络初步形成。\n"
    assert brief(text, "value", "qualifier", "flags", meta=REPORT) == [
        (14, "", "subject_unclear;year_assumed;multi_value"), (163, "", "subject_unclear;year_assumed;multi_value")]


# ------------------------------------------------------------------------------------ negative numbers
@pytest.mark.parametrize(("sent", "value", "unit", "quote"), [
    ("临时救助支出增长-2.6%", -2.6, "%", "-2.6%"),
    ("比上年回落-0.4个百分点", -0.4, "百分点", "-0.4个百分点"),
    ("增速下降为-1.7%", -1.7, "%", "-1.7%"),
    ("增幅(-3.5%)", -3.5, "%", "-3.5%"),
    ("增长:-1.5%", -1.5, "%", "-1.5%"),
    ("增长−2.8%", -2.8, "%", "−2.8%"),  # (U+2212, the typeset minus)
    ("城乡低保标准比值为-0.8", -0.8, "", "-0.8"),
])
def test_a_minus_sign_glued_to_a_number_after_a_word_makes_it_negative(sent, value, unit, quote):
    (v,) = find_values(sent, [])
    assert (v.value, v.unit, sent[v.start:v.end]) == (value, unit, quote)


@pytest.mark.parametrize(("sent", "read"), [
    ("配备1-2个社工岗位", [(None, 1.0, 2.0, "1-2个")]),  # a dash between two numbers: a range
    ("城乡—低保人数3.2万人", [(32000, None, None, "3.2万人")]),  # a dash after a word is no sign
    ("增长——2.3%", [(2.3, None, None, "2.3%")]),
    ("新增3个-5个", [(3, None, None, "3个")]),  # after a quantity the dash joins a range, never a sign
    ("3万-5万人的街道", [(30000, None, None, "3万")]),
    ("增长为-1-2%", []),  # a sign and a range: no reading is sure
    ("编号G-12个", []),
    ("2021-2025年", []),
])
def test_dashes_that_are_not_minus_signs(sent, read):
    assert [(v.value, v.low, v.high, sent[v.start:v.end]) for v in find_values(sent, [])] == read


def test_a_printed_negative_change_is_kept_and_never_negated_again():
    text = "全市低保支出增长-2.3%,增速下降为-1.2%,比上年下降0.5个百分点。\n"
    assert brief(text, "value", "quote", meta=REPORT) == [
        (-2.3, "-2.3%"), (-1.2, "-1.2%"), (-0.5, "0.5个百分点")]


# ---------------------------------------------------------------------------- counts of consecutive years
@pytest.mark.parametrize(("sent", "value", "quote", "flags"), [
    ("临河县城乡低保标准连续14年增长。", 14, "连续14年增长", ["consecutive_count"]),
    ("梧桐区养老床位连续三年保持增长。", 3, "连续三年保持增长", ["consecutive_count", "chinese_numeral"]),
    ("临河县连续6年提高孤儿基本生活费标准。", 6, "连续6年提高", ["consecutive_count"]),
])
def test_a_count_of_consecutive_yearly_increases_is_that_count_flagged(sent, value, quote, flags):
    (v,) = find_values(sent, [])
    assert (v.value, v.unit, v.unit_raw, sent[v.start:v.end], v.flags) == (value, "次", "年", quote, flags)


@pytest.mark.parametrize("sent", ["连续7年获得全省综合评估优秀等次", "连续16年保持省级文明单位称号",
                                  "连续1年增长", "连续3年每年"])
def test_consecutive_years_without_a_rise_are_a_duration_and_not_read(sent):
    assert find_values(sent, []) == []


def test_the_subject_of_a_yearly_streak_is_before_it_or_the_object_after_it():
    text = "临河县城乡低保标准连续14年增长。连续6年提高孤儿基本生活费标准。\n"
    assert brief(text, "label", "kind", "year", "value", "unit", meta=REPORT) == [
        ("临河县城乡低保标准", "actual", 2023, 14, "次"), ("孤儿基本生活费标准", "actual", 2023, 6, "次")]


@pytest.mark.parametrize(("value", "message"), [
    (KeyError, "bad key 'streak_years': expected this key to be present"),
    ({"rise_words": ["增长"]}, "bad key 'streak_years': expected a mapping with exactly the keys"),
    ({"rise_words": [], "between": ["保持"]}, "bad key 'streak_years.rise_words': expected a non-empty list"),
    ({"rise_words": ["增长"], "between": ["保持", ""]}, "bad key 'streak_years.between'"),
])
def test_a_bad_streak_years_vocabulary_is_refused_naming_the_key(value, message):
    data = load_file(VOCAB_PATH)
    if value is KeyError:
        del data["streak_years"]
    else:
        data["streak_years"] = value
    with pytest.raises(CmpError, match=message):
        parse_vocab(data, VOCAB_PATH)


# ------------------------------------------------------------------ the plan period in a news report
def test_a_total_over_the_plan_period_in_a_news_report_is_a_target_of_its_end_year():
    text = ("临河县民政局负责人表示,“十四五”期间累计培训社会工作者1.6万人次。\n"
            "到2025年,全县社区养老服务设施覆盖率达到92%。\n"
            "去年已建成养老服务中心14个。2022年已新增床位350张。\n")
    assert brief(text, "kind", "year", "value", "flags", meta=NEWS) == [
        ("target", 2025, 16000, ""), ("target", 2025, 92, ""),
        ("actual", 2020, 14, "year_assumed"), ("actual", 2022, 350, "")]


@pytest.mark.parametrize(("sent", "kind", "year"), [
    ("“十四五”期间累计新增养老床位5200张。", "target", 2025),
    ("“十四五”末全县累计建成社区食堂80个。", "target", 2025),
    ("“十四五”期间已累计新增养老床位5200张。", "actual", 2025),  # 已 says it is reached
    ("“十四五”以来累计新增养老床位5200张。", "actual", 2025),  # so far, not the whole period
    ("“十三五”期间累计新增养老床位5200张。", "actual", 2020),  # a period before the plan's
])
def test_a_cumulative_word_alone_does_not_make_the_plan_period_an_actual(sent, kind, year):
    for meta in (NEWS, PLAN):
        assert brief(sent + "\n", "kind", "year", meta=meta) == [(kind, year)]


def test_a_total_over_the_plan_period_in_the_report_on_its_last_year_stays_an_actual():
    text = "“十四五”期间累计新增养老床位5200张。\n"
    assert brief(text, "kind", "year", meta={**REPORT, "period": "2025"}) == [("actual", 2025)]


def test_last_year_dates_an_actual_before_the_period_or_the_year_a_report_covers():
    text = "去年全县新增养老床位350张。\n"
    assert brief(text, "kind", "year", "flags", meta=PLAN) == [("actual", 2020, "year_assumed")]
    assert brief(text, "kind", "year", "flags", meta=REPORT) == [("actual", 2023, "year_assumed")]
    compared = "全县养老床位达到4200张,比去年增加350张。\n"  # 比去年: a comparison base, not the date
    assert [r[0] for r in brief(compared, "year", meta=REPORT)] == [2023, 2023]


# ------------------------------------------------------------------ labels that only compare
@pytest.mark.parametrize(("sent", "label", "compared"), [
    ("全县共有社会组织860个,比上年增长4.6%。", "全县共有社会组织", "比上年增长"),
    ("梧桐区发放低保金2.4亿元,同比增长7.1%。", "梧桐区发放低保金", "同比增长"),
    ("全县办理结婚登记3120对,比上年下降5.3%。", "全县办理结婚登记", "比上年下降"),
])
def test_a_growth_rate_named_only_by_its_comparison_takes_its_subject(sent, label, compared):
    rows = brief(sent + "\n", "label", "unit", "note", "flags", meta=REPORT)
    assert rows[1][:2] == (label, "%") and "label_from_context" in rows[1][3]
    assert rows[1][2].endswith(f"change: {compared}")


@pytest.mark.parametrize(("sent", "label", "unit"), [
    # the same unit as the subject's level: the label runs through the comparison, so it never passes for the level
    ("全县持证社会工作者4210人,比上年增加630人。", "全县持证社会工作者4210人,比上年增加", "人"),
    # a rate's change: 比上年 alone after 火化率
    ("全县火化率达到97.4%,比上年提高1.3个百分点。", "全县火化率达到97.4%,比上年", "百分点"),
    ("全县火化率达到97.4%,比上年提高1.3%。", "全县火化率达到97.4%,比上年", "%"),
])
def test_a_change_that_could_pass_for_the_level_is_labelled_through_the_comparison(sent, label, unit):
    rows = brief(sent + "\n", "label", "unit", "flags", meta=REPORT)
    assert rows[1][:2] == (label, unit) and "label_from_context" in rows[1][2]


def test_a_label_with_its_own_subject_is_left_alone():
    text = "全县养老机构比上年增加3家。\n"
    assert brief(text, "label", "value", "note", meta=REPORT) == [("全县养老机构比上年增加", 3, "elderly care")]


def test_a_bare_total_is_flagged_even_under_no_heading():
    text = "总数达到80个,覆盖全部街道。\n"
    assert brief(text, "label", "value", "flags", "note", meta=REPORT) == [("总数", 80, "year_assumed;label_bare", "")]


# --------------------------------------------------- a label taken from another clause leaves its verb
@pytest.mark.parametrize(("sent", "label"), [
    ("新建社区老年食堂26个,累计达到83个。", "社区老年食堂"),
    ("新增养老床位720张,累计达到5310张。", "养老床位"),
])
def test_a_total_after_a_new_count_takes_the_thing_without_the_verb(sent, label):
    rows = brief(sent + "\n", "label", "value", "flags", meta=REPORT)
    assert rows[0][0] == sent[:sent.index(label) + len(label)]  # the new count keeps its verb
    assert rows[1][:2] == (label, rows[1][1]) and "label_from_context" in rows[1][2]


def test_a_growth_of_a_new_count_keeps_the_verb():
    text = "新增养老床位720张,同比增长12%。\n"
    assert brief(text, "label", "value", meta=REPORT) == [("新增养老床位", 720), ("新增养老床位", 12)]


# ------------------------------------------------------------------------ bare measure words
@pytest.mark.parametrize(("sent", "label"), [
    ("新建区级养老院3所,床位600张。", "新建区级养老院3所,床位"),
    ("建成社区食堂12个,总数达到80个。", "建成社区食堂12个,总数"),
])
def test_a_bare_measure_right_after_a_counted_thing_is_named_through_it(sent, label):
    rows = brief(sent + "\n", "label", "flags", meta=REPORT)
    assert rows[1][0] == label and "label_bare" not in rows[1][1]


def test_a_bare_measure_two_clauses_away_stays_bare():
    text = "新建区级养老院3所,完成适老化改造,床位600张。\n"
    assert brief(text, "label", "flags", meta=REPORT)[1] == ("完成适老化改造,床位", "year_assumed")
    text = "新建区级养老院3所,配备护理员60名,床位600张。\n"  # the clause before counts something else
    assert brief(text, "label", meta=REPORT)[2] == ("配备护理员60名,床位",)


def test_a_label_widened_over_another_figure_takes_no_denominator_from_it():
    text = "按照每百户居民社区服务设施面积不低于30平方米,总面积不低于400平方米的标准建设。\n"
    rows = brief(text, "label", "note", meta=PLAN)
    assert rows[1][0].endswith("30平方米,总面积") and "per 100 households" not in rows[1][1]
    assert "per 100 households" in rows[0][1]


def test_a_word_that_begins_with_a_lead_word_keeps_it():
    text = "建成社会组织孵化基地,使用面积350平方米。\n"
    assert brief(text, "label", meta=REPORT) == [("建成社会组织孵化基地,使用面积",)]


def test_the_plan_period_in_an_annual_plan_for_its_last_year_is_still_a_target():
    meta = {**PLAN, "doc_kind": "annual_plan", "period": "2025"}
    assert brief("“十四五”期间累计新增养老床位5200张。\n", "kind", "year", meta=meta) == [("target", 2025)]


def test_a_borrowed_label_keeps_its_verb_when_too_little_would_be_left():
    text = "新建院3所,累计达到17所。\n"
    assert [r[0] for r in brief(text, "label", meta=REPORT)] == ["新建院", "新建院"]
