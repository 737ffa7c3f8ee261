"""Whitespace-aligned tables: headers and rows whose cells are separated by spaces (序号  指 标  2020年 基期值
2025年 目标值  指标 属性), and headers printed on two lines (基期值 | 目标值 over 2020年 | 2025年)."""

from __future__ import annotations

import re
from dataclasses import replace

from .numbers import canonical_unit
from .table_layouts import (
    _DIGIT,
    _YEAR_ONLY,
    WIDE_SPACE,
    Cell,
    Column,
    _header_role,
    _value_header,
    header_role,
    is_header,
    roc_glossed,
    squash,
    task_targets,
    vocab,
    years_line,
)

_CHUNK_RE = re.compile(r"\S+")
_HARD_GAP = 2  # a run of this many spaces always separates cells
MAX_SPACED_CHUNKS = 40


def _chunks_of(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, hard gap before) of every space-separated chunk of a line."""
    out = []
    prev = None
    for m in _CHUNK_RE.finditer(text):
        hard = prev is not None and (m.start() - prev >= _HARD_GAP or text[prev] == WIDE_SPACE)
        out.append((m.start(), m.end(), hard))
        prev = m.end()
    return out


def _spaced_letters(left: tuple[int, int, bool], right: tuple[int, int, bool]) -> bool:
    """Two one-character chunks: the letters of one header word spread over a wide column (指   标)."""
    return left[1] - left[0] == 1 and right[1] - right[0] == 1


def _total_word(s: str) -> bool:
    return s in vocab()["total_words"]


def _year_only(s: str) -> bool:
    return bool(_YEAR_ONLY.fullmatch(s))


def spaced_header(text: str, offset: int, line_no: int) -> tuple[list[Column], list[Cell], bool] | None:
    """Columns of a header whose cells are separated by spaces (words inside a cell may be spaced out too).

    Chunks are grouped so that every group is a header cell, with as few groups as possible; a run of two or
    more spaces always separates cells, and a bare year never joins a growth word (2010年 年均增长 are two).
    Returns (columns, header cells, whether the line used wide gaps), or None when the line is not a header.
    """
    found = header_words(text, offset, line_no)
    if found is None:
        return None
    cols = task_targets(found[0])
    # (two columns only set wide apart, the rows' name then their values: 重点工程    建设规模)
    if not is_header(cols) or len(cols) < 2 or (len(cols) == 2 and not (found[2] and cols[0].role == "indicator")):
        return None
    return cols, found[1], found[2]


def header_words(text: str, offset: int, line_no: int) -> tuple[list[Column], list[Cell], bool] | None:
    """A line of space-separated words that all name columns (one line of a header printed over several, as
    `序号 指标名称(单位)` over `2020年 2025年 指标属性`): its columns, cells and whether it used wide gaps."""
    if "|" in text or "\t" in text or len(text) > 400:
        return None
    chunks = _chunks_of(text)
    if len(chunks) < 2 or len(chunks) > MAX_SPACED_CHUNKS:
        return None
    n = len(chunks)
    inf = float("inf")
    best: list[tuple[float, int]] = [(inf, -1)] * (n + 1)
    best[0] = (0.0, -1)
    for j in range(1, n + 1):
        for i in range(j - 1, max(-1, j - 7), -1):
            if i < j - 1 and chunks[i + 1][2] and not _spaced_letters(chunks[i], chunks[i + 1]):
                break  # a wide gap inside the group (but 指   标, one character each side, is one word)
            if best[i][0] == inf:
                continue
            pieces = [text[a:b] for a, b, _ in chunks[i:j]]
            col = _header_role("".join(pieces))
            if col is None:
                continue
            if len(pieces) > 1 and (col.growth or col.change or _total_word(pieces[-1])) \
                    and any(_year_only(p) for p in pieces):
                continue  # (2010年 年均增长, 2025年 增减, 2025年 合计: a year's column, then another)
            if len(pieces) > 1 and col.role == "value" and any(
                    (r := _header_role(p)) is not None and r.role != "value" for p in pieces):
                continue  # 地区 城市低保2022年标准: a label column's word never opens a value column's header
            if len(pieces) > 1 and any((r := _header_role(p)) is not None and r.role == "value" and r.unit
                                       and r.measure for p in pieces[1:]):
                continue  # 项目 户数(户) 人数(人): a measure named with its unit is a column of its own
            if best[i][0] + 1 < best[j][0]:
                best[j] = (best[i][0] + 1, i)
    if best[n][0] == inf:
        return None
    groups = []
    j = n
    while j > 0:
        i = best[j][1]
        groups.append((i, j))
        j = i
    groups.reverse()
    cols, cells = [], []
    for i, j in groups:
        a, b = chunks[i][0], chunks[j - 1][1]
        # (the words as joined above: the cell with its inner spaces may be longer than a header cell can be)
        col = header_role("".join(text[c:d] for c, d, _ in chunks[i:j]))
        cols.append(col)
        cells.append(Cell(squash(text[a:b]), offset + a, offset + b, line_no))
    wide = any(h for _, _, h in chunks)
    return cols, cells, wide


def spaced_cells(text: str, offset: int, line_no: int, wide: bool, width: int) -> list[Cell]:
    """Cells of a body line of a spaced table: split on wide gaps when the table uses them, else on every space,
    joining neighbouring text chunks (a label written with spaces) while there are more chunks than columns."""
    chunks = _chunks_of(text)
    if wide and any(h for _, _, h in chunks):
        groups: list[list[tuple[int, int, bool]]] = []
        for ch in chunks:
            if not groups or ch[2]:
                groups.append([ch])
            else:
                groups[-1].append(ch)
        spans = [(g[0][0], g[-1][1]) for g in groups]
        if len(spans) > width > 0 and len(spans) > 2 and roc_glossed(text[spans[0][0]:spans[0][1]],
                                                                   text[spans[1][0]:spans[1][1]]):
            spans[0:2] = [(spans[0][0], spans[1][1])]  # 108年  2019: the row's year, twice
    else:
        spans = [(a, b) for a, b, _ in chunks]
    if len(spans) > width > 0:  # (全    省: a label's letters spread over its column, as the header's 地    区)
        k = 0
        while len(spans) > width and k < len(spans) - 1:
            left, right = text[spans[k][0]:spans[k][1]], text[spans[k + 1][0]:spans[k + 1][1]]
            if _plain_text(left) and _plain_text(right):
                spans[k:k + 2] = [(spans[k][0], spans[k + 1][1])]
            else:
                k += 1
    return [Cell(text[a:b], offset + a, offset + b, line_no) for a, b in spans]


def _plain_text(s: str) -> bool:
    """A chunk that can only be part of a label: no digit, not a unit, attribute or status word."""
    return (not _DIGIT.search(s) and canonical_unit(s) is None and squash(s) not in vocab()["attribute_words"]
            and squash(s) not in vocab()["status_words"] and s not in ("-", "—", "——", "/"))


def value_header_line(cells: list[Cell]) -> list[Column] | None:
    """The value columns of a second header line (2020年 | 2025年, or 基期值 | 目标值), or None."""
    texts = [c.text for c in cells if c.text]
    if not texts:
        return None
    cols = [header_role(t) for t in texts]
    if all(c is not None and c.role == "value" for c in cols):
        return cols  # type: ignore[return-value]
    years = years_line(" ".join(texts))
    if years:
        return [_value_header(f"{y}年") for y in years]  # type: ignore[misc]
    return None


def merge_header_lines(header: list[Column], second: list[Column]) -> list[Column] | None:
    """Merge a second header line into the first: years and kinds fill the value columns in order; one
    spanning group cell (规划目标 over 2020年 | 2025年) becomes as many columns as the second line has."""
    values = [c for c in header if c.role == "value"]
    if len(second) == len(values):
        for c, s in zip(values, second, strict=True):
            c.year = c.year if c.year is not None else s.year
            c.kind = c.kind or s.kind
            c.growth = c.growth or s.growth
            c.change = c.change or s.change
            c.year_role_inferred = bool(not c.kind and c.year is not None)
            c.header = f"{c.header} {s.header}"
        return header
    if len(values) == 1 and len(second) > 1:
        k = header.index(values[0])
        group = values[0]
        expanded = []
        for s in second:
            col = replace(s, header=f"{group.header} {s.header}")
            if group.growth:
                col.growth = True
            col.change = col.change or group.change
            expanded.append(col)
        return header[:k] + expanded + header[k + 1:]
    return None
