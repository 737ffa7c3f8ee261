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
