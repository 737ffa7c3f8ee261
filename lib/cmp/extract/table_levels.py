"""Tables whose label columns are levels printed once per group, one cell per line or all cells on one run of
text (a performance self-evaluation form: 一级指标 / 二级指标 / 三级指标 / 年度指标值 / 实际完成值 / 分值 / 得分 /
偏差原因分析及改进措施, then 产出指标 / 数量指标 / 城市低保保障人数 / ≥1800人 / 1862人 / 8 / 8 / |).

A merged group cell is printed once, before the first row of its group, so rows have as many label cells as the
groups they open. Each row is read back from its run of values: the last figure closes the row's value cells,
the row's last words before them are its label, and the words before the label are the groups it opens, deepest
first. A run shorter than the value columns (总分 | 100 | 99.46) sits under the last columns (its label spans the
first ones) and is flagged. A remark after the values (an empty mark, or a phrase of running text) is the row's
remark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import canonical_unit
from .table_layouts import Cell, Column, ParsedRow, header_role
from .table_rows import _attribute, numericish

MIN_ROWS = 2
MAX_LABEL = 24  # characters of a label or group cell (a longer cell is a remark or running text)
MAX_HEADER_WORDS = 14
MAX_REMARK = 100  # characters of a remark cell (a longer line is running text after the table)
MIN_RUN_TOKENS = 12  # space-separated pieces of a line holding a whole table flattened onto it
_MARKS = "|｜"
_PROSE_RE = re.compile(r"[，。；;,]")
_NOTE_RE = re.compile(r"[注註]\s*[\d①-⑩]*[：:．.]")
_TOKEN_RE = re.compile(r"\S+")


def _cell_of_line(text: str, start: int, line: int) -> Cell | None:
    """A line's one cell, its `|` marks taken off (a lone mark: an empty cell); None for a blank line."""
    s = text.strip()
    if not s:
        return None
    t = s.strip(_MARKS).strip()
    at = start + text.find(s)
    if not t:  # (an empty cell: its span is the mark, so a quote of the row reaches it)
        return Cell("", at, at + len(s), line)
    at += s.find(t)
    return Cell(t, at, at + len(t), line)


def _line_cells(k: int, text: list[str], offsets: list[int], limit: int) -> list[Cell]:
    """The one-cell lines from line index k, up to `limit` cells or a line of several cells."""
    out: list[Cell] = []
    for j in range(k, len(text)):
        c = _cell_of_line(text[j], offsets[j], j + 1)
        if c is None:
            continue
        if "  " in c.text or "\t" in c.text or len(out) >= limit:
            break
        out.append(c)
    return out


def _run_cells(k: int, text: list[str], offsets: list[int]) -> list[Cell]:
    """The space-separated pieces of the lines from line index k to the next blank line, as cells."""
    out: list[Cell] = []
    for j in range(k, len(text)):
        if not text[j].strip():
            break
        out += [Cell(m.group(), offsets[j] + m.start(), offsets[j] + m.end(), j + 1)
                for m in _TOKEN_RE.finditer(text[j]) if m.group() not in _MARKS]
    return out


@dataclass
class _Form:
    """What a header of label levels says: where its words end, its columns, how many levels."""

    body: int  # index of the first cell after the header
    label: Column
    n_levels: int
    values: list[Column]
    unit: Column | None = None  # a 单位 column between the label and the values
    trailing: Column | None = None  # a remark or attribute column after the values


_TRAILING = ("note", "attribute")


def _header(words: list[Cell]) -> _Form | None:
    """The form of a header whose words are levels (category words), then a label word (or the last level names
    the label column: 一级指标 / 二级指标 / 单位), perhaps a unit word, then value words and perhaps a remark or
    attribute word; None when the words are not one."""
    roles = []
    for w in words[:MAX_HEADER_WORDS]:
        col = header_role(w.text) if len(w.text) <= MAX_LABEL else None
        if col is None:
            break
        roles.append(col)
    first = next((i for i, c in enumerate(roles) if c.role == "category"), None)
    if first is None:
        return _two_labels(words, roles)
    if first > 1 or (first == 1 and roles[0].role not in ("indicator", "category")):
        return None
    i = first
    while i < len(roles) and roles[i].role == "category":
        i += 1
    if i < len(roles) and roles[i].role == "indicator":
        label, n_levels, j = roles[i], i - first, i + 1
    elif i - first >= 2:  # (一级指标 / 二级指标 / 单位: the last level word names the labels)
        label, n_levels, j = Column("indicator", roles[i - 1].header), i - first - 1, i
    else:
        return None
    unit = roles[j] if j < len(roles) and roles[j].role == "unit" else None
    j += unit is not None
    values: list[Column] = []
    while j < len(roles) and roles[j].role == "value":
        values.append(roles[j])
        j += 1
    if len(values) < 2:
        return None
    trailing = roles[j] if j < len(roles) and roles[j].role in _TRAILING else None
    return _Form(j + (trailing is not None), label, n_levels, values, unit, trailing)


def _two_labels(words: list[Cell], roles: list[Column]) -> _Form | None:
    """A header of two label words, the first naming the rows' groups (补贴项目 / 补贴对象 / 调整前 / 调整后 / 每月增加:
    the second a word no role holds), then value words: read as one level over the label; None otherwise."""
    if len(words) < 4 or not roles or roles[0].role != "indicator":
        return None
    second = header_role(words[1].text)
    if second is not None or len(words[1].text) > MAX_LEVEL_WORD or _DIGIT_RE.search(words[1].text):
        return None
    values: list[Column] = []
    j = 2
    while j < len(words) and (col := header_role(words[j].text)) is not None and col.role == "value" \
            and col.year is None:
        values.append(col)
        j += 1
    if len(values) < 2:
        return None
    return _Form(j, Column("indicator", words[1].text), 1, values)


MAX_LEVEL_WORD = 8  # characters of a label column's header word no role holds (补贴对象)
_DIGIT_RE = re.compile(r"\d")


def _figure(c: Cell) -> bool:
    return numericish(c.text) in ("value", "none")


def _remark(c: Cell) -> bool:
    """Whether a cell after a row's values reads as its remark: an empty mark, or running text."""
    return not c.text or len(c.text) > MAX_LABEL or bool(_PROSE_RE.search(c.text))


def _ends_table(c: Cell) -> bool:
    return bool(_NOTE_RE.match(c.text)) or len(c.text) > MAX_REMARK


def _rows(cells: list[Cell], form: _Form) -> tuple[list[ParsedRow], int]:
    """The rows read from the body's cells, and how many cells they took."""
    n = len(form.values)
    rows: list[ParsedRow] = []
    groups = [""] * form.n_levels
    words: list[Cell] = []
    figures: list[Cell] = []
    used = 0
    i = 0
    while i <= len(cells):
        c = cells[i] if i < len(cells) else None
        if c is not None and c.text and _figure(c):
            if not words and not figures:
                break  # (a figure with no label before it: not this table's row)
            figures.append(c)
            i += 1
            continue
        if figures:
            row = _row(words, figures, form, groups)
            if row is None:
                break
            rows.append(row)
            words, figures = [], []
            used = i = _trailing_cells(cells, i, row, form)
            if i < len(cells) and _ends_table(cells[i]):
                break
            continue
        if c is None or not c.text or _ends_table(c) or len(c.text) > MAX_LABEL \
                or len(words) > form.n_levels + n + 1:
            break
        words.append(c)
        i += 1
    return rows, used


def _trailing_cells(cells: list[Cell], i: int, row: ParsedRow, form: _Form) -> int:
    """The index past a row's trailing cells: its attribute (预期性) under an attribute column, or its remark (an
    empty mark, or running text) under a remark column; the row given them."""
    if form.trailing is None or i >= len(cells):
        return i
    if form.trailing.role == "attribute":
        if _attribute(cells[i].text):
            row.attribute = _attribute(cells[i].text)
            row.span = (row.span[0], cells[i].end)  # type: ignore[index]
            return i + 1
        return i
    while i < len(cells) and _remark(cells[i]) and not _ends_table(cells[i]):
        if cells[i].text:
            row.note_cells.append(cells[i])
        row.span = (row.span[0], cells[i].end)  # type: ignore[index]
        i += 1
    return i


def _row(words: list[Cell], figures: list[Cell], form: _Form, groups: list[str]) -> ParsedRow | None:
    """One row from the words since the last row and its run of figures, the groups it opens set in `groups`
    (deepest first: one word opens the lowest level, two the two lowest); None when the cells make no row."""
    n = len(form.values)
    unit = words.pop() if form.unit is not None and words and canonical_unit(words[-1].text) else None
    cells = words + figures
    if len(figures) > n:
        return None
    short = len(cells) <= n
    labels, block = (words, figures) if short else (cells[:-n], cells[-n:])
    if not labels:
        return None
    *opened, label = labels
    texts = [c.text for c in opened]
    if len(texts) > len(groups):  # (more words than levels: the first ones are the top group's, wrapped)
        if not groups:
            return None
        texts = ["".join(texts[:len(texts) - len(groups) + 1]), *texts[len(texts) - len(groups) + 1:]]
    if texts:
        groups[len(groups) - len(texts):] = texts
    return ParsedRow(None, " ".join(g for g in groups if g), label, unit, "", [],
                     list(zip(form.values, [None] * (n - len(block)) + block, strict=True)),
                     flags=["merged_label"] if short and len(block) < n else [],
                     span=(labels[0].start, block[-1].end))


def levels_table_at(k: int, text: list[str], offsets: list[int]
                    ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A table with label levels printed once per group whose header starts at line index k (one cell per line,
    or inside a run of text holding the whole table): its columns, rows, the index of its last line and of the
    line that ends it; None when it is not one."""
    first = _cell_of_line(text[k], offsets[k], k + 1)
    if first is None or not first.text:
        return None
    if len(first.text) <= MAX_LABEL:
        # (the header's few words first: asked of every short line, the run of one-cell lines after it may be long)
        if _header(_line_cells(k, text, offsets, MAX_HEADER_WORDS)) is None:
            return None
        cells, start = _line_cells(k, text, offsets, 10**6), 0
        found = _header(cells)
    elif len(_TOKEN_RE.findall(text[k])) >= MIN_RUN_TOKENS:
        cells = _run_cells(k, text, offsets)
        start = next((i for i in range(len(cells)) if header_role(cells[i].text) is not None
                      and _header(cells[i:]) is not None), None)
        found = _header(cells[start:]) if start is not None else None
    else:
        return None
    if found is None:
        return None
    rows, used = _rows(cells[start + found.body:], found)
    if len(rows) < MIN_ROWS:
        return None
    last = cells[start + found.body + used - 1].line - 1
    cols = [found.label, *([found.unit] if found.unit else []), *found.values,
            *([found.trailing] if found.trailing else [])]
    return cols, rows, last, last + 1  # type: ignore[return-value]
