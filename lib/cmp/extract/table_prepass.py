"""Passes over a document's lines and cells before any header is read: English glosses wrapped over lines blanked,
each line's display widths, full-width spaces that part cells, rules drawn with hyphens, and the lines of one row of
a ruled grid merged into one (a label, a figure's comparator or a header's words wrapped inside their cells).
"""

from __future__ import annotations

import re

from ..ingest.normalize import NormalizedText
from .table_body import _Lines, display_widths
from .table_layouts import WIDE_SPACE, Cell, latin_gloss
from .table_notes import CJK_RE
from .table_rows import numericish

_DIGIT = re.compile(r"\d")


_GLOSS_GOES_ON_RE = re.compile(r"[A-Za-z(%)]")
_NUMBER_TOKEN_RE = re.compile(r"\d[\d,.]*")


def _gloss_continuations(doc: _Lines) -> None:
    """Blank the lines that carry on an English gloss wrapped over several lines (Change in / 2023 over /
    2022 (%)): an ASCII line right after a gloss line, with letters or a (%) beside its figures (never a bare
    year or number: 2022 under Item is a header cell)."""
    glossed = False
    for k, t in enumerate(doc.text):
        s = t.strip()
        if not s:
            continue
        if doc.cells[k] == [] and latin_gloss(t):
            glossed = True
            continue
        if glossed and s.isascii() and _GLOSS_GOES_ON_RE.search(s) and not latin_gloss(t) and "  " not in s \
                and len(_NUMBER_TOKEN_RE.findall(s)) <= 1 and doc.cells[k] and len(doc.cells[k]) == 1:  # type: ignore[arg-type]
            doc.cells[k] = []
            continue
        glossed = False


def _widths_of(nt: NormalizedText, text: list[str], offsets: list[int]):
    """Each line's display widths, worked out the first time a reader asks for them (several readers ask)."""
    done: dict[int, list[int]] = {}

    def widths(k: int) -> list[int]:
        w = done.get(k)
        if w is None:
            w = done[k] = display_widths(nt, offsets[k], len(text[k]))
        return w
    return widths


MIN_IDEOGRAPHIC_GAPS = 3  # full-width spaces inside a line of no wide gap that make its single spaces cell gaps


def _ideographic_gaps(nt: NormalizedText, text: list[str], offsets: list[int]) -> None:
    """Mark each single space that was a full-width one, on a line with wide gaps (年份　　养老床位　护理型床位占比)
    or with three full-width spaces or more (年度＼指标　养老床位（张）　护理型床位占比（%）), as a wide gap too
    (WIDE_SPACE, one character for one: offsets stay): a full-width space is two columns wide, as two spaces are."""
    for k, t in enumerate(text):
        inner = t.strip()
        if " " not in inner:
            continue
        a, b = nt.to_raw(offsets[k], offsets[k] + len(t))
        if "\u3000" not in nt.raw[a:b]:
            continue  # (the common case, one C call per line)
        if "  " not in inner and nt.raw[a:b].strip().count("\u3000") < MIN_IDEOGRAPHIC_GAPS:
            continue  # (a line of single spaces is split on every space; 第一章　总则 is a heading, not two cells)
        chars = list(t)
        for i in range(1, len(t) - 1):
            if t[i] == " " and t[i - 1] != " " and t[i + 1] != " " \
                    and nt.raw[int(nt.starts[offsets[k] + i])] == "\u3000" \
                    and not (t[i - 2:i - 1] in ("", " ") and t[i + 2:i + 3] in ("", " ")
                             and CJK_RE.match(t[i - 1]) and CJK_RE.match(t[i + 1])):
                chars[i] = WIDE_SPACE  # (合　计: the letters of one word set apart, never two cells; 個　5 two)
        text[k] = "".join(chars)


_DASH_RULE_RE = re.compile(r"\s*-{3,}(?:\s+-{3,})+\s*")
MAX_BOXED_LINES = 6  # printed lines of one row of a grid with a rule under every row


def _merge_boxed_rows(doc: _Lines) -> None:
    """Rows of a ruled grid whose cells wrap onto more lines between two rule lines (│农村低保标准│不低于680│ over
    │（元/人·月）│　│): each line that goes on the row (its first cell empty, or only a character or two in each cell,
    序 over 号) is merged into the row's first line cell by cell, and left blank."""
    k = 0
    n = len(doc.cells)
    while k < n:
        if doc.cells[k] is not None:
            k += 1
            continue
        j = k + 1
        while j < n and doc.cells[j] and "|" in doc.text[j].replace("│", "|"):
            j += 1
        run = list(range(k + 1, j))
        if 2 <= len(run) <= MAX_BOXED_LINES and j < n and doc.cells[j] is None \
                and len({len(doc.cells[r]) for r in run}) == 1 \
                and (doc.cells[run[0]][0].text or _words_only(doc, run)):  # type: ignore[index,arg-type]
            first = doc.cells[run[0]]
            if all(_goes_on(first, doc.cells[r]) for r in run[1:]) or _words_only(doc, run):  # type: ignore[arg-type]
                for r in run[1:]:
                    first = [_joined(a, b) for a, b in zip(first, doc.cells[r], strict=True)]  # type: ignore[arg-type]
                    doc.cells[r] = []
                doc.cells[run[0]] = first
                doc.merged[run[0]] = run[-1]
        k = j


_YEAR_START_RE = re.compile(r"(?:19|20)\d\d(?:年|$)")  # 2024年, 2020 over 年基 over 期值


def _words_only(doc: _Lines, run: list[int]) -> bool:
    """Whether the lines of one grid row hold words and units only, no figure (a header's words wrapped over
    three lines and its units under them: 社会组织 / 总数 / （个）): the lines of one header row."""
    return all(numericish(c.text) == "text" or not c.text for r in run for c in doc.cells[r])  # type: ignore[union-attr]


def _goes_on(above: list[Cell], cells: list[Cell]) -> bool:
    """A grid line that continues the row above: its first cell empty (or every cell a character or two), and no
    column filled on both lines but two of words (a second row under a category printed once fills its
    label and figures again)."""
    if cells[0].text and not all(len(c.text) <= 2 for c in cells) \
            and not (len(cells[0].text) <= 2 and not any(_DIGIT.search(c.text) for c in cells)):
        return False  # (序 over 号 beside 2024年 over 完成值: a header's words, no figure)
    both = [(a, b) for a, b in zip(above, cells, strict=True) if a.text and b.text]
    words = [(a, b) for a, b in both if not _DIGIT.search(a.text + b.text)]
    # (每人每月 over 835元: a cell's phrase wrapped onto its figure goes on too)
    wraps = [(a, b) for a, b in both if not _DIGIT.search(a.text) and _DIGIT.search(b.text)]
    # (a header's year over the word of its kind: 2024年 over 完成情况, 2025年 over 目标)
    years = [(a, b) for a, b in both if _YEAR_START_RE.match(a.text) and not _DIGIT.search(b.text)]
    # (a figure's comparator wrapped under it, 6000以 over 上: no number alone, one joined)
    tails = [(a, b) for a, b in both if _DIGIT.search(a.text) and not _DIGIT.search(b.text)
             and numericish(a.text) != "value" and numericish(a.text + b.text) == "value"]
    # (a label and a column of offices may both wrap: 社区慈善基金 over 总规模 beside 区慈善总会 over 各街道)
    return len(words) <= MAX_WRAPPED_WORD_CELLS and len(words) + len(wraps) + len(years) + len(tails) == len(both) \
        and len(wraps) <= 1


MAX_WRAPPED_WORD_CELLS = 2  # cells of words a grid row may wrap at once onto its next line


def _joined(a: Cell, b: Cell) -> Cell:
    """Two pieces of one cell printed on two lines: a label's words joined (spanning the first piece), or the piece
    that holds the figure, so a figure's offsets stay its own."""
    if not b.text:
        return a
    if not a.text:
        return b
    if _DIGIT.search(b.text) and not _DIGIT.search(a.text):
        return b  # (新建 over 20: the figure's own piece, its offsets its own)
    return a if _DIGIT.search(b.text) else Cell(a.text + b.text, a.start, a.end, a.line)
