"""Headers of ruled grids (box-drawing tables) whose cells span columns over several lines.

A boxed header may set a cell over two or more columns (112年底较111年底 over 增减数 | 增减率(%)), with the rule
under it drawn inside the line beside the other cells (├────┬────┤). The header's line with the most cells gives
the columns; every other line's cells are laid over them by the display columns of their separators, and each
column is named by the words above and below it read top-down. Nothing here knows a header word: the names are
read by the layout vocabulary (table_layouts.header_role).
"""

from __future__ import annotations

from .table_body import _Header, _Lines
from .table_layouts import header_role, is_header, squash

MAX_BOX_HEADER_LINES = 4  # lines of a boxed header between its two rules
_SEPARATORS = frozenset("|│┃├┤┼┬┴╟╢╫")
_SLACK = 2  # display columns a hand-drawn box's separators may stray by from one line to the next


def _separator_xs(doc: _Lines, k: int) -> list[int]:
    """Display columns of the separators of line k (│, and the junctions of a rule drawn inside the line)."""
    text = doc.text[k]
    widths = doc.widths(k) if doc.widths is not None else [1] * len(text)
    xs, x = [], 0
    for ch, w in zip(text, widths, strict=False):
        if ch in _SEPARATORS:
            xs.append(x)
        x += w
    return xs


def boxed_span_header(k: int, doc: _Lines) -> _Header | None:
    """The header of a ruled grid opening at line k (just under its top rule) whose lines hold different numbers
    of cells because some cells span columns, or None. Read when every line's cells fall over whole columns of
    the fullest line and every column's words, top-down, name a column."""
    if k == 0 or doc.cells[k - 1] is not None:
        return None  # (only right under a rule line)
    lines, j = [], k
    while j < len(doc.text) and doc.cells[j] and len(lines) < MAX_BOX_HEADER_LINES + 1:
        lines.append(j)
        j += 1
    if not 2 <= len(lines) <= MAX_BOX_HEADER_LINES or j >= len(doc.text) or doc.cells[j] is not None:
        return None
    counts = [len(doc.cells[h] or []) for h in lines]
    if len(set(counts)) == 1:
        return None  # (the same cells on every line: a grid header read cell by cell elsewhere)
    fullest = lines[counts.index(max(counts))]
    edges = _separator_xs(doc, fullest)
    if len(edges) != max(counts) + 1:
        return None
    columns = list(zip(edges, edges[1:], strict=False))
    words: list[list[str]] = [[] for _ in columns]
    own: list[list[str]] = [[] for _ in columns]  # (the words of each column's own cells, no spanning one)
    for h in lines:
        cells = doc.cells[h] or []
        xs = _separator_xs(doc, h)
        if len(xs) != len(cells) + 1:
            return None
        for cell, (a, b) in zip(cells, zip(xs, xs[1:], strict=False), strict=True):
            under = [i for i, (c0, c1) in enumerate(columns) if c0 >= a - _SLACK and c1 <= b + _SLACK]
            if not under:
                return None
            if cell.text:
                for i in under:
                    words[i].append(cell.text)
                    if len(under) == 1:
                        own[i].append(cell.text)
    names = [squash("".join(w)) for w in words]
    if any(not n for n in names):
        return None
    # (年度数据 over 2023年 | 2024年: a spanning word no role holds leaves each column its own words)
    cols = [header_role(n) or (header_role(squash("".join(o))) if o and o != w else None)
            for n, w, o in zip(names, words, own, strict=True)]
    if any(c is None for c in cols) or not is_header(cols):  # type: ignore[arg-type]
        return None
    return _Header([c for c in cols if c is not None], "lines", j)


__all__ = ["boxed_span_header"]
