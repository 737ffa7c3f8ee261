"""Where a table header starts: the header at a line of any layout (separated cells, spaced cells, glued words,
one cell per line), tried in order from the most specific; None when the line opens no table.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .numbers import NONE_MARKS, canonical_unit
from .table_body import _Header, _Lines
from .table_boxes import boxed_span_header
from .table_crosstab import first_names_rows, rows_word
from .table_layouts import Cell, Column, _header_role, glued_header, header_role, is_header, squash, without_latin_tail
from .table_layouts import vocab as table_vocab
from .table_line_headers import (
    _category_names_rows,
    _grid_crosstab_header,
    _grid_header,
    _grouped_header,
    _join_split_header_cells,
    _merge_grid_line,
    _merge_second_line,
    _names_columns,
    _rows_word_header,
    _stacked_header,
    _years_alone_header,
    grid_lines_header,
)
from .table_rows import numericish
from .table_ruled_headers import ruled_header
from .table_spaced import header_words
from .table_spaced_headers import _DIGIT_RE, _crosstab_header, _spaced_header_at

_RULE_NEAR = re.compile(r"\S.*[─━═]{4,}|[─━═]{4,}.*\S")  # (a rule beside words on a header line)


def _header_at(k: int, doc: _Lines) -> _Header | None:
    """The table header starting at line index k, if there is one (a second header line is merged in)."""
    cells = doc.cells[k]
    if not cells:
        return None
    if len(cells) >= 2:
        grouped = _grouped_header(k, doc)
        if grouped is None and not _names_columns(cells):
            return boxed_span_header(k, doc) or _stacked_header(k, doc) \
                or _crosstab_header(k, doc, [c for c in cells if c.text], "lines") or _grid_header(k, doc, cells) \
                or _years_alone_header(k, doc, cells) or _grid_crosstab_header(k, doc, cells) \
                or _rows_word_header(k, doc, cells) or grid_lines_header(k, doc, cells)
        tall = grid_lines_header(k, doc, cells) if grouped is None else None
        if tall is not None:  # (序号 | 指标 | “十四五”规划目标 | | 实施进展 | … over two more lines of a grid)
            return tall
        if grouped is None:
            cols = _category_names_rows([header_role(c.text) for c in cells if c.text])  # type: ignore[misc]
            # (its cells kept for a header of measures over rows of years: 项目 | 城乡低保对象(人) | … over 2023年完成)
            head = _Header(cols, "lines", k + 1, cells=[c for c in cells if c.text] if len(cols) > 2 else [])
        else:
            head = grouped
        nxt = doc.nonblank_from(head.body_start)
        if nxt < len(doc.text) and doc.cells[nxt]:
            low: list[Cell] = doc.cells[nxt]  # type: ignore[assignment]
            grid_first = grouped is None and abs(len(low) - len(cells)) <= 2 and any(not c.text for c in low)
            if grid_first:
                _merge_grid_line(head, cells, low, nxt)  # cell by cell first: the empty cells say where each sits
            if head.body_start == k + 1:
                _merge_second_line(head, low, nxt)
            if head.body_start == k + 1 and grouped is None and not grid_first:
                _merge_grid_line(head, cells, low, nxt)  # (tried above already when grid_first: same inputs)
        return head
    spaced = ruled_header(k, doc) if _RULE_NEAR.search(doc.text[k]) or any(
        _RULE_NEAR.search(doc.text[j]) for j in range(k + 1, min(k + 3, len(doc.text)))) else None
    spaced = spaced or _spaced_header_at(k, doc)
    if spaced is not None:
        return spaced
    glued = glued_header(cells[0].text)
    if glued:
        head = _Header(glued, "glued", k + 1)
        nxt = doc.nonblank_from(k + 1)
        if nxt < len(doc.text) and doc.cells[nxt]:
            _merge_second_line(head, doc.cells[nxt], nxt)  # type: ignore[arg-type]
        return head
    return _cells_header(k, doc) or _cells_crosstab_header(k, doc) or _cells_grouped_header(k, doc) \
        or _cells_spanned_header(k, doc)


MAX_MEASURE_WORD = 10  # characters of a one-cell header word naming what a column counts (保障对象, 资金支出)


MIN_CROSSTAB_ROWS = 2  # rows a one-cell-per-line cross-tab's header must be borne out by


def _cells_crosstab_header(k: int, doc: _Lines) -> _Header | None:
    """A header printed one cell per line whose first cell names the rows and the others what each column counts,
    in words no vocabulary holds (项目 / 保障对象 / 资金支出 / 同比): read only when the lines after it bear it out,
    a label then a figure (or a dash) under each column, at least twice."""
    first = _one_cell(doc, k)
    if first is None or len(first.text) > MAX_MEASURE_WORD:
        return None  # (asked of every one-cell line: a line of running text is no header cell)
    role = _header_role(first.text)
    if first is None or not (first_names_rows(first.text) or (role is not None and role.role == "indicator")
                             or (role is None and _over_parts(doc, k))):
        return None
    words, j = [], doc.nonblank_from(k + 1)
    while (c := _one_cell(doc, j)) is not None and not _DIGIT_RE.search(c.text) and len(c.text) <= MAX_MEASURE_WORD:
        words.append(c)
        j = doc.nonblank_from(j + 1)
    if len(words) < 3:
        return None
    after = _one_cell(doc, j)
    if after is not None and not _DIGIT_RE.search(after.text):
        label_line, heads = j, words  # (a first row's label longer than a header word: 一、本年新收申请数量)
    else:
        label_line, heads = [i for i in range(k + 1, j) if doc.cells[i]][-1], words[:-1]  # (the last word is it)
    measures = _units_folded(heads)
    marked = _empty_cells_marked(doc, label_line, len(measures) + 1)
    if not _crosstab_rows_bear_out(doc, label_line, len(measures) + 1):
        for j in marked:
            doc.cells[j] = []
        return None
    cols = [Column("indicator", first.text)]
    for w, unit in measures:
        known = header_role(w.text)
        cols.append(known if known is not None and known.role == "value" and not unit
                    else Column("value", w.text + (f"({unit})" if unit else ""), measure=w.text, unit=unit))
    return _Header(cols, "cells", label_line)


def _over_parts(doc: _Lines, k: int) -> bool:
    """Whether the one-cell line k is a word over the parts after it: a blank line (its spanning cell's empty
    cells) then words whose last is a total (申请人情况 / (blank) / 自然人 / 法人或其他组织 / 总计)."""
    if k + 1 >= len(doc.text) or doc.text[k + 1].strip().strip("|｜"):
        return False
    words, j = [], doc.nonblank_from(k + 1)
    while (c := _one_cell(doc, j)) is not None and not _DIGIT_RE.search(c.text) and len(c.text) <= MAX_MEASURE_WORD:
        words.append(squash(c.text))
        j = doc.nonblank_from(j + 1)
    return any(w in table_vocab()["total_words"] for w in words[1:])


_UNIT_ALONE_RE = re.compile(r"[(（]([^()（）]{1,8})[)）]")


def _units_folded(words: list[Cell]) -> list[tuple[Cell, str]]:
    """Header words one per line, each with the unit printed alone on the line under it (城市低保对象 / （人）), or
    "" when none is."""
    out: list[tuple[Cell, str]] = []
    for w in words:
        m = _UNIT_ALONE_RE.fullmatch(w.text)
        if m is not None and out and not out[-1][1] and canonical_unit(m.group(1)) is not None:
            out[-1] = (out[-1][0], m.group(1))
        else:
            out.append((w, ""))
    return out


def _crosstab_rows_bear_out(doc: _Lines, at: int, width: int) -> bool:
    """Whether MIN_CROSSTAB_ROWS rows of `width` one-cell lines follow from line index `at`, each a label then a
    figure, a dash or an empty cell under each column."""
    for _ in range(MIN_CROSSTAB_ROWS):
        cells = []
        i = at
        for _ in range(width):
            c = _one_cell(doc, i)
            if c is None:
                return False
            cells.append(c)
            i = doc.nonblank_from(i + 1)
        if not cells[0].text or _DIGIT_RE.search(cells[0].text) \
                or not all(_DIGIT_RE.search(c.text) or c.text in NONE_MARKS or not c.text for c in cells[1:]):
            return False
        at = i
    return True


def _empty_cells_marked(doc: _Lines, k: int, width: int) -> list[int]:
    """Mark as an empty cell each single blank line between two figures of a one-cell-per-line table whose rows
    no blank line parts (岍城区 / 2106 / (blank) / 418: a web table's empty cell), from its first row at line index k
    to the end of its run of one-cell lines."""
    end = k + width
    if end >= len(doc.text) or not doc.cells[end]:  # (a blank line after the first row: blank lines part the rows)
        return []
    j, marked = k + 1, []
    while j + 1 < len(doc.text) and (doc.cells[j] or doc.cells[j + 1]):
        one = _one_cell(doc, j - 1)
        nxt = _one_cell(doc, j + 1)
        if not doc.text[j].strip() and one is not None and nxt is not None \
                and _DIGIT_RE.search(one.text) and _DIGIT_RE.search(nxt.text):
            doc.cells[j] = [Cell("", doc.offsets[j], doc.offsets[j], j + 1)]
            marked.append(j)
        elif doc.cells[j] and _one_cell(doc, j) is None:
            break  # (a line of several cells: the one-cell run is over)
        j += 1
    return marked


MAX_GROUPED_WORDS = 24  # header words of a one-cell-per-line header with groups over repeated parts


def _cells_grouped_header(k: int, doc: _Lines) -> _Header | None:
    """A header printed one cell per line whose first cell names the rows, then G group words, then the same m
    words under each group (月份 / 民政事业费支出 / 福利彩票销售 / 本月 / 累计 / 同比增长(%) / 本月 / 累计 /
    同比增长(%)): a column per group and part, named by both; read when the lines after it bear it out (a label,
    then a figure or a dash under each column, twice)."""
    first = _one_cell(doc, k)
    if first is None or len(first.text) > MAX_MEASURE_WORD or not first_names_rows(first.text):
        return None
    words, j = [], doc.nonblank_from(k + 1)
    while (c := _one_cell(doc, j)) is not None and not _DIGIT_RE.search(_PARENS_RE.sub("", c.text)) \
            and len(c.text) <= MAX_MEASURE_WORD and len(words) < MAX_GROUPED_WORDS:
        words.append(c)
        j = doc.nonblank_from(j + 1)
    for label_first in (False, True):  # (a first row's label without a figure, 第一季度, reads as one more word)
        if label_first:
            words = words[:-1]
        texts = [squash(c.text) for c in words]
        shape = next(((g, (len(texts) - g) // g) for g in range(2, len(texts) // 3 + 1)
                      if (len(texts) - g) % g == 0 and (len(texts) - g) // g >= 2
                      and texts[g:] == texts[g:g + (len(texts) - g) // g] * g), None)
        if shape is not None:
            break
    if shape is None:
        return None
    j = doc.nonblank_from(words[-1].line)  # (Cell.line counts from 1: the index of the line after the last word)
    groups, parts = texts[:shape[0]], texts[shape[0]:shape[0] + shape[1]]
    cols = [Column("indicator", first.text)]
    for g in groups:
        for p in parts:
            col = header_role(p) or Column("value", p, measure=p)
            if col.role != "value":
                return None
            cols.append(replace(col, header=f"{g}{p}", measure=g if (col.growth or col.change) else g + col.measure))
    return _Header(cols, "cells", j) if _rows_bear_out(doc, j, len(cols)) else None


_PARENS_RE = re.compile(r"[(（][^()（）]*[)）]")
MAX_SPANNED_LINES = 60  # lines of a one-cell-per-line header with empty cells under its spanning words


def _empty_cell_line(doc: _Lines, j: int) -> bool:
    """A line of a web table flattened one cell per line that holds only the cell mark of an empty cell (|)."""
    return j < len(doc.text) and doc.text[j].strip() in ("|", "｜")


def _spanning_words(doc: _Lines, k: int) -> list[list] | None:
    """[word cell, cells it spans] of the one-cell lines after line k, each empty cell mark (|) widening the word
    before it, up to the first word a role holds (单位) or a figure."""
    groups: list[list] = []
    for j in range(k + 1, min(len(doc.text), k + MAX_SPANNED_LINES)):
        if _empty_cell_line(doc, j):
            if groups:
                groups[-1][1] += 1
        elif (c := _one_cell(doc, j)) is not None and not _DIGIT_RE.search(c.text):
            if header_role(c.text) is not None and sum(g[1] for g in groups) >= 2:
                break  # (单位: the line of units under the header)
            groups.append([c, 1])
        elif doc.text[j].strip():
            break
    return groups


def _cells_spanned_header(k: int, doc: _Lines) -> _Header | None:
    """A web table's header flattened one cell per line, its spanning words each followed by the empty cells
    they span (地区 / 城市最低生活保障 / | / | / 农村最低生活保障 / … then 保障人数 / 当月支出 / 保障标准 …),
    perhaps a line of units (单位 / 人 / 万元 …): a column per word of the lower line, named by the word above it;
    read when the spans add up to the lower words and the lines after it bear it out (a label, then a figure or
    a dash under each column, twice)."""
    first = _one_cell(doc, k)
    if first is None or not first_names_rows(squash(first.text)):
        return None
    groups = _spanning_words(doc, k) or []
    spanning = [i for i, g in enumerate(groups) if g[1] > 1]
    if not spanning:
        return None
    tops, lows = groups[:spanning[-1] + 1], [g[0] for g in groups[spanning[-1] + 1:]]
    widths = [g[1] for g in tops]
    extra = sum(widths) - len(lows)
    if len(lows) < 2 or extra < 0 or extra >= widths[-1]:
        return None
    widths[-1] -= extra  # (the last word's empty cells run on into the row's end)
    names = [g[0].text for g, w in zip(tops, widths, strict=True) for _ in range(w)]
    cols = [Column("indicator", squash(first.text))]
    for top, low in zip(names, lows, strict=True):
        own = header_role(squash(low.text))
        col = own if own is not None and own.role == "value" else Column("value", squash(low.text))
        cols.append(replace(col, header=squash(top + low.text), measure=squash(top + (col.measure or low.text))))
    at = _units_line(doc, doc.nonblank_from(lows[-1].line), cols)
    if at is None or not _rows_bear_out(doc, at, len(cols)):
        return None
    return _Header(cols, "cells", at)


def _units_line(doc: _Lines, at: int, cols: list[Column]) -> int | None:
    """The index of the first row after a one-cell-per-line line of units (单位 / 人 / 万元 …) at line index at, the
    units given to the value columns in order; `at` itself when there is no such line; None when it is cut short."""
    head = _one_cell(doc, at)
    if head is None or squash(head.text) not in ("单位", "计量单位"):
        return at
    nxt = doc.nonblank_from(at + 1)
    for c in cols[1:]:
        u = _one_cell(doc, nxt)
        if u is None or canonical_unit(u.text) is None:
            return None
        c.unit = u.text
        nxt = doc.nonblank_from(nxt + 1)
    return nxt


def _rows_bear_out(doc: _Lines, at: int, width: int) -> bool:
    """Whether MIN_CROSSTAB_ROWS rows of `width` one-cell lines from line index at each hold a label, then a
    figure or a dash in every other cell."""
    for _ in range(MIN_CROSSTAB_ROWS):
        cells = []
        for _ in range(width):
            c = _one_cell(doc, at)
            if c is None:
                return False
            cells.append(c)
            at = doc.nonblank_from(at + 1)
        if numericish(cells[0].text) != "text" or not all(numericish(c.text) in ("value", "none")
                                                           or c.text in NONE_MARKS for c in cells[1:]):
            return False
    return True


def _one_cell(doc: _Lines, j: int) -> Cell | None:
    """The one cell of line index j, or None (past the end, a blank, or a line of several cells)."""
    if j >= len(doc.cells) or not doc.cells[j] or len(doc.cells[j]) != 1:  # type: ignore[arg-type]
        return None
    return doc.cells[j][0]  # type: ignore[index]


def _cells_header(k: int, doc: _Lines) -> _Header | None:
    """A header printed one cell per line from line index k (序号 / 指标 / 单位 / 2020年 …), or None."""
    cols: list[Column] = []
    split = False
    j = k
    while j < len(doc.cells):
        cl = doc.cells[j]
        if not cl:
            j += 1
            continue
        if len(cl) != 1 and not all(not c.text for c in cl[1:]):
            break
        col = _header_role(cl[0].text)  # cached and shared: copied below only for a header
        unit = _UNIT_ALONE_RE.fullmatch(cl[0].text) if col is None and cols else None
        if unit is not None and cols[-1].role == "value" and not cols[-1].unit \
                and canonical_unit(unit.group(1)) is not None:
            cols[-1] = replace(cols[-1], unit=unit.group(1), header=cols[-1].header + cl[0].text)
            j += 1  # (总投资 / （万元）: the unit of the column above, printed on its own line)
            continue
        words = _header_line_words(cl[0].text, doc, j) if col is None else None
        if not cols and words is None:
            col = _rows_named(cl[0].text, col, doc, j)
        if words is not None:  # 序号 指标名称(单位) over 2020年 2025年 指标属性: several cells on each line
            n = len(words)
            years = cols[-n:] if len(cols) >= n else []
            if years and all(c.role == "value" and c.year is not None and not c.kind for c in years) \
                    and all(w.role == "value" and w.year is None and w.kind and not (w.growth or w.change)
                            for w in words):
                # (2022-23 2023-24 2024-25 over (实际) (实际) (预算): each year's kind under it)
                cols[-n:] = [replace(y, kind=w.kind, header=f"{y.header} {w.header}") for y, w in zip(years, words,
                                                                                                   strict=True)]
                split = True
                j += 1
                continue
            cols.extend(words)
            split = True
            j += 1
            continue
        if col is None and len(cols) >= 2 and _names_a_value(cl[0].text):
            return None  # 1-x月完成数: a header word unknown here, never a body cell (the columns would slip)
        # (项目 | 捐款(万元) | 物资折价(万元): columns of measures; after year columns, a measure is a row's label)
        names_rows = bool(cols) and cols[0].header in table_vocab()["row_name_words"] \
            and not any(c.year is not None for c in cols)
        if col is not None and col.part_year and cols and cols[0].header in table_vocab()["part_row_words"]:
            break  # 季度 | … then 第一季度: the first row's name, not a column
        if col is None or (col.measure and col.year is None and col.year_offset is None and not names_rows
                           and col.measure not in table_vocab()["total_words"]  # (… | 四季度 | 全年: a column)
                           and col.measure not in table_vocab()["measure_words"]):  # (总投资（亿元）: a column)
            # one cell per line: 床位数(张) is a row's label with its unit, not a column (1-6月 is one), unless
            # the first cell names the rows (季度 | 捐款(万元) | 物资折价(万元): columns of what they measure)
            break
        cols.append(col)
        last_word, j = j, j + 1
    if cols and cols[-1].measure in table_vocab()["total_words"] and not split:
        nxt = _one_cell(doc, doc.nonblank_from(j))
        if nxt is not None and numericish(nxt.text) == "value":
            cols, j = cols[:-1], last_word  # (… | 比上年增长(%) then 合计 over its figures: the first row's label)
    cols = _join_split_header_cells(cols) if len(cols) >= 3 else cols
    if len(cols) >= 3 and is_header(cols) and cols[0].role in ("rowno", "category", "indicator"):
        return _Header(cols, "cells", j, split=split)
    return None


def _rows_named(text: str, col: Column | None, doc: _Lines, j: int) -> Column | None:
    """The first cell of a one-cell-per-line header as the rows' names when it says so in words no role holds
    (个案类别 Case nature: a row-naming word, its gloss left out), or when a plain value word stands over a year
    (计划 Scheme then 2021年: the schemes are the rows); else its own column."""
    if col is None:
        word = rows_word(text)
        return Column("indicator", word) if word else None
    word = without_latin_tail(text)
    if col.role != "value" or col.year is not None or col.growth or col.change or col.progress:
        return col
    nxt = _one_cell(doc, doc.nonblank_from(j + 1))
    after = _header_role(nxt.text) if nxt is not None else None
    return Column("indicator", word) if after is not None and after.role == "value" and after.year is not None \
        and not after.kind else col


MAX_HEADER_LINE_WORDS = 60  # characters of one line of a header printed over several lines


def _header_line_words(text: str, doc: _Lines, j: int) -> list[Column] | None:
    """The columns of a one-cell header line of space-separated words that each name a column, or None."""
    if " " not in text.strip() or len(text) > MAX_HEADER_LINE_WORDS:
        return None  # (asked of every one-cell line: a line of running text is longer than a header's words)
    found = header_words(doc.text[j], doc.offsets[j], j + 1)
    return [replace(c) for c in found[0]] if found is not None and len(found[0]) >= 2 else None


_MAX_HEADER_WORD = 12


def _names_a_value(text: str) -> bool:
    """Whether a cell that names no known column still reads like a value column's header (a kind word in a
    short cell without a figure: 1-6月实际完成数, 年度完成值(%)): a header this reader does not know."""
    words = table_vocab()["value_words"]
    return len(text) <= _MAX_HEADER_WORD and numericish(text) == "text" \
        and any(w in text for kind in ("target", "actual", "baseline", "progress") for w in words[kind])
