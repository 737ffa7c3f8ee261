"""Normalize raw text for the extractors (Simplified script, half-width ASCII, plain spaces) with a way back.

Every normalized character remembers the raw character span it came from, so any span the extractors find
maps back to the exact span of the raw file. Repeated page blocks are detected here so extractors read them once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import opencc

# characters folded one-to-one besides the full-width ASCII block
_SPACES = "\u3000\u2002\u2003\u2009\u00a0\u202f\u2007\u2008\u200a"  # tabs stay: they separate cells
_ZERO_WIDTH = "\ufeff\u200b\u200c\u200d\r"
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

    def describe(self) -> str:
        return f"lines {self.start}-{self.end} repeat lines {self.first_start}-{self.first_end}"


@dataclass
class NormalizedText:
    """Normalized text with per-character raw spans, line index and detected duplicate blocks."""

    raw: str
    text: str
    starts: np.ndarray
    ends: np.ndarray
    duplicates: list[DuplicateBlock] = field(default_factory=list)

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


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _simplify_line(line: str) -> list[str]:
    """Per-character Simplified output of one line; phrase conversion is kept when it preserves length."""
    whole = to_simplified(line)
    if len(whole) == len(line):
        return list(whole)
    return [to_simplified(c) for c in line]


_TRANSLATE = {**{i: chr(i - 0xFEE0) for i in range(0xFF01, 0xFF5F)}, **{ord(k): v for k, v in _FOLD.items()}}
_DROPPED = re.compile(f"[{_ZERO_WIDTH}]")


def normalize(raw: str, *, min_block_lines: int = 3, min_block_chars: int = 200) -> NormalizedText:
    """Normalize `raw` and record, for every output character, the raw span it came from."""
    simplified = to_simplified(raw)
    raw_lines = raw.split("\n")
    simple_lines = simplified.split("\n")
    one_to_one = len(simple_lines) == len(raw_lines) and all(
        len(a) == len(b) for a, b in zip(raw_lines, simple_lines, strict=True)
    )
    if one_to_one and not _DROPPED.search(raw):
        # the common case: every character maps to itself, so the offsets are the identity
        text = simplified.translate(_TRANSLATE)
        starts = np.arange(len(text), dtype=np.int64)
        ends = starts + 1
    else:
        text, starts, ends = _normalize_by_char(raw)
    return NormalizedText(
        raw=raw,
        text=text,
        starts=starts,
        ends=ends,
        duplicates=find_duplicate_blocks(text.split("\n"), min_lines=min_block_lines, min_chars=min_block_chars),
    )


def _normalize_by_char(raw: str) -> tuple[str, np.ndarray, np.ndarray]:
    """The slow path: line by line and character by character, for text whose length changes."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for line in raw.split("\n"):
        for i, piece in enumerate(_simplify_line(line)):
            folded = "".join(fold_char(c) for c in piece)
            for c in folded:
                out.append(c)
                starts.append(pos + i)
                ends.append(pos + i + 1)
        pos += len(line)
        if pos < len(raw):  # the newline itself
            out.append("\n")
            starts.append(pos)
            ends.append(pos + 1)
            pos += 1
    return "".join(out), np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)


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
        chars = sum(len(keys[j + k]) for k in range(length))
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
