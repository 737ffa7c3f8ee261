"""Prose-reader row rules (cmp.extract.prose) on small made-up inputs: the people unit of a bare count and the
label a pointer (这一指标…) takes from the sentence before. Invented places (临河县, 梧桐区) and numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmp.extract import prose as P
from cmp.extract.clauses import _Group
from cmp.extract.prose import extract_prose
from cmp.extract.textnums import Val
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

PLAN = {"file": "wt.txt", "jurisdiction": "梧桐区", "doc_kind": "five_year_plan", "period": "2021-2025"}


def pick(text: str, *fields: str) -> list[tuple]:
    rows = extract_prose(Document(meta=dict(PLAN), text=text, path=Path("wt.txt")), normalize(text), frozenset())
    return [tuple(r[f] for f in fields) for r in rows]


def count_at(start: int, end: int) -> Val:
    return Val(start=start, end=end, vstart=start, value=2.0, value_raw="2", unit_raw="", unit="", comparator="=")


def test_people_unit_comes_from_the_label_or_the_scope():
    v = count_at(6, 8)
    before = _Group([v], (0, 20), label=(0, 6))
    assert P._people_unit(before, v, "培训社工人次") == "人次"
    assert P._people_unit(before, v, "救助困难群众") == "人"
    assert P._people_unit(before, v, "老年人活动中心") is None  # people words inside a label before the number
    unlabelled = _Group([v], (0, 20), scope="全区老年人")
    assert P._people_unit(unlabelled, v, "") == "人"


def test_people_unit_after_the_number_may_hold_the_people_word_anywhere():
    v = count_at(0, 4)
    after = _Group([v], (0, 20), label=(4, 12))
    assert P._people_unit(after, v, "贫困人口基本生活") == "人"
    assert P._people_unit(after, v, "养老床位") is None
    v = count_at(4, 8)
    around = _Group([v], (0, 20), label=(0, 10))  # a label that starts before the number is not counted after it
    assert P._people_unit(around, v, "贫困人口基本生活") is None


def test_pointer_takes_the_last_clause_of_the_sentence_before():
    assert pick("梧桐区护理型床位占比,全区X养老床位。这一比例到2025年达到55%。", "label", "value", "flags") == [
        ("全区X养老床位", 55.0, "label_from_context")]
    assert pick("梧桐区新建养老服务中心X。这一指标到2025年达到30个。", "label", "value", "flags") == [
        ("梧桐区新建养老服务中心X", 30.0, "label_from_context")]


def test_row_keeps_the_number_as_written_and_no_comparator_without_a_value():
    assert pick("全市养老床位不低于3万张。", "value", "comparator", "value_raw", "unit_raw") == [
        (30000.0, ">=", "3", "万张")]
    assert pick("全市养老床位达到" + "1" * 30 + "张。", "value", "comparator", "flags") == [
        (None, "", "implausible_magnitude;year_assumed")]


def test_a_denominator_note_is_given_once():
    # 每千名老人 also contains 千名老人: one note, not two
    assert pick("每千名老人拥有养老床位35张。", "note") == [("elderly-care beds; per 1,000 older people",)]


def test_growth_note_names_the_comparison_year_before_the_value_only():
    rows = pick("护理型床位数比2020年增长10%,到2025年达到3000张。", "value", "note")
    assert rows[0] == (10.0, "elderly-care beds; growth rate; vs 2020")


def test_per_unit_only_from_the_per_words():
    assert pick("临河县发放救助金800元。", "unit", "unit_raw", "note") == [("元", "元", "social assistance")]
    assert pick("临河县城乡低保标准每年提高5%。", "unit", "note") == [
        ("%", "minimum living allowance (低保); per year")]


def test_compare_word_within_three_characters_before_a_time_quotes_stripped():
    from cmp.extract.timeexpr import is_compare

    assert is_compare("比“2020年", 2) and is_compare("相比““2020年", 4)
    assert not is_compare("比X2020年", 2) and not is_compare("到2020年", 1)
    assert not is_compare("比“““2020年", 4)  # the window is the three characters before the time


def test_prose_vocab_is_read_again_when_its_file_changes(tmp_path):
    import os

    from cmp.extract import prose_vocab

    path = tmp_path / "prose_vocab.yaml"
    text = prose_vocab.VOCAB_PATH.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    assert "稳定在" in prose_vocab.vocab(path).words["trail_words"]
    path.write_text(text.replace("稳定在, ", ""), encoding="utf-8")
    os.utime(path, (2_000_000, 2_000_000))
    assert "稳定在" not in prose_vocab.vocab(path).words["trail_words"]


def kinds(text: str) -> list[tuple]:
    return pick(text, "value", "kind", "year", "flags")


def test_the_from_value_takes_its_own_period_as_its_year():
    assert kinds("“十三五”期间养老床位由1000张提高到3000张。")[0] == (1000.0, "baseline", 2020, "")


def test_the_from_value_without_a_time_is_the_year_before_the_change():
    assert kinds("到2023年,城乡低保标准由每人每月700元提高到900元。") == [
        (700.0, "baseline", 2020, "year_assumed"), (900.0, "target", 2023, "")]


def test_the_to_value_does_not_take_the_time_of_the_from_half():
    assert kinds("养老床位由2020年的1000张提高到3000张。") == [
        (1000.0, "baseline", 2020, ""), (3000.0, "target", 2025, "year_assumed")]


def test_the_era_of_the_line_dates_a_later_sentence_and_its_from_value():
    assert kinds("“十三五”期间,全市建成养老院12家。社区食堂达到20个。")[1] == (20.0, "actual", 2020, "")
    assert kinds("“十三五”期间,全市建成养老院12家。养老床位由1000张提高到3000张。")[1:] == [
        (1000.0, "baseline", 2015, "year_assumed"), (3000.0, "actual", 2020, "")]


def test_a_bare_measure_label_is_widened_to_whose_it_is_or_noted_with_the_section():
    assert pick("新建区养老服务中心,建筑面积达到5000平方米。", "label", "unit", "flags") == [
        ("新建区养老服务中心,建筑面积", "㎡", "year_assumed")]
    assert pick("一、养老服务\n建筑面积达到5000平方米。", "label", "flags", "note") == [
        ("建筑面积", "year_assumed;label_bare", "elderly care; of: 养老服务")]


def test_a_label_of_forty_characters_is_kept_and_a_longer_one_is_a_run_on():
    assert pick("甲" * 36 + "养老床位达到300张。", "value") == [(300.0,)]
    assert pick("甲" * 37 + "养老床位达到300张。", "value") == []


def test_a_unitless_ratio_keeps_its_empty_unit():
    assert pick("全县养老护理员配备系数达到0.3。", "label", "value", "unit", "flags") == [
        ("全县养老护理员配备系数", 0.3, "", "ratio;year_assumed")]


def test_a_bare_count_of_people_gets_its_unit_from_the_label():
    assert pick("全县注册志愿者达到2.1万。", "value", "unit", "flags") == [
        (21000.0, "人", "unit_from_label;year_assumed")]


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("一、儿童福利\n服务机构覆盖率达到90%。", "children's welfare"),  # no theme word: the section's
        ("二、养老服务\n社区服务设施覆盖率达到90%。", "elderly care"),  # a weak theme (社区) yields to the section's
        ("一、儿童福利\n养老机构床位达到300张。", "elderly-care beds"),  # a strong theme of its own stays
        ("一、工作目标\n服务机构覆盖率达到90%。", ""),  # nothing names one: unmapped, kept
        ("一、社区建设\n服务机构覆盖率达到90%。", "community governance and services"),  # a weak one is still one
    ],
)
def test_theme_of_an_institution_or_rate_named_without_a_theme_word(text, note):
    assert pick(text, "note") == [(note,)]


def test_level_modifiers_after_other_groups_and_before_others():
    rows = pick("全县新建养老院3家,打造2个国家级、5个省级社区治理实验区。", "label", "value", "qualifier")
    assert rows[1:] == [("省级社区治理实验区", 2.0, "国家级"), ("省级社区治理实验区", 5.0, "省级")]
    rows = pick("打造2个国家级、5个省级社区治理实验区,新建养老院3家。", "label", "value", "qualifier")
    assert rows[:2] == [("省级社区治理实验区", 2.0, "国家级"), ("省级社区治理实验区", 5.0, "省级")]
