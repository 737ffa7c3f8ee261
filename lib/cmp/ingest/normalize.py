"""Normalize raw text for the extractors (Simplified script, half-width ASCII, plain spaces) with a way back.

Every normalized character remembers the raw character span it came from, so any span the extractors find
maps back to the exact span of the raw file. Repeated page blocks are detected here so extractors read them once.
Line ends `\r\n`, `\r` and `\n` all become one `\n` (mapped to the raw line end), a BOM is dropped, and the noise
of saved pages (page_noise.yaml) is removed with its offsets kept: pinyin readings glued after characters
(`萬(wàn)個`), navigation header and footer lines and page-number lines are blanked and recorded; lines that show
a wrong decoding are recorded as `mojibake_lines`, never repaired. Thousands separators (`1,864个`: an ASCII comma
between digit groups of three) are dropped from the normalized text, so the extractors read one number; the quote,
taken from the raw span, still shows them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate

import numpy as np
import opencc

from .. import yamlio
from ..errors import CmpError

# characters folded one-to-one besides the full-width ASCII block
_SPACES = "\u3000\u2002\u2003\u2009\u00a0\u202f\u2007\u2008\u200a"  # tabs stay: they separate cells
_ZERO_WIDTH = "\ufeff\u200b\u200c\u200d\f"
_FOLD = {
    **{c: " " for c in _SPACES},
    "≧": "≥",
    "≦": "≤",
    "﹪": "%",
    "﹣": "-",
    "﹤": "<",
    "﹥": ">",
    "～": "~",
    "〜": "~",
    "\u2212": "-",  # minus sign
    "︰": ":",
    "∶": ":",  # ratio colon
}


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_char(ch: str) -> str:
    """Fold one character: full-width ASCII to half-width, spacing variants to a space, zero-width to nothing."""
    if ch in _ZERO_WIDTH:
        return ""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return _FOLD.get(ch, ch)


def to_simplified(text: str) -> str:
    """Traditional to Simplified Chinese with OpenCC's t2s table."""
    return _converter().convert(text)


@dataclass(frozen=True)
class DuplicateBlock:
    """A run of lines that repeats an earlier run (a page saved twice): `lines` repeat `first_lines`."""

    first_start: int
    first_end: int
    start: int
    end: int


@dataclass
class NormalizedText:
    """Normalized text with per-character raw spans, line index and detected duplicate blocks."""

    raw: str
    text: str
    starts: np.ndarray
    ends: np.ndarray
    duplicates: list[DuplicateBlock] = field(default_factory=list)
    noise_lines: dict[int, str] = field(default_factory=dict)  # 1-based line -> "nav" | "footer" | "page_number"
    mojibake_lines: frozenset[int] = frozenset()
    pinyin_removed: int = 0  # how many glued pinyin readings were removed

    def __post_init__(self) -> None:
        self._raw_line_starts = _line_starts(self.raw)
        self._line_offsets = _line_starts(self.text)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to the raw span that produced it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalized text of length {len(self.text)}")
        if start == end:
            pos = int(self.starts[start]) if start < len(self.starts) else len(self.raw)
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])

    def line_of(self, raw_offset: int) -> int:
        """1-based line number of a raw offset."""
        return bisect.bisect_right(self._raw_line_starts, raw_offset)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_offsets(self) -> list[int]:
        """Normalized offset at which each line starts (index 0 is line 1)."""
        return self._line_offsets

    def duplicate_line_numbers(self) -> set[int]:
        """1-based line numbers inside a repeated block (to be read once, from the first copy)."""
        return {n for b in self.duplicates for n in range(b.start, b.end + 1)}

    def repeated_first_lines(self) -> set[int]:
        """1-based line numbers of first copies that are repeated later (values there are `duplicate_source`)."""
        return {n for b in self.duplicates for n in range(b.first_start, b.first_end + 1)}


_EOL = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> list[int]:
    if "\r" not in text:  # (LF only, the common case: the lines' lengths, without a regex pass over the text)
        return list(accumulate(map(len, text.split("\n")[:-1]), lambda at, n: at + n + 1, initial=0))
    return [0] + [m.end() for m in _EOL.finditer(text)]


def _eol_split(text: str) -> list[str]:
    """The lines of `text`, whatever the line ends (_EOL.split)."""
    return text.split("\n") if "\r" not in text else _EOL.split(text)


def _raw_lines(raw: str) -> list[tuple[int, int, int]]:
    """(start, end of content, end with its line end) of every raw line, whatever the line ends."""
    if "\r" not in raw:
        out, pos = [], 0
        for line in raw.split("\n"):
            out.append((pos, pos + len(line), pos + len(line) + 1))
            pos += len(line) + 1
        a, b, _ = out[-1]
        out[-1] = (a, b, b)  # (the last line has no line end)
        return out
    out, pos = [], 0
    for m in _EOL.finditer(raw):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    out.append((pos, len(raw), len(raw)))
    return out


# ---------------------------------------------------------------------------------------------------------------
# noise of saved pages


@dataclass(frozen=True)
class NoiseVocab:
    """The validated contents of page_noise.yaml."""

    nav_re: re.Pattern
    nav_min_words: int
    nav_min_share: float
    footer_re: re.Pattern
    footer_mark_re: re.Pattern
    footer_max_chars: int
    page_res: tuple[re.Pattern, ...]
    mojibake_re: re.Pattern
    bare_page_indent: int = 0  # a bare number this far in, alone between blank lines, is a page number (0: never)


_NOISE_FILE = "page_noise.yaml"


def _words(data: dict, key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise CmpError(f"bad key '{key}': expected a non-empty list of non-empty strings", path=_NOISE_FILE)
    return sorted(value, key=len, reverse=True)


def _number(data: dict, key: str, kind: type, low: float, high: float) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, kind | int) or not low <= value <= high:
        raise CmpError(f"bad key '{key}': expected a {kind.__name__} between {low} and {high}", path=_NOISE_FILE)
    return value


def parse_noise_vocab(data: object) -> NoiseVocab:
    """Validate page_noise.yaml (parsed); a missing or bad key raises CmpError naming the file and the key."""
    if not isinstance(data, dict):
        raise CmpError("expected a mapping at the top level", path=_NOISE_FILE)
    alt = lambda ws: "|".join(map(re.escape, ws))  # noqa: E731
    pages = []
    for k, pat in enumerate(_words(data, "page_number_patterns")):
        try:
            pages.append(re.compile(pat))
        except re.error as e:
            raise CmpError(f"bad key 'page_number_patterns[{k}]': expected a regular expression ({e})",
                           path=_NOISE_FILE) from None
    return NoiseVocab(
        nav_re=re.compile(alt(_words(data, "nav_words"))),
        nav_min_words=int(_number(data, "nav_min_words", int, 1, 50)),
        nav_min_share=float(_number(data, "nav_min_share", float, 0.0, 1.0)),
        footer_re=re.compile(rf"\s*(?:{alt(_words(data, 'footer_words'))})"),
        footer_mark_re=re.compile(alt(_words(data, "footer_marks"))),
        footer_max_chars=int(_number(data, "footer_max_chars", int, 1, 10000)),
        page_res=tuple(pages),
        mojibake_re=re.compile(alt(_words(data, "mojibake_marks"))),
        # optional: an older copy without it never reads a bare number as a page number
        bare_page_indent=int(_number(data, "bare_page_number_indent", int, 8, 200))
        if "bare_page_number_indent" in data else 0,
    )


@lru_cache(maxsize=1)
def noise_vocab() -> NoiseVocab:
    """The page-noise vocabulary, validated once per process."""
    text = resources.files("cmp.ingest").joinpath(_NOISE_FILE).read_text("utf-8")
    return parse_noise_vocab(yamlio.load_text(text, _NOISE_FILE))


# a reading in parentheses right after a CJK character: Latin letters with at least one tone mark
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# 1,864 / 12,300,000: groups of three after a first group of one to three digits (never 2019,2020 or 1,2)
_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])")
_THOUSANDS_HINT = re.compile(r"\d,\d{3}")  # what every match of _THOUSANDS_RE holds (a quick test first)
# full-width digits set in groups by full-width commas (１６，３８０): a thousands separator inside full-width type,
# where a list of numbers would be parted by 、; ASCII digits either side of ， (3，500) stay two numbers
_WIDE_THOUSANDS_RE = re.compile(r"(?<![０-９．，])[０-９]{1,3}(?:，[０-９]{3})+(?![０-９])")
_TONED_RE = re.compile(f"[{_TONED}]")
_PINYIN_RE = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü\s]*[{_TONED}])[a-zü{_TONED}]+(?: [a-zü{_TONED}]+)*[)）]")


def noise_kind(line: str, v: NoiseVocab | None = None) -> str:
    """'nav', 'footer' or 'page_number' if a line is page furniture rather than text, else ''."""
    v = v or noise_vocab()
    s = line.strip()
    if not s or len(s) > 400:
        return ""
    if any(p.match(s) for p in v.page_res):
        return "page_number"
    if (v.footer_re.match(s) or v.footer_mark_re.search(s)) and len(s) <= v.footer_max_chars:
        return "footer"
    if "。" in s:
        return ""
    hits = v.nav_re.findall(s)
    if len(hits) >= v.nav_min_words and len(set(hits)) >= 2:
        chars = len(re.sub(r"\s", "", s))
        if sum(len(h) for h in hits) >= v.nav_min_share * chars:
            return "nav"
    return ""


_BARE_NUMBER_RE = re.compile(r"( *)\d{1,4}\s*")


def _bare_page_number(lines: list[str], n: int, indent: int) -> str:
    """'page_number' for line n (1-based) when it is a bare number printed at least `indent` spaces in with a
    blank line (or the document's edge) on each side: a page number as a layout-keeping PDF conversion prints it
    (a one-cell-per-line table's number starts its line), else ''."""
    if not indent:
        return ""
    m = _BARE_NUMBER_RE.fullmatch(lines[n - 1])
    if m is None or len(m.group(1)) < indent:
        return ""
    blank = lambda k: k < 1 or k > len(lines) or not lines[k - 1].strip()  # noqa: E731
    return "page_number" if blank(n - 1) and blank(n + 1) else ""


RUNNING_HEAD_MIN_CHARS = 6  # a running title is a title: 序号 or 约束性 at the top of two pages is a table's cell
RUNNING_HEAD_MAX_CHARS = 60
RUNNING_HEAD_MIN = 2  # page breaks it must follow
_WIDE_GAP = re.compile(r"\s{2,}|\t")


def running_heads(lines: list[str], noise: dict[int, str]) -> list[int]:
    """Lines (1-based) of a running title: a line of words printed the same right after two or more page numbers
    (the next non-blank line), never one with a sentence end or a wide gap (a table's header repeated on the
    next page is a header, not furniture). Its other places (the title on the first page) are text."""
    pages = [n for n, kind in noise.items() if kind == "page_number"]
    if len(pages) < RUNNING_HEAD_MIN:
        return []
    after: dict[str, list[int]] = {}
    for n in pages:
        k = n + 1
        while k <= len(lines) and not lines[k - 1].strip():
            k += 1
        if k <= len(lines) and k not in noise:
            s = lines[k - 1].strip()
            if RUNNING_HEAD_MIN_CHARS <= len(s) <= RUNNING_HEAD_MAX_CHARS and "。" not in s and not _WIDE_GAP.search(s):
                after.setdefault(s, []).append(k)
    return sorted(k for ks in after.values() if len(ks) >= RUNNING_HEAD_MIN for k in ks)


def _noise(raw: str, simplified: str, lines: list[tuple[int, int, int]], folded: str | None = None
           ) -> tuple[dict[int, str], set[int], list[tuple[int, int]]]:
    """Noise lines (1-based -> kind), mojibake lines, and raw spans to drop (blanked lines' text, pinyin).

    Lines are judged in Simplified script (the vocabulary is Simplified: 版權所有 is 版权所有), folded; `folded` is
    `_fold(simplified)` when the caller has it (folding keeps every character, so its lines are the folded lines)."""
    v = noise_vocab()
    noise: dict[int, str] = {}
    drop: list[tuple[int, int]] = []
    simple = _eol_split(_fold(simplified) if folded is None else folded)
    if len(simple) != len(lines):  # never expected: conversion keeps line ends; judge the raw lines then
        simple = [_fold(raw[a:b]) for a, b, _ in lines]
    for n, ((a, b, _), line) in enumerate(zip(lines, simple, strict=True), start=1):
        kind = noise_kind(line, v) or _bare_page_number(simple, n, v.bare_page_indent)
        if kind:
            noise[n] = kind
            drop.append((a, b))
    for n in running_heads(simple, noise):
        noise[n] = "running_head"
        drop.append(lines[n - 1][:2])
    mojibake = set()
    if v.mojibake_re.search(raw):
        starts = [a for a, _, _ in lines]
        mojibake = {bisect.bisect_right(starts, m.start()) for m in v.mojibake_re.finditer(raw)}
    if _TONED_RE.search(raw):  # (a reading needs a tone mark: most documents have none, and the scan is slow)
        drop.extend(m.span() for m in _PINYIN_RE.finditer(raw))
    if _THOUSANDS_HINT.search(raw):
        drop.extend((i, i + 1) for m in _THOUSANDS_RE.finditer(raw) for i in range(*m.span()) if raw[i] == ",")
    if "，" in raw and _WIDE_THOUSANDS_RE.search(raw):
        drop.extend((i, i + 1) for m in _WIDE_THOUSANDS_RE.finditer(raw) for i in range(*m.span()) if raw[i] == "，")
    return noise, mojibake, sorted(drop)


_TRANSLATE = {**{i: chr(i - 0xFEE0) for i in range(0xFF01, 0xFF5F)}, **{ord(k): v for k, v in _FOLD.items()}}
_DROPPED = re.compile(f"[{_ZERO_WIDTH}]")
# fold_char as a str.translate table (one C call for a whole string; zero-width characters dropped)
FOLD_TABLE: dict[int, str | None] = {**_TRANSLATE, **dict.fromkeys(map(ord, _ZERO_WIDTH))}
_FOLDED_RE = re.compile("[" + "".join(map(re.escape, map(chr, _TRANSLATE))) + "]")


def _fold(text: str) -> str:
    """text.translate(_TRANSLATE), skipped when no character of text folds (translate looks up every character)."""
    return text.translate(_TRANSLATE) if _FOLDED_RE.search(text) else text


def normalize(raw: str, *, min_block_lines: int = 3, min_block_chars: int = 200) -> NormalizedText:
    """Normalize `raw` and record, for every output character, the raw span it came from."""
    lines = _raw_lines(raw)
    simplified = to_simplified(raw)
    folded = _fold(simplified)
    noise, mojibake, drop = _noise(raw, simplified, lines, folded)
    one_to_one = len(simplified) == len(raw) and simplified.count("\n") == raw.count("\n")
    if one_to_one and not _DROPPED.search(raw) and "\r" not in raw:
        # the common case: every character maps to itself, so the offsets are the identity, less the dropped spans
        text, starts = _without(folded, drop)
        ends = starts + 1
    else:
        text, starts, ends = _normalize_by_char(raw, lines, drop)
    return NormalizedText(
        raw=raw,
        text=text,
        starts=starts,
        ends=ends,
        duplicates=find_duplicate_blocks(text.split("\n"), min_lines=min_block_lines, min_chars=min_block_chars),
        noise_lines=noise,
        mojibake_lines=frozenset(mojibake),
        pinyin_removed=sum(1 for a, b in drop if raw[a] in "(（"),
    )


def _without(text: str, drop: list[tuple[int, int]]) -> tuple[str, np.ndarray]:
    """`text` less the (sorted, possibly overlapping) spans in `drop`, and the offset of each character kept."""
    if not drop:
        return text, np.arange(len(text), dtype=np.int64)
    keep = np.ones(len(text), dtype=bool)
    pieces, pos = [], 0
    for a, b in drop:
        keep[a:b] = False
        if a > pos:
            pieces.append(text[pos:a])
        pos = max(pos, b)
    pieces.append(text[pos:])
    return "".join(pieces), np.flatnonzero(keep).astype(np.int64)


def _normalize_by_char(raw: str, lines: list[tuple[int, int, int]], drop: list[tuple[int, int]]
                       ) -> tuple[str, np.ndarray, np.ndarray]:
    """The slow path, line by line, for text whose length changes: a line that keeps its length (no dropped span,
    no zero-width character, a same-length conversion) maps each character to itself; the others go character by
    character (`_line_by_char`)."""
    out: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    dropped = np.zeros(len(raw) + 1, dtype=bool)
    for a, b in drop:
        dropped[a:b] = True
    for a, b, c in lines:
        line = raw[a:b]
        whole = to_simplified(line)
        if len(whole) == len(line) and not dropped[a:b].any() and not _DROPPED.search(line):
            out.append(whole.translate(_TRANSLATE))  # one character for one: _TRANSLATE = fold_char off zero-width
            span = np.arange(a, b, dtype=np.int64)
            starts.append(span)
            ends.append(span + 1)
        else:
            text, s, e = _line_by_char(line, a, whole, dropped)
            out.append(text)
            starts.append(np.asarray(s, dtype=np.int64))
            ends.append(np.asarray(e, dtype=np.int64))
        if c > b:  # the line end itself (\n, \r or \r\n) becomes one \n
            out.append("\n")
            starts.append(np.array([b], dtype=np.int64))
            ends.append(np.array([c], dtype=np.int64))
    return "".join(out), np.concatenate(starts), np.concatenate(ends)


def _line_by_char(line: str, a: int, whole: str, dropped: np.ndarray) -> tuple[str, list[int], list[int]]:
    """One line (starting at raw offset `a`, `whole` its Simplified form) character by character: dropped spans
    left out, each output character mapped to the raw character it came from."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pieces = list(whole) if len(whole) == len(line) else [to_simplified(ch) for ch in line]
    for i, piece in enumerate(pieces):
        if dropped[a + i]:
            continue
        for ch in "".join(fold_char(x) for x in piece):
            out.append(ch)
            starts.append(a + i)
            ends.append(a + i + 1)
    return "".join(out), starts, ends


_DRAWING = dict.fromkeys(map(ord, "─━┄┈┌┐└┘├┤┬┴┼╋┏┓┗┛┣┫┳┻═╔╗╚╝╠╣╦╩╬│┃║|+-=_ \t\u3000"))


def find_duplicate_blocks(lines: list[str], *, min_lines: int = 3, min_chars: int = 200) -> list[DuplicateBlock]:
    """Find runs of non-blank lines that repeat an earlier run (as when a page is saved twice)."""
    keyed = [(n, ln.strip()) for n, ln in enumerate(lines, start=1) if ln.strip()]
    keys = [k for _, k in keyed]
    first_index: dict[str, int] = {}
    for idx, key in enumerate(keys):
        first_index.setdefault(key, idx)
    blocks: list[DuplicateBlock] = []
    j = 0
    while j < len(keys):
        i = first_index[keys[j]]
        if i >= j:
            j += 1
            continue
        length = 0
        while j + length < len(keys) and i + length < j and keys[i + length] == keys[j + length]:
            length += 1
        # (what the lines say, not how they are drawn: a table's ruled header repeated over a second table, ┌─┬─┐ /
        # │ 指标名称 │ 单位 │ / ├─┼─┤, is no page saved twice)
        chars = sum(len(keys[j + k].translate(_DRAWING)) for k in range(length))
        if length >= min_lines and chars >= min_chars:
            blocks.append(
                DuplicateBlock(
                    first_start=keyed[i][0],
                    first_end=keyed[i + length - 1][0],
                    start=keyed[j][0],
                    end=keyed[j + length - 1][0],
                )
            )
            j += length
        else:
            j += 1
    return blocks


_LINE_BREAK = re.compile(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*")


def join_lines(text: str) -> str:
    """The text of a span printed over several lines as one line (a wrapped label: 特困人员集中供养 / 能力)."""
    return _LINE_BREAK.sub("", text) if "\n" in text or "\r" in text else text
