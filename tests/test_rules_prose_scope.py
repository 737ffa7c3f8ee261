"""Scope words in running text (cmp.extract.clauses and clause_subjects with extract/scope_vocab.yaml): a label of
one place or level word is the scope, and an urban or rural word qualifies the value; made-up sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmp.extract.prose import extract_prose
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

# ------------------------------------------ prose: jurisdiction + wider_area + each_place + level; urban_rural
PLAN = {"file": "lh.txt", "jurisdiction": "临河县", "doc_kind": "five_year_plan", "period": "2021-2025"}


def _rows(text: str, *fields: str) -> list[tuple]:
    rows = extract_prose(Document(meta=dict(PLAN), text=text, path=Path("lh.txt")), normalize(text), frozenset())
    return [tuple(r[f] for f in fields) for r in rows]


@pytest.mark.parametrize("word", ["全区", "本区", "全盟", "全国", "各地区", "区级"])
def test_a_label_of_one_scope_word_is_the_scope_not_what_is_counted(word):
    # 本区/全盟 were missing from the prose list: the row was labelled '本区', a label that names nothing
    assert _rows(f"养老服务站建设方面，{word}达到45个。", "label", "value", "note") == [
        ("养老服务站建设方面", 45.0, f"elderly care; scope: {word}")]
    assert _rows(f"养老服务站：{word}45个。", "label", "note") == [("养老服务站", f"elderly care; scope: {word}")]


def test_a_scope_word_before_a_respective_list_is_not_the_first_subject():
    got = _rows("本区高龄津贴和护理补贴分别惠及3000人和1200人。", "qualifier", "value")
    assert got == [("高龄津贴", 3000.0), ("护理补贴", 1200.0)]


@pytest.mark.parametrize("word", ["城区", "牧区", "农村牧区", "城镇"])
def test_a_scope_that_starts_with_an_urban_or_rural_word_qualifies_the_value(word):
    assert _rows(f"{word}社区建成45个养老服务站。", "label", "qualifier") == [("养老服务站", word)]


def test_urban_and_rural_together_is_not_one_half_of_a_pair():
    assert _rows("城乡社区建成45个养老服务站。", "label", "qualifier") == [("养老服务站", "")]


def test_a_figure_whose_clause_names_only_where_is_kept_never_dropped():
    # nothing but a place word before the figure: kept, its label marked bare (it was dropped without a word)
    assert _rows("全县达到45个，位居全省前列，群众普遍认可。", "label", "value", "flags") == [
        ("全县达到", 45, "label_bare;year_assumed")]


def test_places_listed_before_one_counted_thing_each_take_that_thing():
    rows = _rows("全县45个、全省120个养老服务站，数量稳步增长。", "label", "value", "flags", "note")
    assert [r[:2] for r in rows] == [("养老服务站", 45), ("养老服务站", 120)]
    assert "label_from_context" in rows[0][2] and "scope: 全县" in rows[0][3] and "scope: 全省" in rows[1][3]


def test_a_counted_thing_in_another_unit_is_not_borrowed():
    rows = _rows("全县达到45个、全省120人的服务队伍，数量稳步增长。", "label", "value", "unit", "flags")
    assert rows[0][1:3] == (45, "个") and "label_bare" in rows[0][3]
