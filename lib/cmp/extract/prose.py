"""Read the civil-affairs figures printed in running text and 专栏 boxes (not tables) into tidy rows.

Plans state many of their figures in sentences: "城乡低保标准分别为每人每月830元、680元", "到2025年,养老机构护理型
床位占比不低于55%". This module finds such figures with patterns and theme keyword lists (module-level data below,
so the vocabulary can grow), works out what each one measures (label), for which year and whether it is a
baseline, actual or target value, and maps every span back to the raw text so each row is traceable.
Precision comes first: a number whose meaning the sentence does not make clear is left out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from ..errors import CmpError
from ..ingest.normalize import NormalizedText, join_lines
from ..ingest.sources import Document
from . import timeexpr
from .clause_subjects import _share_modifiers, _theme
from .clauses import (  # the rules inside one sentence
    _BARE_LABEL,
    _COMPARE_ONLY,
    _HAS_NUMBER,
    _PER_YEAR_WORDS,
    _POINTER,
    _QUOTE_OPEN,
    _QUOTED_RES,
    _RATE_END,
    _TITLE_RES,
    _YEAR_IN_PERIOD,
    CATEGORY_THEME_LABEL,
    DENOMINATORS,
    MAX_LABEL,
    PEOPLE_WORDS,
    WEAK_THEMES,
    _clean_label,
    _Group,
    _groups,
    _previous_clause,
    _resolve,
)
from .prose_lines import (
    _DATED_ERAS,
    COLUMN_GAP,
    _category,
    _clauses,
    _from_time,
    _is_prose_line,
    _late_in_year,
    _line_eras,
    _section_of,
    _sentences,
    _wrapped_until,
    may_wrap,
)
from .structure import QUOTES, Dateline, DocStructure, parse_structure, plan_years, published_year
from .structure import vocab as structure_vocab
from .textnums import Val as _Val
from .textnums import decrease_before, find_values, is_streak
from .timeexpr import Time as _Time

_DIGIT = re.compile(r"\d")

# ---------------------------------------------------------------------------------------------------------------
# Small records
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    """What the document around a sentence says: category, the section's time role and year, the period."""

    category: str = ""
    role: str = "plan"  # the section's time role (structure.ROLES)
    section_year: int | None = None  # a year printed in the section's heading path (二、2023年工作安排)
    plan_start: int = 2021
    plan_end: int = 2025
    prev_sent: str = ""  # the sentence before (a value that points back takes its subject)
    prev_base: int = 0
    prev_view: object = None  # the text the statement before was read in (a wrapped sentence's _Joined)
    news_plan_end: int | None = None  # a news item on a plan (its title names 十五五): the plan's last year
    dateline: Dateline | None = None  # the date a news report is written on (今年 in it is that year)
    published: int | None = None  # the year the manifest says the document came out


# ---------------------------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------------------------


def extract_prose(doc: Document, nt: NormalizedText, skip_lines: frozenset[int] | set[int] = frozenset(),
                  structure: DocStructure | None = None) -> list[dict]:
    """Tidy rows (method 'prose') for every quantified statement in `doc`'s running text and 专栏 boxes.

    `nt` is normalize(doc.text); `skip_lines` (1-based) are lines read elsewhere, such as indicator tables;
    `structure` is parse_structure(nt, doc.meta) (made here when not given) and gives each line its section's
    time role. Rows carry every tidy column but row_id (indicator is left ''), sorted by raw start offset.
    """
    if nt.raw != doc.text:
        raise CmpError("normalized text was made from another text; expected normalize(doc.text)", path=doc.file)
    st = structure if structure is not None else parse_structure(nt, doc.meta)
    ctx = _Context()
    ctx.plan_start, ctx.plan_end = plan_years(doc.meta)
    ctx.dateline = st.dateline
    ctx.news_plan_end = news_plan_end(doc.meta, ctx.plan_end)
    ctx.published = published_year(doc.meta)
    dup_lines = nt.duplicate_line_numbers()
    first_copies = nt.repeated_first_lines()
    offsets = nt.line_offsets()
    rows: list[dict] = []
    lines = nt.text.split("\n")
    read = (dup_lines, skip_lines)
    n_next = 1
    era_cache: dict[int, _Time | None] = {}  # the latest era of a paragraph up to each line
    starts = paragraph_starts(lines)
    for n, line in enumerate(lines, start=1):
        if n < n_next or n in dup_lines or n in skip_lines or not line.strip():
            continue
        if not _HAS_NUMBER.search(line) and not may_wrap(line):
            continue  # no number and no sentence going on to the next line: no figure (asked first: most lines)
        sec = _section_of(nt, st, offsets[n - 1], line)
        if sec.line == n and sec.heading == line.strip().rstrip("|").strip():
            continue  # a heading line (a run-in heading's line is read: its body holds the figures)
        last = _wrapped_until(nt, st, lines, n, read)
        view, base = nt, offsets[n - 1]
        if last > n:  # a sentence wrapped over several lines (全区共有城市社区 / 46个、农村社区…): read as one,
            # its line ends taken out (同比下 / 降2.4%), each offset still pointing into the text
            view = _Joined.of(nt, offsets[n - 1], offsets[last - 1] + len(lines[last - 1]))
            line, base = view.text, 0
            n_next = last + 1
        if not _HAS_NUMBER.search(line):
            continue  # (a sentence wrapped over lines without a number)
        if not _is_prose_line(line):
            continue
        ctx.category = _category(sec, lines)  # (read only by the rows of this line's sentences)
        ctx.role = sec.time_role
        years = [int(y) for y in _YEAR_IN_PERIOD.findall(sec.path)]
        ctx.section_year = years[-1] if years else None
        eras = _line_eras(line, ctx.dateline is not None)
        era_starts = [e.start for e in eras]
        carried = _paragraph_era(lines, starts, n, ctx.dateline is not None, era_cache)
        for s0, s1 in _sentences(line):
            k = bisect.bisect_left(era_starts, s0)
            era = eras[k - 1] if k else carried
            for row in _sentence_rows(doc, view, ctx, line[s0:s1], base + s0, era):
                if n in first_copies:
                    row["flags"] = _join_flags(row["flags"], "duplicate_source")
                rows.append(row)
            ctx.prev_sent, ctx.prev_base, ctx.prev_view = line[s0:s1], base + s0, view
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------------------------------------------


def _times(sent: str, titles: list[tuple[int, int]]) -> list[_Time]:
    return timeexpr.find_times(sent, titles)


def _spans(sent: str, patterns: tuple[re.Pattern, ...]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for rx in patterns for m in rx.finditer(sent)]


def _titles(sent: str) -> list[tuple[int, int]]:
    """Spans inside 《titles》 (document names), where numbers and years are names rather than values."""
    return _spans(sent, _TITLE_RES) if "《" in sent else []


def _quoted(sent: str) -> list[tuple[int, int]]:
    """Spans inside “quoted names” (slogans such as “1234”模式), where numbers are names rather than values;
    a quoted count of consecutive increases (实现“十六连增”) is a figure, not a name."""
    if not _QUOTE_OPEN.search(sent):
        return []
    return [(a, b) for a, b in _spans(sent, _QUOTED_RES) if not is_streak(sent[a + 1:b - 1])]


# ---------------------------------------------------------------------------------------------------------------
# Sentences: group the numbers, find what each group measures
# ---------------------------------------------------------------------------------------------------------------


def paragraph_starts(lines: list[str]) -> list[int]:
    """The first line (1-based) of each line's paragraph, in a document that marks its paragraphs by indenting
    their first line: an indented line, or one after a blank, starts one; 0 for a blank line (one pass)."""
    out, start = [], 0
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            start = 0
        elif start == 0 or line[:1] in _INDENT:
            start = n
        out.append(start)
    return out


def _paragraph_era(lines: list[str], starts: list[int], n: int, dated: bool,
                   cache: dict[int, _Time | None]) -> _Time | None:
    """The era a paragraph set before line n (会议指出,2023年,… then, on the next line, 一年来…累计发放…), in a
    document that marks its paragraphs by indenting their first line: line n goes on with the paragraph when it is
    not indented itself and the lines back to an indented one hold no blank. None for any other line."""
    p = starts[n - 1]
    if p == n or p == 0 or lines[p - 1][:1] not in _INDENT:
        return None  # a paragraph's first line, or paragraphs not marked: no line goes on with another
    k = n - 1  # the latest era of lines p..n-1, each line's answer kept (each line is read once)
    while k > p and k not in cache:
        k -= 1
    era = cache.get(k) if k in cache else None
    for j in range(k if k not in cache else k + 1, n):
        own = _line_eras(lines[j - 1], dated)
        era = own[-1] if own else era
        cache[j] = era
    return era


class _Joined:
    """A sentence wrapped over lines, read with its line ends (and the next line's indent) taken out, as
    NormalizedText: offsets into `text` map back to the normalized text and so to the raw text."""

    def __init__(self, nt: NormalizedText, text: str, pos: list[int]):
        self.nt, self.text, self.pos, self.raw = nt, text, pos, nt.raw

    @classmethod
    def of(cls, nt: NormalizedText, a: int, b: int) -> _Joined:
        """The lines of nt.text[a:b], joined."""
        pos: list[int] = []
        gapped = False  # a line so far held a gap between columns (each line looked at once)
        for k, m in enumerate(_LINE_RE.finditer(nt.text, a, b)):
            i = m.start()
            if k and gapped:
                i -= 1  # a table's row wrapped: its line end and indent kept (a number takes no unit from below)
            elif k:
                while i < m.end() and nt.text[i] in _INDENT:
                    i += 1
            pos.extend(range(i, m.end()))
            gapped = gapped or COLUMN_GAP.search(nt.text, i, m.end()) is not None
        return cls(nt, "".join(nt.text[i] for i in pos), pos)

    def to_raw(self, a: int, b: int) -> tuple[int, int]:
        """Raw span of text[a:b]."""
        if b <= a:
            p = self.pos[a] if a < len(self.pos) else self.pos[-1] + 1
            return self.nt.to_raw(p, p)
        return self.nt.to_raw(self.pos[a], self.pos[b - 1] + 1)

    def line_of(self, raw_offset: int) -> int:
        """1-based raw line of a raw offset."""
        return self.nt.line_of(raw_offset)


_LINE_RE = re.compile(r"[^\n]+")
_INDENT = " \u3000\t"


def _sentence_rows(doc: Document, nt: NormalizedText, ctx: _Context, sent: str, sent_base: int,
                   line_era: _Time | None) -> list[dict]:
    if not _HAS_NUMBER.search(sent):
        return []  # no number, no value
    titles = _titles(sent)
    vals = find_values(sent, titles + _quoted(sent))
    if not vals:
        return []
    times = _times(sent, titles)
    groups = _groups(sent, vals, _clauses(sent))
    for i in range(len(groups)):
        _resolve(sent, groups, i, times)
    _share_modifiers(sent, groups)
    rows: list[dict] = []
    for n, g in enumerate(groups):
        if g.skip:
            continue
        if g.label is None and not g.value_labels and not _label_unnamed_group(sent, groups, n):
            continue
        rows += _share_rows(g, _group_rows(doc, nt, ctx, sent, sent_base, g, times, line_era))
    for r in rows:
        if _POINTER.match(r["label"]):
            _point_back(nt, ctx, r)
    return rows


def _point_back(nt: NormalizedText, ctx: _Context, row: dict) -> None:
    """这一指标必须达到55% opening a sentence: the label is the subject of the statement before it."""
    prev = ctx.prev_sent.rstrip("。!?; ")
    a = max(prev.rfind(c) for c in ",;,;") + 1
    span = _clean_label(prev, a, len(prev), _times(prev, []))  # (None for an empty sentence)
    if span is None:
        return
    view = ctx.prev_view if ctx.prev_view is not None else nt
    ls, le = view.to_raw(ctx.prev_base + span[0], ctx.prev_base + span[1])
    row["label"] = nt.raw[ls:le]
    row["flags"] = _join_flags(row["flags"], "label_from_context")


# ---------------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------------


def _time_for(g: _Group, v: _Val, times: list[_Time], sent: str) -> tuple[_Time | None, bool]:
    """The time expression that dates a value, and whether it sits in the value's own segment."""
    usable = [t for t in times if not t.compare and t.end <= v.start]
    own = [t for t in usable if t.start >= g.seg0]
    if own:
        return own[-1], True
    usable = [t for t in usable if not _from_time(sent, t)]  # (由2020年的A dates A, in A's own segment, only)
    if g.role == "to":  # (2016年A由x提高到y: 2016 dates x; a deadline, 到2025年A由x增加到y, or 今年 dates y)
        usable = [t for t in usable
                  if t.end <= g.from_seg0 or t.kind == "this_year" or timeexpr.is_deadline(sent, t)]
    return (usable[-1], False) if usable else (None, False)


def _garbled_date_note(t: _Time | None, sent: str) -> str:
    """What a garbled date (201911月) dating a value printed and what it was taken to mean; '' otherwise."""
    if t is None or not t.read_as:
        return ""
    return f"date printed {sent[t.start:t.end]!r}, read as {t.read_as}"


def _kind_year(g: _Group, v: _Val, times: list[_Time], ctx: _Context, line_era: _Time | None,
               sent: str) -> tuple[str, int | None, list[str], str]:
    """Kind, year and flags of a value, and a note when the date that gives them is garbled in the source."""
    t, own = _time_for(g, v, times, sent)
    if t is None:
        t = line_era
    elif t.kind == "this_year":
        t = timeexpr.of_named_year(sent, t, times)
        era = line_era
        if ctx.dateline is not None:  # 去年以来,…;全年开展…: a 去年 earlier in the sentence is its era too
            era = next((x for x in reversed(times) if x.end <= t.start and x.kind in ("last_year", "next_year")
                        and not x.compare), line_era)
        if t.kind == "this_year" and era is not None and era.kind in (*_DATED_ERAS, "year") \
                and sent[t.start:t.end] in timeexpr.time_vocab().within_year:
            t = era  # 会议指出,去年以来… / 2023年,…;全年组织开展…: the whole of the year the paragraph reports
    kind, year, flags = _kind_year_of(g, v, t, own, ctx, sent)
    if t is None and kind == "target" and ctx.dateline is not None and ctx.role == "" \
            and _late_in_year(ctx.dateline) and not _target_said(sent[g.clause[0]:v.start]):
        # a news item of the year's last months, no time and no target word (新建食堂21个): what the year brought
        return "actual", ctx.dateline.year, [*flags, "year_assumed"], \
            f"no time said; written late in {ctx.dateline.year}: what the year brought so far"
    if t is None and kind == "target" and ctx.dateline is not None and year is not None \
            and year < ctx.dateline.year and timeexpr.strives(sent[:v.start]):
        # 我们将力争新增养老床位2000张,…,新建老年助餐点100个 in a report of 2024 dated January 2025: still to come,
        # so of 2025 (a word of striving earlier in the sentence holds for its list; 达到 alone does not strive)
        return "target", ctx.dateline.year, list(dict.fromkeys([*flags, "year_assumed"])), \
            f"no time said; a target in a report dated {ctx.dateline.text}: of that year"
    if (kind == "target" and (t is None or t.kind in ("year", "end")) and year is not None
            and ctx.dateline is not None and year < ctx.dateline.year
            and (t is None or not timeexpr.is_deadline(sent, t))):
        # a news report dated after the year it names (2023年…共提供 in a report of 2024): that year is over
        return "actual", year, flags, f"{year} was over by the report's dateline {ctx.dateline.text}"
    if t is not None and ctx.dateline is not None and ctx.section_year is None:
        dated = timeexpr.relative_year(t.kind, ctx.dateline.year)
        word = sent[t.start:t.end]
        if t.kind == "this_year" and ctx.plan_start == ctx.plan_end < ctx.dateline.year \
                and word in timeexpr.time_vocab().within_year and not timeexpr.strives(sent[:v.start]):
            # 全年办理结婚登记2.47万对 in a report of 2024 dated January 2025: the whole of the year it covers
            return "actual", ctx.plan_end, list(dict.fromkeys([*flags, "year_assumed"])), \
                f"{word} read as {ctx.plan_end}: the year the report covers (dated {ctx.dateline.text})"
        if dated is not None:
            flags, note = _dateline_flags(ctx.dateline, flags, sent[t.start:t.end], dated)
            if g.role == "from" and t.kind == "this_year":  # 今年由A提高到B: A is the level before this year's
                # change (由去年的A: A is of last year itself)
                return kind, dated - 1, list(dict.fromkeys([*flags, "year_assumed"])), f"{note}, start the year before"
            if kind == "target" and t.kind == "this_year" and (t.so_far or _late_in_year(ctx.dateline)) \
                    and not timeexpr.strives(sent[g.clause[0]:v.start]):
                # 今年以来…, or 12月26日…今年全市新增养老床位1860张 (written at the year's end): what this year
                # brought so far
                return "actual", dated, flags, f"{note}; written late in the year: what the year brought so far"
            return kind, dated, flags, note
    note = _garbled_date_note(t, sent) if t is not line_era else ""
    if kind == "actual" and year is not None and ctx.published is not None and year > ctx.published \
            and "year_assumed" not in flags and t is not None and t.kind == "year":
        # 2025年预计仅能达到40.5张 in a review published in 2023: a year it names still to come holds no actual
        return "target", year, flags, f"{year} was still to come when the document came out ({ctx.published})"
    if kind == "actual" and year is not None and ctx.published is not None and "year_assumed" in flags \
            and not note and ctx.plan_start <= ctx.published < ctx.plan_end == year:
        # 规划实施以来累计… in a review of 2021-2025 published in 2023: no actual of a year still to come, but of
        # the last year over
        return kind, ctx.published - 1, flags, f"year read as {ctx.published - 1}: the last year over when the " \
            f"document came out ({ctx.published}), not the period's end {year}"
    return kind, year, [*flags, "date_garbled"] if note else flags, note


def news_plan_end(meta: dict, period_end: int) -> int | None:
    """The last year of the plan a news item's title names ("十五五"…规划 in 2026: 2030), when it has not ended
    before the item's year; None for any other document."""
    if meta.get("doc_kind") != "news_report":
        return None
    title = QUOTES.sub("", str(meta.get("title", "")))
    ends = [last for name, (_first, last) in structure_vocab().plan_periods.items() if name in title]
    return max(ends) if ends and max(ends) >= period_end else None


def _target_said(before: str) -> bool:
    """Whether the words before a value say it is still to be reached (力争, 确保, 将, 到 …)."""
    return timeexpr.strives(before) or timeexpr.has_marker(before, timeexpr.time_vocab().target_markers)


def _dateline_flags(d: Dateline, flags: list[str], word: str, year: int) -> tuple[list[str], str]:
    """Flags and note of a value dated by 今年 in a news report: the year is assumed only when the manifest's
    published date stood in for a dateline."""
    if d.assumed:
        return list(dict.fromkeys([*flags, "year_assumed"])), f"{word} read as {year}: no dateline, the published " \
            f"date {d.text}"
    return [f for f in flags if f != "year_assumed"], f"{word} read as {year}: dateline {d.text} (line {d.line})"


def _kind_year_of(g: _Group, v: _Val, t: _Time | None, own: bool, ctx: _Context,
                  sent: str) -> tuple[str, int | None, list[str]]:
    period = (ctx.plan_start, ctx.plan_end)
    before = sent[g.clause[0]:v.start]
    if g.role == "from":
        if own and t is not None and t.year is not None and t.kind in ("year", "end", "period") \
                and not timeexpr.is_deadline(sent, t):
            return "baseline", t.year, []  # (到2025年A由x增加到y: the deadline dates y, not x)
        to_kind, to_year, _ = timeexpr.resolve(t, ctx.role, period, sent[g.clause[0]:], ctx.section_year)
        return "baseline", timeexpr.baseline_year(to_kind, to_year, t, period), ["year_assumed"]
    deadline = t is not None and timeexpr.is_deadline(sent, t)
    as_of = t is not None and timeexpr.is_as_of(sent, t)
    kind, year, flags = timeexpr.resolve(t, ctx.role, period, before, ctx.section_year, deadline, as_of)
    if kind == "target" and t is None and ctx.news_plan_end is not None and year is not None \
            and year < ctx.news_plan_end and "year_assumed" in flags:
        # 解读《蕨溪市"十五五"养老服务体系建设规划》: a target it gives without a time is the plan's (year assumed)
        return kind, ctx.news_plan_end, flags
    return kind, year, flags


def _group_rows(doc: Document, nt: NormalizedText, ctx: _Context, sent: str, sent_base: int, g: _Group,
                times: list[_Time], line_era: _Time | None) -> list[dict]:
    rows = []
    for k, v in enumerate(g.vals):
        row = _value_row(doc, nt, ctx, sent, sent_base, g, k, v, times, line_era)
        if row is not None:
            rows.append(row)
    return rows


_LABEL_EDGE = frozenset(" 、,,;;::。")


def _label_unnamed_group(sent: str, groups: list[_Group], n: int) -> bool:
    """Give a group whose clause names nothing but where (全区45个、全省120个养老服务站; 全市达到85%) a label, so
    its figure is kept: the counted thing of the next group of the clause when it is printed after that group's
    value in the same unit (label_from_context), else the clause's own words before the figure (label_bare).
    False when not even those are left (the figure has no words at all before it)."""
    g = groups[n]
    nxt = groups[n + 1] if n + 1 < len(groups) else None
    if (nxt is not None and nxt.clause == g.clause and nxt.label is not None and nxt.label[0] >= nxt.vals[-1].end
            and nxt.vals[0].unit == g.vals[0].unit):
        g.label = nxt.label
        g.flags.append("label_from_context")
        g.notes.append(f"counted thing of the next figure: {sent[nxt.label[0]:nxt.label[1]]}")
        return True
    a, b = g.clause[0], g.vals[0].vstart
    while a < b and sent[a] in _LABEL_EDGE:
        a += 1
    while b > a and sent[b - 1] in _LABEL_EDGE:
        b -= 1
    if b <= a:
        return False
    g.label = (a, b)
    g.flags.append("label_bare")
    return True


def _value_row(doc: Document, nt: NormalizedText, ctx: _Context, sent: str, sent_base: int, g: _Group, k: int,
               v: _Val, times: list[_Time], line_era: _Time | None) -> dict | None:
    """The row of value k of group g; None for a run-on label or a count of nothing named."""
    span = g.value_labels[k] if g.value_labels else g.label
    assert span is not None
    if len(sent[span[0]:span[1]]) > MAX_LABEL:
        return None
    own = span
    span, bare_of = _widen_bare_label(sent, g, span, times, ctx.category)
    span, compared = _name_compared(sent, g, span, v)
    label = sent[span[0]:span[1]]
    # a label widened over another figure (…每百户不低于30平方米,总面积) takes no denominator from that figure's words
    measured = sent[own[0]:own[1]] if _DIGIT.search(sent[span[0]:max(span[0], own[0])]) else label
    subject = sent[g.subject[0]:g.subject[1]] if g.subject else ""
    theme = _theme_of(sent, g, label, subject, ctx.category)
    kind, year, tflags, date_note = _kind_year(g, v, times, ctx, line_era, sent)
    gloss = theme[1] if theme is not None else ""  # unmapped figures are kept: the theme is only a note
    unit, unit_raw, vflags = v.unit, v.unit_raw, list(v.flags)
    if not unit and "ratio" not in vflags and "implausible_magnitude" not in vflags:
        unit = _people_unit(g, v, label)
        if unit is None:
            return None  # 2.1万 of what?
        vflags.append("unit_from_label")
    unit, unit_raw, per_note = _per_unit(sent, g, v, unit, unit_raw)
    notes = [gloss, per_note, *_context_notes(g, v, measured, subject, times), date_note]
    flags = vflags + g.flags + tflags
    if "growth rate" in g.notes:
        flags.append("growth_rate")  # a rate of change, never the level (as a growth column of a table says)
    if v.value is not None and v.value > 0 and g.role == "" and decrease_before(sent, g.vals[0]):
        # 同比下降2.1%和3.2%: each change of the list is a decrease; a printed sign (下降为-1.2%) is kept as printed
        v = replace(v, value=-v.value)
        notes.append("decrease")
    if len(g.vals) > 1:
        flags.append("multi_value")
    qualifier = g.qualifiers[k] if k < len(g.qualifiers) else ""
    if bare_of is not None:
        flags.append("label_bare")
        notes.append(f"of: {bare_of}" if bare_of else "")
    if compared:
        flags.append("label_from_context")
        notes.append(f"change: {compared}")
        if "growth_rate" not in flags and "change" not in flags:
            flags.append("change")  # 比上年增加3家: a change in the level's unit, not the level
    return _row(doc, nt, sent_base, span, v, kind, year, unit, unit_raw, qualifier, flags, notes, ctx.category)


def _widen_bare_label(sent: str, g: _Group, span: tuple[int, int], times: list[_Time],
                      category: str) -> tuple[tuple[int, int], str | None]:
    """面积, 金额, 床位 alone name no measure: the label runs from the clause before that says whose (still a
    span of the source text); failing that, the section heading says it in the note. Returns (span, of-note:
    None when the label is not bare, the heading, '' under no heading)."""
    if not _BARE_LABEL.fullmatch(sent[span[0]:span[1]]):
        return span, None
    whose = g.subject or _previous_clause(sent, g, times)
    if whose is not None and whose[0] < span[0] and span[1] - whose[0] <= MAX_LABEL:
        return (whose[0], span[1]), None
    return span, category


def _name_compared(sent: str, g: _Group, span: tuple[int, int], v: _Val) -> tuple[tuple[int, int], str]:
    """比上年增长, 同比下降 alone name no measure: the label becomes the subject the comparison is of, or, when a row
    so named could pass for the subject's own level (the same unit: 养老机构45家,比上年增加3家; a rate's change),
    the span from the subject through the comparison. Returns (span, the comparison words; '' if unchanged)."""
    text = sent[span[0]:span[1]]
    if g.subject is None or g.value_labels or not text or not _COMPARE_ONLY.fullmatch(text):
        return span, ""
    whose = g.subject
    rate = _RATE_END.search(sent[whose[0]:whose[1]]) is not None
    if v.unit in ("%", "‰") and g.subject_unit not in ("%", "‰") and not rate:
        return whose, text  # 养老机构…,比上年增长4.2%: a growth rate of the 养老机构
    if whose[1] <= span[0] and span[1] - whose[0] <= MAX_LABEL:
        return (whose[0], span[1]), text
    return span, ""


def _theme_of(sent: str, g: _Group, label: str, subject: str, category: str) -> tuple[str, str, bool] | None:
    """The theme of a label; a rate or an institution named without a theme word takes the clause's or section's."""
    theme = _theme(" ".join((label, subject, g.scope)), category)
    if (theme is None or theme[0] in WEAK_THEMES) and CATEGORY_THEME_LABEL.search(label):
        wider = [t for t in (_theme(sent[g.clause[0]:g.clause[1]], category),
                             _theme(category, category)) if t is not None]
        wider = [t for t in wider if t[2]] or ([] if theme is not None else wider)
        if wider:
            theme = wider[0]
    return theme


def _people_unit(g: _Group, v: _Val, label: str) -> str | None:
    """A bare count (2.1万) is of people only when its label says so; None when it does not."""
    counted_after = g.label is not None and g.label[0] >= v.end  # 15.8万农村牧区贫困人口基本生活
    if not any((label + g.scope).endswith(w) or (counted_after and w in label) for w in PEOPLE_WORDS):
        return None
    return "人次" if label.endswith("人次") else "人"


def _per_unit(sent: str, g: _Group, v: _Val, unit: str, unit_raw: str) -> tuple[str, str, str]:
    """每人每月, 每年, 每百户 before a value: (unit, unit as written, note)."""
    if v.per == "month" and unit == "元":
        return "元/人/月", f"{v.unit_raw}(每人每月)", "per person per month"
    if v.per == "person_year" and unit == "元":
        return "元/人/年", f"{v.unit_raw}(每人每年)", "per person per year"
    if v.per == "year" and unit == "元":
        return "元/年", f"{v.unit_raw}(每年)", "per year"
    if v.per == "100hh" and unit in ("㎡",):
        return "㎡/百户", f"{v.unit_raw}(每百户)", "per 100 households"
    if v.per in ("year", "person_year") or _PER_YEAR_WORDS.search(sent[g.seg0:v.start]):
        return unit, unit_raw, "per year"
    return unit, unit_raw, ""


def _context_notes(g: _Group, v: _Val, label: str, subject: str, times: list[_Time]) -> list[str]:
    """Notes from the sentence around a value: denominator, group notes, subject, scope, role, comparison year."""
    notes = [gloss_d for word, gloss_d in DENOMINATORS if word in label + g.scope][:1]
    notes += g.notes
    if subject:
        notes.append(f"subject: {subject}")
    if g.scope:
        notes.append(f"scope: {g.scope}")
    if g.role == "from":
        notes.append("value before the change (由/从)")
    compare = [t for t in times if t.compare and t.end <= v.start and t.year]
    if compare and "growth rate" in g.notes:
        notes.append(f"vs {compare[-1].year}")
    return notes


def _share_rows(g: _Group, rows: list[dict]) -> list[dict]:
    """One row per subject of a value shared by a list of subjects."""
    if not g.shared:
        return rows
    return [{**r, "qualifier": q, "flags": _join_flags(r["flags"], "shared_value")} for r in rows for q in g.shared]


def _row(doc: Document, nt: NormalizedText, sent_base: int, span: tuple[int, int], v: _Val, kind: str,
         year: int | None, unit: str, unit_raw: str, qualifier: str, flags: list[str], notes: list[str],
         category: str) -> dict:
    raw = nt.raw
    rs, re_ = nt.to_raw(sent_base + v.start, sent_base + v.end)
    vs, _ = nt.to_raw(sent_base + v.vstart, sent_base + v.end)
    ls, le = nt.to_raw(sent_base + span[0], sent_base + span[1])
    return {
        "jurisdiction": doc.jurisdiction,
        "doc": doc.file,
        "method": "prose",
        "table": "",
        "row_no": None,
        "category": category,
        "label": join_lines(raw[ls:le]),  # (a label of a sentence wrapped over two lines, joined)
        "indicator": "",
        "kind": kind,
        "year": year,
        "value": v.value,
        "unit": unit,
        "value_low": v.low,
        "value_high": v.high,
        "comparator": v.comparator,  # ('' when there is no value: textnums and _attach_prefix see to it)
        "value_raw": v.value_raw,
        "unit_raw": unit_raw,
        "value_text": raw[vs:re_],
        "attribute": "",
        "qualifier": qualifier,
        "line": nt.line_of(rs),
        "start": rs,
        "end": re_,
        "quote": raw[rs:re_],
        "derived_from": "",
        "note": "; ".join(dict.fromkeys(n for n in notes if n)),
        "flags": _join_flags("", *flags),
    }


def _join_flags(existing: str, *more: str) -> str:
    out = [f for f in existing.split(";") if f]
    for f in more:
        if f and f not in out:
            out.append(f)
    return ";".join(out)
