"""Two tables printed side by side in one grid (a final account's 收入 | 决算数 | 支出 | 决算数): a header whose
cells name the same columns twice, a column naming the rows first. Each line of the grid holds a row of each
table, so the grid is read twice: first its left halves, then its right halves, each as a table of its own.
"""

from __future__ import annotations

from .table_body import _Lines
from .table_layouts import Cell, header_role, squash

MIN_HALF = 2  # columns of each half: one naming the rows, one of values at least


def _halves(cells: list[Cell]) -> int | None:
    """The width of each half of a header line naming the same columns twice, or None."""
    if len(cells) < 2 * MIN_HALF or len(cells) % 2:
        return None
    m = len(cells) // 2
    left = [squash(c.text) for c in cells[:m]]
    if not all(left) or left != [squash(c.text) for c in cells[m:]]:
        return None
    roles = [header_role(w) for w in left]
    if roles[0] is None or roles[0].role not in ("indicator", "category") \
            or not any(r is not None and r.role == "value" for r in roles[1:]):
        return None
    return m


def _width(doc: _Lines, j: int) -> int | None:
    """The count of cells of line index j, or None for a rule, blank or skipped line."""
    cells = doc.cells[j]
    return len(cells) if cells else None


def side_by_side(doc: _Lines) -> list[tuple[int, int, dict[int, list[Cell]]]]:
    """Keep the left half of each line of every grid holding two tables side by side, and return, for each grid,
    its first and last line index and the right halves of its lines, to be read once the left halves are."""
    out: list[tuple[int, int, dict[int, list[Cell]]]] = []
    k = 0
    while k < len(doc.text):
        m = _halves(doc.cells[k]) if doc.cells[k] else None  # type: ignore[arg-type]
        if m is None:
            k += 1
            continue
        start = k
        above = k - 1
        while above >= 0 and doc.cells[above] is None:
            above -= 1  # (a rule line between a group line and the header)
        if above >= 0 and _width(doc, above) == 2 * m:
            start = above  # (收 入 | | 支 出 |: the group line over each half)
        end, j = k, k + 1
        while j < len(doc.text) and (doc.cells[j] is None or doc.cells[j] == [] or _width(doc, j) == 2 * m):
            if doc.cells[j]:
                end = j
            elif doc.cells[j] == [] and not doc.text[j].strip() and j + 1 < len(doc.text) \
                    and not doc.cells[j + 1]:
                break  # (two lines with no cells: the grid is over)
            j += 1
        right = {}
        for i in range(start, end + 1):
            cells = doc.cells[i]
            if cells and len(cells) == 2 * m:  # (a half of empty cells, under a label wrapped in the other: no row)
                right[i] = cells[m:] if any(c.text for c in cells[m:]) else []
                doc.cells[i] = cells[:m] if any(c.text for c in cells[:m]) else []
        out.append((start, end, right))
        k = end + 1
    return out
