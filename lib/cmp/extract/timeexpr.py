"""Time in running text: find time expressions (到2025年, 截至2021年底, "十三五"末, 2016年以来, 近五年, 目前) and
resolve a value's kind (baseline, target, actual) and year from them, the clause's modality words, the section's
time role and the document period. The vocabulary (plan periods, time and modality words) is in
structure_vocab.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import yamlio
from ..errors import CmpError
from .structure import VOCAB_PATH, plan_period_of, vocab

_Q = r"[\"“”'‘’「」『』]?"
_TIME_KEYS = ("time_words", "compare_before", "actual_markers", "target_markers", "cumulative_markers",
              "deadline_before", "within_year")
_TIME_WORD_KINDS = ("since", "recent", "now", "this_year", "last_year", "next_year")
_OPTIONAL_TIME_WORD_KINDS = ("plan_term",)  # (older copies of the vocabulary without them stay valid)


@dataclass(frozen=True)
class Time:
    """A time expression in a sentence (offsets in the normalized sentence)."""

    start: int
    end: int
    kind: str  # end, period, year, since, recent, now, this_year, last_year, next_year, plan_term
    year: int | None
    compare: bool  # a comparison base such as 相比"十二五"末 or 比上年
    read_as: str = ""  # a garbled date (201911月, its 年 lost) and what it is taken to mean ("2019-11"); else ""
    so_far: bool = False  # a period counted up to now ("十四五"以来), not the whole period ("十四五"期间)


# a year and month whose 年 was lost (截至201911月): read only when the digits can mean nothing else, four for a
# year 19xx/20xx and one or two for a month 1-12, with no digit before them
_GARBLED_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)(0[1-9]|1[0-2]|[1-9])月(?:底|末)?")


_YEAR_SPAN = re.compile(r"(?<![(（\d])(?:19|20)\d\d年?\s*[-—–~至]\s*((?:19|20)\d\d)年(?:底|末)?(?![)）])")
_MONTHS_SO_FAR = re.compile(r"(?<![\d年])1\s*[-—~至到]\s*(?:[2-9]|1[01])月(?:份)?")


@dataclass(frozen=True)
class TimeVocab:
    patterns: tuple[tuple[re.Pattern, str, int | None, tuple[str, ...]], ...]  # (regex, kind, year, literals)
    compare_before: tuple[str, ...]
    actual_markers: tuple[str, ...]
    target_markers: tuple[str, ...]
    cumulative_markers: tuple[str, ...]  # 累计: a total over a period, reached or to be reached
    deadline_before: tuple[str, ...]  # 到 before a year: a deadline (到2025年)
    within_year: tuple[str, ...] = ()  # 年末, 全年: of the year the sentence names before them, if it names one
    so_far_words: tuple[str, ...] = ()  # 前三季度, 上半年: the part of this year gone by
    not_target_words: tuple[str, ...] = ()  # 试验计划, 将近: words holding a target marker that are no resolve


def _words(data: dict, key: str) -> tuple[str, ...]:
    words = data.get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise CmpError(f"bad key '{key}': expected a list of non-empty words", path=str(VOCAB_PATH))
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _time_vocab(mtime: float) -> TimeVocab:
    data = yamlio.load_file(VOCAB_PATH)
    for key in _TIME_KEYS:
        if key not in data:
            raise CmpError(f"bad key '{key}': expected this key to be present", path=str(VOCAB_PATH))
    tw = data["time_words"]
    if not isinstance(tw, dict) or set(tw) - set(_OPTIONAL_TIME_WORD_KINDS) != set(_TIME_WORD_KINDS):
        raise CmpError(f"bad key 'time_words': expected the keys {', '.join(_TIME_WORD_KINDS)}", path=str(VOCAB_PATH))
    # each pattern with the literals one of which every match contains (a sentence without them skips it)
    pats: list[tuple[re.Pattern, str, int | None, tuple[str, ...]]] = []
    for name, (_first, last) in vocab().plan_periods.items():
        n = re.escape(name)
        pats.append((re.compile(rf"{_Q}{n}{_Q}(?:时期|期)?(?:末期|期末|末)"), "end", last, (name,)))
        pats.append((re.compile(rf"{_Q}{n}{_Q}(?:期间|时期|以来)"), "period", last, (name,)))
    since = "|".join(re.escape(w) for w in _words(tw, "since"))
    pats.append((re.compile(rf"((?:19|20)\d\d)年(?:底|末)?(?:{since})"), "since", None, _words(tw, "since")))
    # 2023—2025年,每年新增…: a span of years outside parentheses dates its figures by its last year
    pats.append((_YEAR_SPAN, "year", None, ("年",)))
    pats.append((re.compile(r"((?:19|20)\d\d)年(?:度)?(?:\d{1,2}月)?(?:底|末)?(?:前|以前)?"), "year", None, ("年",)))
    pats.append((_GARBLED_DATE, "year", None, ("月",)))
    # 1至9月, 1-6月: the months of this year gone by
    pats.append((_MONTHS_SO_FAR, "this_year", None, ("月",)))
    for kind in (*_TIME_WORD_KINDS[1:], *(k for k in _OPTIONAL_TIME_WORD_KINDS if k in tw)):
        words = _words(tw, kind)  # (since is read with its year above)
        pats.append((re.compile("|".join(re.escape(w) for w in words)), kind, None, words))
    return TimeVocab(tuple(pats), _words(data, "compare_before"), _words(data, "actual_markers"),
                     _words(data, "target_markers"), _words(data, "cumulative_markers"),
                     _words(data, "deadline_before"), _words(data, "within_year"),
                     _words(data, "so_far_words") if "so_far_words" in data else (),
                     _words(data, "not_target_words") if "not_target_words" in data else ())


def time_vocab() -> TimeVocab:
    """The time vocabulary, re-read when structure_vocab.yaml changes."""
    return _time_vocab(yamlio.file_key(VOCAB_PATH)[1])


def is_compare(text: str, pos: int, v: TimeVocab | None = None) -> bool:
    """Whether the time expression at `pos` follows a comparison word (相比"十二五"末: a base, not a date)."""
    v = v or time_vocab()
    before = text[max(0, pos - 3):pos].rstrip("“\"")
    return before.endswith(v.compare_before)


def find_times(sent: str, shielded: list[tuple[int, int]] = ()) -> list[Time]:
    """Time expressions in a sentence, left to right, none inside a shielded span (《titles》)."""
    v = time_vocab()
    found: list[Time] = []
    taken = bytearray(len(sent) + 1)  # positions inside a found or shielded span (one pass: linear)
    for a, b in shielded:
        taken[a:b] = b"\x01" * (b - a)
    ends: set[int] = set()
    for rx, kind, year, literals in v.patterns:
        if not (literals[0] in sent if len(literals) == 1 else any(w in sent for w in literals)):
            continue  # (most rules have one literal: tested without a generator)
        for m in rx.finditer(sent):
            ms = m.start()
            if taken[ms]:
                continue
            if kind == "year" and ms > 0 and sent[ms - 1] in "-—~":
                continue  # the end of a span such as (2021-2025年)
            if kind == "this_year" and ms in ends:
                continue  # 2019年全年: the year already dates it
            y = year if year is not None else (int(m.group(1)) if m.groups() and m.group(1) else None)
            read_as = f"{m.group(1)}-{int(m.group(2)):02d}" if rx is _GARBLED_DATE else ""
            so_far = (kind == "period" and m.group(0).endswith("以来")) or (kind == "this_year" and (
                sent.startswith("以来", m.end()) or m.group(0) in v.so_far_words or rx is _MONTHS_SO_FAR))
            found.append(Time(ms, m.end(), kind, y, is_compare(sent, ms, v), read_as, so_far))
            taken[ms:m.end()] = b"\x01" * (m.end() - ms)
            if y is not None:
                ends.add(m.end())
    if len(found) > 1:  # a word inside a longer one of another kind found later (年底 in 去年底) is dropped
        found = [t for t in found if not any(o is not t and o.start <= t.start and t.end <= o.end
                                             and o.end - o.start > t.end - t.start for o in found)]
    return sorted(found, key=lambda t: t.start)


def is_deadline(text: str, t: Time) -> bool:
    """Whether the year `t` is a deadline (到2025年, 至2025年底, 2025年底前): a deadline word right before it or 前
    after it, not a word that says a value has been reached by then (截至2022年底 is an actual marker)."""
    v = time_vocab()
    before = text[max(0, t.start - 2):t.start]
    return t.kind == "year" and (before.endswith(v.deadline_before) or text[t.start:t.end].endswith("前")) \
        and not before.endswith(v.actual_markers)


def of_named_year(text: str, t: Time, times: list[Time]) -> Time:
    """年末, 全年, 年内 in a sentence that opens with a year (2023年,…,年末…) mean that year's end or whole: that
    year. Any other time is returned as it is, and so is one in a sentence whose year is not its topic (做好2022年度
    补贴发放;…年内开展4次: 年内 is the document's year) or sits across a semicolon."""
    if t.kind != "this_year" or text[t.start:t.end] not in time_vocab().within_year or not times:
        return t
    topic = times[0]
    if (topic.kind != "year" or topic.year is None or topic.compare or topic.end > t.start
            or text[:topic.start].strip(" 截至止在于") or _SEMICOLON.search(text, topic.end, t.start)):
        return t
    return replace(t, kind="year", year=topic.year)


_SEMICOLON = re.compile(r"[;；]")


def is_as_of(text: str, t: Time) -> bool:
    """Whether the year `t` is a date things stand at (截至2022年底, 截止2023年): an actual marker right before it."""
    return t.kind == "year" and text[max(0, t.start - 3):t.start].endswith(time_vocab().actual_markers)


# the year a relative time word means, counted from the year a report is written (its dateline)
_RELATIVE_YEARS = {"this_year": 0, "last_year": -1, "next_year": 1, "now": 0}


def relative_year(kind: str, written: int) -> int | None:
    """The year a time word of this kind means in a report written in `written` (今年, 目前 -> written, 去年 -> the
    year before); None for a kind that is not relative to it."""
    offset = _RELATIVE_YEARS.get(kind)
    return None if offset is None else written + offset


def has_marker(text: str, markers: tuple[str, ...]) -> bool:
    """Whether any of the words occurs in `text`."""
    return any(w in text for w in markers)


def resolve(t: Time | None, role: str, period: tuple[int, int], before: str,
            section_year: int | None = None, deadline: bool = False, as_of: bool = False
            ) -> tuple[str, int, list[str]]:
    """Kind, year and flags of a value.

    `t` is the time expression that dates it (None if none), `role` its section's time role, `period` the
    document period, `before` the clause text before the value (for modality words), `section_year` a year
    printed in the section heading (二、2023年工作安排), `deadline` whether `t` is a deadline (到2025年, is_deadline),
    `as_of` whether it is a date things stand at (截至2022年底, is_as_of).
    """
    v = time_vocab()
    ps, pe = period
    actual_said = has_marker(before, v.actual_markers)
    reported = role in ("review", "report")
    if t is not None and t.year is not None and t.kind in ("year", "end", "period"):
        y = t.year
        if _period_to_come(t, ps, reported) and not _done(before, v):
            return "target", y, []  # "十四五"期间累计培训1.2万人次 in a plan or a news report on it: a target
        if deadline and y >= ps and not _done(before, v) and (not reported or strives(before, v)):
            # 到2025年,…;五年累计培训1.5万人次: a total to be reached by then; in a report too when it strives
            # for it (下一步…到2025年,持证社会工作者力争达到4500人)
            return "target", y, []
        stands = as_of or (actual_said and not has_marker(before, v.target_markers))
        if y < ps or (reported and y <= pe) or (stands and y <= pe):
            return "actual", y, []
        return "target", y, []
    if t is not None:  # since / recent / now / this_year / last_year / next_year / plan_term
        return _resolve_word(t, role, period, before, section_year, v)
    if role == "review":
        return "actual", min(section_year or ps - 1, ps - 1), ["year_assumed"]
    if role == "report":
        return "actual", section_year or pe, ["year_assumed"]
    if role == "annual_plan":
        return "target", section_year or pe, ["year_assumed"]
    if actual_said and not has_marker(before, v.target_markers):
        # (a plan's figures of what was done are of its base year; a one-year document's, of that year)
        return "actual", pe if ps == pe else ps - 1, ["year_assumed"]
    return "target", section_year if section_year and section_year >= ps else pe, ["year_assumed"]


def _resolve_word(t: Time, role: str, period: tuple[int, int], before: str, section_year: int | None,
                  v: TimeVocab) -> tuple[str, int, list[str]]:
    """Kind, year and flags of a value dated by a time word without its own year (resolve)."""
    ps, pe = period
    if t.kind == "plan_term":  # 今后五年, 五年内: to the end of the plan
        return "target", plan_term_end(ps, pe), ["year_assumed"]
    if t.kind == "last_year":  # (a report is written the year after the one it covers)
        return "actual", pe if role == "report" else ps - 1, ["year_assumed"]
    if t.kind == "next_year":
        return "target", pe + 1, ["year_assumed"]  # 明年: the year after the one the document covers
    if t.kind == "this_year":
        if role == "review":
            return "actual", ps - 1, ["year_assumed"]
        y = section_year or pe
        # (年底前累计建成…: a deadline; 全年累计开展… in an annual plan: a total to reach, 累计 says no more)
        done = (role in ("review", "report") or _done(before, v)) and not strives(before, v)
        return ("actual" if done else "target"), y, ["year_assumed"]
    if t.kind == "since" and t.year is not None and t.year >= ps and role != "review":
        return "actual", pe if role == "report" else max(t.year, ps - 1), ["year_assumed"]
    return "actual", (section_year or pe) if role == "report" else ps - 1, ["year_assumed"]


def plan_term_end(ps: int, pe: int) -> int:
    """The year 今后五年 runs to: a plan's last year, or in a document of one year (a news item on a plan) the
    last year of the plan period that the next year falls in (2022 -> 2025; 2025 or 2026 -> 2030)."""
    if ps < pe:
        return pe
    period = plan_period_of(pe + 1)
    return period[1] if period else pe


def _period_to_come(t: Time, ps: int, reported: bool) -> bool:
    """A plan period as a whole ("十四五"期间/末) that does not end before the document's period starts, named
    outside a review or report section: the period the plan sets targets for."""
    return t.kind in ("end", "period") and not t.so_far and t.year is not None and t.year >= ps and not reported


def strives(before: str, v: TimeVocab | None = None) -> bool:
    """Whether the clause holds a target word other than a deadline word (力争, 确保: 到 only dates it), or a
    deadline still to meet (2025年底前)."""
    v = v or time_vocab()
    for w in v.not_target_words:
        if w in before:
            before = before.replace(w, "")
    return has_marker(before, tuple(w for w in v.target_markers if w not in v.deadline_before)) \
        or _BEFORE_DEADLINE.search(before) is not None


_BEFORE_DEADLINE = re.compile(r"(?:(?:19|20)\d\d年(?:度)?(?:\d{1,2}月)?(?:底|末)?|年底|年末|季度|月底|月末)(?:前|以前)")


def _done(before: str, v: TimeVocab) -> bool:
    """Whether the clause says a value has been reached (已, 建成了): a total (累计) alone does not say so."""
    text = before
    for w in v.cumulative_markers:
        text = text.replace(w, "")
    return has_marker(text, v.actual_markers)


def baseline_year(to_kind: str, to_year: int, to_time: Time | None, period: tuple[int, int]) -> int:
    """The year of the start value of 由A提高到B when the text does not date A."""
    ps, pe = period
    if to_time is not None and to_time.kind in ("end", "period"):
        for _name, (first, last) in vocab().plan_periods.items():
            if last == to_time.year:
                return first - 1  # "十三五"期间由A提高到B: A is the end of the period before
    if to_kind == "target":
        return ps - 1
    if pe == ps:
        return to_year - 1  # a yearly report: 由上年的A
    return to_year - 5
