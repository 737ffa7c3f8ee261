"""Prose-reader row rules (cmp.extract.prose) on small made-up inputs: the people unit of a bare count and the
label a pointer (这一指标…) takes from the sentence before. Invented places (临河县, 梧桐区) and numbers."""

from __future__ import annotations

from pathlib import Path

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
