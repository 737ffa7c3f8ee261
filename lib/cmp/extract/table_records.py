"""Indicator tables printed as records, a block of lines per indicator: a title line naming it (and its unit), then
a line per figure, the column's words, a colon and the figure (【指标3】护理型床位占比（单位：%） over
基期值（2020年）：42% / 规划目标（2025年）：≥55% / 实际完成：2021年 45%；2022年 49%), or a block whose first line is
a field (指标名称：养老床位 / 单位：张 / 2020年：3180 / 2025年目标：3900). The fields' words are the columns, read
as any header cell's; the rows are read as any table's, kinds and years from the document's period and the section.
"""

from __future__ import annotations

import re

from .table_layouts import Cell, Column, ParsedRow, consecutive_rows, header_role, squash, vocab
from .table_rows import numericish

# a record's title: a mark (【指标3】, 指标3：, 3., (三)), the indicator's name, its unit in parentheses
_TITLE_RE = re.compile(r"\s*(?:【[^】]{0,10}】|〔[^〕]{0,10}〕|［[^］]{0,10}］|\[[^\]]{0,10}\]"
                       r"|指标\s*\d{1,3}\s*[：:、.．]?"
                       r"|[(（]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）.．、])\s*(?P<label>[^：:，,。；;]{2,40}?)?\s*"
                       r"(?:[（(](?:计量)?(?:单位[：:]?)?\s*(?P<unit>[^()（）：:]{1,12}?)\s*[)）])?\s*")
# a field: its words (a column's header; a year in parentheses after them), a colon, what it holds
_FIELD_RE = re.compile(r"\s*(?:[-·•*●]\s*)?(?P<word>[^：:，,。；;]{1,16}?)\s*"
                       r"(?:[（(](?P<year>(?:19|20)\d\d)年?(?:底|末)?[)）])?\s*[：:]\s*(?P<rest>.*?)\s*")
# the pieces of a field of several years (2021年 45.3%；2022年 49.6%)
_PIECE_RE = re.compile(r"(?P<year>(?:19|20)\d\d)年(?:底|末)?\s*(?:为|达到|达)?\s*[:：]?\s*(?P<value>[^，,；;、]+?)\s*")
_SPLIT_RE = re.compile(r"[，,；;、]")
_DIGIT_RE = re.compile(r"\d")
MIN_RECORDS = 3  # records in a row before they count as a table (one block of fields is a paragraph)
MAX_FIELD_LINE = 80  # characters of a field line
MAX_FIELDS = 12  # field lines of one record


def _field(text: str) -> tuple[str, int | None, str, int] | None:
    """(words, year in parentheses, what the field holds, where that starts) of a field line, or None."""
    if len(text) > MAX_FIELD_LINE or ("：" not in text and ":" not in text):
        return None
    m = _FIELD_RE.fullmatch(text)
    if m is None:
        return None
    return squash(m.group("word")), int(m.group("year")) if m.group("year") else None, m.group("rest"), m.start("rest")


# a semicolon between two fields on one line (目标值:650张;2024年基数:612张;责任单位:社会救助科): words and a colon
# follow it (not the next year's figure of one field, 2021年 45%；2022年 49%)
_FIELD_BREAK_RE = re.compile(r"[;；](?=[^;；:：，,。]{1,16}[:：])")


def _line_fields(text: str) -> list[tuple[str, int]]:
    """The fields of one line, with where each starts: one, or several set apart by semicolons."""
    out, at = [], 0
    for m in _FIELD_BREAK_RE.finditer(text):
        out.append((text[at:m.start()], at))
        at = m.end()
    last = text[at:]
    if last.strip(" ;；") or not out:
        out.append((last.rstrip(" ;；") if out else last, at))
    return out


def _field_cells(text: str, offset: int, line_no: int, columns: dict[str, Column], several: bool = False
                 ) -> tuple[str, list[tuple[Column, Cell]], Cell | None] | None:
    """A field line read: ("label" / "unit" / "value" / "note" / "other", [(column, value cell)], the cell it
    holds); None when the line is not a field whose words name a column (a figure under words no vocabulary
    knows). One of `several` fields on a line may hold a phrase with its figure (目标值:集中供养床位不少于650张)."""
    f = _field(text)
    if f is None:
        return None
    word, year, rest, at = f
    held = Cell(rest, offset + at, offset + at + len(rest), line_no) if rest else None
    plain = header_role(word)
    if year is None and _DIGIT_RE.search(rest) and "年" in rest:
        pieces = _pieces(rest, offset + at, line_no)
        if pieces is not None:  # 实际完成：2021年 45.3%；2022年 49.6%
            out = []
            for y, cell in pieces:
                col = _column(columns, f"{y}年{word}")
                if col is None or numericish(cell.text) == "text":
                    return None
                out.append((col, cell))
            return "value", out, None
    if plain is not None and year is None and plain.role in ("indicator", "unit", "attribute"):
        return plain.role if plain.role != "indicator" else "label", [], held
    if plain is not None and year is None and plain.role == "note":
        return "note", [], held  # 备注:其中护理型床位不低于3300张: figures read as a note's
    col = _column(columns, f"{word}({year}年)" if year is not None else word)
    if col is not None and held is not None:
        if numericish(rest) == "text" and not several:
            return None  # 目标：2025年养老床位达到3000张: a sentence after a column's word, not a cell
        return "value", [(col, held)], None
    if held is not None and _DIGIT_RE.search(rest):
        return None  # a figure under words that name no column: not a record of this table
    return "other", [], held


def _pieces(rest: str, offset: int, line_no: int) -> list[tuple[int, Cell]] | None:
    """The (year, cell) pieces of a field of several years, or None when a piece is not a year's figure."""
    out, at = [], 0
    for part in _SPLIT_RE.split(rest):
        p = _PIECE_RE.fullmatch(part)
        if p is None:
            return None
        s = at + p.start("value")
        out.append((int(p.group("year")), Cell(p.group("value"), offset + s, offset + s + len(p.group("value")),
                                               line_no)))
        at += len(part) + 1
    return out if len({y for y, _ in out}) == len(out) else None


def _column(columns: dict[str, Column], words: str) -> Column | None:
    """The table's value column a field's words name (made the first time they appear), or None."""
    key = squash(words)
    if key in columns:
        return columns[key]
    role = header_role(key)
    if role is None or role.role != "value":
        return None
    columns[key] = role
    return role


_MARKS = ("【", "〔", "［", "[")
_TITLE_FIRST = frozenset("【〔［[指(（一二三四五六七八九十0123456789")


def _title(text: str, offset: int, line_no: int) -> tuple[Cell | None, Cell | None] | None:
    """(label cell, unit cell) of a record's title line (the label None for a mark alone, 〔指标二〕), or None."""
    first = text.lstrip()[:1]
    if not first or first not in _TITLE_FIRST:
        return None  # (asked of every line outside a table: most open otherwise)
    m = _TITLE_RE.fullmatch(text)
    if m is None or (m.group("label") is None and not text.lstrip().startswith(_MARKS)):
        return None  # (a bare 3. is no title; 〔指标二〕 alone is, its name in the first field)
    if m.group("label") is None:
        return None, None
    if m.group("label").strip().isdigit():  # (【指标1】2023: a figure, no name)
        return None
    label = Cell(m.group("label"), offset + m.start("label"), offset + m.end("label"), line_no)
    unit = Cell(m.group("unit"), offset + m.start("unit"), offset + m.end("unit"), line_no) if m.group("unit") else None
    return label, unit


def _record(k: int, text: list[str], offsets: list[int], columns: dict[str, Column]
            ) -> tuple[ParsedRow, int] | None:
    """The record starting at line index k (a title line, or a field naming the indicator) and the index of the
    line after it; None when line k opens none, or a line of it is no field."""
    title = _title(text[k], offsets[k], k + 1)
    label, unit = title if title is not None else (None, None)
    first = k + 1 if title is not None else k
    values: list[tuple[Column, Cell | None]] = []
    notes: list[Cell] = []
    said: list[str] = []
    attribute = ""
    j = first
    while j < len(text) and j - first < MAX_FIELDS:
        line = text[j]
        if not line.strip() or (j > first and _title(line, offsets[j], j + 1) is not None):
            break
        fields = _line_fields(line)
        several = len(fields) > 1
        for piece, at in fields:
            read = _field_cells(piece, offsets[j] + at, j + 1, columns, several)
            if read is None:
                return None  # a line of the block that is no field: a paragraph, not a record
            what, cells, held = read
            if what == "label":
                if label is not None:
                    break  # the next record's first field
                label = held
            elif what == "unit":
                unit = held
            elif what == "attribute":
                attribute = vocab()["attribute_words"].get(squash(held.text), "") if held is not None else ""
            elif what == "note":
                if held is not None and held.text.strip("—-/ "):
                    notes.append(held)
                    said.append(f"{squash(piece.split(':')[0].split('：')[0])}: {held.text}")
            else:
                values.extend(cells)
        else:
            j += 1
            continue
        break
    if label is None or not values:
        return None
    span = (offsets[k], offsets[j - 1] + len(text[j - 1]))
    row = ParsedRow(None, "", label, unit, attribute, said, values, span=span, note_cells=notes)
    return row, j


def record_table_at(k: int, text: list[str], offsets: list[int]
                    ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A table of records whose first record starts at line index k: its columns, rows, the index of its last
    line and of the line that ends it; None when fewer than MIN_RECORDS records follow each other."""
    if _title(text[k], offsets[k], k + 1) is None and _field(text[k]) is None:
        return None  # (asked of many lines: most are neither)
    columns: dict[str, Column] = {}
    rows, last = consecutive_rows(k, text, lambda j: _record(j, text, offsets, columns))
    if len(rows) < MIN_RECORDS:
        return None
    cols = [Column("indicator", "指标"), Column("unit", "单位"), *columns.values()]
    return cols, rows, last, last + 1
