"""Whitespace-aligned tables: cells cut where a column of spaces runs down the rows, in display columns.

In fixed-width text a CJK character takes two columns, so positions are measured in display columns, not
characters. Between two neighbouring header cells, the widest run of columns that is blank in most rows of the
table is the boundary between their columns. A single space in a body row is a cell boundary when it lies on
such a run next to one of its edges; any other single space is inside a cell (a label written with a space).
A run of two or more spaces always separates cells. Nothing here knows a header word or a column position:
boundaries come from the rows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .table_layouts import Cell

HARD_GAP = 2  # a run of this many spaces always separates cells
MIN_BLANK_SHARE = 0.8  # a boundary column is blank in at least this share of the rows that reach across it


def char_width(ch: str) -> int:
    """Display columns of one character in fixed-width text: 2 for wide and full-width (CJK), 0 for combining."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@dataclass(frozen=True)
class Chunk:
    """A run of non-space characters of one line: character offsets in the line and display columns."""

    start: int
    end: int
    left: int
    right: int  # display column just after the chunk


def line_chunks(text: str, widths: Sequence[int] | None = None) -> list[Chunk]:
    """The space-separated chunks of a line; `widths` gives each character's display width (default from the
    character itself, `char_width`)."""
    out: list[Chunk] = []
    col = 0
    start = None
    left = 0
    for i, ch in enumerate(text):
        w = widths[i] if widths is not None else char_width(ch)
        if ch.isspace():
            if start is not None:
                out.append(Chunk(start, i, left, col))
                start = None
        elif start is None:
            start, left = i, col
        col += w
    if start is not None:
        out.append(Chunk(start, len(text), left, col))
    return out


def _blank_share(x: int, rows: Sequence[Sequence[Chunk]]) -> float:
    """Share of the rows reaching across display column x (text on both sides) that are blank at x."""
    reach = blank = 0
    for chunks in rows:
        if not chunks or not chunks[0].left <= x < chunks[-1].right:
            continue
        reach += 1
        if not any(c.left <= x < c.right for c in chunks):
            blank += 1
    return blank / reach if reach else 0.0


def column_bounds(header: Sequence[tuple[int, int]], rows: Sequence[Sequence[Chunk]]
                  ) -> list[tuple[int, int]] | None:
    """For each pair of neighbouring header cells (display spans), the widest run of columns between them that
    is blank in most rows (ties: the rightmost), as (first column, column after the run); None when some pair
    has no such run (the table is not aligned). `rows` holds the chunks of every row, the header's included."""
    bounds: list[tuple[int, int]] = []
    for (_, end), (start, _) in zip(header, header[1:], strict=False):
        best: tuple[int, int] | None = None
        run_start = None
        for x in range(end, start + 1):
            blank = x < start and _blank_share(x, rows) >= MIN_BLANK_SHARE
            if blank and run_start is None:
                run_start = x
            elif not blank and run_start is not None:
                if best is None or x - run_start >= best[1] - best[0]:
                    best = (run_start, x)
                run_start = None
        if best is None:
            return None
        # (a run blank in most rows may still hold the start of a longer figure of the next column, 1,032.76 right-
        # aligned over 874.56: the run ends where such a cell starts)
        starts = [c.left for chunks in rows for c in chunks if best[0] < c.left < best[1] < c.right]
        if starts and min(starts) > best[0]:
            best = (best[0], min(starts))
        bounds.append(best)
    return bounds


def aligned_cells(text: str, offset: int, line_no: int, chunks: Sequence[Chunk],
                  bounds: Sequence[tuple[int, int]]) -> list[Cell]:
    """Cells of one body line: chunks are joined across single spaces except where a space lies on a column
    boundary at its edge (a run of two or more spaces always separates cells). When every cell lies between two
    boundaries, the cells are placed one per column by position, with an empty cell where this row leaves a
    column blank; otherwise they are returned in order, for the caller to align by their type."""
    groups: list[list[Chunk]] = []
    for ch in chunks:
        if not groups or _separates(groups[-1][-1], ch, bounds):
            groups.append([ch])
        else:
            groups[-1].append(ch)
    groups = _spaced_letters_joined(text, groups, bounds)
    cells = [Cell(text[g[0].start:g[-1].end], offset + g[0].start, offset + g[-1].end, line_no) for g in groups]
    slots = _slots([(g[0].left, g[-1].right) for g in groups], bounds)
    if slots is None:
        return cells
    out: list[Cell] = []
    pos = offset
    by_slot = dict(zip(slots, cells, strict=True))
    for k in range(len(bounds) + 1):
        cell = by_slot.get(k)
        if cell is None:
            out.append(Cell("", pos, pos, line_no))
        else:
            out.append(cell)
            pos = cell.end
    return out


def _spaced_letters_joined(text: str, groups: list[list[Chunk]], bounds: Sequence[tuple[int, int]]
                           ) -> list[list[Chunk]]:
    """Groups of one CJK character each that lie in one column joined (合    计: one word with its letters set
    apart to fill the column), never across a column boundary."""
    def column(left: int) -> int:
        return sum(1 for _, hi in bounds if hi <= left)

    def letter(g: list[Chunk]) -> bool:
        return len(g) == 1 and g[0].end - g[0].start == 1 and char_width(text[g[0].start]) == 2 \
            and not text[g[0].start].isdigit()

    out: list[list[Chunk]] = []
    for g in groups:
        if out and letter(g) and letter(out[-1][-1:]) and column(out[-1][0].left) == column(g[0].left) \
                and all(letter([c]) for c in out[-1]):
            out[-1] = [*out[-1], *g]
        else:
            out.append(g)
    return out


def _separates(prev: Chunk, nxt: Chunk, bounds: Sequence[tuple[int, int]]) -> bool:
    if nxt.start - prev.end >= HARD_GAP:
        return True
    # a single space separates cells where it lies on a boundary and one side touches the boundary's edge: the
    # next cell starts where its column starts (left-aligned), or the cell before ends where its column ends
    # (right-aligned); a space in the middle of a wide blank run is a space inside a label most rows do not reach
    return any(lo <= prev.right and nxt.left <= hi and (prev.right == lo or nxt.left == hi) for lo, hi in bounds)


def _slots(spans: Sequence[tuple[int, int]], bounds: Sequence[tuple[int, int]]) -> list[int] | None:
    """The column of each cell (display span) by position, or None when a cell reaches into a boundary or two
    cells fall in one column."""
    slots: list[int] = []
    for left, right in spans:
        k = sum(1 for _, hi in bounds if hi <= left)
        # (a cell may end inside the blank run after its column, a long label most rows do not reach, but not
        # start in it or come within a hard gap of its end)
        if k < len(bounds) and right > bounds[k][0] and (left >= bounds[k][0] or right > bounds[k][1] - HARD_GAP):
            return None
        if slots and slots[-1] == k:
            return None
        slots.append(k)
    return slots
