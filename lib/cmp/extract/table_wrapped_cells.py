"""Tables printed one cell per line whose cells wrap over several lines (a PDF's narrow columns: 社区照顾关 /
怀据点设置 / 数 / 本县累计设置 / 据点数（处） / 156 / 162 / …): the header's words over several lines, then each row as
the lines of its words and a run of exactly as many figures as the header has value columns.

A row's words cannot be told apart cell by cell (a wrap falls anywhere), so they are read as one label: the words
before a row number are the row's group (一、建构在地老化照顾网络), those after it the label. Read only when every row
closes with a run of figures as long as the header's value columns, at least MIN_ROWS rows in turn.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .table_layouts import Cell, Column, ParsedRow, header_role, squash

MIN_ROWS = 2
MAX_WORD_LINE = 12  # characters of one wrapped piece of a cell (a longer line is page furniture or prose)
MAX_ROW_LINES = 12  # lines of words before a row's figures
MAX_HEADER_LINES = 24
MIN_WRAPPED_LINES = 3  # lines of words of a row that show its cells wrap (one table's row at least)
_FIGURE_RE = re.compile(r"[≦≧≤≥<>＜＞]?\s*[-+]?\d[\d,.]*\s*(?:%|‰)?(?:注\d{1,2}|[*＊※]|[①-⑳])?")
_DASH_RE = re.compile(r"[-—–－/…]{1,2}")
_ROWNO_RE = re.compile(r"\d{1,3}")
_DIGIT_RE = re.compile(r"\d")


def _figure(s: str) -> bool:
    return bool(_FIGURE_RE.fullmatch(s) or _DASH_RE.fullmatch(s))


def _value_columns(words: list[str]) -> tuple[list[Column], int] | None:
    """The value columns a header's words name (112年 over 基准值: the year's baseline; 年度目标值 over 113年 | 114年:
    the years' targets), and how many label words come first; None when a word after the values names no value."""
    cols: list[Column] = []
    first = None
    group: Column | None = None
    i = 0
    while i < len(words):
        w = words[i]
        col = header_role(w)
        year = col is not None and col.role == "value" and col.year is not None
        kind = col is not None and col.role == "value" and col.year is None and bool(col.kind) and not col.growth
        nxt = header_role(words[i + 1]) if i + 1 < len(words) else None
        nxt_year = nxt is not None and nxt.role == "value" and nxt.year is not None
        if year:
            first = i if first is None else first
            after = header_role(w + words[i + 1]) if i + 1 < len(words) and not nxt_year else None
            if after is not None and after.role == "value" and after.year == col.year and after.kind:  # type: ignore[union-attr]
                cols.append(after)
                i += 2
            else:
                cols.append(replace(col, kind=group.kind) if group is not None and not col.kind else col)  # type: ignore[arg-type]
                i += 1
            continue
        if kind and nxt_year:
            group = col  # (年度目标值 over 113年 | 114年 | …: a kind spanning the years under it)
            first = i if first is None else first
            i += 1
            continue
        if cols:
            return None  # (a column of words after the years, 备注: another form)
        i += 1
    if len(cols) < 2:
        return None
    return cols, first  # type: ignore[return-value]


def _header_words(k: int, text: list[str]) -> tuple[list[str], int] | None:
    """The words of a header printed one piece per line from line index k, up to its last word of a value column,
    and the index of that line; None when no piece names a value column."""
    words: list[str] = []
    j, last_value = k, None
    while j < len(text) and len(words) < MAX_HEADER_LINES:
        s = text[j].strip()
        if s:
            col = header_role(s) if len(s) <= MAX_WORD_LINE else None
            if len(s) > MAX_WORD_LINE or (_DIGIT_RE.search(s) and (col is None or col.role != "value"
                                                                   or col.year is None)):
                break
            words.append(s)
            if col is not None and col.role == "value":
                last_value = (len(words), j)
        j += 1
    if last_value is None:
        return None
    return words[:last_value[0]], last_value[1]


def _piece(text: list[str], offsets: list[int], j: int) -> Cell:
    """Line index j's text as a cell, stripped, with its offsets."""
    t = text[j].strip()
    start = offsets[j] + text[j].find(t)
    return Cell(t, start, start + len(t), j + 1)


def _row(text: list[str], offsets: list[int], columns: list[Column], label_lines: list[int], figures: list[int],
         rowno: int | None, category: str, top: int) -> ParsedRow:
    """One row: its words joined as the label (the first piece's offsets), a figure under each value column."""
    first = _piece(text, offsets, label_lines[0])
    label = Cell("".join(text[j].strip() for j in label_lines), first.start, first.end, first.line)
    values = [(c, _piece(text, offsets, f)) for c, f in zip(columns, figures, strict=True)]
    return ParsedRow(rowno, category, label, None, "", [], values,
                     span=(offsets[top], offsets[figures[-1]] + len(text[figures[-1]])))


def _rowno(text: list[str], j: int) -> int | None:
    s = text[j].strip()
    return int(s) if _ROWNO_RE.fullmatch(s) else None


def wrapped_cells_table_at(k: int, text: list[str], offsets: list[int]
                           ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A table of wrapped one-cell-per-line cells whose header starts at line index k: its columns, rows, the index
    of its last line and of the line that ends it; None when it is not one."""
    first = text[k].strip()
    if not first or len(first) > MAX_WORD_LINE or _DIGIT_RE.search(first):
        return None
    head = _header_words(k, text)
    found = _value_columns(head[0]) if head is not None else None
    if found is None:
        return None
    (words, header_end), (columns, n_labels) = head, found  # type: ignore[misc]
    after = next((text[j].strip() for j in range(header_end + 1, len(text)) if text[j].strip()), "")
    if after and len(after) <= MAX_WORD_LINE and (col := header_role(after)) is not None and col.role != "value":
        return None  # (进度情况 after the years: a column of words this reader has no place for)
    n = len(columns)
    rows: list[ParsedRow] = []
    pending: list[int] = []  # lines of words since the last row (or its number)
    number: tuple[int, int] | None = None  # (line, row number) of the row being read
    category, last, j = "", header_end, header_end + 1
    figures: list[int] = []
    wrapped = False
    while j <= len(text):
        s = text[j].strip() if j < len(text) else ""
        if j < len(text) and (not s or _figure(s)):
            figures += [j] if s else []  # (a blank line, or a page number blanked, between two pieces of a row)
            j += 1
            continue
        if figures:  # a run of figures ends here
            following = None
            if len(figures) == n + 1 and pending and s and _rowno(text, figures[-1]) is not None:
                figures, following = figures[:-1], figures[-1]  # (the next row's number, before its words)
            elif len(figures) == n + 1 and not pending and _rowno(text, figures[0]) is not None:
                number, figures = (figures[0], _rowno(text, figures[0])), figures[1:]  # type: ignore[assignment]
            if len(figures) == 1 and _rowno(text, figures[0]) is not None and s:
                # (the words before a row number: the group of the rows after it)
                category = "".join(text[i].strip() for i in pending) or category
                number, pending, figures = (figures[0], _rowno(text, figures[0])), [], []  # type: ignore[assignment]
                continue
            if len(figures) != n or not pending:
                break
            wrapped = wrapped or len(pending) >= MIN_WRAPPED_LINES
            rows.append(_row(text, offsets, columns, pending, figures, number[1] if number else None, category,
                             number[0] if number else pending[0]))
            last, pending, figures = figures[-1], [], []
            number = (following, _rowno(text, following)) if following is not None else None  # type: ignore[assignment]
            continue
        if j >= len(text):
            break
        if len(s) <= MAX_WORD_LINE:
            pending.append(j)
            if len(pending) > MAX_ROW_LINES:
                break
        j += 1
    # (a table one cell per line whose labels take a line each is the cell readers')
    if len(rows) < MIN_ROWS or not wrapped:
        return None
    return [Column("indicator", squash("".join(words[:n_labels])) or "指标"), *columns], rows, last, last + 1
