"""The body of a table: its lines read into rows, by the layout its header was found in (a line per row, one
cell per line, glued digits), row numbers and wrapped cells taken care of; `_Lines` and `_Header` are the
document's lines and a table's header as cmp.extract.tables finds them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import takewhile

from ..ingest.normalize import NormalizedText
from .numbers import canonical_unit, unit_from_label
from .scope_vocab import scope_words
from .table_align import aligned_cells, char_width, column_bounds, line_chunks
from .table_glued import read_glued
from .table_layouts import (
    WIDE_SPACE,
    Cell,
    Column,
    ParsedRow,
    longest_first,
    squash,
    vocab,
)
from .table_rows import (
    ITEM_HEADING,
    LABEL_JOINED,
    build_row,
    numericish,
    row_columns,
    segment_cells,
)
from .table_spaced import spaced_cells

_DIGIT = re.compile(r"\d")


@dataclass
class _Lines:
    """The lines of a document with their cells (None for a rule line, [] for a blank or skipped line)."""

    text: list[str]
    offsets: list[int]
    cells: list[list[Cell] | None]
    widths: Callable[[int], list[int]] | None = None  # display width of each character of line k
    merged: dict[int, int] = field(default_factory=dict)  # a ruled grid's row merged from its lines: first -> last

    def nonblank_from(self, k: int) -> int:
        while k < len(self.text) and not self.cells[k]:
            k += 1
        return k


@dataclass
class _Header:
    columns: list[Column]
    layout: str  # lines | spaced | cells | glued
    body_start: int  # index of the first body line
    wide: bool = False  # a spaced table whose cells are separated by runs of 2+ spaces
    cells: list[Cell] = field(default_factory=list)  # a spaced header's cells, one per column unless merged
    transposed: bool = False  # years as rows, indicators as columns (table_crosstab)
    split: bool = False  # one-cell-per-line table whose lines hold several space-separated cells each
    narrow: bool = False  # a cross-tab whose cells are set apart by single spaces: its rows split on every space

    def signature(self) -> tuple:
        return tuple((c.role, squash(c.header)) for c in self.columns)


def _line_span(doc: _Lines, k: int) -> tuple[int, int]:
    last = doc.merged.get(k, k)  # (a row merged from the lines of a ruled grid spans them all)
    return doc.offsets[k], doc.offsets[last] + len(doc.text[last])


@lru_cache(maxsize=1)
def _remark_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in longest_first(vocab()["header_roles"]["status"]))
    return re.compile(rf"\s*({words})\s*[:：]\s*(\S.*?)\s*")


def row_remark(line: str) -> tuple[int, int] | None:
    """(start, end) of what a line under a table row says of how the row stands (完成情况：保持100%，已完成。), or
    None (说明：… or 注：… under a table is the table's note, not a row's)."""
    m = _remark_re().fullmatch(line)
    return (m.start(2), m.end(2)) if m is not None else None


def _row_cells(doc: _Lines, head: _Header, k: int, bounds: list[tuple[int, int]] | None) -> list[Cell]:
    """The cells of body line k: placed by the table's column bounds, split on spaces, or as separated."""
    if bounds is not None:
        return aligned_cells(doc.text[k], doc.offsets[k], k + 1, _chunks(doc, k), bounds)
    if head.layout == "spaced":
        return spaced_cells(doc.text[k], doc.offsets[k], k + 1, head.wide, len(head.columns))
    return list(doc.cells[k] or [])


def _read_line_rows(body: list[int], doc: _Lines, head: _Header) -> list[ParsedRow]:
    """The rows of a table with a line per row (cells by separators, spaces or column alignment)."""
    header = head.columns
    rows, category = [], ""
    bounds = _aligned_bounds(body, doc, head) if head.layout == "spaced" else None
    lines = [(k, _row_cells(doc, head, k, bounds)) for k in body]
    numbers = _unheaded_row_numbers([cl for _, cl in lines], header)
    wrapped = _wrapped_labels(lines, header)
    blocks = _wrapped_row_lines(lines, header, doc) if bounds is not None else set()
    above: tuple[Cell, str, int] | None = None  # a label alone on its line, the category before it, its line
    last = None
    for i, ((k, cl), rowno) in enumerate(zip(lines, numbers, strict=True)):
        prev, last = last, k
        if rowno is not None:
            cl = cl[1:]  # 1 | 城市低保标准 | 720 under 类别 | 指标名称 | …: the number no header names
        nonempty = [c for c in cl if c.text]
        if rows and i in blocks:  # 城市低保标准不低于每 / 人每月800元: the cells of the numbered row above, wrapped
            _add_wrapped_line(rows[-1], cl, header, doc, k)
            continue
        following = lines[i + 1][1] if i + 1 < len(lines) else None
        if rows and _goes_with_row_above(doc, k, cl, header, rows[-1], bounds is not None, following):
            continue
        if rows and i in wrapped and not _NOTE_OR_CLAUSE_RE.search(doc.text[k]):
            # 市社会福利中心 … over 二期工程: the label of the row above, wrapped
            above_row = rows[-1]
            above_row.label_text = (above_row.label_text or above_row.label.text) + nonempty[0].text  # type: ignore[union-attr]
            if LABEL_JOINED not in above_row.notes:
                above_row.notes.append(LABEL_JOINED)
            if above_row.span is not None:
                above_row.span = (above_row.span[0], _line_span(doc, k)[1])
            continue
        if _column_numbers(nonempty):
            continue  # 甲 | 乙 | 丙 | 1 | 2 | 3: the numbers of a statistical form's columns, no row
        if _numbered_group(nonempty) and len(header) > 2:
            category = f"{nonempty[0].text}{nonempty[1].text}"  # 一、  社会救助: a group row, its number apart
            above = None
            continue
        if len(nonempty) == 1 and numericish(nonempty[0].text) == "text" and len(header) > 2:
            above = (nonempty[0], category, k)
            category = nonempty[0].text  # a group row spanning the table
            continue
        # (cells placed one per column by position: by a table's column bounds, or by separators that keep empty
        # cells, | or a tab, in a row with a cell for every column)
        placed = len(cl) == len(bounds) + 1 if bounds is not None else \
            head.layout == "lines" and len(cl) == len(header)
        row = build_row(cl, header, rowno, category, placed=placed)
        row.span = _line_span(doc, k)
        if category and row.category == category and len(cl) < len(header) and row.label is not None \
                and squash(row.label.text) in vocab()["total_words"]:
            row.category = ""  # (| 合计 | 20 | … under | 民办 | … |: the total of every group, not of the last one)
        if above is not None and (row.label is None or not row.label.text) and above[2] == prev:
            # 最低生活保障标准(元/人·月) then a line of its figures alone (under an English gloss): the line above
            # was the row's label, not a group row
            row.label, row.category, category = above[0], above[1], above[1]
            row.span = (doc.offsets[above[2]], row.span[1])
            row.notes.append("label printed on the line above its figures")
        elif rows and (row.label is None or not row.label.text) and _scope_under(row, rows[-1], doc, prev):
            # 城市95.1 | 城市100 over 农村61.0 | 农村≥70: the row's second scope, printed under its first
            row.label, row.label_text = rows[-1].label, rows[-1].label_text
            row.unit = row.unit or rows[-1].unit
            row.category = row.category or rows[-1].category
            row.notes.append("a second scope of the row above, under its label")
        above = None
        if row.category:
            category = row.category
        rows.append(row)
    return rows


def _scope_under(row: ParsedRow, above: ParsedRow, doc: _Lines, prev: int | None) -> bool:
    """Whether an unlabelled row on the line right under a row's last line gives, cell for cell, the other scope
    of that row's figures (each value cell of both starting with a scope word: 城市 …, 农村 …)."""
    if above.label is None or above.span is None or prev is None \
            or bisect_right(doc.offsets, above.span[1]) - 1 != prev:
        return False
    words = scope_words("urban_rural", "sex")

    def scoped(r: ParsedRow) -> bool:
        cells = [c for _, c in r.values if c is not None and c.text]
        return bool(cells) and all(c.text.startswith(words) for c in cells)
    return scoped(row) and scoped(above)


def _with_cell_mark(doc: _Lines, span: tuple[int, int]) -> tuple[int, int]:
    """A row's span reaching the cell mark its last cell's line ends with (14 |: the row as printed)."""
    j = bisect_right(doc.offsets, span[1]) - 1
    if j < 0 or j >= len(doc.text):
        return span
    rest = doc.text[j][span[1] - doc.offsets[j]:]
    return (span[0], doc.offsets[j] + len(doc.text[j].rstrip())) if rest.strip() in ("|", "｜") else span


def _read_body(body: list[int], doc: _Lines, head: _Header) -> list[ParsedRow]:
    header = head.columns
    if head.layout == "glued":
        return read_glued(body, doc.text, doc.offsets, header)
    if head.layout in ("lines", "spaced"):
        return _read_line_rows(body, doc, head)
    if head.split:  # 1 每千名老年人拥有养老床位数(张) then 34.6 ≥38 约束性: every space separates cells
        # (unless the line has wide gaps: then only they do, and 3 050 is one number)
        tokens = [_without_leader(c) for k in body
                  for c in spaced_cells(doc.text[k], doc.offsets[k], k + 1, _wide(doc.text[k]), 1 << 30)
                  if doc.cells[k] and not _LEADER_ONLY_RE.fullmatch(c.text)]
        breaks: frozenset[int] = frozenset()
    else:
        tokens = [c for k in body for c in (doc.cells[k] or [])]
        breaks = _blank_line_breaks(body, doc, len(row_columns(header)))
    skip = _column_number_cells(tokens, len(header))
    tokens = tokens[skip:]
    segmented = segment_cells(tokens, header, frozenset(b - skip for b in breaks if b > skip))
    body_cols = row_columns(header)
    if segmented is None:
        # no consistent reading: keep every cell, in runs as wide as the table, flagged
        rows = []
        for k in range(0, len(tokens), max(1, len(body_cols))):
            run = tokens[k:k + len(body_cols)]
            row = build_row(run, body_cols, None, "")
            row.flags.append("unparsed")
            row.span = (run[0].start, run[-1].end)
            rows.append(row)
        return rows
    rows = []
    category = ""
    n_values = sum(1 for c in body_cols if c.role == "value")
    for rowno, group, cells, span in segmented:
        span = _with_cell_mark(doc, span)
        for sub, qualifier in _sub_rows(cells, body_cols):
            row = build_row(sub, body_cols, rowno, group or category)
            row.span = span
            if breaks and len(sub) > len(body_cols) and sum(1 for c in sub if _DIGIT.search(c.text)) > n_values \
                    and "column_ambiguous" not in row.flags:
                # (城市：840 / 农村：700 / ≥1100 between two blank lines: more figures than columns to hold them)
                row.flags.append("column_ambiguous")
            if qualifier is not None:
                row.qualifier = qualifier.text
                row.notes.append(f"sub-row {qualifier.text!r} of a row printed with several lines per cell")
            elif len(sub) < len(cells):
                row.notes.append("one line of a row printed with several lines per cell (其中 …)")
            category = row.category
            rows.append(row)
    return rows


MIN_BLANK_BREAKS = 3  # blank lines parting a one-cell-per-line body into rows before they are taken to


def _blank_line_breaks(body: list[int], doc: _Lines, width: int) -> frozenset[int]:
    """The indices of the cells of a one-cell-per-line body that a blank line comes before, when blank lines part
    its rows: at least MIN_BLANK_BREAKS, and no block between two of them longer than two rows' cells or made of
    several rows' (every block but a group's holds a figure's cells for at most one row); else none."""
    starts, blocks, size, index = [], [], 0, 0
    for a, b in zip(body, body[1:], strict=False):
        index += len(doc.cells[a] or [])
        size += len(doc.cells[a] or [])
        if any(doc.text[j].strip() == "" for j in range(a + 1, b)):
            starts.append(index)
            blocks.append(size)
            size = 0
    if len(starts) < MIN_BLANK_BREAKS or width < 2:
        return frozenset()
    rows = [n for n in blocks if n > 1]  # (a block of one cell: a group's name)
    if not rows or any(n > 2 * width for n in rows) or sum(1 for n in rows if n >= width) * 2 < len(rows):
        return frozenset()
    return frozenset(starts)


_LEADER_ONLY_RE = re.compile(r"(?:\.{3,}|…{2,}|·{3,})")
_LEADER_END_RE = re.compile(r"\s*(?:\.{3,}|…{2,}|·{3,})$")


def _without_leader(cell: Cell) -> Cell:
    """A label cell without the leader of dots that runs from it to its figures (高龄津贴 ........ 112 436)."""
    m = _LEADER_END_RE.search(cell.text)
    if m is None or m.start() == 0:
        return cell
    return Cell(cell.text[:m.start()], cell.start, cell.start + m.start(), cell.line)


MIN_ALIGNED_ROWS = 2  # body rows of several cells needed before a column of spaces counts as a boundary


def display_widths(nt: NormalizedText, start: int, length: int) -> list[int]:
    """Display width of each normalized character from `start`, read from the raw character it came from (a
    full-width digit or space folded to ASCII still takes two columns; a character split in two counts once)."""
    out = []
    prev = -1
    for i in range(start, start + length):
        a, b = int(nt.starts[i]), int(nt.ends[i])
        out.append(0 if a == prev else sum(char_width(c) for c in nt.raw[a:b]))
        prev = a
    return out


def _chunks(doc: _Lines, k: int):
    return line_chunks(doc.text[k], doc.widths(k) if doc.widths else None)


def _aligned_bounds(body: list[int], doc: _Lines, head: _Header) -> list[tuple[int, int]] | None:
    """Column boundaries of a spaced table whose rows line up by display column (table_align), or None when the
    header was merged from two lines, too few rows have several cells, or some columns do not line up."""
    if len(head.cells) != len(head.columns):
        return None
    by_start: dict[int, int] = {}
    by_end: dict[int, int] = {}
    lines = sorted({c.line - 1 for c in head.cells})  # (a header spanning two lines: each cell on its own line)
    header = []
    for hk in lines:
        chunks = _chunks(doc, hk)
        header.extend(chunks)
        by_start.update({doc.offsets[hk] + c.start: c.left for c in chunks})
        by_end.update({doc.offsets[hk] + c.end: c.right for c in chunks})
    if any(c.start not in by_start or c.end not in by_end for c in head.cells):
        return None
    spans = [(by_start[c.start], by_end[c.end]) for c in head.cells]
    rows = [ch for ch in (_chunks(doc, k) for k in body) if len(ch) >= 2]
    if len(rows) < MIN_ALIGNED_ROWS:
        return None
    return column_bounds(spans, [header, *rows])


MIN_UNHEADED_NUMBERS = 3  # rows numbered 1, 2, 3 … under a header with no 序号 before the numbers count


def _unheaded_row_numbers(lines: list[list[Cell]], header: list[Column]) -> list[int | None]:
    """The row number of each line whose first cell is one when the header names none: rows opening with 1, 2,
    3 … (each one more than the last; group rows between them) under a header without a 序号 column."""
    out: list[int | None] = [None] * len(lines)
    if any(c.role == "rowno" for c in header):
        return out
    seen = [(i, int(cl[0].text)) for i, cl in enumerate(lines)
            if len(cl) >= 2 and ROWNO_RE.fullmatch(cl[0].text) and not cl[0].text.startswith("0")]
    if len(seen) < MIN_UNHEADED_NUMBERS or seen[0][1] != 1 \
            or any(b[1] != a[1] + 1 for a, b in zip(seen, seen[1:])):  # noqa: B905 - pairs
        return out
    for i, n in seen:
        out[i] = n
    return out


ROWNO_RE = re.compile(r"[1-9]\d{0,3}")
# (│备注：新建中心每处建筑面积不少于1000平方米，│ under a box's last row: a note, never its label wrapped)
_NOTE_OR_CLAUSE_RE = re.compile(r"^[\s│┃║|]*(?:备注|注|说明)\s*[:：]|[，。；]")


def _goes_with_row_above(doc: _Lines, k: int, cl: list[Cell], header: list[Column], above: ParsedRow,
                         aligned: bool, following: list[Cell] | None) -> bool:
    """Whether line k adds to the row above instead of being a row (its 完成情况 remark, a note or label wrapped
    onto a line of its own), and if so add it there."""
    remark = row_remark(doc.text[k])
    if remark is not None:
        a, b = remark
        above.notes.append(doc.text[k].strip())
        above.done_cells.append(Cell(doc.text[k][a:b], doc.offsets[k] + a, doc.offsets[k] + b, k + 1))
    elif above.unit is None and _unit_line(cl) and not unit_from_label(above.label.text if above.label else ""):
        first = next(c for c in cl if c.text)  # 城市低保平均标准 over (元/人·月): the row's unit, wrapped
        unit = first.text.split(maxsplit=1)[0]
        above.unit = Cell(unit, first.start, first.start + len(unit), first.line)
    elif above.unit is None and above.label is not None and (tail := _words_with_unit(cl)) is not None \
            and not unit_from_label(above.label.text):
        # 享受重度残疾人护理补贴 / 人数(万人): the label's last words wrapped with its unit onto the next line
        first = next(c for c in cl if c.text)
        above.label_text = (above.label_text or above.label.text) + first.text
        at = first.start + first.text.rindex(tail)
        above.unit = Cell(tail, at, at + len(tail), first.line)
        if LABEL_JOINED not in above.notes:
            above.notes.append(LABEL_JOINED)
    elif aligned and _note_continuation(cl, header):
        # 慈善事业促进和 / 社会工作科: who or when wrapped onto a line of its own, kept with the row above
        above.notes.extend(f"{col.header}: {c.text} (continued on the next line)"
                           for c, col in zip(cl, header) if c.text)  # noqa: B905 - one cell per column
        return True
    elif aligned and _label_continuation(cl, header, above) and not _NOTE_OR_CLAUSE_RE.search(doc.text[k]) \
            and not (following is not None and _unlabelled_row(following, header)):
        # 新建住宅小区社区养老服务设施配建 / 达标率: the label wrapped onto a line of its own, under its column
        above.label_text = (above.label_text or above.label.text) + next(c.text for c in cl if c.text)  # type: ignore[union-attr]
        if LABEL_JOINED not in above.notes:
            above.notes.append(LABEL_JOINED)
    else:
        return False
    if above.span is not None:
        above.span = (above.span[0], _line_span(doc, k)[1])  # (the row's context holds what was added)
    return True


_WORDS_UNIT_RE = re.compile(r"[\u4e00-\u9fff]{1,6}([(（][^()（）\d]{1,6}[)）])")


def _words_with_unit(cells: list[Cell]) -> str | None:
    """The unit in parentheses ending a line's one cell of a few words (人数(万人)), or None."""
    texts = [c.text for c in cells if c.text]
    m = _WORDS_UNIT_RE.fullmatch(texts[0]) if len(texts) == 1 else None
    return m.group(1) if m is not None and canonical_unit(m.group(1)) is not None else None


def _unit_line(cells: list[Cell]) -> bool:
    """A line holding only a unit in parentheses, and perhaps its English gloss ((元/人·月) (yuan per month))."""
    texts = " ".join(c.text for c in cells if c.text).split(maxsplit=1)
    if not texts or not texts[0].startswith(("(", "（")) or not texts[0].endswith((")", "）")):
        return False
    return canonical_unit(texts[0]) is not None and all(t.isascii() for t in texts[1:])


def _column_numbers(cells: list[Cell]) -> bool:
    """A line numbering a form's columns: letters 甲 乙 丙 … or a word for the line (栏次), then 1 2 3 … in
    order, nothing else."""
    texts = [squash(c.text) for c in cells]
    marks = vocab()["column_numbers"]
    letters = list(takewhile(lambda t: t in marks["letters"], texts))
    if len(texts) < 3 or texts[:len(letters)] != list(marks["letters"][:len(letters)]):
        return False
    if not letters and texts[0] in marks["words"]:
        letters = texts[:1]
    if not letters:
        return False
    rest = texts[len(letters):]
    # (甲 | 1 | 2 | 乙: a letter for a column of words after the numbered ones goes on from the first ones)
    after = [t for t in rest if t in marks["letters"]]
    if after and rest[len(rest) - len(after):] != list(marks["letters"][len(letters):len(letters) + len(after)]):
        return False
    numbers = rest[:len(rest) - len(after)]
    return bool(numbers) and numbers == [str(i) for i in range(1, len(numbers) + 1)]


MIN_WRAPPED_LABELS = 2  # lines of a label's words under their row before a table counts as one of wrapped labels


MIN_WRAPPED_ROWS = 2  # numbered rows printed over several lines before a table counts as one of wrapped rows


def _wrapped_row_lines(lines: list[tuple[int, list[Cell]]], header: list[Column], doc: _Lines) -> set[int]:
    """Indices of the lines that carry on the cells of a numbered row (a row over several lines, rows set apart
    by blank lines): in a table with a 序号 column whose blocks of lines each open with a numbered line, every
    other line of the block, when at least MIN_WRAPPED_ROWS blocks hold more than one line and no later line of
    a block holds a number of its own; else none."""
    at = next((i for i, c in enumerate(header) if c.role == "rowno"), None)
    if at is None:
        return set()
    blocks: list[list[int]] = []
    for i, (k, _) in enumerate(lines):
        if blocks and k == lines[i - 1][0] + 1:  # (the next line: the same block; a blank line parts blocks)
            blocks[-1].append(i)
        else:
            blocks.append([i])
    out: set[int] = set()
    long = 0
    for block in blocks:
        first = lines[block[0]][1]
        if len(first) <= at or not ROWNO_RE.fullmatch(first[at].text):
            if len(block) > 1:
                return set()  # (a block opening with no number: a group row over rows, not a wrapped row)
            continue
        rest = block[1:]
        if any(len(lines[i][1]) > at and lines[i][1][at].text for i in rest):
            return set()
        long += bool(rest)
        out.update(rest)
    return out if long >= MIN_WRAPPED_ROWS else set()


def _add_wrapped_line(row: ParsedRow, cells: list[Cell], header: list[Column], doc: _Lines, k: int) -> None:
    """Add line k's pieces to the numbered row they carry on: a label's piece joined to the label, a value or
    remark column's piece kept as a cell of that column (its figures read with the row's label), a note's kept."""
    for c, col in zip(cells, header, strict=False):
        if not c.text:
            continue
        if col.role == "indicator" and row.label is not None:
            row.label_text = (row.label_text or row.label.text) + c.text
            if LABEL_JOINED not in row.notes:
                row.notes.append(LABEL_JOINED)
        elif col.role == "value":
            row.values.append((col, c))
        elif col.role == "status":
            row.done_cells.append(c)
        elif col.role == "note":
            row.notes.append(f"{col.header}: {c.text} (continued on the next line)")
    if row.span is not None:
        row.span = (row.span[0], _line_span(doc, k)[1])


def _wrapped_labels(lines: list[tuple[int, list[Cell]]], header: list[Column]) -> set[int]:
    """Indices of the lines that carry on the label of the row above (市社会福利中心 … over 二期工程): a line of one
    text cell right under a row, in a table that opens with a row (no group row before its first row), when at
    least MIN_WRAPPED_LABELS such lines follow rows and none reads like a group's heading (一、, (一), a category
    word), and every row has its label; else none (a text line between rows is then a group row)."""
    if not any(c.role == "indicator" for c in header):
        return set()
    at = next(i for i, c in enumerate(header) if c.role == "indicator")
    kinds = []
    for _, cl in lines:
        nonempty = [c for c in cl if c.text]
        one_text = len(nonempty) == 1 and numericish(nonempty[0].text) == "text"
        if len(nonempty) >= 2 and len(cl) == len(header) and not cl[at].text:
            return set()  # a row with no label of its own: labels are printed around their rows (the line above's)
        kinds.append("text" if one_text else "row" if len(nonempty) >= 2 else "")
    first = next((kd for kd in kinds if kd), "")
    if first != "row":
        return set()
    out: set[int] = set()
    for i in range(1, len(kinds)):
        if kinds[i] == "text" and (kinds[i - 1] == "row" or i - 1 in out):
            out.add(i)
    if len(out) < MIN_WRAPPED_LABELS:
        return set()
    words = vocab()["category_words"]
    for i in out:
        text = next(c.text for c in lines[i][1] if c.text)
        if ITEM_HEADING.match(text) or text in words or text.endswith(("：", ":")):
            return set()
    return out


def _wide(line: str) -> bool:
    return "  " in line.strip() or WIDE_SPACE in line


def _column_number_cells(tokens: list[Cell], width: int) -> int:
    """How many of a one-cell-per-line table's first cells number its columns (甲 / 乙 / 1 / 2 under a header of
    four): letters 甲 乙 … then 1 2 3 …, one per column; 0 when they do not."""
    texts = [c.text for c in tokens[:width]]
    if len(texts) < width or width < 3 or not _column_numbers([c for c in tokens[:width] if c.text]):
        return 0
    return width if all(texts) else 0


MAX_GROUP_NAME = 20  # characters of a group row's name


def _numbered_group(cells: list[Cell]) -> bool:
    """Two cells that make a group row printed with its number apart (一、 | 社会救助): no figure in the name."""
    if len(cells) != 2 or _DIGIT.search(cells[1].text) or len(cells[1].text) > MAX_GROUP_NAME:
        return False
    return ITEM_HEADING.match(cells[0].text + cells[1].text) is not None and len(cells[0].text) <= 4


def _label_continuation(cells: list[Cell], header: list[Column], above: ParsedRow) -> bool:
    """Whether a line of an aligned, numbered table holds only text under the indicator column, right of an empty
    number column: the label of the row above, wrapped (a group row starts at the table's left edge, or reads
    like an item heading)."""
    if len(cells) != len(header) or above.label is None or not above.label.text:
        return False
    filled = [i for i, c in enumerate(cells) if c.text]
    if len(filled) != 1 or header[filled[0]].role != "indicator" or numericish(cells[filled[0]].text) != "text":
        return False
    return any(col.role == "rowno" for col in header[:filled[0]]) and not ITEM_HEADING.match(cells[filled[0]].text)


def _unlabelled_row(cells: list[Cell], header: list[Column]) -> bool:
    """Whether an aligned line has figures but nothing under the indicator column (its label printed around it)."""
    if len(cells) != len(header):
        return False
    label = [c for c, col in zip(cells, header, strict=True) if col.role == "indicator"]
    figures = [c for c, col in zip(cells, header, strict=True) if col.role == "value" and c.text]
    return bool(figures) and all(not c.text for c in label)


def _note_continuation(cells: list[Cell], header: list[Column]) -> bool:
    """Whether a line of an aligned table holds text only under its note columns (责任单位, 完成时限): the end of
    the row above, wrapped."""
    filled = [col.role for c, col in zip(cells, header) if c.text]  # noqa: B905 - aligned: one cell per column
    return len(cells) == len(header) and bool(filled) and all(r == "note" for r in filled)


def _sub_rows(cells: list[Cell], columns: list[Column]) -> list[tuple[list[Cell], Cell | None]]:
    """A numbered row printed with several lines per cell, split into the rows it holds; else the row itself.

    Two shapes: k label lines then k lines in every value column (养老床位 / 其中:护理型床位 | 8200 / 1300 | ...),
    and a label followed by scope rows (最低生活保障人数 | 城市 | 2234 | 2310 | 农村 | 825 | 5214). Only a row
    whose cells fill the shape exactly is split; any other row is aligned as it is (and flagged if it does not fit).
    """
    roles = [c.role for c in columns]
    n_val = roles.count("value")
    if roles != ["indicator"] + ["value"] * n_val or n_val == 0 or len(cells) <= len(columns):
        return [(cells, None)]
    # a cell with a digit counts as a number cell here even when it cannot be read (5.2furl: an unknown unit, flagged)
    kinds = ["text" if numericish(c.text) == "text" and not _DIGIT.search(c.text) else "num" for c in cells]
    k = kinds.index("num") if "num" in kinds else len(kinds)
    if k >= 2 and kinds[k:] == ["num"] * (k * n_val):
        nums = cells[k:]
        return [([cells[i], *(nums[i + k * j] for j in range(n_val))], None) for i in range(k)]
    step = n_val + 1
    if k == 2 and (len(cells) - 1) % step == 0:
        starts = range(1, len(cells), step)
        if all(kinds[i] == "text" and len(cells[i].text) <= 6 and kinds[i + 1:i + step] == ["num"] * n_val
               for i in starts):
            return [([cells[0], *cells[i + 1:i + step]], cells[i]) for i in starts]
    return [(cells, None)]


