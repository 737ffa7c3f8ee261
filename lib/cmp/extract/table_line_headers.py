"""Table headers printed as separated cells over one or two lines (`|`, tabs, box rules): a second line merged
into the first (基期值 | 目标值 over 2020年 | 2025年), a grid header merged cell by cell with its empty cells, a
word split over two lines (指标 over 属性), a line grouping the columns under it (2025年 over 目标值 | 实际值).
Column roles come from the layout vocabulary, never from positions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .numbers import canonical_unit
from .scope_vocab import scope_words
from .table_body import _Header, _Lines
from .table_crosstab import body_fits, crosstab_columns, first_names_rows, rows_word, year_column
from .table_headers import groups_columns, merge_grouped_header, scope_line, split_by_scope
from .table_layouts import Cell, Column, _header_role, header_role, is_header, squash, task_targets, years_line
from .table_layouts import vocab as table_vocab
from .table_rows import numericish
from .table_spaced import merge_header_lines, value_header_line

_NUMBER_CELL_RE = re.compile(r"[-+−－]?[\d.,，]+[%％]?")


def _stacked_header(k: int, doc: _Lines) -> _Header | None:
    """A header whose cells are printed on two lines, one word split across them (指标 over 属性, 2020年 over
    现状值): the two lines have the same cells, and each column's two parts read together name it."""
    if any(_NUMBER_CELL_RE.fullmatch(c.text) for c in doc.cells[k]):  # type: ignore[union-attr]
        return None  # a bare number: a body row, not a header
    nxt = doc.nonblank_from(k + 1)
    if nxt >= len(doc.text) or not doc.cells[nxt] or len(doc.cells[nxt]) != len(doc.cells[k]):  # type: ignore[arg-type]
        return None
    if any(_NUMBER_CELL_RE.fullmatch(c.text) for c in doc.cells[nxt]):  # type: ignore[union-attr]
        return None
    joined = [Cell(a.text + b.text, a.start, a.end, a.line)
              for a, b in zip(doc.cells[k], doc.cells[nxt], strict=True)]  # type: ignore[arg-type]
    if not all(c.text for c in joined) or not _names_columns(joined):
        return None
    cols: list[Column] = [header_role(c.text) for c in joined]  # type: ignore[misc]
    below = doc.nonblank_from(nxt + 1)
    parts = _parts_below(cols, doc.cells[below]) if below < len(doc.text) else None  # type: ignore[arg-type]
    if parts is not None:  # (基期值 / （2020年） over 城镇 | 农村 on a third line of the grid)
        return _Header(parts, "lines", below + 1)
    return _Header(cols, "lines", nxt + 1)


def _parts_below(cols: list[Column], low: list[Cell] | None) -> list[Column] | None:
    """The columns of a header whose value columns each split into the same parts on the line below
    (基期值（2020年） | 目标值（2025年） over 城镇 | 农村 | 城镇 | 农村, the other columns' cells left empty), each part
    named by both; None when the line below is no such line."""
    values = [i for i, c in enumerate(cols) if c.role == "value"]
    if not low or not values or values != list(range(values[0], values[-1] + 1)):
        return None
    lead, trail = values[0], len(cols) - values[-1] - 1
    m = len(low) - lead - trail
    if m <= len(values) or m % len(values) or any(c.text for c in low[:lead] + low[len(low) - trail:]):
        return None
    words = [squash(c.text) for c in low[lead:lead + m]]
    if not all(words) or any(_DIGITS_RE.search(w) for w in words):
        return None
    n = m // len(values)
    out = cols[:lead]
    for i, v in enumerate(values):
        out += [replace(cols[v], header=cols[v].header + w, measure=cols[v].measure + w)
                for w in words[i * n:(i + 1) * n]]
    return out + cols[values[-1] + 1:]


def _grid_header(k: int, doc: _Lines, cells: list[Cell]) -> _Header | None:
    """A two-line header of separated cells whose first line names no columns alone (指标名称 | 单位 | 规划指标 | |
    年均增长 over | | 2020年 | 2025年 | (%)): read when the two merged cell by cell name every column."""
    if not any(not c.text for c in cells) or any(_NUMBER_CELL_RE.fullmatch(c.text) for c in cells):
        return None  # (a body row holds a bare number; a header over a grid line leaves a cell to the next)
    nxt = doc.nonblank_from(k + 1)
    low = doc.cells[nxt] if nxt < len(doc.cells) else None
    if not low or not any(not c.text for c in low):
        return None
    head = _Header([], "lines", k + 1)
    _merge_grid_line(head, cells, low, nxt)
    return head if head.body_start == nxt + 1 else None


def _grouped_header(k: int, doc: _Lines) -> _Header | None:
    """Lines k and the next as one header when the first groups columns (2025年 over 目标值 | 实际值)."""
    top = [c.text for c in doc.cells[k] or []]
    if not groups_columns(top):
        return None  # (asked before the next line's texts are built: most lines of a long table are body rows)
    nxt = doc.nonblank_from(k + 1)
    low = doc.cells[nxt] if nxt < len(doc.cells) else None
    merged = merge_grouped_header(top, [c.text for c in low]) if low else None
    if merged is None:
        return None
    return _Header([header_role(t) for t in merged if t], "lines", nxt + 1)  # type: ignore[arg-type]


def _names_columns(cells: list[Cell]) -> bool:
    """True when every non-empty cell of a line names a column and together they make a header."""
    probe = []  # cached and shared: copied only for a header
    for c in cells:
        if not c.text:
            continue
        role = _header_role(c.text)
        if role is None:
            return False  # a body row: the first cell that names no column (its row number) ends the probe
        probe.append(role)
    return is_header(_category_names_rows(probe))


def _category_names_rows(cols: list[Column]) -> list[Column]:
    """A header with no indicator column whose first column is a category (类型 | 2021年末 | 2022年末): the
    category names the rows, as an indicator column does; a header with two (项目 | 指标名称 | 单位 | …): the first
    groups the rows, a category."""
    cols = task_targets(cols)
    if len(cols) > 2 and cols[0].role == "attribute" and cols[1].role == "category" \
            and all(c.role != "indicator" for c in cols):
        # (性质 | 类别 | 机构数（家）: the first column groups the rows (公办, 民办), the second names them)
        return [Column("category", cols[0].header), Column("indicator", cols[1].header), *cols[2:]]
    if cols and cols[0].role == "note" and all(c.role != "indicator" for c in cols) \
            and first_names_rows(cols[0].header):
        return [Column("indicator", cols[0].header), *cols[1:]]  # (资金来源 | 2021年 | …: the rows' sources)
    if cols and cols[0].role == "category" and all(c.role != "indicator" for c in cols):
        return [Column("indicator", cols[0].header), *cols[1:]]
    if len(cols) > 2 and cols[0].role == cols[1].role == "indicator" \
            and all(c.role != "indicator" for c in cols[2:]):  # (the two side by side, first: 项目 | 指标名称)
        return [Column("category", cols[0].header), *cols[1:]]
    return cols


MAX_COMPARED_PIECES = 3  # lines of one header cell comparing two years (2023年比 / 2022年 / 增减%)


def _compared_cells_joined(cols: list[Column]) -> list[Column]:
    """One-cell-per-line header columns with a comparison printed over several lines joined (2023年比 / 2022年 /
    增减%: one growth column), when the pieces read together name a growth or change column."""
    out: list[Column] = []
    k = 0
    while k < len(cols):
        c = cols[k]
        if squash(c.header).endswith(("比", "较")):
            text = squash(c.header)
            for j in range(k + 1, min(len(cols), k + MAX_COMPARED_PIECES)):
                text += squash(cols[j].header)
                joined = header_role(text)
                if joined is not None and (joined.growth or joined.change):
                    out.append(joined)
                    k = j + 1
                    break
            else:
                out.append(c)
                k += 1
            continue
        out.append(c)
        k += 1
    return out


def _join_split_header_cells(cols: list[Column]) -> list[Column]:
    """Copies of one-cell-per-line header columns, where a bare year followed by a kind word with no year
    (2015年 / 目标值), or two words that make one header word of another role (指标 / 属性), are one header
    cell printed on two lines."""
    out: list[Column] = []
    for c in _compared_cells_joined(cols):
        prev = out[-1] if out else None
        joined = header_role(squash(prev.header + c.header)) if prev is not None and prev.role != "value" else None
        if (prev is not None and prev.role == c.role == "value" and prev.year_role_inferred and c.kind
                and c.year is None and not c.growth and not c.change):
            out[-1] = replace(prev, header=f"{prev.header} {c.header}", kind=c.kind, year_role_inferred=False)
        elif prev is not None and prev.role == "value" and prev.year_role_inferred and c.role == "status" \
                and any(w in c.header for w in table_vocab()["value_words"]["actual"]):
            # 2023年 / 完成情况: the year's column of what was done
            out[-1] = replace(prev, header=f"{prev.header} {c.header}", kind="actual", year_role_inferred=False)
        elif joined is not None and (joined.role not in ("value", prev.role) or (
                joined.role == prev.role == c.role
                and squash(prev.header + c.header) in table_vocab()["header_roles"].get(c.role, []))):
            # 指标 / 属性, 进展 / 评价: the words of one header cell (指标属性, 进展评价) printed on two lines
            out[-1] = joined
        else:
            out.append(replace(c))
    return out


def _merge_second_line(head: _Header, cells: list[Cell], index: int) -> None:
    """A header printed on two lines (基期值 | 目标值 over 2020年 | 2025年): merge the second into the first."""
    scopes = scope_line([c.text for c in cells]) if head.layout != "glued" else None
    split = split_by_scope(head.columns, scopes) if scopes else None
    if split is not None:  # 2020年 | 2025年 over 城市 | 农村 | 城市 | 农村 (asked first: a scope names a column too)
        head.columns = split
        head.body_start = index + 1
        return
    if head.layout == "glued":
        years = years_line(cells[0].text) if len(cells) == 1 else None
        second = value_header_line(cells) if years else None
    else:
        second = value_header_line(cells)
    if not second:
        return
    merged = merge_header_lines(head.columns, second)
    if merged is not None:
        head.columns = merged
        head.body_start = index + 1


def _merge_grid_line(head: _Header, top: list[Cell], low: list[Cell], index: int) -> None:
    """A header of separated cells printed on two lines, empty cells kept (| 2025年 | | over | 目标值 | 年均增长 |):
    the two lines merged cell by cell, each column named by its two parts read together, when every column then
    names one and the second line holds no figure."""
    if abs(len(top) - len(low)) > 2 or any(_NUMBER_CELL_RE.fullmatch(c.text) for c in low) \
            or not any(c.text for c in low):
        return
    if len(top) != len(low):  # (a line's last empty cells left out when it ends without a separator)
        longer = top if len(top) > len(low) else low
        if any(c.text for c in longer[min(len(top), len(low)):]) and longer is top:
            return
        pad = [Cell("", c.end, c.end, c.line) for c in longer[min(len(top), len(low)):]]
        top, low = (top + pad, low) if longer is low else (top, low + pad)
    cols, group = [], ""
    for i, (a, b) in enumerate(zip(top, low, strict=True)):
        spans = bool(a.text) and i + 1 < len(top) and not top[i + 1].text and bool(low[i + 1].text)
        over = a.text or (group if b.text else "")  # (规划目标 over 2023年 | 2025年: the group spans the empty cell)
        group = a.text if spans else group if not a.text else ""
        text = squash(over + b.text)
        if not text:
            continue
        spanned = spans or (not a.text and bool(over))
        col = (_under_group(over, b.text) if spanned else None) or header_role(text) \
            or (header_role(squash(b.text + over)) if over and b.text else None)
        if col is None:
            return
        cols.append(col)
    cols = _category_names_rows(cols)
    if is_header(cols):
        head.columns = cols
        head.body_start = index + 1


def _under_group(over: str, below: str) -> Column | None:
    """A bare year under a value group's word (规划目标 over 2020年 | 2025年): the year's column, its kind left to
    the plan period as merge_header_lines leaves it (a growth group makes it a growth); a word of what is counted
    under a dated value group (2024年预算数 over 合计 | 基本支出 | 项目支出): the group's column, the word its
    measure; None for other cells."""
    if not over or not below:
        return None
    group, year = header_role(over), header_role(below)
    if group is not None and group.role == "value" and squash(below) in scope_words("urban_rural", "sex"):
        # (调整幅度（%） over 城市 | 农村: the group's column for each scope, the scope kept as what it counts)
        return replace(group, header=f"{over} {below}", measure=group.measure + squash(below))
    if group is not None and group.role == "value" and group.year is not None and group.kind \
            and not (group.growth or group.change) and numericish(below) == "text" \
            and (year is None or (year.role != "value" or not (year.year or year.kind or year.growth or year.change))):
        return replace(group, header=f"{over} {below}", measure=squash(below))
    if group is None and (squash(over) in table_vocab()["year_row_words"] or year is not None and year.year):
        group = Column("value", over)  # (年別 over 2021 | 2022 | 2023, 规划指标 over 2020年 | 2025年: years as a group)
    if group is None or year is None or group.role != "value" or group.year is not None \
            or year.role != "value" or year.year is None or year.kind or year.growth or year.change:
        return None
    # (城市低保标准（元/人·月） over 2023年标准 | 2024年标准: the group's unit is each year's)
    return replace(year, header=f"{over} {below}", growth=group.growth, change=group.change,
                   unit=year.unit or group.unit)


MAX_GRID_LINES = 4  # lines of a grid header with empty cells under or beside its spanning words


def grid_lines_header(k: int, doc: _Lines, cells: list[Cell]) -> _Header | None:
    """A grid header of separated cells over three lines or more, empty cells kept (序号 | 指标 | “十四五”规划目标 | |
    实施进展 | | | 进展评价 over | | 2025年 | 属性 | 2022年 | 2023年 | 2024年 | over | | 目标值 | | | | 上半年 |): each
    column named by its words top-down, a word spanning the empty cells after it that the lines below fill, read by
    the shortest end of its words that names a column (实施进展 over 2022年: 2022年; 2025年 over 目标值: 2025年目标值);
    None unless every column is named and the line after holds a figure."""
    width = len(cells)
    first = header_role(cells[0].text) if cells[0].text else None
    names = bool(cells[0].text) and not _DIGITS_RE.search(cells[0].text) and (
        bool(rows_word(cells[0].text)) or (first is not None and first.role in ("rowno", "category", "indicator")))
    if not names or not any(not c.text for c in cells) or any(_NUMBER_CELL_RE.fullmatch(c.text) for c in cells):
        return None  # (报告期：2023年 | | 单位：万元 over the header: a line of notes, no header's first line)
    lines, j = [cells], doc.nonblank_from(k + 1)
    while j < len(doc.cells) and len(lines) < MAX_GRID_LINES and doc.cells[j] and len(doc.cells[j]) == width \
            and any(not c.text for c in doc.cells[j]) \
            and not any(_NUMBER_CELL_RE.fullmatch(c.text) for c in doc.cells[j]):  # type: ignore[union-attr]
        lines.append(doc.cells[j])  # type: ignore[arg-type]
        j = doc.nonblank_from(j + 1)
    if len(lines) < 3 or j >= len(doc.cells) or not doc.cells[j] \
            or not any(_DIGITS_RE.search(c.text) for c in doc.cells[j]):  # type: ignore[union-attr]
        return None
    cols: list[Column] = []
    for i in range(width):
        parts = [line[i].text for line in lines if line[i].text]
        if not lines[0][i].text:  # (a word of the first line spans the empty cells after it that lines below fill)
            over = next((lines[0][a].text for a in range(i - 1, -1, -1) if lines[0][a].text), "")
            parts = [over, *parts] if over and parts else parts
        col = part_of_group(parts[0], squash("".join(parts[1:]))) if len(parts) > 1 else None
        for start in range(len(parts)):
            if col is not None:
                break
            col = header_role(squash("".join(parts[start:])))
        if col is None:
            return None
        cols.append(col)
    cols = _category_names_rows(cols)
    return _Header(cols, "lines", j) if is_header(cols) else None


def part_of_group(over: str, below: str) -> Column | None:
    """A part of its own time role under a group word of what is counted (临时救助 over 本年累计 | 上年同期 | 同比增减):
    the part's column, the group its measure (and unit, 临时救助资金（万元）); None when the group has a time role of
    its own or the part none."""
    group, part = header_role(over), header_role(below)
    if part is None or part.role != "value" or part.year is not None \
            or (part.measure and part.year_offset is None) \
            or not (part.kind or part.year_offset is not None or part.growth or part.change) \
            or numericish(over) != "text":
        return None
    if group is not None and (group.role != "value" or group.year is not None or group.year_offset is not None
                              or group.kind or group.growth or group.change):
        return None
    m = _TRAILING_UNIT_RE.fullmatch(squash(over))
    unit = m.group(2)[1:-1] if m and canonical_unit(m.group(2)[1:-1]) is not None else ""
    return replace(part, header=squash(over + below), measure=(m.group(1) if unit else squash(over)) + part.measure,
                   unit=part.unit or unit)


_YEAR_CELL_RE = re.compile(r"(?:19|20)\d\d年?")  # (2 016 is a count with a space in its thousands)
MAX_ROWS_WORD = 12  # characters of a first header cell that names the rows in words no role holds


def _years_alone_header(k: int, doc: _Lines, cells: list[Cell]) -> _Header | None:
    """A header of separated cells whose first cell is empty or a word no role holds and the others dates, each
    of one year (\t2020\t2021\t2022, 家团人数 | 2022年12月 | 2023年12月: a Macau yearbook's): the first column
    names the rows, read when the next row bears it out (a label, then a figure, no year, under each date)."""
    first = squash(cells[0].text) if cells else ""
    if len(cells) < 3 or (first and (len(first) > MAX_ROWS_WORD or header_role(first) is not None
                                     or numericish(first) != "text")) \
            or any(_dated(c.text) is None for c in cells[1:]):
        return None
    nxt = doc.nonblank_from(k + 1)
    low = doc.cells[nxt] if nxt < len(doc.cells) else None
    if not low or len(low) != len(cells) or not low[0].text \
            or any(numericish(c.text) == "text" or _YEAR_CELL_RE.fullmatch(c.text) for c in low[1:]):
        return None
    cols = [Column("indicator", first or "指标"), *(header_role(c.text) for c in cells[1:])]
    if any(c is None or c.role != "value" for c in cols[1:]):
        return None
    return _Header(cols, "lines", k + 1)  # type: ignore[arg-type]


def _dated(text: str) -> Column | None:
    """The value column of a header cell that names a date of one year and nothing else (2020, 2022年12月)."""
    col = header_role(text)
    if col is None or col.role != "value" or col.year is None or col.growth or col.change or col.progress:
        return None
    return col


MAX_GRID_HEADER_LINES = 3  # lines of a cross-tab's header of separated cells
_DIGITS_RE = re.compile(r"\d")
_OF_WHICH_RE = re.compile(r"^(?:[#＃]|其中[:：]?)")  # #最低生活保障, 其中：…: a part of the column before it


def _grid_crosstab_header(k: int, doc: _Lines, cells: list[Cell]) -> _Header | None:
    """A cross-tab's header of separated cells over two or three lines (县（区） | 合计 | 社会救助 | | | over | | 小计 |
    #最低生活 | #特困人员 over | | | 保障 | 救助供养): each column named by its words top-down, a word of the first
    line spanning the empty cells after it when the lines below fill them; read when the first column names the
    rows, the others what they count, and the next line is a row."""
    if not cells or not cells[0].text or any(_NUMBER_CELL_RE.fullmatch(c.text) for c in cells):
        return None
    lines, j = [cells], doc.nonblank_from(k + 1)
    while j < len(doc.cells) and len(lines) < MAX_GRID_HEADER_LINES and doc.cells[j] \
            and len(doc.cells[j]) <= len(cells) and not doc.cells[j][0].text \
            and not any(_DIGITS_RE.search(c.text) for c in doc.cells[j]):  # type: ignore[union-attr]
        lines.append(doc.cells[j])  # type: ignore[arg-type]
        j = doc.nonblank_from(j + 1)
    while j < len(doc.cells) and doc.cells[j] is None:
        j = doc.nonblank_from(j + 1)  # (|---|: a Markdown table's rule under its header)
    if len(lines) < 2 or j >= len(doc.cells) or not doc.cells[j]:
        return None
    width = len(cells)
    grid = [[*line, *[Cell("", line[-1].end, line[-1].end, line[-1].line)] * (width - len(line))] for line in lines]
    names, group, parts = [], "", []
    for i in range(width):
        top = grid[0][i].text
        below = _OF_WHICH_RE.sub("", squash("".join(line[i].text for line in grid[1:])))
        if top:  # (社会救助 over 小计 | #最低生活保障 | …: the word spans the empty cells the lines below fill)
            spans = i + 1 < width and not grid[0][i + 1].text and any(line[i + 1].text for line in grid[1:])
            group = top if spans else ""
            names.append(_over_under(top, below) if below else squash(top))
            parts.append(part_of_group(top, below) if below and spans else None)
        else:  # (婚姻登记(对) over 结婚登记 | 离婚登记: the group's unit at the end, 婚姻登记结婚登记(对))
            names.append(_over_under(group, below) if below and group else squash(below))
            parts.append(part_of_group(group, below) if below and group else None)
    if any(not n for n in names):
        return None
    found = crosstab_columns(names)
    if found is None:
        return None
    cols, transposed = found
    # (临时救助 over 本年累计 | 上年同期: a part's own time role, the group what it counts)
    cols = [c if i == 0 or parts[i] is None or c.role != "value" else parts[i] for i, c in enumerate(cols)]
    row = list(doc.cells[j])  # type: ignore[arg-type]
    body = row if len(row) == len(cols) else [c for c in row if c.text]
    # (项目 over rows named by a year and a kind, 2023年实绩 | 2024年目标: the rows are the years, the columns the
    # indicators)
    transposed = transposed or (bool(body) and year_column(body[0].text) is not None)
    kept = [i for i, c in enumerate(cols) if c.role != "note"]  # (备注: remarks, a figure or none)
    if len(body) != len(cols) or not body_fits([body[i] for i in kept], [cols[i] for i in kept], transposed):
        return None
    return _Header(cols, "lines", j, cells=[Cell(n, c.start, c.end, c.line) for n, c in zip(names, cells, strict=True)],
                   transposed=transposed)


def _rows_word_header(k: int, doc: _Lines, cells: list[Cell]) -> _Header | None:
    """A header of separated cells whose first cell names the rows in words no role holds (服务类别, a row-naming
    word at its end, perhaps glossed) and whose other cells each name a column, values among them."""
    texts = [c for c in cells if c.text]
    first = rows_word(texts[0].text) if len(texts) >= 2 and _header_role(texts[0].text) is None else ""
    if not first:
        return None
    rest = [_header_role(c.text) for c in texts[1:]]
    if any(r is None for r in rest) or not any(r.role == "value" for r in rest if r is not None):
        return None
    cols = [Column("indicator", first), *(replace(r) for r in rest if r is not None)]
    return _Header(cols, "lines", k + 1, cells=texts) if is_header(cols) else None


_TRAILING_UNIT_RE = re.compile(r"(.*?)([(（][^()（）]+[)）])")


def _over_under(over: str, under: str) -> str:
    """The name of a column under a spanning cell: the two read together, a unit the upper one ends with kept at
    the end (投资（亿元） over 合计: 投资合计（亿元）)."""
    m = _TRAILING_UNIT_RE.fullmatch(squash(over))
    if m and "(" not in under and "（" not in under and canonical_unit(m.group(2)) is not None:
        return squash(m.group(1) + under + m.group(2))
    return squash(over + under)
