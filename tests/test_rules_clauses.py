"""Rules inside one sentence (cmp.extract.clauses, cmp.extract.clause_subjects) on small made-up inputs: groups
built by hand where one rule is under test, short invented sentences (临河县, 梧桐区, their numbers) otherwise.
One rule per assertion; each asserts the label, value, unit, qualifier, flags or span that the rule decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmp.extract import clause_subjects as S
from cmp.extract import clauses as C
from cmp.extract.prose import extract_prose
from cmp.extract.textnums import Val
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

PLAN = {"file": "lh.txt", "jurisdiction": "临河县", "doc_kind": "five_year_plan", "period": "2021-2025"}


def rows_of(text: str) -> list[dict]:
    return extract_prose(Document(meta=dict(PLAN), text=text, path=Path("lh.txt")), normalize(text), frozenset())


def pick(text: str, *fields: str) -> list[tuple]:
    return [tuple(r[f] for f in fields) for r in rows_of(text)]


def val(start: int, end: int, unit: str = "个", value: float | None = 1.0) -> Val:
    return Val(start=start, end=end, vstart=start, value=value, value_raw="1", unit_raw=unit, unit=unit,
               comparator="=")


def group(label: tuple[int, int] | None, n: int = 1, skip: bool = False, at: int = 50) -> C._Group:
    return C._Group([val(at + 2 * k, at + 2 * k + 1) for k in range(n)], (0, 100), label=label, skip=skip)


# ---------------------------------------------------------------------------------------------- list helpers
def test_top_level_items_split_only_at_list_words():
    # a Latin letter is an ordinary character: it neither opens a bracket nor separates items
    assert S._top_level_items("X光机、CT机") == ["X光机", "CT机"]


def test_cut_list_tail_keeps_the_words_up_to_the_last_verb():
    assert C._cut_list_tail("建成养老院") == "建成养老院"  # a verb at the very start cuts nothing
    assert C._cut_list_tail("新建成养老院") == "新建成"  # a verb one character in does
    assert C._cut_list_tail("全市建设城区和建设农村") == "全市建设城区和建设"  # the last 建设, not the first


# ------------------------------------------------------------------------------------------ label from context
def test_label_from_context_takes_an_earlier_group_of_the_same_size():
    first, g = group((0, 4)), group(None, at=60)
    first.qualifiers, first.scope = ["城市"], "全县"
    S._label_from_context([first, g], 1)
    assert (g.label, g.qualifiers, g.scope, g.flags) == ((0, 4), ["城市"], "全县", ["label_from_context"])


def test_label_from_context_prefers_the_subject_and_skips_unlabelled_and_skipped_groups():
    named, unnamed = group((0, 4)), group(None, at=56)
    skipped, g = group((10, 14), skip=True, at=58), group(None, at=60)
    named.subject = (20, 24)
    S._label_from_context([named, unnamed, skipped, g], 3)
    assert g.label == (20, 24)


def test_label_from_context_needs_the_same_number_of_values_unless_any_size():
    one, pair = group((0, 4)), group(None, n=2, at=60)
    one.qualifiers = ["城市"]
    S._label_from_context([one, pair], 1)
    assert (pair.label, pair.flags) == (None, [])
    S._label_from_context([one, pair], 1, any_size=True)
    assert (pair.label, pair.qualifiers, pair.flags) == ((0, 4), [], ["label_from_context"])
    other = group((0, 4), n=2)
    two = group(None, n=2, at=60)
    S._label_from_context([other, two], 1)
    assert two.label == (0, 4)


# ---------------------------------------------------------------------------------------------- 分别 distribution
def test_distribute_gives_each_value_the_label_of_one_earlier_group():
    sent = "增长1,救助增长2,x,3,y,分别达到7%、8%"
    a, b = group((0, 2)), group((4, 8), at=54)
    unnamed, skipped = group(None, at=56), group((12, 14), skip=True, at=58)
    g = group(None, n=2, at=60)
    assert S._distribute(sent, [a, unnamed, b, skipped, g], 4)
    # a label that is only a growth word keeps it; 救助增长 loses its growth word
    assert g.value_labels == [(0, 2), (4, 6)]


def test_distribute_needs_as_many_labelled_groups_as_values():
    g = group(None, n=2, at=60)
    assert not S._distribute("x" * 100, [group((0, 4)), g], 1) and g.value_labels == []
    single = group(None, at=60)
    assert not S._distribute("x" * 100, [group((0, 4)), group((5, 9)), single], 2)


# ------------------------------------------------------------------------------------------ labels in sentences
def test_previous_clause_names_the_first_unlabelled_value():
    assert pick("到2025年,梧桐区X型社区养老服务实现全覆盖,达到45个。", "label", "value", "unit", "flags") == [
        ("梧桐区X型社区养老服务实现全覆盖", 45.0, "个", "label_from_context")]


def test_respectively_after_counted_subjects_gives_one_label_each():
    rows = pick("临河县新建养老院3家,改造敬老院5家,到2025年分别达到12家、20家。", "label", "value", "flags")
    assert rows[2:] == [("临河县新建养老院", 12.0, "label_from_context;multi_value"),
                        ("改造敬老院", 20.0, "label_from_context;multi_value")]


def test_a_count_followed_by_de_keeps_the_label_before_it():
    # 3万张的规模: 规模 is not the counted thing (the 的 says it describes the figure)
    assert pick("全市养老床位达到3万张的规模。", "label", "value", "unit", "note") == [
        ("全市养老床位", 30000.0, "张", "elderly-care beds")]


def test_list_opened_by_the_number_cuts_the_scope_at_the_verb():
    (r,) = rows_of("全市养老设施覆盖城区、 45个乡镇。")
    assert (r["label"], r["value"], r["note"]) == ("乡镇", 45.0, "elderly care; scope: 全市养老设施覆盖")


# ---------------------------------------------------------------------------------------------- paired qualifiers
@pytest.mark.parametrize(
    ("label", "n", "qualifiers"),
    [
        ("甲区、乙区、城镇低保标准", 3, ["甲区", "乙区", "城镇"]),  # the last item starts with a qualifier word
        ("东区养老院、西区养老院床位", 2, ["东区养老院", "西区养老院"]),  # the first item's last two characters
        ("东区食堂、西区小食堂", 2, ["东区食堂", "西区小食堂"]),  # (two, not three)
        ("南片、南片养老院", 2, ["南片", "南片"]),  # a two-character first item
        ("一级、社区二级床位", 2, ["一级", "社区二级"]),  # the item-end word both items share (级, not 社区)
        ("特困人员、困境儿童家庭", 2, ["特困人员", "困境儿童"]),  # else the first item-end word of the last
        ("甲、乙", 2, []),  # nothing says where the last item ends
        ("一二三四五六七八九十老人、乙老人", 2, ["一二三四五六七八九十老人", "乙老人"]),  # 12 characters: kept
        ("一二三四五六七八九十一老人、乙老人", 2, []),  # 13: a phrase, not a qualifier
        ("城乡低保标准", 3, []),  # fewer items than values
        ("东区养老院、西区养老院附属养老院床位", 2, ["东区养老院", "西区养老院"]),  # the first repeat, not the last
        ("一级、二级护理院三级床位", 2, ["一级", "二级"]),  # the first 级 of the last item
    ],
)
def test_pair_qualifiers(label, n, qualifiers):
    assert S._pair_qualifiers(label, n) == qualifiers


def test_countable_units():
    assert C._countable("个") and C._countable("元") and C._countable("元/人/月") and C._countable("")
    assert not C._countable("%") and not C._countable("㎡")


# ------------------------------------------------------------------------------------------ subjects of labels
def test_a_plain_label_after_another_group_has_no_subject():
    rows = pick("临河县养老床位1200张,护理型床位400张。", "label", "note")
    assert rows[1] == ("护理型床位", "elderly-care beds")


@pytest.mark.parametrize("word", ["占全省比重达到", "比全省平均水平高出", "较全省平均水平高出"])
def test_a_share_or_comparison_takes_the_subject_of_the_group_before(word):
    label = word.removesuffix("达到")
    rows = pick(f"临河县养老床位1200张,{word}5%。", "label", "value", "note")
    assert rows[1] == (label, 5.0, "elderly-care beds; subject: 临河县养老床位")


def test_a_share_opening_the_sentence_has_no_subject():
    assert pick("占全县人口比例达到20%。", "label", "note") == [("占全县人口比例", "")]


def test_a_bare_measure_takes_the_clause_before_as_its_subject():
    assert pick("梧桐区社区养老服务设施,覆盖率达到90%。", "label", "note") == [
        ("覆盖率", "elderly care; subject: 梧桐区社区养老服务设施")]


# ------------------------------------------------------------------------------------------ growth-word labels
def test_a_growth_word_alone_takes_the_subject_before_and_notes_the_growth():
    assert pick("临河县养老床位达到1200张,增长8%。", "label", "value", "unit", "flags", "note")[1] == (
        "临河县养老床位", 8.0, "%", "label_from_context;year_assumed;growth_rate",
        "elderly-care beds; growth rate")


def test_a_growth_word_shared_by_several_subjects_or_with_nothing_before_is_left_out():
    rows = pick("临河县城市低保标准提高到900元,农村低保标准提高到700元,增幅均超6%。", "value")
    assert rows == [(900.0,), (700.0,)]  # 增幅均超6%: one figure for two subjects
    assert rows_of("增长8%。") == []


def test_growth_after_the_label_gives_the_growth_note():
    assert pick("临河县低保标准的增幅为5%。", "label", "note") == [
        ("临河县低保标准的增幅", "minimum living allowance (低保); growth rate")]


# ------------------------------------------------------------------------------------------ shared values
def test_a_value_shared_by_a_pair_word_gives_one_row_per_part():
    assert pick("城乡社区养老服务设施覆盖率均达到100%。", "qualifier", "value", "flags") == [
        ("城市", 100.0, "year_assumed;shared_value"), ("农村", 100.0, "year_assumed;shared_value")]


def test_a_value_shared_by_a_list_gives_one_row_per_item():
    rows = pick("甲街道、乙街道、丙街道养老服务中心均达到3个。", "qualifier", "value", "flags")
    assert rows == [(q, 3.0, "year_assumed;shared_value") for q in ("甲街道", "乙街道", "丙街道")]


def test_a_scope_that_starts_with_a_qualifier_word_qualifies_the_value():
    assert pick("城市社区建成45个养老服务站。", "label", "qualifier", "note") == [
        ("养老服务站", "城市", "elderly care; scope: 城市社区建成")]


# ------------------------------------------------------------------------------------------ the counted thing
def test_the_counted_thing_stops_at_the_next_number_and_drops_the_list_word():
    assert pick("新建45个日间照料中心和10个助餐点。", "label", "value") == [("日间照料中心", 45.0), ("助餐点", 10.0)]


def test_the_counted_thing_keeps_a_closed_bracket_and_stops_at_an_unopened_one():
    assert pick("建设3个养老服务中心(站)。", "label")[0] == ("养老服务中心(站)",)
    assert pick("(新建3个养老服务站)。", "label")[0] == ("养老服务站",)


def test_beds_of_a_home_count_the_beds():
    assert pick("建设700张床位的区养老院。", "label", "value", "unit") == [("床位", 700.0, "张")]


def test_a_share_of_something_notes_what_it_is_of():
    assert pick("全县护理型床位占比达到60%的养老机构。", "label", "note") == [
        ("全县护理型床位占比", "elderly-care beds; of: 养老机构")]
    assert pick("全县每千名老年人拥有养老床位达到2‰的水平。", "unit", "note") == [
        ("‰", "elderly-care beds; per 1,000 older people; of: 水平")]
    assert pick("临河县困难群众获得800元的助学补贴。", "label", "note") == [
        ("助学补贴", "social assistance; scope: 临河县困难群众获得")]  # money: the thing after it is the label


# ------------------------------------------------------------------------------------------ level modifiers
def test_a_level_modifier_is_at_most_four_characters():
    assert pick("全县打造2个自治区级、5个省级社区治理实验区。", "label", "qualifier", "note")[0] == (
        "省级社区治理实验区", "自治区级", "community governance and services; scope: 全县打造")
    assert pick("全县打造2个国家示范级别、5个省级社区治理实验区。", "label", "qualifier")[0] == ("国家示范级别", "")


# ------------------------------------------------------------------------------------------ comparators and per
@pytest.mark.parametrize(
    ("sentence", "unit", "comparator", "flags"),
    [
        ("城乡低保标准提高每人每月至900元。", "元/人/月", "=", "year_assumed"),  # 每人每月 earlier in the clause
        ("临河县高龄津贴每年提高至1200元。", "元/年", "=", "year_assumed"),  # 每年 earlier, and money
        ("护理型床位占比不低于全县的55%。", "%", ">=", "year_assumed"),  # a floor word earlier in the clause
        ("护理型床位占比不少于全县的55%。", "%", ">=", "year_assumed"),
        ("护理型床位占比至少达到55%。", "%", ">=", "year_assumed"),
        ("救助标准不高于上年的120%。", "%", "<=", "year_assumed"),  # a ceiling word earlier
        ("失能老人占比不超过上年的15%。", "%", "<=", "year_assumed"),
        ("失能老人占比不超过15%。", "%", "<=", "year_assumed"),  # right before the number
        ("全县养老床位约3万张。", "张", "=", "approximate;year_assumed"),
        ("全县养老床位近3万张。", "张", "=", "approximate;year_assumed"),
    ],
)
def test_comparator_and_per_words_of_the_clause(sentence, unit, comparator, flags):
    assert pick(sentence, "unit", "comparator", "flags") == [(unit, comparator, flags)]


def test_prefix_words_walk_back_over_each_other():
    first = val(11, 15, unit="元")
    assert C._strip_prefix_words("困难群众不低于每人每月900元", 0, first) == (4, ">=", "month")
    assert C._strip_prefix_words("不低于不超过每年1200元", 0, val(8, 14, unit="元")) == (0, "<=", "year")
    assert C._strip_prefix_words("不超过不低于每百户30平方米", 0, val(9, 14, unit="㎡")) == (0, ">=", "100hh")


# ------------------------------------------------------------------------------------------ conditions, norms
def test_a_figure_that_sets_a_requirement_word_after_it_is_left_out():
    assert rows_of("对护理型床位占比不低于55%的要求给予补贴。") == []


def test_a_figure_after_a_goal_verb_and_before_a_goal_noun_is_the_goal():
    # (test_prose_goal.py has the forms; here the one rule that separates it from the condition above)
    assert [r["value"] for r in rows_of("实现养老机构护理型床位占比达到55%的目标。")] == [55.0]


def test_a_norm_word_inside_a_title_does_not_make_a_norm():
    assert pick("按照要求,全县建成社区服务中心45个,符合《临河县社区服务中心的建设标准》。", "value", "flags") == [
        (45.0, "year_assumed")]


def test_a_number_opening_a_clause_belongs_to_that_clause():
    assert pick("养老床位,3万张,护理型床位占比55%。", "label", "value") == [
        ("养老床位", 30000.0), ("护理型床位占比", 55.0)]


# ---------------------------------------------------------------------------------------------- themes
def test_theme_skips_beds_without_an_elderly_word_and_takes_the_first_keyword():
    assert S._theme("救助站床位", "") == ("assistance", "social assistance", False)
    assert S._theme("低保养老低保", "")[0] == "dibao"  # the first place a keyword occurs


def test_a_label_that_is_only_a_scope_word_is_the_scope():
    assert pick("全县45个养老服务站。", "label", "note") == [("养老服务站", "elderly care; scope: 全县")]


def test_level_modifiers_with_nothing_before_them_have_no_scope():
    assert pick("2个国家级、5个省级社区治理实验区。", "qualifier", "note") == [
        ("国家级", "community governance and services"), ("省级", "community governance and services")]


def test_the_counted_thing_stops_at_a_bracket_opened_before_it():
    assert pick("(新建3个养老服务站)和社区食堂。", "label")[0] == ("养老服务站",)
    assert pick("建设700张护理型床位的区养老院。", "label", "value") == [("护理型床位", 700.0)]


def test_a_counted_thing_after_a_label_that_names_no_verb():
    assert pick("全县社区45个养老服务站和10个食堂。", "label", "value", "note")[0] == (
        "养老服务站", 45.0, "elderly care; scope: 全县社区")
