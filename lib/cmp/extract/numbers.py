"""Read numbers the way Chinese plans write them: 6.4万张, ≥35, 不低于90%, 30-40, ——, 2‰, 1:07.

Each quantity keeps the exact substring and offsets it came from, the number and unit as written, and the
value in the canonical unit (万/亿 applied as multipliers). Nothing is guessed: a cell that is not plainly a
number comes back with no value and a flag saying why.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .. import yamlio
from ..errors import CmpError
from ..ingest.normalize import fold_char
from .scope_vocab import scope_words

NONE_MARKS = {"", "-", "--", "—", "——", "–", "―", "/", "无", "空", "暂无", "×", "x", "X", "…", "...", "—-",
              "－", "−", "﹣"}
VOCAB_PATH = Path(__file__).with_name("numbers_vocab.yaml")
_COMPARATOR_KEYS = ("ge_prefix", "le_prefix", "ge_suffix", "le_suffix", "approx_prefix", "approx_suffix")


@dataclass(frozen=True)
class NumberVocab:
    """The validated contents of numbers_vocab.yaml."""

    units: dict[str, tuple[str, float]]
    comparators: dict[str, tuple[str, ...]]  # each list longest first
    max_magnitude: dict[str, float]
    exclusions: tuple[tuple[str, re.Pattern], ...]  # (name, pattern)
    streak_words: tuple[str, ...] = ()  # 连增, 连涨: after a count, a count of consecutive increases
    streak_rises: tuple[str, ...] = ()  # 增长, 提高: after 连续N年, a count of consecutive yearly increases
    streak_between: tuple[str, ...] = ()  # 保持, 持续: words allowed between 连续N年 and the rise word
    tenths_after: tuple[str, ...] = ()  # 以上, 左右: words after 八成 that make it a share (80%), not 成为/建成


def parse_vocab(data: object, path: Path = VOCAB_PATH) -> NumberVocab:
    """Validate the number vocabulary (a parsed YAML mapping); a bad key raises CmpError naming it."""
    if not isinstance(data, dict):
        raise CmpError("expected a mapping at the top level", path=str(path))
    for key in ("units", "comparators", "max_magnitude", "exclusions", "streak_words", "streak_years",
                "tenths_after"):
        if key not in data:
            raise _bad(path, key, "this key to be present")
    units = _units(data["units"], path)
    comps = _comparators(data["comparators"], path)
    mags = _magnitudes(data["max_magnitude"], path)
    units = _with_multiples(units, mags)
    streaks = _word_list(data["streak_words"], path, "streak_words")
    years = data["streak_years"]
    if not isinstance(years, dict) or set(years) != {"rise_words", "between"}:
        raise _bad(path, "streak_years", "a mapping with exactly the keys rise_words, between")
    return NumberVocab(units, {k: tuple(sorted(v, key=len, reverse=True)) for k, v in comps.items()},
                       mags, _exclusions(data["exclusions"], path), streaks,
                       _word_list(years["rise_words"], path, "streak_years.rise_words"),
                       _word_list(years["between"], path, "streak_years.between"),
                       _word_list(data["tenths_after"], path, "tenths_after"))


def _word_list(words: object, path: Path, key: str) -> tuple[str, ...]:
    """A non-empty list of non-empty words, longest first (so an alternation tries the longest word first)."""
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise _bad(path, key, "a non-empty list of non-empty words")
    return tuple(sorted(words, key=len, reverse=True))


def _bad(path: Path, key: str, expected: str) -> CmpError:
    return CmpError(f"bad key '{key}': expected {expected}", path=str(path))


def _units(spec_map: object, path: Path) -> dict[str, tuple[str, float]]:
    if not isinstance(spec_map, dict) or not spec_map:
        raise _bad(path, "units", "a mapping of written unit -> [canonical unit, multiplier]")
    units = {}
    for written, spec in spec_map.items():
        if not (isinstance(spec, list) and len(spec) == 2 and isinstance(spec[0], str)
                and isinstance(spec[1], int | float) and spec[1] > 0):
            raise _bad(path, f"units.{written}", "[canonical unit, positive multiplier]")
        units[str(written)] = (spec[0], float(spec[1]))
    return units


_MULTIPLES = {"万": 1e4, "亿": 1e8}


def _with_multiples(units: dict[str, tuple[str, float]], mags: dict[str, float]) -> dict[str, tuple[str, float]]:
    """Every unit of its own (multiplier 1) also written after 万 or 亿 (1.2万场次, 3.1亿小时), unless listed: a
    share, a rate per unit (元/人/月) or a unit whose plausible size stays below 1e8 (岁) takes no multiple."""
    out = dict(units)
    for written, (canon, mult) in units.items():
        if mult != 1 or canon in ("%", "‰") or "/" in canon or written.startswith(tuple(_MULTIPLES)) \
                or mags.get(canon, mags["default"]) < 1e8:
            continue
        for word, factor in _MULTIPLES.items():
            out.setdefault(word + written, (canon, factor))
    return out


def _comparators(comps: object, path: Path) -> dict[str, list[str]]:
    if not isinstance(comps, dict) or set(comps) != set(_COMPARATOR_KEYS):
        raise _bad(path, "comparators", f"a mapping with exactly the keys {', '.join(_COMPARATOR_KEYS)}")
    for k, words in comps.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise _bad(path, f"comparators.{k}", "a list of non-empty words")
    return comps


def _magnitudes(mags: object, path: Path) -> dict[str, float]:
    if not isinstance(mags, dict) or "default" not in mags or not all(
            isinstance(v, int | float) and v > 0 for v in mags.values()):
        raise _bad(path, "max_magnitude", "a mapping of unit -> positive number, with a 'default'")
    return {str(k): float(v) for k, v in mags.items()}


def _exclusions(entries: object, path: Path) -> tuple[tuple[str, re.Pattern], ...]:
    if not isinstance(entries, list):
        raise _bad(path, "exclusions", "a list of {name, why, pattern}")
    excl = []
    for k, e in enumerate(entries):
        if not isinstance(e, dict) or set(e) != {"name", "why", "pattern"}:
            raise _bad(path, f"exclusions[{k}]", "a mapping with name, why and pattern")
        try:
            excl.append((str(e["name"]), re.compile(e["pattern"], re.M)))
        except re.error as exc:
            raise _bad(path, f"exclusions[{k}].pattern", f"a valid regular expression ({exc})") from None
    return tuple(excl)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> NumberVocab:
    return parse_vocab(yamlio.load_file(path), Path(path))  # load_file gives the CmpError for a bad file


def vocab(path: Path = VOCAB_PATH) -> NumberVocab:
    """The number vocabulary, re-read when the file changes."""
    return _load(*yamlio.file_key(path))


_V = vocab()
# written unit -> (canonical unit, multiplier)
_UNITS: dict[str, tuple[str, float]] = _V.units

_GE = _V.comparators["ge_prefix"]
_LE = _V.comparators["le_prefix"]
_GE_SUFFIX = _V.comparators["ge_suffix"]
_LE_SUFFIX = _V.comparators["le_suffix"]
_APPROX = (_V.comparators["approx_prefix"], _V.comparators["approx_suffix"])
# scope words that may stand before a number in a cell holding two values (城市30农村43), longest first
QUALIFIERS = scope_words("urban_rural", "urban_and_rural", "sex", "jurisdiction")
_ANY_PREFIX = (*_GE, *_LE, *_V.comparators["approx_prefix"])
_ANY_SUFFIX = (*_GE_SUFFIX, *_LE_SUFFIX)

NUM = r"\d+(?:\.\d+)?"
_LONG_DIGITS = re.compile(r"\d{31}")
_NUM_RE = re.compile(NUM)
_RATIO_RE = re.compile(rf"^({NUM})\s*[:：比]\s*({NUM})$")
_RANGE_RE = re.compile(rf"^({NUM})\s*(\S*?)\s*[-~至到]\s*({NUM})$")
_UNIT_RANGE_RE = re.compile(rf"^({NUM})\s*[-~至到]\s*({NUM})\s*(.+)$")  # 350-500m2
_RANGE_UNIT_RE = re.compile(rf"^{NUM}\s*(\S*?)\s*[-~至到]")
_NUMBER_UNIT_RE = re.compile(rf"^({NUM})\s*(.*)$")
# a minus sign glued to a number (-4.1, －4.1, −0.5%): a negative value, as growth columns print a decrease.
# Dashes (—, –) are not minus signs here: alone they mark an empty cell, between numbers a range.
MINUS_SIGNS = "-－−﹣"
_SIGNED_RE = re.compile(rf"^[{MINUS_SIGNS}](?=\d)")
_BRACKETS_RE = re.compile(r"^[\s(（]+|[\s)）]+$")
_LABEL_UNIT_RE = re.compile(r"[((]\s*([^()()]{1,8}?)\s*[))]?\s*$")
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}")
_CLOCK_0_RE = re.compile(r"\d{1,2}:0\d")
_PIECE_RE = re.compile(r"[^,，、;；]+")


def _unbracket(s: str) -> str:
    return _BRACKETS_RE.sub("", s)


_PER_TIME = ("年", "月", "日", "天", "周")


def canonical_unit(unit_raw: str) -> tuple[str, float] | None:
    """The canonical unit and multiplier of a written unit (万张 -> 张, 1e4; 万人次/年 -> 人次/年, 1e4), None if
    unknown."""
    u = _unbracket(unit_raw)
    known = _UNITS.get(u)
    if known is None and u[-2:-1] == "/" and u[-1] in _PER_TIME:  # a known unit per year, month, day or week
        base = _UNITS.get(u[:-2])
        return (f"{base[0]}/{u[-1]}", base[1]) if base is not None and "/" not in base[0] else None
    return known


def unit_from_label(label: str) -> str:
    """A unit written in brackets at the end of an indicator label, such as (%) or (万张); '' if none."""
    m = _LABEL_UNIT_RE.search(label)
    if m and canonical_unit(m.group(1)) is not None:
        return m.group(1)
    return ""


def parse_number(s: str) -> float:
    """A plain decimal string, after folding full-width digits; raises ValueError otherwise."""
    folded = "".join(fold_char(c) for c in s).strip()
    if not _NUM_RE.fullmatch(folded):
        raise ValueError(f"not a plain number: {s!r}")
    return float(folded)


@dataclass(frozen=True)
class Quantity:
    """One value read from a cell or phrase, with where it sits in that text."""

    text: str
    start: int
    end: int
    value: float | None = None
    value_raw: str = ""
    unit_raw: str = ""
    unit: str = ""
    comparator: str = ""
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)

    def with_flag(self, flag: str) -> Quantity:
        return self if flag in self.flags else replace(self, flags=(*self.flags, flag))


def _strip_comparator(s: str) -> tuple[str, str]:
    if not s.startswith(_ANY_PREFIX) and not s.endswith(_ANY_SUFFIX):  # the common case, in one C call each
        return "=", s
    for word in _GE:
        if s.startswith(word):
            return ">=", s[len(word):].strip()
    for word in _LE:
        if s.startswith(word):
            rest = s[len(word):].strip()
            if word == "控制在":
                for suf in _LE_SUFFIX:
                    if rest.endswith(suf):
                        rest = rest[: -len(suf)].strip()
            return "<=", rest
    for suf in _GE_SUFFIX:
        if s.endswith(suf):
            return ">=", s[: -len(suf)].strip()
    for suf in _LE_SUFFIX:
        if s.endswith(suf):
            return "<=", s[: -len(suf)].strip()
    return "=", s


def _split_unit(s: str) -> tuple[str, str]:
    """Split '6.4万张' into ('6.4', '万张') and '-4.1%' into ('-4.1', '%'); the unit part may be ''."""
    sign = "-" if _SIGNED_RE.match(s) else ""
    m = _NUMBER_UNIT_RE.match(s[len(sign):])
    if not m:
        return "", s
    return sign + m.group(1), m.group(2).strip()


def _apply_unit(number: float, unit_raw: str) -> tuple[float | None, str]:
    cu = canonical_unit(unit_raw) if unit_raw else ("", 1.0)
    if cu is None:
        return None, ""
    unit, factor = cu
    # the product of the printed decimals, exactly (2.3亿 is 230000000, not the float product 229999999.99999997)
    value = float(Decimal(repr(number)) * Decimal(repr(factor))) if factor != 1.0 else number
    return round(value, 10) + 0.0, unit  # + 0.0: a printed -0 is 0, not -0.0


def plausible(value: float, unit: str) -> bool:
    """A finite value no larger than the plausible magnitude of its unit (numbers_vocab.yaml max_magnitude)."""
    limit = _V.max_magnitude.get(unit, _V.max_magnitude["default"])
    return math.isfinite(value) and abs(value) <= limit


def _one(text: str, offset: int, unit_hint: str) -> Quantity:
    """Parse one trimmed piece of a cell; `offset` is where it starts in the cell."""
    s = text.strip()
    lead = len(text) - len(text.lstrip())
    start, end = offset + lead, offset + lead + len(s)
    if s in NONE_MARKS:
        return Quantity(s, start, end, flags=("no_value",))
    if _LONG_DIGITS.search(s):
        # a run of digits no value has; kept as text, not parsed
        return Quantity(s, start, end, flags=("implausible_magnitude",))
    if _CLOCK_RE.fullmatch(s) and _CLOCK_0_RE.fullmatch(s):
        # a ratio such as 1:7 that a spreadsheet stored as a time of day (1:07)
        return Quantity(s, start, end, flags=("suspect_format",))
    m = _RATIO_RE.match(s)
    if m:
        return Quantity(s, start, end, value_raw=s, unit_raw="ratio", low=float(m.group(1)), high=float(m.group(2)),
                       flags=("ratio",))
    comparator, rest = _strip_comparator(s)
    m = _RANGE_RE.match(rest)
    if m and (m.group(2) == "" or canonical_unit(m.group(2)) is not None):
        unit_raw = m.group(2) or unit_hint  # _RANGE_RE ends at the second number: no unit after it here
        lo, hi = float(m.group(1)), float(m.group(3))
        lo_v, unit = _apply_unit(lo, unit_raw)
        hi_v, _ = _apply_unit(hi, unit_raw)
        if lo_v is not None and hi_v is not None and lo <= hi and plausible(hi_v, unit) and plausible(lo_v, unit):
            return Quantity(s, start, end, value_raw=f"{m.group(1)}-{m.group(3)}", unit_raw=unit_raw, unit=unit,
                           low=lo_v, high=hi_v, comparator="", flags=("range",))
    # range with unit after the second number: 350-500m2
    m = _UNIT_RANGE_RE.match(rest)
    if m and canonical_unit(m.group(3)) is not None:
        lo_v, unit = _apply_unit(float(m.group(1)), m.group(3))
        hi_v, _ = _apply_unit(float(m.group(2)), m.group(3))
        if lo_v is not None and hi_v is not None and lo_v <= hi_v and plausible(hi_v, unit):
            return Quantity(s, start, end, value_raw=f"{m.group(1)}-{m.group(2)}", unit_raw=m.group(3), unit=unit,
                           low=lo_v, high=hi_v, flags=("range",))
    number, unit_raw = _split_unit(rest)
    if not number:
        return Quantity(s, start, end, flags=("non_numeric",))
    if not unit_raw:
        unit_raw = unit_hint
    elif unit_hint and canonical_unit(unit_hint) and canonical_unit(unit_raw) and unit_raw in ("万", "亿"):
        unit_raw = unit_raw + unit_hint  # 6.4万 in a column of 张
    value, unit = _apply_unit(float(number), unit_raw)
    if value is None:
        return Quantity(s, start, end, value_raw=number, unit_raw=unit_raw, flags=("non_numeric",))
    if not plausible(value, unit):
        return Quantity(s, start, end, value_raw=number, unit_raw=unit_raw, unit=unit, flags=("implausible_magnitude",))
    return Quantity(s, start, end, value=value, value_raw=number, unit_raw=unit_raw, unit=unit, comparator=comparator)


_SPLIT_RE = re.compile(r"[,，、;；]")


def parse_cell(cell: str, unit_hint: str = "") -> list[Quantity]:
    """Every quantity in a table cell; a cell always yields at least one entry (maybe without a value).

    `unit_hint` is the unit from the table's unit column or the label, used when the cell has none.
    """
    hint = _unbracket(unit_hint)
    if canonical_unit(hint) is None:
        hint = ""
    pieces = [(m.start(), m.end()) for m in _PIECE_RE.finditer(cell)]
    if len(pieces) > 1 and all(_NUM_RE.search(cell[a:b]) for a, b in pieces):
        out = [_one(cell[a:b], a, hint) for a, b in pieces]
        return [q.with_flag("multi_value") for q in out]
    if _SPACED_THOUSANDS_RE.fullmatch(cell.strip()):  # 3 050: digit groups set apart by spaces, one number
        q = _one(cell.replace(" ", ""), 0, hint)
        return [replace(q, text=cell.strip(), start=len(cell) - len(cell.lstrip()),
                        end=len(cell.rstrip())).with_flag("spaced_thousands")]
    q = _one(cell, 0, hint)
    if "non_numeric" in q.flags:
        split = (_qualified_values(cell, hint) or _approximate(cell, hint) or _footnoted(cell, hint)
                 or _plus_signed(cell, hint) or _remarked(cell, hint) or _bracketed(cell, hint)
                 or _revision_marked(cell, unit_hint) or _emphasised(cell, unit_hint))
        if split:
            return split
    return [q]


_SPACED_THOUSANDS_RE = re.compile(r"[1-9]\d{0,2}(?: \d{3})+(?:\.\d+)?")


def _approximate(cell: str, hint: str) -> list[Quantity]:
    """A cell written as an approximate number (72左右, 约72): the number, flagged `approximate`, spanning the cell."""
    s = cell.strip()
    pre = next((w for w in _APPROX[0] if s.startswith(w)), "")
    suf = next((w for w in _APPROX[1] if s.endswith(w)), "")
    if not (pre or suf) or len(s) <= len(pre) + len(suf):
        return []
    inner = parse_cell(s[len(pre):len(s) - len(suf)], hint)  # (5 000左右: digit groups set apart, one number)
    q = inner[0]
    if len(inner) > 1 or (q.value is None and q.low is None):
        return []
    return [_spanning(cell, q).with_flag("approximate")]


_REMARK_RE = re.compile(r"(?P<head>[^()（）]*\d[^()（）]*?)\s*"
                        r"[(（](?P<remark>[^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*")


MAX_REMARK = 24  # characters of a remark in parentheses after a cell's number


def _remarked(cell: str, hint: str) -> list[Quantity]:
    """A number with a remark in parentheses after it (8742.5(截至12月20日), 95(预计), 100%(全覆盖)): the number,
    spanning it alone, the remark kept as its qualifier and flagged `cell_remark` (预计 also `estimate`)."""
    m = _REMARK_RE.fullmatch(cell)
    if m is None or len(m.group("remark")) > MAX_REMARK:
        return []
    head = m.group("head")
    q = parse_cell(head, hint)[0] if head.strip() else None
    if q is None or (q.value is None and q.low is None) or len(parse_cell(head, hint)) > 1:
        return []
    remark = m.group("remark").strip()
    q = replace(q, qualifier=remark).with_flag("cell_remark")
    return [q.with_flag("estimate") if remark.startswith(("预计", "预估", "估计")) else q]


_BRACKETED_RE = re.compile(r"\s*(?P<open>[〔\[［【])\s*(?P<inner>[^〔〕\[\]［］【】]*\d[^〔〕\[\]［］【】]*?)\s*"
                           r"(?P<close>[〕\]］】])\s*")
_BRACKET_PAIRS = {"〔": "〕", "[": "]", "［": "］", "【": "】"}


def _bracketed(cell: str, hint: str) -> list[Quantity]:
    """A number in square brackets (〔5000〕, [30]): plan tables print so the total over the plan's years (〔 〕内为
    五年累计数); the number, spanning its brackets, flagged `bracketed_cumulative` with 累计 as its qualifier."""
    m = _BRACKETED_RE.fullmatch(cell)
    if m is None or _BRACKET_PAIRS[m.group("open")] != m.group("close"):
        return []
    inner = parse_cell(m.group("inner"), hint)
    if len(inner) != 1 or (inner[0].value is None and inner[0].low is None):
        return []
    q = replace(inner[0], text=cell.strip(), start=m.start("open"), end=m.end("close"), qualifier="累计")
    return [q.with_flag("bracketed_cumulative")]


def _plus_signed(cell: str, hint: str) -> list[Quantity]:
    """A number printed with a plus sign (+40, ＋2.6: an increase in a 增减 column): the number, spanning the cell."""
    s = cell.strip()
    if len(s) < 2 or s[0] not in "+＋":
        return []
    q = _one(s[1:], 0, hint)
    if q.value is None or q.value < 0:
        return []
    return [_spanning(cell, q)]


_FOOTNOTE_MARKS = "*＊†※①②③④⑤⑥⑦⑧⑨⑩"


def _footnoted(cell: str, hint: str) -> list[Quantity]:
    """A number with a footnote mark after it (13,500*, 95①): the number, flagged `footnote_mark`; the quote
    keeps the mark, so a reader sees the note is to be read."""
    s = cell.strip()
    body = s.rstrip(_FOOTNOTE_MARKS)
    if body == s or not body:
        return []
    q = _one(body, 0, hint)
    if q.value is None and q.low is None:
        return []
    return [_spanning(cell, q).with_flag("footnote_mark")]


def _spanning(cell: str, q: Quantity) -> Quantity:
    """`q` read from inside a cell (its marks, signs or words taken off), its text and span the whole stripped
    cell, so the quote keeps what was taken off."""
    s = cell.strip()
    lead = len(cell) - len(cell.lstrip())
    return replace(q, text=s, start=lead, end=lead + len(s))


_EMPHASIS_RE = re.compile(r"(\*\*|__)(\S(?:.*\S)?)\1")  # **52**: a Markdown table's bold cell


def _emphasised(cell: str, unit_hint: str) -> list[Quantity]:
    """A cell set in bold in a Markdown table (**52**, the total row's; **12**家, its figure alone): what it holds,
    the quote keeping the marks."""
    s = cell.strip()
    m = _EMPHASIS_RE.fullmatch(s)
    if m is not None:
        inner = m.group(2)
    elif s.count("**") in (2, 4) and (bare := s.replace("**", "")).strip():
        inner = bare  # (**12**家, **41.6万**人次: the figure alone set in bold, its unit after it)
    else:
        return []
    found = parse_cell(inner, unit_hint)
    if len(found) != 1 or (found[0].value is None and found[0].low is None):
        return []
    return [_spanning(cell, found[0])]


_REVISION_MARK_RE = re.compile(r"(.*\d)([rp])")  # 845 520r, 3 050p: a revised or provisional figure


def _revision_marked(cell: str, unit_hint: str) -> list[Quantity]:
    """A number a statistics table marks revised or provisional by a letter after it (845 520r): the number,
    flagged `revision_mark`; the quote keeps the mark."""
    s = cell.strip()
    m = _REVISION_MARK_RE.fullmatch(s)
    if m is None:
        return []
    found = parse_cell(m.group(1), unit_hint)
    if len(found) != 1 or found[0].value is None:
        return []
    return [_spanning(cell, found[0]).with_flag("revision_mark")]


_QUALIFIER_STARTS = "".join(sorted({w[0] for w in QUALIFIERS}))  # a cell starting with one may split
_DIGIT_START = re.compile(r"\d")


def plainly_text(cell: str) -> bool:
    """True when parse_cell cannot read a number, range, ratio or empty mark in `cell`, whatever the hint: its
    first character cannot start one (not a digit, a minus sign, a comparator or scope word) and it has no
    separator. A cheap test that saves parsing a long table's labels; it never says True for a cell that reads."""
    s = cell.strip()
    return (bool(s) and not _DIGIT_START.match(s) and s[0] not in MINUS_SIGNS and s[0] not in "+＋"
            and s[0] not in _QUALIFIER_STARTS
            and not s.startswith(_ANY_PREFIX) and s not in NONE_MARKS and not _SPLIT_RE.search(cell))


_QUALIFIER_ALT = "|".join(map(re.escape, QUALIFIERS))
# a unit ends where the next scope word starts (城市30张农村43张), not at any character a scope word starts with
_QUALIFIED_RE = re.compile(rf"({_QUALIFIER_ALT})\s*({NUM}\s*(?:(?!{_QUALIFIER_ALT})[^\d\s])*)")


def _qualified_values(cell: str, hint: str) -> list[Quantity]:
    """Split '城市30农村43' into two values, each with its scope word as qualifier."""
    matches = list(_QUALIFIED_RE.finditer(cell))
    if len(matches) < 2 or "".join(m.group(0) for m in matches).replace(" ", "") != cell.replace(" ", ""):
        return []
    out = []
    for m in matches:
        q = _one(m.group(2), m.start(2), hint)
        if q.value is None:
            return []
        out.append(replace(q, text=m.group(0), start=m.start(), qualifier=m.group(1)).with_flag("multi_value"))
    return out
