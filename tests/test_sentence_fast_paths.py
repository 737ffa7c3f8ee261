"""The per-sentence shortcuts of the readers give what the plain way gives: the structure pass cuts clauses with one
split and maps spans to the raw text directly, the exclusion gates collect a sentence's characters with one regex,
the prose reader asks for a line's number before its section and category, and a YAML text without a star skips
the alias pass. Made-up text of invented places (梧桐区, 青川市) and numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmp import yamlio
from cmp.errors import CmpError
from cmp.extract import structure, textnums
from cmp.extract.numbers import vocab as number_vocab
from cmp.extract.prose import extract_prose
from cmp.extract.structure import Sentence
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

PLAN = {"file": "wt.txt", "jurisdiction": "梧桐区", "doc_kind": "five_year_plan", "period": "2021-2025"}


def _plain_sentences(nt, line: str, off: int, begin: int, n: int) -> list[Sentence]:
    """structure._sentences before the shortcut: clauses by finditer, spans through nt.to_raw."""
    out, pos = [], begin
    ends = [m.end() for m in structure._SENT_END.finditer(line, begin)]
    if not ends or ends[-1] < len(line):
        ends.append(len(line))
    for e in ends:
        seg = line[pos:e]
        body = seg.strip()
        if not body:
            pos = e
            continue
        a = pos + len(seg) - len(seg.lstrip())
        b = a + len(body)
        pos = e
        clauses, c0 = [], a
        for m in structure._CLAUSE_END.finditer(line, a, b):
            if m.start() > c0:
                clauses.append((off + c0, off + m.start()))
            c0 = m.end()
        if c0 < b:
            clauses.append((off + c0, off + b))
        rs, re_ = nt.to_raw(off + a, off + b)
        out.append(Sentence(rs, re_, off + a, off + b, n, tuple(clauses)))
    return out


def _every_line(text: str, begin: int = 0) -> None:
    nt = normalize(text)
    for n, (line, off) in enumerate(zip(nt.text.split("\n"), nt.line_offsets(), strict=True), start=1):
        b = min(begin, len(line))
        assert structure._sentences(nt, line, off, b, n) == _plain_sentences(nt, line, off, b, n), line


LINES = [
    "到2025年,梧桐区养老床位达到5000张、护理型床位占比达到55%;城乡低保标准每年提高5%以上。",
    "  前有空格,,两个逗号连着、、顿号也连着:冒号结尾:",
    "一、发展目标",
    ",开头就是逗号。。两个句号!问号?",
    "没有标点的一行",
    "全角空格\u3000在中间,\u3000也在逗号后 。 句号前后有空格 ",
    "１２３，全角数字与全角逗号；经过规范化。",
    "",
    "   ",
    "青川市|养老床位|张|5000|6000",
]


def test_clauses_by_split_equal_clauses_by_search_on_made_up_lines():
    _every_line("\n".join(LINES))
    _every_line("\n".join(LINES), begin=3)  # (a run-in heading's body starts inside the line)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=",;:、。!? \u3000,;:x12养老", max_size=40), min_size=1, max_size=4),
       st.integers(0, 6))
def test_clauses_by_split_equal_clauses_by_search_on_random_lines(lines, begin):
    _every_line("\n".join(lines), begin)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="号第令路街条款岁年满〔〕()12345,。x养老", max_size=60))
def test_the_characters_a_sentence_has_are_those_of_the_plain_intersection(sent):
    gates = textnums._Gates(number_vocab().exclusions)
    assert gates.present(sent) == frozenset(gates.chars.intersection(sent))


def test_a_lines_category_is_that_of_its_own_section_when_lines_without_numbers_are_passed_over():
    text = ("梧桐区民政事业发展第十四个五年规划\n第一章 总体要求\n一、发展目标\n"
            "到2025年,梧桐区养老床位达到5000张,护理型床位占比达到55%。\n二、2025年重点任务\n"
            "新建社区养老服务站点12个,培训养老护理员300人次。\n这一行是没有任何数量的说明文字,只讲原则和方向。\n"
            "三、社会救助\n城乡低保标准每年提高5%以上。\n")
    rows = extract_prose(Document(meta=dict(PLAN), text=text, path=Path("wt.txt")), normalize(text), frozenset())
    assert [(r["value"], r["category"]) for r in rows] == [
        (5000.0, "发展目标"), (55.0, "发展目标"), (12.0, "2025年重点任务"), (300.0, "2025年重点任务"),
        (5.0, "社会救助")]


def test_yaml_without_a_star_skips_the_alias_pass_and_with_one_is_still_refused(monkeypatch):
    passes = []
    plain = yamlio._refuse_aliases
    monkeypatch.setattr(yamlio, "_refuse_aliases", lambda text, where: (passes.append(where), plain(text, where)))
    assert yamlio.load_text("a: 1\nb: [x, y]\n", "m.yaml") == {"a": 1, "b": ["x", "y"]}
    assert passes == []
    assert yamlio.load_text("a: '5*3'\n", "n.yaml") == {"a": "5*3"}  # a star in a value: the pass runs, finds none
    assert passes == ["n.yaml"]
    with pytest.raises(CmpError, match="alias"):
        yamlio.load_text("a: &x [1]\nb: *x\n", "o.yaml")
