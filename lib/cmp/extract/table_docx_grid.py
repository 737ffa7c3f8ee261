"""A table pulled out of a Word file a cell per line, an empty cell as a blank line and a blank line after each row
(序号 / 指标 / “十四五”规划目标 / (blank) / 实施进展 / (blank) / (blank) / 进展评价 / (blank) / …): each row of N cells
then a blank line, so every N + 1 lines make one row of the grid. The rows found are laid out as separated cells,
one line per row, for the readers of grids (their empty cells say where a spanning header cell sits).

Read only when the whole run of short lines splits into such rows, the first of them holding no figure (a header)
and at least MIN_BODY_ROWS of them holding figures in most of their cells.
"""

from __future__ import annotations

import re

from .table_body import _Lines
from .table_layouts import Cell

MIN_COLUMNS = 3
MAX_COLUMNS = 16
MIN_BODY_ROWS = 2
MAX_CELL = 40  # characters of one cell on its own line (a longer line is prose or a note)
_DIGIT_RE = re.compile(r"\d")
_NOTE_RE = re.compile(r"^(?:注|说明|资料来源|数据来源|备注)[:：]?")


def _cell(doc: _Lines, j: int) -> Cell | None:
    """The one short cell of line index j, an empty cell for a blank line, or None for anything else."""
    if not doc.text[j].strip():
        return Cell("", doc.offsets[j], doc.offsets[j], j + 1)
    cells = doc.cells[j]
    if not cells or len(cells) != 1 or len(cells[0].text) > MAX_CELL or _NOTE_RE.match(cells[0].text):
        return None
    return cells[0]


def _rows(doc: _Lines, k: int, n: int) -> list[list[Cell]] | None:
    """The grid rows of n cells from line index k, each followed by a blank line, as far as they go; None unless they
    reach the end of the run of short lines (a note, prose or the end of the text after the last)."""
    rows: list[list[Cell]] = []
    j = k
    while j + n < len(doc.text):
        cells = [_cell(doc, i) for i in range(j, j + n)]
        if any(c is None for c in cells) or doc.text[j + n].strip() or not any(c.text for c in cells):  # type: ignore[union-attr]
            break
        rows.append(cells)  # type: ignore[arg-type]
        j += n + 1
    while j < len(doc.text) and not doc.text[j].strip():
        j += 1
    if j < len(doc.text) and _cell(doc, j) is not None:
        return None  # (the short lines go on: not this grid, or not of this width)
    return rows


def _body_row(cells: list[Cell]) -> bool:
    filled = [c for c in cells if c.text]
    return len(filled) >= 2 and sum(1 for c in filled if _DIGIT_RE.search(c.text)) * 2 >= len(filled)


def docx_grids(doc: _Lines) -> None:
    """Lay out each table of cells one per line with a blank line after each row as separated cells, a line per
    row (the first line of the row holds its cells, the others are left blank)."""
    k = 0
    while k < len(doc.text):
        first = doc.cells[k]
        if not first or len(first) != 1 or _DIGIT_RE.search(first[0].text) or len(first[0].text) > MAX_CELL \
                or (k and doc.text[k - 1].strip() and doc.cells[k - 1] and len(doc.cells[k - 1]) == 1):  # type: ignore[arg-type]
            k += 1
            continue
        found = None
        for n in range(MIN_COLUMNS, MAX_COLUMNS + 1):
            rows = _rows(doc, k, n)
            if rows is None or len(rows) < 1 + MIN_BODY_ROWS or _body_row(rows[0]):
                continue
            body = [r for r in rows if _body_row(r)]
            # (a column empty in every row of figures: the blank line between two rows read at twice their width, or
            # cells a blank line apart, 类别 / (blank) / 序号 / (blank) / …: no grid)
            hollow = any(all(not r[i].text for r in body) for i in range(n))
            if len(body) >= MIN_BODY_ROWS and len(body) * 2 >= len(rows) and not hollow:
                found = (n, rows)
                break
        if found is None:
            k += 1
            continue
        n, rows = found
        for r, cells in enumerate(rows):
            top = k + r * (n + 1)
            doc.cells[top] = cells
            doc.merged[top] = top + n - 1  # (the row's span runs over its lines)
            for j in range(top + 1, top + n + 1):
                doc.cells[j] = []
        k += len(rows) * (n + 1)
