"""Indicator tables printed as a list of name-value pairs, a line per indicator: its name, a colon or a leader of
dots, and one figure with its unit (城乡低保对象：37218人, 綜援受助人 ........ 4.75萬人). The list is one value column
whose kind and year come from the document and the section, as a column of plain amounts (数值) does.
"""

from __future__ import annotations

import re

from .table_layouts import HEADING_RE, Cell, Column, ParsedRow, consecutive_rows, header_role
from .table_rows import numericish

# a row mark (●, -, 1.), the name, a colon or a leader (…… / ........ / ····), then the figure
_PAIR_RE = re.compile(r"\s*(?:[-·•*●◆■]\s*|\d{1,3}\s*[.．、]\s*)?"
                      r"(?P<label>[^：:，,。；;.…·\d][^：:，,。；;…]{0,39}?)\s*(?:(?P<colon>[：:])|[.．…·]{3,}|…+)\s*(?P<value>[^，,。；;：:]{1,24}?)\s*")
_PAGE_NUMBER_RE = re.compile(r"\d{1,4}")
_DIGIT_RE = re.compile(r"\d")
_PHONE_RE = re.compile(r"\(?0\d{2,3}\)?[-－—]?\d{7,8}(?:[-－转]\d{1,5})?|1[3-9]\d{9}")
MIN_PAIRS = 3  # lines of this form in a row before they count as a table (one such line is a sentence)
MAX_LINE = 80  # characters of a line of the list


def _pair(text: str, offset: int, line_no: int) -> tuple[Cell, Cell] | None:
    """(name cell, figure cell) of one line of the list, or None (the figure must be one cell's number)."""
    if len(text) > MAX_LINE or not ("：" in text or ":" in text or "…" in text or ".." in text or "··" in text) \
            or not _DIGIT_RE.search(text):
        return None  # (asked of every line outside a table: most have no colon or leader)
    m = _PAIR_RE.fullmatch(text)
    if m is None or numericish(m.group("value")) != "value" or _DIGIT_RE.search(m.group("label")) \
            or _PHONE_RE.fullmatch(m.group("value")):
        return None  # (槚坪镇：0745-3321608: a telephone number, no quantity)
    if header_role(m.group("label").strip()) is not None or HEADING_RE.match(m.group("label").strip()):
        return None  # (单位：万元: a note or a header cell; 第一章 …: a heading, not an indicator's name)
    if m.group("colon") is None and _PAGE_NUMBER_RE.fullmatch(m.group("value")):
        return None  # 第三章  重点任务 ………… 6: a table of contents' page number after its leader
    label = Cell(m.group("label"), offset + m.start("label"), offset + m.end("label"), line_no)
    value = Cell(m.group("value"), offset + m.start("value"), offset + m.end("value"), line_no)
    return label, value


def pair_table_at(k: int, text: list[str], offsets: list[int]
                  ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A list of name-value pairs whose first line is line index k: its columns, rows, the index of its last line
    and of the line that ends it; None when fewer than MIN_PAIRS such lines follow each other (blank lines
    between them allowed)."""
    first = _pair(text[k], offsets[k], k + 1)
    if first is None:
        return None
    column = header_role("数值")
    assert column is not None  # (a word of the vocabulary's plain-amount columns)
    columns = [Column("indicator", "指标"), column]

    def read(j: int) -> tuple[ParsedRow, int] | None:
        pair = first if j == k else _pair(text[j], offsets[j], j + 1)
        if pair is None:
            return None
        label, value = pair
        return ParsedRow(None, "", label, None, "", [], [(column, value)],
                         span=(offsets[j], offsets[j] + len(text[j]))), j + 1

    rows, last = consecutive_rows(k, text, read)
    if len(rows) < MIN_PAIRS:
        return None
    return columns, rows, last, last + 1
