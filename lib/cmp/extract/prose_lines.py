"""The lines of running text the prose reader reads: which lines are prose, sentences wrapped over lines, the
category a section gives its lines, the eras a line names, and its sentences and clauses."""

from __future__ import annotations

import re

from ..ingest.normalize import NormalizedText
from . import timeexpr
from .clauses import (
    _CJK_6,
    _CJK_8,
    _CJK_30,
    _CLAUSE_SPLIT,
    _HEADING_NUMBER,
    _NUMBERING,
    _PROSE_PUNCT,
    _SENTENCE_END,
    _TARGET_TYPE,
    _WS_RUN,
    MAX_SENTENCE,
)
from .structure import Dateline, DocStructure, Section
from .structure import vocab as structure_vocab
from .timeexpr import Time as _Time

_WRAP_STOPS = ("。", "!", "?", ";", ":", "！", "？", "；", "：", "|")
MIN_WRAPPED_LINE = 20  # characters of a line that a sentence wraps from (a shorter one ends where it is)


def _section_of(nt: NormalizedText, st: DocStructure, offset: int, line: str) -> Section:
    first = offset + len(line) - len(line.lstrip())
    return st.section_at(int(nt.starts[first]) if first < len(nt.starts) else len(nt.raw))


def may_wrap(line: str) -> bool:
    """Whether a sentence may go on past the end of this line: a long line of running text with no sentence end."""
    cur = line.strip()
    return len(cur) >= MIN_WRAPPED_LINE and not cur.endswith(_WRAP_STOPS) and "\t" not in cur \
        and _CJK_8.match(cur) is not None


COLUMN_GAP = re.compile(r"\S(?: {3,}|\u3000{2,})\S")  # a gap between columns: a table's row, not a sentence


def _wrapped_until(nt: NormalizedText, st: DocStructure, lines: list[str], n: int,
                   read: tuple[set[int] | frozenset[int], ...]) -> int:
    """The last line (1-based) of the sentence that line n starts when the source wrapped it over lines: a long
    line of running text without a sentence end, continued by a line that is no heading, table or blank."""
    offsets = nt.line_offsets()
    last = n
    while last < len(lines):
        if not may_wrap(lines[last - 1]):
            break
        nxt = lines[last].strip()
        if not nxt or last + 1 in read[0] or last + 1 in read[1] or "|" in nxt or "\t" in nxt:
            break
        sec = _section_of(nt, st, offsets[last], lines[last])
        if sec.line == last + 1:
            break  # the next line is a heading
        last += 1
    return last


def _category(sec: Section, lines: list[str]) -> str:
    """The category of the lines under a section: the structure's innermost heading that is a title, not a
    sentence (a run-in heading or a numbered task ending in 。 names no category), in normalized text with the
    numbering dropped; a 专栏 box or table keeps its number (专栏1 养老服务工程)."""
    while sec.parent is not None and (sec.heading.endswith("。")
                                      or lines[sec.line - 1].strip().rstrip("|").strip() != sec.heading):
        sec = sec.parent
    title = _HEADING_NUMBER.sub("", _NUMBERING.sub("", sec.heading))  # (专栏1, 表2: no numbering to drop)
    return _WS_RUN.sub(" ", title).strip()


def _is_prose_line(line: str) -> bool:
    """A line of running text (not a flattened table cell or row)."""
    s = line.strip()
    if _TARGET_TYPE.search(s) and "。" not in s:
        return False
    if _PROSE_PUNCT.search(s) and _CJK_8.match(s):
        return True  # punctuated, with at least 8 CJK characters
    if "|" not in s and "\t" not in s and _CJK_6.match(s):
        return True  # one target per line without punctuation (特困人员集中供养率达到52%)
    return _CJK_30.match(s) is not None  # at least 30 CJK characters


_DATED_ERAS = ("last_year", "this_year", "next_year")


def _line_eras(line: str, dated: bool = False) -> list[_Time]:
    """Plan-period markers of a paragraph ('十三五期间' -> 2020), left to right: a sentence without a time of its
    own takes the last one before it (found once per line, so long paragraphs stay linear); the date of a from
    value (由"十三五"末的A) is no era. In a dated news report (`dated`), 去年 / 今年 / 明年 are eras too: 会议总结
    去年工作,…。新建互助点56个 reports last year."""
    if "五" not in line and not (dated and "年" in line):
        return []
    kinds = ("end", "period", *_DATED_ERAS) if dated else ("end", "period")
    return [t for t in timeexpr.find_times(line)
            if (t.kind in kinds or (dated and _topic_year(line, t))) and not t.compare and not _from_time(line, t)
            and (t.kind not in _DATED_ERAS or line[t.start:t.end] not in timeexpr.time_vocab().within_year)]


_DATE_MONTH = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*(\d{1,2})")


def _late_in_year(d: Dateline) -> bool:
    """Whether a dateline falls late in its year (12月26日: a look back on the year; structure_vocab.yaml)."""
    m = _DATE_MONTH.match(d.text.strip())
    return bool(m) and structure_vocab().dateline_late_month <= int(m.group(1)) <= 12


def _topic_year(line: str, t: _Time) -> bool:
    """A year set off by a comma (会议指出,2023年,全区…) or followed by the whole jurisdiction as the subject
    (2023年全市民政系统…: structure_vocab.yaml's topic_subjects): in a dated news report, the year the paragraph
    reports."""
    if t.kind != "year" or t.year is None:
        return False
    return line[t.end:t.end + 1] in ",," or line.startswith(structure_vocab().topic_subjects, t.end)


def _sentences(line: str) -> list[tuple[int, int]]:
    """Sentence spans of a line; a run-on longer than MAX_SENTENCE is cut at clause ends (so that the work per
    sentence is bounded and a document of any shape is read in linear time)."""
    out, pos = [], 0
    for m in _SENTENCE_END.finditer(line):
        if m.end() > pos:
            out.append((pos, m.end()))
            pos = m.end()
    if pos < len(line):
        out.append((pos, len(line)))
    return [piece for a, b in out if line[a:b].strip() for piece in _bounded(line, a, b)]


def _bounded(line: str, a: int, b: int) -> list[tuple[int, int]]:
    """[a, b) as pieces of at most MAX_SENTENCE characters, cut after a clause mark or at a non-digit."""
    out = []
    while b - a > MAX_SENTENCE:
        cut = max(line.rfind(c, a, a + MAX_SENTENCE) for c in ",;,;") + 1
        if cut <= a + MAX_SENTENCE // 2:
            cut = a + MAX_SENTENCE
            while cut < b and (line[cut - 1].isdigit() or line[cut].isdigit()):
                cut += 1  # never inside a number
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def _clauses(sent: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _CLAUSE_SPLIT.finditer(sent):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sent)))
    return [(a, b) for a, b in out if b > a]


def _from_time(sent: str, t: _Time) -> bool:
    """由2020年的A增加到B, 由2020年底A…: a time right after 由/从 and before 的 or a number dates only the start
    value A, never B nor a later clause's value (从2023年起 is no such time)."""
    after = sent[t.end:t.end + 1]
    return sent[max(0, t.start - 2):t.start].rstrip("“\"").endswith(("由", "从")) and (after == "的" or after.isdigit())
