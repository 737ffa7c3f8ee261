"""Rules of the prose reader that its other tests left unchecked (the survivors of a mutation run): the characters
an exclusion rule needs, the regex gates, and the number reader's edges (ratios, ranges, fractions, tenths, streaks,
codes, size conditions, digit runs), on short made-up sentences. Each test asserts what a small bug would change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cmp.errors import CmpError
from cmp.extract import prose, prose_lines, prose_vocab, textnums, timeexpr
from cmp.extract.clauses import _clean_label, clean_label
from cmp.extract.structure import parse_structure
from cmp.extract.textnums import COMPILE_AFTER, _Gates, excluded_spans, find_values, required_chars
from cmp.extract.timeexpr import Time, find_times, is_compare, of_named_year, resolve
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document
from tests.test_rules_prose_reads import PLAN, brief


@pytest.fixture(autouse=True)
def fresh_gates():
    """Each test builds the exclusion gates anew (a gate remembered from an earlier test would hide a bug in
    building one)."""
    textnums._gates_memo[0] = None
    yield
    textnums._gates_memo[0] = None


def vals(text: str, shielded: list[tuple[int, int]] | None = None) -> list[tuple]:
    return [(v.value, v.value_raw, v.unit_raw, v.unit, v.comparator, v.flags, v.start, v.end, v.vstart, v.low, v.high)
            for v in find_values(text, shielded or [])]


# ------------------------------------------------------------------------------------- required characters
@pytest.mark.parametrize(("pattern", "needs"), [
    ("第.号", ["第", "号"]),  # any character needs nothing
    ("第[0-9]号", ["第", "号"]),  # nor does a class with a range
    ("[〔(]号", ["〔(", "号"]),  # a class of literals needs one of them
    (r"第\d+号", ["第", "号"]),
    ("第+号", ["第", "号"]),  # a repeat of at least one needs its body
    ("第?号", ["号"]),  # an optional part needs nothing
    ("第+?号", ["第", "号"]),  # lazy
    ("第++号", ["第", "号"]),  # possessive
    ("第{2}号", ["第", "号"]),
    ("(第)号", ["第", "号"]),  # a group needs its body
    ("(?>第)号", ["第", "号"]),  # an atomic group too
    ("(?:甲号|乙号)", ["甲乙"]),  # one way or the other: one of the smallest sets of each
    ("(?:[甲丙]号|乙)", ["号乙"]),  # the smallest set of a branch, not its first
    (r"(?:号|\d)", []),  # a branch one of whose ways needs nothing needs nothing
    ("(?i:第)号", None),  # case-insensitive: no shortcut
    ("(?i)第号", None),
])
def test_required_chars_are_the_sets_every_match_holds_one_of(pattern, needs):
    got = required_chars(re.compile(pattern))
    assert got == (() if needs is None else tuple(frozenset(n) for n in needs))


def test_required_chars_of_a_case_insensitive_rule_are_none():
    assert required_chars(re.compile("第号", re.IGNORECASE)) == ()


# ------------------------------------------------------------------------------------------------ the gates
DOC = ("doc", re.compile(r"〔\d{4}〕\d+号"))
TEL = ("tel", re.compile(r"电话\d+"))


def test_gate_gives_no_regex_when_no_rule_can_match():
    assert _Gates((DOC, TEL)).regex("全市新增养老床位1200张") is None


def test_gate_uses_every_rule_until_a_set_is_common_then_its_own():
    gates = _Gates((DOC, TEL))
    sent = "依据青民发〔2021〕12号"
    for _ in range(COMPILE_AFTER - 1):
        assert "电话" in gates.regex(sent).pattern  # a rare set: the regex of every rule
    own = gates.regex(sent)
    assert "电话" not in own.pattern and own.search(sent).group() == "〔2021〕12号"
    assert gates.regex(sent) is own  # then kept


def test_gate_of_rules_without_required_characters_always_runs_them():
    gates = _Gates((("count", re.compile(r"\d+户")),))
    assert gates.regex("梧桐区共12户").findall("梧桐区共12户") == ["12户"]


def test_excluded_spans_follow_a_changed_vocabulary(monkeypatch):
    assert excluded_spans("见青民发〔2021〕12号") != []  # the real vocabulary shields a document number
    real = textnums.number_vocab()

    class Other:
        exclusions = (TEL,)

    monkeypatch.setattr(textnums, "number_vocab", lambda: Other)
    assert excluded_spans("见青民发〔2021〕12号，电话12345") == [(14, 21)]
    monkeypatch.setattr(textnums, "number_vocab", lambda: real)
    assert excluded_spans("见青民发〔2021〕12号") != []


def test_excluded_spans_leave_out_empty_matches(monkeypatch):
    class Optional:
        exclusions = (("opt", re.compile(r"(?:电话\d+)?")),)

    monkeypatch.setattr(textnums, "number_vocab", lambda: Optional)
    assert excluded_spans("拨打电话12345咨询") == [(2, 9)]


# --------------------------------------------------------------------------------------------- ratios, ranges
def test_ratio_after_an_unusable_ratio_is_still_read():
    assert vals("比例为2:3、1:2") == [(0.5, "1:2", "ratio", "ratio", "=", ["ratio"], 7, 10, 7, None, None)]


def test_permille_range_is_read_without_a_percent_sign():
    assert vals("死亡率3‰-5‰") == [(None, "3-5", "‰", "‰", "", ["range"], 3, 8, 3, 3.0, 5.0)]


def test_range_after_a_shielded_range_is_still_read():
    got = vals("占比30%-40%，50%-60%", [(2, 9)])
    assert got == [(None, "50-60", "%", "%", "", ["range"], 10, 17, 10, 50.0, 60.0)]


def test_range_of_two_equal_ends_is_a_range():
    assert vals("占比5%-5%") == [(None, "5-5", "%", "%", "", ["range"], 2, 7, 2, 5.0, 5.0)]


def test_range_beyond_the_percent_bound_is_not_a_range():
    got = vals("占比150000%-200000%")
    assert [g[5] for g in got] == [["implausible_magnitude"]] and got[0][0] is None


def test_bare_range_after_a_ratio_word_is_no_ratio():
    assert vals("城乡低保标准比值保持在0.8-0.9") == []


def test_ratio_beyond_the_unitless_bound_is_dropped():
    assert vals("指数为9999999999999") == []
    assert vals("指数为999999999999") == [(999999999999.0, "999999999999", "", "", "=", ["ratio"], 3, 15, 3, None,
                                         None)]


def test_ratio_value_keeps_the_printed_number():
    assert vals("比值为0.8") == [(0.8, "0.8", "", "", "=", ["ratio"], 3, 6, 3, None, None)]


# ---------------------------------------------------------------------------------------- fractions, tenths
def test_fraction_with_arabic_numerator():
    assert vals("百分之85") == [(85.0, "百分之85", "分之", "%", "=", ["fraction"], 0, 5, 0, None, None)]


def test_fraction_of_the_whole_is_one_hundred_percent():
    assert vals("四分之四") == [(100.0, "四分之四", "分之", "%", "=", ["fraction"], 0, 4, 0, None, None)]


def test_fraction_after_a_shielded_fraction_is_still_read():
    assert vals("三分之一，四分之一", [(0, 4)]) == [(25.0, "四分之一", "分之", "%", "=", ["fraction"], 5, 9, 5, None,
                                                 None)]


def test_tenths_keep_their_printed_text_and_unit():
    assert vals("八成以上") == [(80.0, "八成", "成", "%", ">=", ["tenths"], 0, 4, 0, None, None)]


def test_tenths_after_shielded_tenths_are_still_read():
    assert vals("三成，八成", [(0, 2)]) == [(80.0, "八成", "成", "%", "=", ["tenths"], 3, 5, 3, None, None)]


# ------------------------------------------------------------------------------------------------- streaks
def test_streak_of_four_numerals_is_read():
    assert vals("实现二百一十连涨") == [
        (210.0, "210", "连涨", "次", "=", ["consecutive_count", "chinese_numeral"], 2, 8, 2, None, None)]


def test_both_streak_forms_in_one_sentence_are_read():
    got = vals("粮食十六连增，连续5年增长")
    assert [(g[0], g[2], g[8]) for g in got] == [(16.0, "连增", 2), (5.0, "年", 7)]


# -------------------------------------------------------------------------------------------- number tokens
def test_range_token_keeps_the_printed_range():
    assert vals("达到30-40个") == [(None, "30-40", "个", "个", "", ["range"], 2, 8, 2, 30.0, 40.0)]


def test_range_token_with_a_comparator_word_has_no_comparator():
    assert vals("30-40个以上")[0][4] == ""


def test_signed_value_keeps_its_sign_in_the_printed_number():
    assert vals("增长-2.3%") == [(-2.3, "-2.3", "%", "%", "=", [], 2, 7, 2, None, None)]


def test_leading_zero_is_a_code_but_a_single_zero_a_value():
    assert vals("设立05个站点") == []
    assert vals("新增0个") == [(0.0, "0", "个", "个", "=", [], 2, 4, 2, None, None)]


def test_fifteen_digits_are_parsed_and_found_implausible():
    assert vals("123456789012345张") == [(None, "123456789012345", "张", "张", "", ["implausible_magnitude"], 0, 16, 0,
                                         None, None)]


def test_a_longer_digit_run_is_kept_as_forty_characters_of_text():
    got = vals("1" * 45 + "张")
    assert got == [(None, "1" * 40, "张", "", "", ["implausible_magnitude"], 0, 46, 0, None, None)]


def test_value_beyond_its_units_bound_is_kept_as_text():
    assert vals("投入99999999亿元") == [(None, "99999999", "亿元", "元", "", ["implausible_magnitude"], 2, 12, 2, None,
                                        None)]


def test_a_multiple_beyond_any_plausible_size_is_kept_as_text():
    # 亿张: 3 亿 beds is more than any jurisdiction has; kept without a value, flagged, never guessed
    assert vals("新增3亿张") == [(None, "3", "亿张", "张", "", ["implausible_magnitude"], 2, 5, 2, None, None)]


def test_per_month_unit_written_with_a_dot_is_canonical():
    assert vals("补贴300元/人·月") == [(300.0, "300", "元/人·月", "元/人/月", "=", [], 2, 10, 2, None, None)]


def test_chinese_numeral_before_a_per_household_unit_is_no_count():
    assert vals("三张/百户") == []


def test_chinese_numeral_before_a_bare_multiplier_is_no_count():
    assert vals("增加两万") == []


@pytest.mark.parametrize("text", [
    "常住人口5000人以上社区",
    "在校生1000名以上学校",
    "人口5万人以上的乡镇",
    "3至6万人的街道",
    "300至500户的小区",
])
def test_size_condition_is_no_value(text):
    assert vals(text) == []


@pytest.mark.parametrize("text", [
    "建成3个APP",  # a Latin word after the count names a thing
    "建成2家星级养老机构",  # so does 星
    "建成300人级社区",  # and 级
])
def test_count_followed_by_a_name_is_no_value(text):
    assert vals(text) == []


# ------------------------------------------------------------------------------------- sentences cut to size
@pytest.mark.parametrize(("line", "pieces"), [
    ("甲" * 299 + "," + "乙" * 400, [(0, 600), (600, 700)]),  # a mark at the half: cut at the bound instead
    ("甲" * 249 + "," + "乙" * 500, [(0, 600), (600, 750)]),  # and before it
    ("甲" * 349 + "," + "乙" * 400, [(0, 350), (350, 750)]),  # after the half: cut after the mark
    ("甲" * 349 + "," + "乙" * 99 + "," + "丙" * 300, [(0, 450), (450, 750)]),  # the last mark in the bound
    ("甲" * 349 + "," + "乙" * 149 + "X" + "丙" * 300, [(0, 350), (350, 800)]),  # a letter is no mark
    ("甲" * 899 + "," + "乙" * 300, [(0, 600), (600, 1200)]),  # a mark past the bound does not count
    ("甲" * 590 + "1" * 110, [(0, 700), (700, 700)]),  # never inside a number, up to the end
    ("甲" * 590 + "1" * 20 + "乙" * 100, [(0, 611), (611, 710)]),
])
def test_a_run_on_sentence_is_cut_after_a_clause_mark_or_between_digits(line, pieces):
    assert prose_lines._bounded(line, 0, len(line)) == pieces


def test_sentences_of_a_line_cut_a_long_one_and_keep_the_rest():
    line = "甲" * 349 + "," + "乙" * 400 + "。丙丁"
    assert prose_lines._sentences(line) == [(0, 350), (350, 751), (751, 753)]


# ------------------------------------------------------------------------------------------- prose rows
def test_unnamed_figure_takes_the_counted_thing_of_the_next_figure_of_its_clause():
    text = "二、发展目标\n到2025年,全区45个、全市120个养老服务站,老年食堂30个。\n"
    assert brief(text, "label", "value", "flags", "note") == [
        ("养老服务站", 45.0, "label_from_context",
         "elderly care; counted thing of the next figure: 养老服务站; scope: 全区"),
        ("养老服务站", 120.0, "", "elderly care; scope: 全市"),
        ("老年食堂", 30.0, "", "elderly care")]


def test_figure_with_only_plain_words_before_it_takes_them_as_a_bare_label():
    text = "二、发展目标\n到2025年,全市达到85%。\n"
    assert brief(text, "label", "value", "flags", "note") == [("全市达到", 85.0, "label_bare", "scope: 全市")]


def test_change_of_a_count_is_labelled_from_its_subject_through_the_comparison():
    text = "一、发展基础\n全市养老机构45家,比上年增加3家。\n"
    assert brief(text, "label", "value", "flags", "note") == [
        ("全市养老机构", 45.0, "year_assumed", "elderly care"),
        ("全市养老机构45家,比上年增加", 3.0, "change;year_assumed;label_from_context",
         "elderly care; subject: 全市养老机构; change: 比上年增加")]


def test_percent_change_of_a_count_is_the_growth_rate_of_its_subject():
    text = "一、发展基础\n全市社会组织登记数量达到1200个,比上年增长5%。\n"
    assert brief(text, "label", "value", "unit", "flags", "note") == [
        ("全市社会组织登记数量", 1200.0, "个", "year_assumed", "social organisations"),
        ("全市社会组织登记数量", 5.0, "%", "year_assumed;growth_rate;label_from_context",
         "social organisations; growth rate; subject: 全市社会组织登记数量; change: 比上年增长")]


def test_points_change_of_a_rate_is_labelled_from_the_rate_through_the_comparison():
    text = "二、发展目标\n城乡社区综合服务设施覆盖率达到90%,比上年提高2个百分点。\n"
    assert brief(text, "label", "value", "unit", "flags") == [
        ("城乡社区综合服务设施覆盖率", 90.0, "%", "year_assumed"),
        ("城乡社区综合服务设施覆盖率达到90%,比上年", 2.0, "百分点", "change;year_assumed;label_from_context")]


_BLOCK = ("全市新建社区养老服务中心45个,覆盖所有街道和大部分中心村,服务老年人日均达到三千人次以上,运营情况良好,"
          "群众反映普遍满意,各街道均已建立服务台账和回访制度,做到底数清楚。\n"
          "全市新建农村互助幸福院120个,覆盖全部行政村的一半以上,配备专兼职服务人员六百名左右,运行平稳有序,"
          "村级组织普遍参与管理,邻里互助氛围日益浓厚,受到广泛好评。\n"
          "全市新建老年食堂和助餐点85个,日均供餐能力达到五千份以上,低收入老年人享受优惠,群众满意度较高,"
          "送餐上门服务覆盖主要社区,食品安全管理制度健全,运行规范。\n")


def test_a_block_printed_twice_is_read_once_and_its_first_copy_flagged():
    text = "一、发展基础\n" + _BLOCK + "二、附件\n" + _BLOCK
    got = brief(text, "line", "value", "flags")
    assert [(line, value) for line, value, _ in got] == [(2, 45), (2, 3000), (3, 120), (3, 600), (4, 85), (4, 5000)]
    assert all(flags.split(";")[-1] == "duplicate_source" for _, _, flags in got)


# ------------------------------------------------------------------------------------------------ time words
def test_times_after_a_shielded_span_keep_their_place():
    assert [(t.start, t.year) for t in find_times("《青川市2020年规划》2025年", [(0, 12)])] == [(12, 2025)]


def test_a_year_after_the_end_of_a_span_is_still_found():
    assert [(t.start, t.kind, t.year) for t in find_times("规划(2021-2025年),到2025年底")] == [(16, "year", 2025)]


def test_the_end_of_a_span_whose_start_is_lost_is_no_year():
    assert find_times("~2025年") == []
    assert [(t.start, t.year) for t in find_times("X2025年")] == [(1, 2025)]  # a letter is no dash


def test_a_year_word_after_a_year_is_skipped_but_a_later_one_kept():
    got = find_times("2019年全年完成,年内新增")
    assert [(t.start, t.kind) for t in got] == [(0, "year"), (10, "this_year")]


def test_time_vocabulary_is_read_again_when_its_file_changes(tmp_path, monkeypatch):
    assert not is_compare("低于2020年", 2)
    changed = tmp_path / "structure_vocab.yaml"
    text = timeexpr.VOCAB_PATH.read_text("utf-8")
    assert "compare_before: [相比," in text
    changed.write_text(text.replace("compare_before: [相比,", "compare_before: [低于, 相比,"), "utf-8")
    monkeypatch.setattr(timeexpr, "VOCAB_PATH", changed)
    assert is_compare("低于2020年", 2)


PERIOD = (2021, 2025)


def _t(kind: str, year: int | None = None) -> Time:
    return Time(0, 2, kind, year, False)


@pytest.mark.parametrize(("t", "role", "section_year", "expected"), [
    (_t("last_year"), "plan", None, ("actual", 2020, ["year_assumed"])),  # 去年 in a plan: the year before it
    (_t("last_year"), "report", None, ("actual", 2025, ["year_assumed"])),  # in a report: the year it covers
    (_t("since", 2022), "plan", None, ("actual", 2022, ["year_assumed"])),  # 2022年以来: up to now, from 2022
    (_t("since", 2022), "review", None, ("actual", 2020, ["year_assumed"])),  # under review: the period before
    (None, "annual_plan", 2023, ("target", 2023, ["year_assumed"])),  # an annual plan's year
    (None, "annual_plan", None, ("target", 2025, ["year_assumed"])),
    (None, "plan", 2021, ("target", 2021, ["year_assumed"])),  # a section year in the period dates the target
    (None, "plan", 2020, ("target", 2025, ["year_assumed"])),  # one before it does not
])
def test_resolve_dates_a_value_by_its_time_word_and_section(t, role, section_year, expected):
    assert resolve(t, role, PERIOD, "", section_year) == expected


def test_an_annual_plan_sets_targets_even_where_a_word_says_reached():
    assert resolve(None, "annual_plan", PERIOD, "已", None) == ("target", 2025, ["year_assumed"])
    assert resolve(None, "plan", PERIOD, "已", None) == ("actual", 2020, ["year_assumed"])


# -------------------------------------------------------------------------------------------- label edges
@pytest.mark.parametrize(("text", "label"), [
    ("助餐点达到", "助餐点"),  # the verb before the figure is no part of the label
    ("养老床位)", "养老床位"),  # an unmatched closing bracket is dropped
    ("养老床位(张)", "养老床位(张)"),  # a matched pair is kept
    ("养老床位(张))", "养老床位(张)"),  # only the bracket too many
    ("社区食堂))))", "社区食堂"),  # up to four of them
    ("((社区食堂))))", "((社区食堂))"),
    ("社区食堂”", "社区食堂"),  # an unmatched closing quote
    ("社区“食堂”", "社区“食堂”"),  # a matched one is kept
    ("社区食堂”””””", "社区食堂”"),  # four at most
    ("社区食堂(", "社区食堂"),  # an opening mark at the end opens nothing
    ("社区食堂“", "社区食堂"),
    ("社区食堂、", "社区食堂"),
    ("“社区食堂", "社区食堂"),
    ("食堂", "食堂"),  # two Chinese characters are a label
    ("1", ""),  # no words: no label
    ("人均", ""),  # a per-head word alone names nothing
    ("城乡低保平均", "城乡低保平均"),  # but 平均 keeps its 均
    ("X社区食堂", "X社区食堂"),  # a letter is no edge mark
    ("1.社区食堂", "社区食堂"),  # list numbering is dropped
    ("•社区食堂", "社区食堂"),  # a one-character bullet too
])
def test_clean_label_drops_unmatched_marks_at_the_edges(text, label):
    assert clean_label(text) == label


def test_numbering_is_dropped_from_where_the_span_starts():
    sent = "甲乙丙1.社区食堂"
    assert _clean_label(sent, 3, len(sent), []) == (5, 9)


# ------------------------------------------------------------------------------------ shared counted things
def test_counts_of_levels_share_the_counted_thing_and_its_comparator():
    text = "二、发展目标\n到2025年,至少打造2个国家级、5个省级社区治理实验区。\n"
    got = brief(text, "qualifier", "value", "comparator", "label")
    assert [g[:3] for g in got] == [("国家级", 2.0, ">="), ("省级", 5.0, ">=")]
    assert all(g[3].endswith("社区治理实验区") for g in got)


def test_a_list_of_three_levels_shares_the_last_counted_thing():
    text = "二、发展目标\n到2025年,全市打造2个国家级、5个省级、8个市级社区治理实验区。\n"
    got = brief(text, "qualifier", "value", "comparator", "label")
    assert [g[:3] for g in got] == [("国家级", 2.0, "="), ("省级", 5.0, "="), ("市级", 8.0, "=")]
    assert all(g[3].endswith("社区治理实验区") for g in got)


def test_counts_of_short_names_are_each_their_own_label():
    text = "二、发展目标\n到2025年,全市12个街道、9个乡镇实现全覆盖。\n"
    assert brief(text, "label", "qualifier", "value") == [("街道", "", 12.0), ("乡镇", "", 9.0)]


# ---------------------------------------------------------------------------------------- units and notes
@pytest.mark.parametrize(("sentence", "expected"), [
    ("城乡低保标准达到每人每年9600元",
     ("元/人/年", "元(每人每年)", "minimum living allowance (低保); per person per year")),
    ("城乡低保标准达到每年9600元", ("元/年", "元(每年)", "minimum living allowance (低保); per year")),
    ("全市每年培训养老护理员500人次", ("人次", "人次", "elderly care; per year")),  # a count per year keeps its unit
])
def test_per_year_words_before_a_value_give_its_unit_or_a_note(sentence, expected):
    assert brief(f"二、发展目标\n到2025年,{sentence}。\n", "unit", "unit_raw", "note") == [expected]


def test_a_denominator_in_the_label_is_noted_once():
    text = "二、发展目标\n到2025年,全市每千名老人拥有养老床位达到35张。\n"  # (每千名老人 and 千名老人 both match)
    assert brief(text, "note") == [("elderly-care beds; per 1,000 older people",)]


def test_a_decrease_makes_a_change_negative_but_leaves_a_zero_alone():
    assert brief("一、发展基础\n全市社会救助支出比上年下降2%。\n", "value", "note") == [
        (-2.0, "social assistance; growth rate; decrease")]
    assert brief("一、发展基础\n全市社会救助支出比上年下降0%。\n", "value", "note") == [
        (0.0, "social assistance; growth rate")]


def test_levels_before_a_later_clause_share_only_their_own_counted_thing():
    text = "二、发展目标\n到2025年,至少打造2个国家级、5个省级社区治理实验区,新建养老院3所。\n"
    assert brief(text, "qualifier", "value", "comparator") == [("国家级", 2.0, ">="), ("省级", 5.0, ">="),
                                                              ("", 3.0, "=")]
    assert brief(text, "label")[-1] == ("新建养老院",)


def test_an_upper_bound_before_a_list_of_levels_bounds_each():
    text = "二、发展目标\n到2025年,全市不超过2个国家级、5个省级示范养老机构。\n"
    assert brief(text, "qualifier", "value", "comparator") == [("国家级", 2.0, "<="), ("省级", 5.0, "<=")]


def test_a_list_of_levels_that_ends_the_sentence_keeps_its_values():
    text = "二、发展目标\n到2025年,创建2个国家级、5个省级。\n"
    assert [r[0] for r in brief(text, "value")] == [2.0, 5.0]


def test_respective_subjects_qualify_the_values_in_order():
    text = "二、发展目标\n到2025年,全区养老机构、社区养老服务站、老年食堂分别达到30家、120个和45个。\n"
    assert brief(text, "qualifier", "value", "unit") == [("养老机构", 30.0, "家"), ("社区养老服务站", 120.0, "个"),
                                                        ("老年食堂", 45.0, "个")]


# ------------------------------------------------------------------------------------- across sentences
def test_a_pointer_opening_a_sentence_takes_the_subject_of_the_sentence_before():
    text = "二、发展目标\n全市推进养老服务发展。全市将持续提高养老机构护理型床位占比。这一比例到2025年必须达到55%。\n"
    assert brief(text, "label", "value", "flags") == [
        ("全市将持续提高养老机构护理型床位占比", 55.0, "label_from_context")]


def test_a_sentence_without_a_time_takes_the_last_period_named_before_it():
    text = "二、发展目标\n“十三五”期间,全市新建养老院12所。“十四五”时期,全市新建养老院20所。新建助餐点30个。\n"
    assert brief(text, "value", "kind", "year") == [(12.0, "actual", 2020), (20.0, "target", 2025),
                                                   (30.0, "target", 2025)]


# ----------------------------------------------------------------------------------------- the document
def test_a_given_structure_is_used_not_made_again():
    text = "二、工作目标\n今年新建助餐点30个。\n"
    doc = Document(meta=dict(PLAN), text=text, path=Path("qc.txt"))
    nt = normalize(text)
    news = parse_structure(nt, {**PLAN, "doc_kind": "news_report", "published": "2023-06-01"})
    assert [(r["kind"], r["year"]) for r in prose.extract_prose(doc, nt)] == [("target", 2025)]
    assert [(r["kind"], r["year"]) for r in prose.extract_prose(doc, nt, structure=news)] == [("target", 2023)]


@pytest.mark.parametrize("title", ["专栏3 到2025年,建设养老床位3000张|", "专栏3 到2025年,建设养老床位3000张X|"])
def test_a_box_title_with_a_figure_is_a_heading_not_a_statement(title):
    text = f"{title}\n1.新建区级公办养老院2所\n"
    assert brief(text, "line", "value", "category") == [(2, 2.0, title.rstrip("|"))]


def test_a_year_inside_a_title_dates_nothing():
    text = "二、发展目标\n根据《青川市2019年养老服务规划》,新建助餐点30个。\n"
    assert brief(text, "value", "kind", "year", "flags") == [(30.0, "target", 2025, "year_assumed")]


def test_a_quoted_streak_is_read_though_quotes_shield_other_numbers():
    text = "一、发展基础\n全市社会组织数量实现“10连增”。\n"
    assert brief(text, "label", "value", "unit", "flags") == [
        ("全市社会组织数量", 10.0, "次", "consecutive_count;year_assumed")]


# ------------------------------------------------------------------------------- eras of a dated report
NEWS = {**PLAN, "doc_kind": "news_report", "published": "2023-06-01"}
NEWS_HEAD = "青川市召开民政工作会议\n\n来源:青川日报 2023年5月8日 记者 王林\n\n"


@pytest.mark.parametrize(("body", "expected"), [
    ("会议总结去年工作,全县养老服务提质增效。新建互助点56个。", ("actual", 2022, "")),  # 去年 dates what follows
    ("会议部署明年工作,全县养老服务提质增效。新建互助点56个。", ("target", 2024, "")),  # and 明年
    ("到“十四五”末,全市养老服务体系更加完善。新建互助点56个。", ("target", 2025, "")),  # a period's end too
    ("会议要求年内完成改造任务。新建互助点56个。", ("target", 2025, "year_assumed")),  # 年内 is no era
])
def test_a_dated_report_reads_relative_years_as_eras_of_later_sentences(body, expected):
    assert brief(NEWS_HEAD + body + "\n", "kind", "year", "flags", meta=NEWS)[-1] == expected


def test_an_undated_document_reads_no_relative_year_as_an_era():
    text = "二、发展目标\n会议总结去年工作,全市养老服务稳步发展。新建互助点56个。\n"
    assert brief(text, "kind", "year", "flags") == [("target", 2025, "year_assumed")]


# --------------------------------------------------------------------------------- a year's 年末 and 全年
@pytest.mark.parametrize(("sent", "expected"), [
    ("2023年,全市新建助餐点30个,年末入住率达到60%", ("year", 2023)),  # the sentence opens with the year
    ("截至2023年,全市新建助餐点30个,年末入住率达到60%", ("year", 2023)),  # after 截至 too
    ("做好2022年度补贴发放;年内开展4次", ("this_year", None)),  # a year that is not the topic
    ("2022年补贴发放到位;年内开展4次", ("this_year", None)),  # nor one across a semicolon
    ("比2022年,年末入住率达到60%", ("this_year", None)),  # nor a comparison base
    ("2023年,全市新建助餐点30个,今年入住率达到60%", ("this_year", None)),  # 今年 is the document's year
    ("做好2022年度补贴发放,年内开展4次", ("this_year", None)),  # words before the year: not the topic
    ("X2023年,全市新建助餐点30个,年末入住率达到60%", ("this_year", None)),  # a letter is no such word
    ("十四五末,全市新建助餐点30个,年末入住率达到60%", ("this_year", None)),  # a period's end is no year
    ("2023年,全市新建助餐点30个,年末入住率达到60%;明年继续推进", ("year", 2023)),  # a semicolon after it
])
def test_a_within_year_word_after_the_sentences_year_means_that_year(sent, expected):
    times = find_times(sent)
    got = of_named_year(sent, next(t for t in times if t.kind == "this_year"), times)
    assert (got.kind, got.year) == expected


def test_a_within_year_word_with_no_times_given_is_kept():
    t = find_times("年末入住率达到60%")[0]
    assert of_named_year("年末入住率达到60%", t, []) is t


def test_a_missing_prose_vocabulary_says_so_and_names_the_file(tmp_path):
    with pytest.raises(CmpError) as exc:
        prose_vocab.vocab(tmp_path / "missing.yaml")
    assert str(exc.value) == f"{tmp_path / 'missing.yaml'}: file not found; expected the prose vocabulary (YAML)"


# --------------------------------------------------------------------------------- a borrowed label's verb
@pytest.mark.parametrize(("sentence", "labels"), [
    ("新建社区食堂23个,累计达到71个", ["新建社区食堂", "社区食堂"]),  # the total is of all the 社区食堂
    ("新建食堂23个,累计达到71个", ["新建食堂", "食堂"]),  # two characters are enough left
    ("城乡社区食堂23个,累计达到71个", ["城乡社区食堂", "城乡社区食堂"]),  # no verb: nothing to drop
])
def test_a_label_borrowed_from_the_clause_before_leaves_its_verb_behind(sentence, labels):
    rows = brief(f"二、发展目标\n到2025年,{sentence}。\n", "label", "flags")
    assert rows == [(labels[0], ""), (labels[1], "label_from_context")]


def test_a_comparator_word_before_a_range_gives_the_range_no_comparator():
    text = "二、发展目标\n到2025年,全市新建助餐点不少于30-40个。\n"
    assert brief(text, "value", "value_low", "value_high", "comparator", "flags") == [(None, 30.0, 40.0, "", "range")]


@pytest.mark.parametrize("sentence", ["到2025年, 全市达到85%", "到2025年,全市达到 85%", "到2025年,、全市达到、85%"])
def test_a_bare_label_loses_the_marks_and_spaces_at_its_edges(sentence):
    assert brief(f"二、发展目标\n{sentence}。\n", "label", "value", "flags") == [("全市达到", 85.0, "label_bare")]


def test_a_per_mille_change_of_a_count_is_labelled_by_the_count():
    text = "一、发展基础\n全市社会组织登记数量达到1200个,比上年增长5‰。\n"
    got = brief(text, "label", "value", "unit", "flags", "note")
    assert got[1][:3] == ("全市社会组织登记数量", 5.0, "‰")
    assert "label_from_context" in got[1][3].split(";") and got[1][4].endswith("change: 比上年增长")


def test_a_change_whose_subject_is_too_long_to_join_keeps_the_comparison_as_its_label():
    text = ("一、发展基础\n全市城乡社区综合服务设施和农村幸福院等各类基层养老服务设施的总数量达到1200个,"
            "比上年增加50个。\n")
    got = brief(text, "label", "value", "flags", "note")
    assert got[1] == ("比上年增加", 50.0, "change;year_assumed",
                      "elderly care; subject: 全市城乡社区综合服务设施和农村幸福院等各类基层养老服务设施的总数量")


@pytest.mark.parametrize("sentence", ["全市社区食堂由“十三五”末的40个增加到90个", "由十三五末的40个增加到90个",
                                      "全市社区食堂从“十三五”末的40个增加到90个"])
def test_the_date_of_a_from_value_is_no_era_of_later_sentences(sentence):
    text = f"二、发展目标\n{sentence}。新建助餐点25个。\n"
    assert brief(text, "value", "kind", "year") == [(40.0, "baseline", 2020), (90.0, "target", 2025),
                                                   (25.0, "target", 2025)]
