"""Tables printed one column after another, a cell per line (a PDF read column by column): the word naming the
rows then every label (指标 / 养老服务床位总数 / 每千名老年人拥有养老床位数 / …), then each other column's word and
its cells in the same order (单位 / 万张 / 张 / … / 2020年 / 48.6 / 42.6 / … / 属性 / 预期性 / …).

A row's printed span runs from its label to its cell of the last column (its cells lie that far apart).
Read only when every column after the labels holds exactly as many cells as there are labels, its word is one a
header role holds, and at least one column holds values; the i-th cell of each column is the i-th row's.
"""

from __future__ import annotations

from .table_layouts import Cell, Column, ParsedRow, header_role
from .table_rows import _attribute, numericish

MIN_ROWS = 2
MAX_ROWS = 60
MAX_CELL = 40  # characters of one cell on its line
_COLUMN_ROLES = ("unit", "value", "attribute", "note", "status")


def _cell(text: list[str], offsets: list[int], j: int) -> Cell | None:
    """Line index j's one cell, or None for a blank line, a long line or one of several cells."""
    if j >= len(text):
        return None
    s = text[j].strip()
    if not s or len(s) > MAX_CELL or "  " in s or "\t" in s or "|" in s:
        return None
    start = offsets[j] + text[j].find(s)
    return Cell(s, start, start + len(s), j + 1)


def _column_word(c: Cell | None) -> Column | None:
    col = header_role(c.text) if c is not None else None
    return col if col is not None and col.role in _COLUMN_ROLES else None


def _fits(col: Column, cells: list[Cell]) -> bool:
    """Whether a column's cells are of its kind: figures (or dashes) under a value word, words elsewhere."""
    if col.role == "value":
        return all(numericish(c.text) in ("value", "none") for c in cells)
    return all(numericish(c.text) == "text" or col.role == "unit" for c in cells)


def column_lists_table_at(k: int, text: list[str], offsets: list[int]
                          ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A table printed column by column whose word naming the rows is at line index k: its columns, rows, the
    index of its last line and of the line that ends it; None when it is not one."""
    first = _cell(text, offsets, k)
    head = header_role(first.text) if first is not None else None
    if head is None or head.role != "indicator":
        return None
    labels: list[Cell] = []
    j = k + 1
    while (c := _cell(text, offsets, j)) is not None and _column_word(c) is None and len(labels) <= MAX_ROWS:
        if numericish(c.text) != "text":
            return None
        labels.append(c)
        j += 1
    n = len(labels)
    if not MIN_ROWS <= n <= MAX_ROWS or _column_word(_cell(text, offsets, j)) is None:
        return None
    columns: list[tuple[Column, list[Cell]]] = []
    while (word := _column_word(_cell(text, offsets, j))) is not None:
        cells = [_cell(text, offsets, i) for i in range(j + 1, j + 1 + n)]
        if any(c is None for c in cells) or not _fits(word, cells):  # type: ignore[arg-type]
            return None
        columns.append((word, cells))  # type: ignore[arg-type]
        j += 1 + n
    if _cell(text, offsets, j) is not None and numericish(text[j].strip()) != "text":
        return None  # (a figure after the last column: the columns are longer than the labels)
    values = [(col, cells) for col, cells in columns if col.role == "value"]
    if not values:
        return None
    unit = next((cells for col, cells in columns if col.role == "unit"), None)
    attribute = next((cells for col, cells in columns if col.role == "attribute"), None)
    rows = [ParsedRow(None, "", label, unit[i] if unit else None,
                      _attribute(attribute[i].text) if attribute else "", [],
                      [(col, cells[i]) for col, cells in values],
                      span=(label.start, max(cells[i].end for _, cells in columns)))
            for i, label in enumerate(labels)]
    cols = [Column("indicator", first.text), *(col for col, _ in columns)]  # type: ignore[union-attr]
    return cols, rows, j - 1, j
