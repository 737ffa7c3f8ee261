"""Indicator tables printed as a list, a line per indicator: its name, a colon and its figures each after its year
(1．养老床位总数：2020年3.18万张，2025年≥3.9万张（预期性）). The years printed in the lines are the columns; the rows
are read as any table's, kinds and years from the document's period and the section (assign_kinds).
"""

from __future__ import annotations

import re

from .table_layouts import Cell, Column, ParsedRow, vocab

# a row number, the indicator's name, a colon, then what follows
_ROW_RE = re.compile(r"\s*(?:(?P<no>[1-9]\d{0,3})\s*[.．、]\s*)?(?P<label>[^：:，,。；;]{2,40}?)\s*[：:]\s*"
                     r"(?P<rest>.+?)\s*")
# one figure after its year (2020年3.18万张, 2025年≥60%, 2020年——) or before it in parentheses (8.7个(2025年)); the
# pieces are split on commas, semicolons or an arrow (from → to)
_PIECE_RE = re.compile(r"(?P<year>(?:19|20)\d\d)年(?:底|末)?(?:为|达到|达)?\s*(?P<value>[^，,；;（(→]+)"
                       r"|(?P<value2>[^，,；;（(→]+?)\s*[(（](?P<year2>(?:19|20)\d\d)年(?:底|末)?[)）]")
_ATTR_RE = re.compile(r"[（(](?P<attr>[^()（）]{2,4})[)）]\s*$")
_SPLIT_RE = re.compile(r"[，,；;→]")
_GROUP_RE = re.compile(r"\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．])\s*"
                       r"[^\d：:，,。；;]{2,20}\s*")
MIN_ROWS = 3  # lines of this form in a row before they count as a table (one such line is a sentence)
MAX_LINE = 120  # characters of a row of the list


def _row_of(text: str, offset: int, line_no: int) -> tuple[int | None, Cell, list[tuple[int, Cell]], str] | None:
    """(row number, label cell, [(year, value cell)], attribute word) of one line of the list, or None."""
    if len(text) > MAX_LINE or "年" not in text:
        return None
    m = _ROW_RE.fullmatch(text)
    if m is None or re.search(r"\d", m.group("label")):
        return None
    rest, rest_at = m.group("rest"), m.start("rest")
    attr = ""
    a = _ATTR_RE.search(rest)
    if a and a.group("attr") in vocab()["attribute_words"]:
        attr, rest = a.group("attr"), rest[:a.start()]
    pieces: list[tuple[int, Cell]] = []
    at = 0
    for part in _SPLIT_RE.split(rest):
        p = _PIECE_RE.fullmatch(part.strip())
        if p is None:
            return None  # every piece a year's figure: else the line is a sentence
        g = "value" if p.group("value") is not None else "value2"
        lead = len(part) - len(part.lstrip())
        s = rest_at + at + lead + p.start(g)
        value = text[s:rest_at + at + lead + p.end(g)].rstrip()
        year = p.group("year") or p.group("year2")
        pieces.append((int(year), Cell(value, offset + s, offset + s + len(value), line_no)))
        at += len(part) + 1
    if len(pieces) < 2 or len({y for y, _ in pieces}) != len(pieces):
        return None
    label = m.group("label").strip()
    ls = m.start("label") + m.group("label").index(label)
    no = int(m.group("no")) if m.group("no") else None
    return no, Cell(label, offset + ls, offset + ls + len(label), line_no), pieces, attr


def colon_table_at(k: int, text: list[str], offsets: list[int]
                   ) -> tuple[list[Column], list[ParsedRow], int, int] | None:
    """A list table whose first row is line index k: its columns, rows, last row's line index and the index of
    the line that ends it; None when fewer than MIN_ROWS such lines follow each other (group lines between)."""
    first = _row_of(text[k], offsets[k], k + 1)
    if first is None:
        return None
    years = [y for y, _ in first[2]]
    columns = [Column("rowno", "序号"), Column("indicator", "指标"),
               *[Column("value", f"{y}年", year=y, year_role_inferred=True) for y in years],
               Column("attribute", "属性")]
    rows: list[ParsedRow] = []
    category, j, last = "", k, k
    group = k - 1 if k and _GROUP_RE.fullmatch(text[k - 1]) else None
    if group is not None:
        category = text[group].strip()
    while j < len(text):
        line = text[j]
        if not line.strip():
            j += 1
            continue
        row = _row_of(line, offsets[j], j + 1) if j != k else first
        if row is None:
            if _GROUP_RE.fullmatch(line) and j + 1 < len(text) and _row_of(text[j + 1], offsets[j + 1], j + 2):
                category = line.strip()  # (二)服务质量 between rows: a group row
                j += 1
                continue
            break
        no, label, pieces, attr = row
        by_year = dict(pieces)
        if set(by_year) != set(years):
            break  # other years: another list
        values = [(c, by_year[c.year]) for c in columns if c.role == "value"]  # type: ignore[index]
        rows.append(ParsedRow(no, category, label, None, vocab()["attribute_words"].get(attr, ""), [], values,
                              span=(offsets[j], offsets[j] + len(line))))
        last = j
        j += 1
    if len(rows) < MIN_ROWS:
        return None
    return columns, rows, last, j
