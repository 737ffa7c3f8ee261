"""Tables whose columns are named by what they count, not by a kind or a year.

Two layouts of the genre print no 基期值 / 目标值 / year over their value columns:

- a cross-tabulation (行业类别 | 社会团体 | 民办非企业单位 | 合计): each column counts one thing, of the
  document's kind and year (a bulletin's year), and each value's measure is its column;
- a transposed table (年份 | 城市低保标准 | 农村低保标准): the years are rows, the indicators columns; each row's
  year cell (2020（基期）, 2021) is read as a year column would be, and the value's label is its column.

A header is taken as one of these only when its first cell names the rows (row_name_words / year_row_words in
table_vocab.yaml), at least two other cells are words that name no known column, and the next line is a row of
as many cells, its values numbers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .numbers import canonical_unit
from .table_layouts import (
    Cell,
    Column,
    ParsedRow,
    _header_role,
    dated_in_parens,
    header_role,
    squash,
    without_latin_tail,
)
from .table_layouts import vocab as table_vocab
from .table_rows import numericish

MAX_MEASURE = 20  # characters of a column name that counts something (民办非企业单位, 城市低保标准(元))
_FOOTNOTE_MARK_RE = re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩*＊]+$")
_UNIT_END_RE = re.compile(r"[(（][^()（）\d]{1,8}[)）]$")
_PART_OF_RE = re.compile(r"其中\s*[:：]\s*")
_MEASURE_RE = re.compile(r"(?=.*[\u4e00-\u9fff]{2})[\u4e00-\u9fff\d]{2,18}(?:%|[(（][^()（）\d]{1,8}[)）])?")


def first_names_rows(text: str) -> str:
    """'years' when a header's first cell names rows of years (年份), 'items' when rows of things (行业类别), or ''."""
    if not text or text[-1].isdigit() or len(text) > MAX_ROW_NAME:
        return ""  # (asked of every body line of a long table: its row number, or a label, names no rows)
    s = squash(text)
    v = table_vocab()
    if s in v["year_row_words"] or _AS_AT_RE.fullmatch(s):
        return "years"  # (截至3月31日 | 资助宿位 | …: each row the year of that date)
    ends = _row_name_ends()
    # 街道(乡镇): the rows' word before a second in parentheses
    bare = _LAST_PAREN_RE.sub("", s) if s.endswith((")", "）")) else s
    if s.endswith(ends) or bare.endswith(ends) or s in v["header_roles"]["indicator"]:
        return "items"  # (指标 | 社会团体 | 基金会 | 合计: the indicator column names the rows too)
    return ""


def rows_word(text: str) -> str:
    """The rows' name a first header cell gives in words no role holds (服务类别 Service, 障碍等级别): the cell
    without its English gloss when a row-naming word ends it, else ''."""
    word = without_latin_tail(text)
    role = _header_role(word) if word else None
    # (资金来源 first: the rows' sources, though a column of them beside the rows' names holds remarks)
    return word if word and (role is None or role.role == "note") and first_names_rows(word) else ""


_AS_AT_RE = re.compile(r"(?:截至|截止|截至每年|于)?\d{1,2}月(?:\d{1,2}日|底|末)|(?:截至)?年[底末]")
_PERIOD_PARENS_RE = re.compile(r"[(（](?:1[-—–~至]\d{1,2}月|本年|全年|年初至今)(?:累计)?(?:数)?[)）]$")
MAX_ROW_NAME = 16  # characters of a first header cell naming the rows (县(市、区), 乡镇(街道), 行业类别)
_LAST_PAREN_RE = re.compile(r"[(（][^()（）]*[)）]$")


@lru_cache(maxsize=1)
def _row_name_ends() -> tuple[str, ...]:
    return tuple(table_vocab()["row_name_words"])


def crosstab_columns(texts: list[str]) -> tuple[list[Column], bool] | None:
    """(columns, transposed) of a header whose value columns are named by what they count, or None."""
    if len(texts) < 3:
        return None
    rows_are = first_names_rows(texts[0])
    if not rows_are:
        return None
    cols = [Column("indicator", squash(texts[0]))]
    unknown = 0
    for t in texts[1:]:
        s = _FOOTNOTE_MARK_RE.sub("", squash(t))  # (床位数①: the mark of a note under the table)
        known = _header_role(s)
        if known is not None and known.role == "value" and known.measure and not (known.growth or known.change) \
                and known.year is None and known.year_offset is None:
            cols.append(replace(known))  # 结婚登记(对): what the column counts, and its unit
            unknown += 1
            continue
        if known is not None and known.role == "indicator" and _UNIT_END_RE.search(s) and _MEASURE_RE.fullmatch(s):
            known = None  # 项目数(个) right of the rows' names: a count of what the rows name, not their names
        if known is not None and known.role == "note" and cols[1:]:
            cols.append(replace(known))  # 备注 after the measures: a column of remarks, no values
            continue
        if known is not None and rows_are == "years" and known.role == "value" and known.growth \
                and known.year is None and cols[1:]:
            cols.append(replace(known))  # (年度 | 投入资金(万元) | 比上年增长(%): each year's growth of the measure)
            continue
        if known is not None:
            if known.role != "value" or rows_are == "years" or not (known.growth or known.change or known.measure):
                return None  # a table of another form (its own reader) or a header word in the wrong place
            cols.append(replace(known))
            unknown += bool(known.measure and known.year_offset is not None)  # (本年制发件数: this year's count)
            continue
        full, period = s, _PERIOD_PARENS_RE.search(s)  # 临时救助人次(1-9月累计): what it counts, over the months
        if period is not None and period.start() > 0:
            s = s[:period.start()]
        part = _PART_OF_RE.match(s)  # (其中：集中供养: a part of the column before it, said so in its name)
        if len(s) > MAX_MEASURE + (part.end() if part else 0) or not _MEASURE_RE.fullmatch(s[part.end():] if part
                                                                                          else s):
            return None
        unit = _UNIT_END_RE.search(s)
        if unit is not None and canonical_unit(unit.group(0)) is not None:  # 项目数(个): what it counts, in 个
            cols.append(Column("value", full, measure=s[:unit.start()], unit=unit.group(0)[1:-1]))
        else:
            cols.append(Column("value", full, measure=s))
        unknown += 1
    # (one measure and its growth over rows of years is a table too: 年度 | 投入资金(万元) | 比上年增长(%))
    if unknown < 2 and not (unknown == 1 and rows_are == "years" and any(c.growth for c in cols)):
        return None
    return cols, rows_are == "years"


def body_fits(cells: list[Cell], columns: list[Column], transposed: bool) -> bool:
    """The first body line of a cross-tab: as many cells as columns, a label (a year for a transposed table) and
    numbers (or dashes) under every value column."""
    if len(cells) != len(columns):
        return False
    first = year_column(cells[0].text) if transposed else None
    if transposed and first is None:
        return False
    if not transposed and numericish(cells[0].text) != "text":
        return False
    kinds = [numericish(c.text) for c in cells[1:]]
    return all(k in ("value", "none") for k in kinds) and "value" in kinds


def year_column(text: str) -> Column | None:
    """The year column a transposed table's row cell stands for (2020（基期）, 2021, 2025年（预计）)."""
    col = _header_role(squash(text)) or dated_in_parens(squash(text))  # (2023年（8月底）: to a date of the year)
    if col is None:  # 2028年（中期）: a year with a word of its stage no vocabulary holds: the year, its kind left open
        m = _YEAR_STAGE_RE.fullmatch(squash(text))
        col = _header_role(m.group(1)) if m else None
    if col is None:  # 113年第1季底, 2024年6月底: the stock at a date inside a year, a row of that year
        m = _YEAR_PART_RE.fullmatch(squash(text))
        col = _header_role(m.group(1)) if m else None
        col = replace(col, part_year=True) if col is not None else None
    if col is None or col.role != "value" or col.year is None:
        return None
    return replace(col, header=squash(text))


# (2028年（中期）: a stage word; 2019 (108): the year in the ROC calendar beside it)
# (113年第1季底, 2024年6月底: a date inside a year)
_YEAR_PART_RE = re.compile(r"((?:19|20)\d\d年|1[0-4]\d年)"
                           r"(?:第?[1-4一二三四]季度?|上半年|前三季度?|\d{1,2}月)(?:底|末)?")
_YEAR_STAGE_RE = re.compile(r"((?:19|20)\d\d年?)[(（](?:[\u4e00-\u9fff]{1,4}|民?国?\d{2,3}年?)[)）]")


def read_transposed(lines: list[tuple[list[Cell], tuple[int, int]]], header: list[Cell], columns: list[Column],
                    assign) -> list[ParsedRow]:
    """The rows of a transposed table, one per (year row, column): labelled by the column's header cell, with the
    row's year cell read as a year column (`assign` gives the years their kinds, all at once, as for a header).
    A line whose first cell is no year, or with another number of cells, is kept flagged `unparsed`."""
    years = [year_column(cells[0].text) if len(cells) == len(columns) else None for cells, _ in lines]
    # a row of growth over the years (年均增长（%） under 2020年 … 2025年): read as a growth column beside them, its
    # year and kind given with theirs
    growth = [_growth_row(cells, len(columns)) if year is None else None
              for (cells, _), year in zip(lines, years, strict=True)]
    assign([y for y in years if y is not None] + [g for g in growth if g is not None])
    # a row of each column's attribute (属性 | 约束性 | 预期性 …): the columns' indicators', not a row of values
    attributes = [""] * len(columns)
    for (cells, _), year in zip(lines, years, strict=True):
        role = header_role(cells[0].text) if year is None and len(cells) == len(columns) else None
        if role is not None and role.role == "attribute":
            attributes = ["", *(table_vocab()["attribute_words"].get(squash(c.text), "") for c in cells[1:])]
    out: list[ParsedRow] = []
    last = next(c for c in reversed(columns) if c.role == "value")  # (a 备注 column last holds no values)
    for (cells, span), year, grow in zip(lines, years, growth, strict=True):
        if year is None and any(attributes) and (role := header_role(cells[0].text)) is not None \
                and role.role == "attribute":
            continue  # (read into the columns' rows above)
        if year is None and grow is not None:
            year = grow
        if year is None:
            out.append(ParsedRow(rowno=None, category="", label=cells[0] if cells else None, unit=None,
                                 attribute="", notes=[], values=[(last, c) for c in cells[1:]] or [(last, None)],
                                 flags=["unparsed"], span=span))
            continue
        for col, cell, name, attribute in zip(columns[1:], cells[1:], header[1:], attributes[1:], strict=True):
            if col.role == "note":
                continue  # (备注: 快报数, a remark on the row's year)
            # (a growth row's rates keep their own unit, never the column's 元/人·月)
            value_col = replace(year, unit=col.unit) if col.unit and not year.growth else year
            if col.growth and not year.growth:  # (a growth column's rate in each year: a rate, never a level)
                value_col = replace(value_col, growth=True, unit=col.unit or "%")
            out.append(ParsedRow(rowno=None, category="", label=name, unit=None, attribute=attribute,
                                 notes=[f"transposed table: the row of {cells[0].text}"] + (
                                     [f"named on line {name.line}, the legend of the header's numbers"]
                                     if header and name.line != header[0].line else []),
                                 values=[(value_col, cell)], span=span, label_text=col.header))
    return out


def _growth_row(cells: list[Cell], width: int) -> Column | None:
    """The growth column a transposed table's row stands for when its first cell names a growth with no year
    (年均增长（%）, 增幅), or None."""
    if len(cells) != width or not cells:
        return None
    col = header_role(cells[0].text)
    if col is None or col.role != "value" or not col.growth or col.year is not None:
        return None
    return replace(col, header=squash(cells[0].text))


def merge_wrapped_header(top: list[Cell], low: list[Cell]) -> list[Cell] | None:
    """A header whose cells wrap onto a second line of words (基本康复服务 over 覆盖率(%), 2020年 | 指标 over
    (现状) | 性质): each word of the second line joined to the cell above it, counting from the right (the first
    columns may have nothing below them); None when the second line holds a number or more cells than the first."""
    if not low or len(low) > len(top) or any(numericish(c.text) != "text" for c in low):
        return None
    lead = len(top) - len(low)
    return top[:lead] + [Cell(squash(a.text + b.text), a.start, a.end, a.line)
                         for a, b in zip(top[lead:], low, strict=True)]
