"""Reading rules of issue 9 on small made-up sentences (青川市, 梧桐区 and their numbers are invented): garbled
dates (截至201911月), counts of consecutive increases (十连增), 分别 after a list of subjects, and 、-lists of
counts with measure words. Each test asserts the exact rows a rule gives, so a dropped branch fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmp.extract.prose import extract_prose
from cmp.extract.textnums import find_values, is_streak
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

PLAN = {"file": "qc.txt", "jurisdiction": "青川市", "doc_kind": "five_year_plan", "period": "2021-2025"}


def brief(text: str, *fields: str, meta: dict | None = None) -> list[tuple]:
    doc = Document(meta=dict(meta or PLAN), text=text, path=Path("qc.txt"))
    rows = extract_prose(doc, normalize(text))
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]
    return [tuple(r[f] for f in fields) for r in rows]


# ------------------------------------------------------------------------------------------ categories
def test_a_box_title_keeps_its_number_and_loses_only_the_trailing_bar():
    text = "专栏2 梧桐区养老服务X|\n1.新建区级公办养老院2所\n"
    assert brief(text, "category", "value") == [("专栏2 梧桐区养老服务X", 2)]


# ------------------------------------------------------------------------------------------ garbled dates
def test_a_garbled_date_dates_its_values_with_a_flag_and_a_note_saying_what_was_read():
    text = ("一、发展基础\n截至201911月,全市共发放高龄津贴3.6万人次,累计发放金额812.5万元。"
            "全年新增养老床位420张。\n")
    rows = brief(text, "kind", "year", "value", "flags", "note")
    note = "date printed '201911月', read as 2019-11"
    assert rows[0][:4] == ("actual", 2019, 36000, "date_garbled") and rows[0][4].endswith(note)
    assert rows[1] == ("actual", 2019, 8125000, "date_garbled", note)
    # the next sentence has no date of its own: the review section's year, assumed, and no garbled-date flag
    assert rows[2][:4] == ("actual", 2020, 420, "year_assumed") and note not in rows[2][4]


def test_a_garbled_date_in_a_plan_section_gives_its_year_not_the_plan_end():
    text = "二、主要目标\n截至202111月,已建成社区养老服务站46个。\n"
    assert brief(text, "kind", "year", "value", "flags") == [("actual", 2021, 46, "date_garbled")]


def test_digits_before_yue_that_allow_another_reading_date_nothing():
    text = "一、发展基础\n截至201913月,全市共发放高龄津贴3.6万人次。\n"  # month 13: not read as a date
    assert brief(text, "kind", "year", "value", "flags") == [("actual", 2020, 36000, "year_assumed")]


# ------------------------------------------------------------------------------- consecutive increases
@pytest.mark.parametrize(("sent", "value", "raw", "flags"), [
    ("实现十六连增", 16, "连增", ["consecutive_count", "chinese_numeral"]),
    ("标准十连涨", 10, "连涨", ["consecutive_count", "chinese_numeral"]),
    ("标准实现12连增", 12, "连增", ["consecutive_count"]),
    ("标准两连升", 2, "连升", ["consecutive_count", "chinese_numeral"]),
])
def test_a_count_of_consecutive_increases_is_that_count_in_ci_and_flagged(sent, value, raw, flags):
    (v,) = find_values(sent, [])
    assert (v.value, v.unit, v.unit_raw, v.comparator, v.flags) == (value, "次", raw, "=", flags)
    assert sent[v.start:v.end].endswith(raw)


@pytest.mark.parametrize("sent", ["一连增加了", "标准1连增", "2.5连增", "标准12345连增"])
def test_what_is_not_a_count_of_consecutive_increases(sent):
    assert [v for v in find_values(sent, []) if "consecutive_count" in v.flags] == []


def test_a_quoted_streak_is_a_figure_but_other_quoted_numbers_stay_names():
    assert is_streak("十六连增") and not is_streak("十六连增行动") and not is_streak("1234")
    text = "一、发展基础\n梧桐区城乡低保标准实现“十六连增”,推行“1234”工作法。\n"
    assert brief(text, "label", "kind", "year", "value", "unit", "flags", "quote") == [
        ("梧桐区城乡低保标准", "actual", 2020, 16, "次", "consecutive_count;chinese_numeral;year_assumed", "十六连增")]


# --------------------------------------------------------------------------- 分别 after a list of subjects
def test_respectively_after_the_subjects_gives_each_value_its_own_subject():
    text = "一、发展基础\n全区高龄津贴和养老服务补贴分别惠及7.9万和82.6万老年人。\n"
    assert brief(text, "label", "qualifier", "value", "unit", "quote") == [
        ("老年人", "高龄津贴", 79000, "人", "7.9万"), ("老年人", "养老服务补贴", 826000, "人", "82.6万")]


def test_respectively_with_three_subjects_and_the_label_before_the_values():
    text = "一、发展基础\n高龄津贴、护理补贴和养老服务补贴分别发放1200人次、860人次和3400人次。\n"
    assert brief(text, "qualifier", "value", "unit") == [
        ("高龄津贴", 1200, "人次"), ("护理补贴", 860, "人次"), ("养老服务补贴", 3400, "人次")]


@pytest.mark.parametrize("text", [
    "一、发展基础\n高龄津贴和护理补贴分别惠及7.9万、3万和82.6万老年人。\n",   # 2 subjects, 3 values: which is which?
    "一、发展基础\n高龄津贴分别惠及7.9万和82.6万老年人。\n",                # one subject
    "一、发展基础\n高龄津贴和2类补贴分别惠及7.9万和82.6万老年人。\n",        # a subject holding a figure
])
def test_respectively_without_one_subject_per_value_gives_no_subjects(text):
    # every value is kept (nothing is lost) with no subject of its own, flagged so that it is never mapped
    rows = brief(text, "value", "qualifier", "flags")
    assert len(rows) == text.count("万") and all(q == "" and "subject_unclear" in f.split(";") for _, q, f in rows)


def test_a_paired_label_still_names_its_parts():
    text = "一、发展基础\n城市和农村低保标准分别达到每人每月720元和560元。\n"
    assert brief(text, "label", "qualifier", "value") == [("城市和农村低保标准", "城市", 720),
                                                          ("城市和农村低保标准", "农村", 560)]


# --------------------------------------------------------------------- 、-lists of counts with measure words
def test_a_list_of_counts_of_short_names_gives_each_its_own_label():
    text = "一、发展基础\n临河县共有12个街道、9个乡镇、156个社区。\n"
    assert brief(text, "label", "value", "unit", "quote") == [
        ("街道", 12, "个", "12个"), ("乡镇", 9, "个", "9个"), ("社区", 156, "个", "156个")]


def test_a_list_of_counts_before_a_verb_names_each_count():
    text = "二、主要目标\n对全区12个街道、9个乡镇实现救助服务站全覆盖。\n"
    assert brief(text, "label", "value", "quote") == [("街道", 12, "12个"), ("乡镇", 9, "9个")]


def test_a_list_of_levels_sharing_a_noun_still_shares_it():
    text = "二、主要目标\n至少打造2个国家级、5个省级、12个市级社区治理实验区。\n"
    assert brief(text, "label", "qualifier", "value") == [
        ("市级社区治理实验区", "国家级", 2), ("市级社区治理实验区", "省级", 5), ("市级社区治理实验区", "市级", 12)]


def test_a_list_whose_last_noun_may_be_shared_leaves_the_first_count_out():
    # 12个街道、9个乡镇综合养老服务中心: 12 streets, or 12 street centres? The text does not say; never guess
    text = "二、主要目标\n到2025年,全市建成12个街道、9个乡镇综合养老服务中心。\n"
    assert brief(text, "label", "value") == [("乡镇综合养老服务中心", 9)]


@pytest.mark.parametrize(("text", "expected"), [
    ("一、发展基础\n全县共有12个城市社区、9个农村社区。\n", [("城市社区", 12), ("农村社区", 9)]),  # names of 4
    ("二、主要目标\n对12个城市社区、9个农村社区实现养老服务站全覆盖。\n", [("城市社区", 12), ("农村社区", 9)]),
    ("二、主要目标\n到2025年建成12个街道、9个乡镇敬老院。\n", [("乡镇敬老院", 9)]),  # a name of 5: maybe shared
])
def test_how_long_a_short_name_in_a_list_of_counts_may_be(text, expected):
    assert brief(text, "label", "value") == expected


def test_respectively_subjects_longer_than_a_name_are_not_subjects():
    long = "困难群众临时救助备用金发放制度"  # 15 characters: a phrase, not the name of one subject
    text = f"一、发展基础\n高龄津贴和{long}分别惠及7.9万和82.6万老年人。\n"
    assert brief(text, "value", "qualifier", "flags") == [
        (79000, "", "unit_from_label;subject_unclear;year_assumed;multi_value"),
        (826000, "", "unit_from_label;subject_unclear;year_assumed;multi_value")]


# ----------------------------------------------------------------------- an age between a count and its object
def test_an_age_between_a_count_and_what_it_counts_is_skipped_not_a_stop():
    text = "一、发展基础\n全县共为8000余名80周岁以上老年人发放高龄津贴。\n"
    assert brief(text, "label", "value", "unit", "comparator", "flags", "quote") == [
        ("老年人发放高龄津贴", 8000, "人", ">=", "approximate;year_assumed", "8000余名")]
    text = "一、发展基础\n全县共有3200名60岁以上的老年人。\n"
    assert brief(text, "label", "value") == [("老年人", 3200)]
