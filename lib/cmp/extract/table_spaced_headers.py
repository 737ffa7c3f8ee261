"""Table headers whose cells are set apart by runs of spaces: wrapped, stacked, spanning and three-line headers,
years above and kind words below, bare years alone, and cross-tab headers named by what each column counts. Words
are matched to the columns they lie over by display column (a CJK character is two columns wide).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .numbers import canonical_unit
from .table_body import _column_numbers, _Header, _Lines
from .table_crosstab import body_fits, crosstab_columns, first_names_rows, merge_wrapped_header, rows_word, year_column
from .table_layouts import WIDE_SPACE, Cell, Column, _header_role, header_role, is_header, squash, years_line
from .table_line_headers import _merge_second_line, _over_under
from .table_notes import _WHOLE_PARENS_RE, CJK_RE
from .table_rows import numericish
from .table_spaced import spaced_cells, spaced_header

_WIDE_GAP = re.compile(rf"\S(?:\s{{2,}}|{WIDE_SPACE})\S")


def _spaced_header_at(k: int, doc: _Lines) -> _Header | None:
    """A header of cells separated by spaces at line k (a second header line merged in), or a cross-tab's."""
    spaced = spaced_header(doc.text[k], doc.offsets[k], k + 1)
    if not spaced:
        wide = _letters_joined(_wide_cells(doc, k))  # (asked of every line of a spaced table's body: made once)
        if not wide and " " in doc.text[k].strip() and len(doc.text[k]) <= MAX_NARROW_HEADER \
                and first_names_rows(doc.text[k].split(maxsplit=1)[0]):
            # 年份 新增养老床位(张) 财政投入(万元) over 2021 820 9600: every single space separates the cells
            narrow = spaced_cells(doc.text[k], doc.offsets[k], k + 1, False, 1 << 30)
            return _crosstab_header(k, doc, narrow, "spaced", wide=False)
        return _crosstab_header(k, doc, wide, "spaced") or _wrapped_spaced_header(k, doc, wide) \
            or _stacked_spaced_header(k, doc, wide) or _header_over_three_lines(k, doc, wide) \
            or _years_only_header(k, doc, wide) or _rows_named_spaced(k, doc, wide) or _words_over_some(k, doc, wide)
    head = _Header(spaced[0], "spaced", k + 1, spaced[2], spaced[1])
    nxt = doc.nonblank_from(k + 1)
    if nxt < len(doc.text) and doc.cells[nxt] and len(doc.cells[nxt]) == 1:  # type: ignore[arg-type]
        second = spaced_cells(doc.text[nxt], doc.offsets[nxt], nxt + 1, True, len(head.columns))
        _merge_second_line(head, second, nxt)
    if head.body_start == k + 1 and k > 0 and doc.cells[k - 1]:
        # 2023年比 over 2022年 over 增减(%): a line that names columns alone may still wrap up and down
        head = _header_over_three_lines(k, doc, _wide_cells(doc, k)) or head
    if head.body_start == k + 1:  # 2020年 | 2025年 | 评估 over 基期 | 规划目标 | 结论: words under the last cells
        head = _wrapped_spaced_header(k, doc, _wide_cells(doc, k)) or _unit_under(head, doc, k) \
            or _spanning_spaced_line(head, doc, k) or head
    return _years_and_kinds_around(head, doc, k)


def _words_over_some(k: int, doc: _Lines, upper: list[Cell]) -> _Header | None:
    """A spaced header whose upper line holds words or years over some of its cells only (年 度 | 1-9月 | 完成率
    over 序号 指标名称 单位 目标 完成 （%） 进度评价): each upper word read with the one lower cell it lies over, by
    display column, the other lower cells alone; None unless every upper word lies over a cell of its own and every
    column is then named."""
    nxt = doc.nonblank_from(k + 1)
    if len(upper) < 2 or nxt >= len(doc.text) \
            or any(numericish(c.text) != "text" and years_line(c.text) is None for c in upper):
        return None  # (words or years: 2020年 | 2022年 | 2025年 | 评估 over 基期值 | 完成值 | 目标值 | 结论)
    low = _letters_joined(_wide_cells(doc, nxt))
    if len(low) <= len(upper) or any(numericish(c.text) != "text" for c in low):
        return None
    spans = [(_display_x(doc, nxt, c), _display_x(doc, nxt, c) + _display_width(doc, nxt, c)) for c in low]
    over: dict[int, Cell] = {}
    for c in upper:
        x0 = _display_x(doc, k, c)
        i = _best_span(spans, x0, x0 + _display_width(doc, k, c))
        if i in over or min(x0 + _display_width(doc, k, c), spans[i][1]) <= max(x0, spans[i][0]):
            return None  # (two words over one cell, or a word over none)
        over[i] = c
    units, body = _units_under(doc, nxt, spans)  # (完成 over 进度 over （%）: a unit under some of the cells)
    cols = [header_role((squash(over[i].text) if i in over else "") + squash(c.text) + units.get(i, ""))
            for i, c in enumerate(low)]
    if any(c is None for c in cols) or not is_header(cols):  # type: ignore[arg-type]
        return None
    return _Header(cols, "spaced", body, True, [Cell(squash(c.text), c.start, c.end, c.line) for c in low])  # type: ignore[arg-type]


def _units_under(doc: _Lines, k: int, spans: list[tuple[int, int]]) -> tuple[dict[int, str], int]:
    """The units printed alone on the line after header line k, each under one of the header's cells (by display
    column `spans`), and the index of the line the body starts at: ({}, k + 1) when that line is anything else."""
    nxt = doc.nonblank_from(k + 1)
    cells = spaced_cells(doc.text[nxt], doc.offsets[nxt], nxt + 1, True, 0) if nxt < len(doc.text) else []
    if not cells or _units_line(doc.text[nxt]) is None:
        return {}, k + 1
    units: dict[int, str] = {}
    for c in cells:
        x0 = _display_x(doc, nxt, c)
        i = _best_span(spans, x0, x0 + _display_width(doc, nxt, c))
        if i in units or min(x0 + _display_width(doc, nxt, c), spans[i][1]) <= max(x0, spans[i][0]):
            return {}, k + 1
        units[i] = c.text
    return units, nxt + 1


def _spanning_spaced_line(head: _Header, doc: _Lines, k: int) -> _Header | None:
    """A spaced header whose cells span several cells of the next line (项目 over 科目编码 | 科目名称, 决算数 over
    合计 | 基本支出 | 项目支出): each lower word given to the upper cell it lies under (by display column: the most
    overlap, else the nearest), a value group's lower words naming what its columns count, an upper cell with
    nothing under it kept; None unless the lower line has more cells, all words, and every column is named."""
    nxt = doc.nonblank_from(k + 1)
    if nxt >= len(doc.text) or len(head.cells) != len(head.columns):
        return None
    low = _letters_joined(_wide_cells(doc, nxt))
    if len(low) <= len(head.cells) or any(numericish(c.text) != "text" for c in low):
        return None
    spans = [(_display_x(doc, k, c), _display_x(doc, k, c) + _display_width(doc, k, c)) for c in head.cells]
    under: list[list[Cell]] = [[] for _ in head.cells]
    for c in low:
        x0 = _display_x(doc, nxt, c)
        under[_best_span(spans, x0, x0 + _display_width(doc, nxt, c))].append(c)
    if all(len(u) <= 1 for u in under):
        return None  # (one word under each: a header wrapped cell by cell, read elsewhere)
    cols: list[Column] = []
    cells: list[Cell] = []
    for top, col, words in zip(head.cells, head.columns, under, strict=True):
        if not words:
            cols.append(col)
            cells.append(top)
            continue
        for w in words:
            name = squash(w.text)
            own = header_role(name)
            if col.role == "value":  # 决算数 over 基本支出: what the group's column counts
                own = replace(col, header=_over_under(col.header, name), measure=name)
            elif own is None:
                own = header_role(_over_under(col.header, name))
            if own is None:
                return None
            cols.append(own)
            cells.append(Cell(name, w.start, w.end, w.line))
    if not is_header(cols):
        return None
    return _Header(cols, "spaced", nxt + 1, True, cells)


def _column_under(doc: _Lines, head: _Header, k: int, j: int, cell: Cell) -> int | None:
    """The index of the value column of the spaced header at line k that a word of line j lies over or under (the
    most display overlap, else the nearest), or None."""
    values = [i for i, c in enumerate(head.columns) if c.role == "value"]
    if not values or len(head.cells) != len(head.columns):
        return None
    x0 = _display_x(doc, j, cell)
    spans = [(_display_x(doc, k, head.cells[i]), _display_x(doc, k, head.cells[i])
              + _display_width(doc, k, head.cells[i])) for i in values]
    return values[_best_span(spans, x0, x0 + _display_width(doc, j, cell))]


def _best_span(spans: list[tuple[int, int]], x0: int, x1: int) -> int:
    """The index of the span a piece from x0 to x1 overlaps most, the nearest by its middle among equals."""
    return max(range(len(spans)), key=lambda i: (min(x1, spans[i][1]) - max(x0, spans[i][0]),
                                                 -abs((x0 + x1) - sum(spans[i]))))


def _years_and_kinds_around(head: _Header, doc: _Lines, k: int) -> _Header:
    """A spaced header with a line of bare years over its value columns (2020年  2025年  2025年 over 基期值  规划
    实际) and a line of kind words under them (目标值  完成值): each year and word given to the column it lies over
    or under, by display column; the line under is the header's, not a row."""
    if head.layout != "spaced" or not head.wide:
        return head
    above = k - 1
    if above >= 0 and doc.cells[above]:
        words = spaced_cells(doc.text[above], doc.offsets[above], above + 1, True, 1 << 30)
        years = [years_line(c.text) for c in words]
        if words and all(y is not None and len(y) == 1 for y in years):
            targets = [_column_under(doc, head, k, above, c) for c in words]
            if None not in targets and len(set(targets)) == len(targets) \
                    and all(head.columns[i].year is None for i in targets):  # type: ignore[index]
                for i, y in zip(targets, years, strict=True):
                    head.columns[i] = replace(head.columns[i], year=y[0])  # type: ignore[index]
    below = head.body_start
    if below < len(doc.text) and doc.cells[below]:
        words = spaced_cells(doc.text[below], doc.offsets[below], below + 1, True, 1 << 30)
        kinds = [_header_role(c.text) for c in words]
        if words and all(c is not None and c.role == "value" and c.kind in ("baseline", "target", "actual")
                         and c.year is None for c in kinds):
            targets = [_column_under(doc, head, k, below, c) for c in words]
            if None not in targets and all(head.columns[i].kind in ("", kind.kind)  # type: ignore[index,union-attr]
                                           for i, kind in zip(targets, kinds, strict=True)):
                for i, kind in zip(targets, kinds, strict=True):
                    col = head.columns[i]  # type: ignore[index]
                    head.columns[i] = replace(col, kind=kind.kind, header=col.header + kind.header)  # type: ignore
                head.body_start = below + 1
    return head


def _unit_under(head: _Header, doc: _Lines, k: int) -> _Header | None:
    """A spaced header whose next line holds only a unit in parentheses under one of its value columns (总投资 over
    （万元）): the unit is that column's, by display column; None when the line is anything else."""
    nxt = doc.nonblank_from(k + 1)
    cells = spaced_cells(doc.text[nxt], doc.offsets[nxt], nxt + 1, True, 0) if nxt < len(doc.text) else []
    if len(cells) != 1 or len(head.cells) != len(head.columns) or not cells[0].text.startswith(("(", "（")) \
            or canonical_unit(cells[0].text) is None:
        return None
    x0 = _display_x(doc, nxt, cells[0])
    x1 = x0 + _display_width(doc, nxt, cells[0])
    spans = [(_display_x(doc, c.line - 1, c), _display_x(doc, c.line - 1, c) + _display_width(doc, c.line - 1, c))
             for c in head.cells]
    over = [i for i, (a, b) in enumerate(spans) if min(b, x1) - max(a, x0) > 0]
    if len(over) != 1 or head.columns[over[0]].role != "value" or head.columns[over[0]].unit:
        return None
    col = head.columns[over[0]]
    col.unit, col.header = cells[0].text[1:-1], col.header + cells[0].text
    head.body_start = nxt + 1
    return head


MAX_STACKED_LINES = 9  # lines a spaced cross-tab header's words may be stacked over (with their English glosses)


_IN_PARENS_RE = re.compile(r"[(（][^()（）]*[)）]")


def _words_only(doc: _Lines, j: int, first: bool = True) -> bool:
    """A line of header words set apart by wide gaps (on a later line of the stack, one word will do: 年别 between
    two lines of words), with no figure outside parentheses ((元/人·月) is a unit)."""
    return bool(doc.cells[j]) and (not first or _WIDE_GAP.search(doc.text[j]) is not None) \
        and not _DIGIT_RE.search(_IN_PARENS_RE.sub("", doc.text[j]))


def _stacked_spaced_header(k: int, doc: _Lines, wide: list[Cell]) -> _Header | None:
    """A spaced cross-tab header whose words are stacked over several lines (城市低保 over 平均标准 over
    (元/人·月), 年份 on the middle line): each word joined to the body column it lies over (by display columns:
    the most overlap, else the nearest), read when the columns then name what they count and the first body line
    bears them out."""
    if len(wide) < 2 or not _words_only(doc, k):
        return None
    lines, j = [k], doc.nonblank_from(k + 1)
    while j < len(doc.text) and len(lines) < MAX_STACKED_LINES and _words_only(doc, j, first=False):
        lines.append(j)
        j = doc.nonblank_from(j + 1)
    if len(lines) < 2 or j >= len(doc.text):
        return None
    body = _letters_joined(_wide_cells(doc, j))  # (合    计 over its figures: a label's letters set apart)
    if len(body) < 3 or any(numericish(c.text) == "text" for c in body[1:]):
        return None
    spans = _header_anchors(doc, lines, len(body)) or \
        [(_display_x(doc, j, c), _display_x(doc, j, c) + _display_width(doc, j, c)) for c in body]
    pieces: list[list[Cell]] = [[] for _ in body]
    for n, h in enumerate(lines):
        words = _stack_words(doc, h)
        if len(words) > 1 and all(canonical_unit(c.text) is not None for c in words):
            # 人 % 所 百萬元: a line of units
            words = [c if c.text.startswith(("(", "（")) else Cell(f"({c.text})", c.start, c.end, c.line)
                     for c in words]
        spanned = _spanned_columns(doc, h, words, spans) if n + 1 < len(lines) else {}
        for c in words:
            if id(c) in spanned:
                for i in spanned[id(c)]:
                    pieces[i].append(c)
                continue
            x0 = _display_x(doc, h, c)
            x1 = x0 + _display_width(doc, h, c)
            best = _best_span(spans, x0, x1)
            if min(x1, spans[best][1]) - max(x0, spans[best][0]) <= 0:
                best = min(range(len(spans)), key=lambda i: abs((x0 + x1) - sum(spans[i])))
            pieces[best].append(c)
    if any(not p for p in pieces[1:]):
        return None
    texts = [squash("".join(c.text for c in p)) for p in pieces]
    if not first_names_rows(texts[0]):  # 指标 over 年份 (a diagonal cell): the word that names the rows
        texts[0] = next((squash(c.text) for c in pieces[0] if first_names_rows(c.text) == "years"), texts[0])
    found = crosstab_columns(texts)
    if found is None:
        return None
    cols, transposed = found
    cells = [Cell(t, p[0].start, p[0].end, p[0].line) if p else Cell(t, body[0].start, body[0].start, j + 1)
             for t, p in zip(texts, pieces, strict=True)]
    head = _Header(cols, "spaced", j, wide=True, cells=cells, transposed=transposed)
    first = _body_cells(doc, head, j)
    head.transposed = _years_as_rows(head, first) or transposed
    return head if body_fits(first, cols, head.transposed) else None


def _stack_words(doc: _Lines, h: int) -> list[Cell]:
    """The words of a stacked header's line h: its cells between wide gaps, a word whose letters are set apart
    by single spaces kept whole (低 收 入 户) and one whose letters are set apart by wide gaps joined (本    年), other
    single spaces parting words ((元/人·月) (元/人·年) sit over two columns); English glosses left out."""
    out: list[Cell] = []
    wide = _wide_cells(doc, h)
    if not all(canonical_unit(c.text) is not None for c in wide):  # (人  %  所  人: a line of units, each its own)
        wide = _letters_joined(wide)
    elif len(wide) > 2 and len(wide[0].text) == len(wide[1].text) == 1 \
            and first_names_rows(wide[0].text + wide[1].text):
        wide = [_joined_letters(wide[:2]), *wide[2:]]  # (年  份 over rows of years: a word, though both are units)
    for c in wide or [Cell(doc.text[h].strip(), doc.offsets[h] + len(doc.text[h])
                                          - len(doc.text[h].lstrip()), doc.offsets[h] + len(doc.text[h].rstrip()),
                                          h + 1)]:
        parts = c.text.split(" ")
        if len(parts) > 1 and not all(len(p) == 1 for p in parts if p):
            out.extend(spaced_cells(c.text, c.start, c.line, False, 1 << 30))
        else:
            out.append(c)
    return [c for c in out if CJK_RE.search(c.text) or _PERCENT_WORD_RE.fullmatch(c.text)]  # (Elderly: a gloss)


_PERCENT_WORD_RE = re.compile(r"[(（]?[%％‰][)）]?")


def _spanned_columns(doc: _Lines, h: int, words: list[Cell], spans: list[tuple[int, int]]) -> dict[int, list[int]]:
    """The value columns each word of an upper header line spans, when it stands over two or more of them (低收
    入户 over 户数 | 人数): a line with fewer words than value columns parts them between its words at the
    midpoints of the words, and a word whose part holds the middles of several value columns spans them (never
    a word over the rows' labels); by id of the word."""
    if not words or len(words) >= len(spans) - 1:
        return {}
    xs = [(_display_x(doc, h, c), _display_x(doc, h, c) + _display_width(doc, h, c)) for c in words]
    out: dict[int, list[int]] = {}
    for n, (c, (x0, x1)) in enumerate(zip(words, xs, strict=True)):
        lo = (xs[n - 1][1] + x0) / 2 if n else x0 - (x1 - x0)
        hi = (x1 + xs[n + 1][0]) / 2 if n + 1 < len(xs) else x1 + (x1 - x0)
        under = [i for i, (a, b) in enumerate(spans) if i and lo <= (a + b) / 2 < hi]
        if len(under) >= 2 and _best_span(spans, x0, x1) != 0:  # (a word over the rows' labels is theirs)
            out[id(c)] = under
    return out


def _header_anchors(doc: _Lines, lines: list[int], n: int) -> list[tuple[int, int]] | None:
    """Display spans of a stacked header's n columns taken from its line with the most cells, when that line
    names every column but the first (the rows' names, left of it): the header's lines line up with each other
    even when the figures under them do not."""
    widest = max((_wide_cells(doc, h) for h in lines), key=len)
    if len(widest) != n - 1:
        return None
    h = widest[0].line - 1
    spans = [(_display_x(doc, h, c), _display_x(doc, h, c) + _display_width(doc, h, c)) for c in widest]
    return [(0, max(0, spans[0][0] - 1)), *spans]


def _display_width(doc: _Lines, k: int, cell: Cell) -> int:
    """The display columns a cell of line k takes (a CJK character is two columns wide)."""
    widths = doc.widths(k) if doc.widths is not None else [1] * len(doc.text[k])
    a = cell.start - doc.offsets[k]
    return sum(widths[a:a + max(len(cell.text), cell.end - cell.start)])  # (a squashed word: its letters' span)


def _letters_joined(cells: list[Cell]) -> list[Cell]:
    """Cells with the letters of one word spread over a wide column joined (地    区, 指    标: one word each)."""
    out: list[Cell] = []
    k = 0
    while k < len(cells):
        j = k
        while j + 1 < len(cells) and len(cells[j + 1].text) == 1 and len(cells[k].text) == 1 \
                and not cells[j + 1].text.isdigit() and not cells[k].text.isdigit():
            j += 1
        run = cells[k:j + 1]
        gaps = [b.start - a.end for a, b in zip(run, run[1:], strict=False)]
        word = [run[0]]
        for i, c in enumerate(run[1:]):
            # (a gap wider than the gaps beside it parts two words: 年  度        完  成 is 年度 | 完成)
            wider = len(gaps) > 2 and gaps[i] > max(gaps[i - 1] if i else 0, gaps[i + 1] if i + 1 < len(gaps) else 0)
            if wider:
                out.append(_joined_letters(word))
                word = [c]
            else:
                word.append(c)
        out.append(_joined_letters(word))
        k = j + 1
    return out


def _joined_letters(letters: list[Cell]) -> Cell:
    return Cell("".join(c.text for c in letters), letters[0].start, letters[-1].end, letters[0].line)


def _wrapped_spaced_header(k: int, doc: _Lines, wide: list[Cell]) -> _Header | None:
    """A spaced header (line k, its cells `wide`) whose last cells wrap onto a second line of words (2020年 | 指标
    over (现状) | 性质): each word of the second line joined to the cell above it, counting from the right (the
    first columns have nothing below them)."""
    if len(wide) < 3:
        return None
    top = _letters_joined(wide)
    nxt = doc.nonblank_from(k + 1)
    if len(top) < 3 or nxt >= len(doc.text):
        return None
    low = [c for c in _wide_cells(doc, nxt) if not _LATIN_WORDS_RE.fullmatch(c.text)] \
        or _last_column_word(doc, k, top[-1], nxt)  # (Item under 项目 in a bilingual header: a gloss, no word)
    if not low:
        return None
    cells = merge_wrapped_header(top, low)
    if cells is None:
        return None
    cols = [header_role(squash(c.text)) for c in cells]
    if any(c is None for c in cols) or not is_header(cols):  # type: ignore[arg-type]
        return None
    return _Header(cols, "spaced", nxt + 1, True, [Cell(squash(c.text), c.start, c.end, c.line) for c in cells])  # type: ignore[arg-type]


_LATIN_WORDS_RE = re.compile(r"[A-Za-z][A-Za-z .,'&/-]*")


def _years_only_header(k: int, doc: _Lines, wide: list[Cell]) -> _Header | None:
    """A header of bare years alone, set in over the rows' labels with no word for them (      2021   2022   2023
    over 总数   1 284 615   1 352 908 …): the first column is the rows' indicator, read when the next line bears it
    out (a label, then a figure under each year)."""
    if len(wide) < 2 or not doc.text[k].startswith(" ") or any(len(years_line(c.text) or ()) != 1 for c in wide):
        return None
    nxt = doc.nonblank_from(k + 1)
    body = _wide_cells(doc, nxt) if nxt < len(doc.text) else []
    if len(body) != len(wide) + 1 or numericish(body[0].text) != "text" \
            or any(numericish(c.text) != "value" for c in body[1:]):
        return None
    cols = [Column("indicator", "指标"), *(header_role(c.text) for c in wide)]
    if any(c is None or c.role != "value" for c in cols[1:]):
        return None
    label = Cell("", doc.offsets[k], doc.offsets[k], k + 1)
    return _Header(cols, "spaced", k + 1, True, [label, *wide])  # type: ignore[arg-type]


def _rows_named_spaced(k: int, doc: _Lines, wide: list[Cell]) -> _Header | None:
    """A spaced header whose first cell names the rows in words no role holds (障碍等级别, a row-naming word at
    its end) and whose other cells all name value columns (111年底 | 112年底 | 增减率（%）): read when the next
    row bears it out (a label, then a figure under each column)."""
    first = rows_word(wide[0].text) if len(wide) >= 3 else ""
    if not first:
        return None
    cols = [Column("indicator", first), *(header_role(squash(c.text)) for c in wide[1:])]
    if any(c is None or c.role != "value" for c in cols[1:]):
        return None
    head = _Header(cols, "spaced", k + 1, True, wide)  # type: ignore[arg-type]
    nxt = doc.nonblank_from(k + 1)
    units = _units_line(doc.text[nxt]) if nxt < len(doc.text) else None
    if units is not None and len(units) == len(cols) - 1 and not any(c.unit for c in cols[1:]):  # type: ignore[union-attr]
        # (原标准 | 新标准 over （元/人·月） （元/人·月）: a line of each column's unit)
        head.columns = [cols[0], *(replace(c, unit=u, header=c.header + f"({u})")  # type: ignore[arg-type]
                                   for c, u in zip(cols[1:], units, strict=True))]
        head.body_start, nxt = nxt + 1, doc.nonblank_from(nxt + 1)
    return head if nxt < len(doc.text) and body_fits(_body_cells(doc, head, nxt), head.columns, False) else None


def _units_line(line: str) -> list[str] | None:
    """The units of a line holding only units in parentheses, one per column (（元/人·月） （元/人·月）), or None."""
    pieces = line.split()
    units = []
    for p in pieces:
        m = _WHOLE_PARENS_RE.fullmatch(p)
        if m is None or canonical_unit(m.group(1)) is None:
            return None
        units.append(m.group(1))
    return units or None


def _header_over_three_lines(k: int, doc: _Lines, wide: list[Cell]) -> _Header | None:
    """A spaced header whose cells wrap both up and down around its fullest line k (较2020 over 年增减 over
    （+/-）, 指标 over 属性): each word of the lines just above and below joined to the cell of line k it lies over
    or under (the most overlap, else the nearest), by display columns or else by characters (a text typed with a
    CJK character one column wide), read when every joined cell names a column."""
    mid = _letters_joined(wide)
    up, down = k - 1, k + 1
    if len(mid) < 3 or down >= len(doc.text) or not doc.cells[down]:
        return None
    around = []
    for j in (up, down):
        if j == up and (j < 0 or not doc.cells[j]):
            continue  # (nothing above: the cells wrap down only)
        words = _letters_joined(_wide_cells(doc, j) or spaced_cells(doc.text[j], doc.offsets[j], j + 1, True, 0))
        if not words or len(words) >= len(mid) or any(numericish(c.text) == "value" for c in words):
            return None
        around.append((j, words))
    for span in (lambda j, c: (_display_x(doc, j, c), _display_x(doc, j, c) + _display_width(doc, j, c)),
                 lambda j, c: (c.start - doc.offsets[j], c.end - doc.offsets[j])):
        spans = [span(k, c) for c in mid]
        parts: list[list[Cell]] = [[c] for c in mid]
        for j, words in around:
            for c in words:
                i = _best_span(spans, *span(j, c))
                parts[i] = [c, *parts[i]] if j == up else [*parts[i], c]
        cells = [Cell(squash("".join(c.text for c in p)), mid[i].start, mid[i].end, mid[i].line)
                 for i, p in enumerate(parts)]
        cols = [header_role(c.text) for c in cells]
        if all(c is not None for c in cols) and is_header(cols):  # type: ignore[arg-type]
            return _Header(cols, "spaced", down + 1, True, cells)  # type: ignore[arg-type]
    return None


def _last_column_word(doc: _Lines, k: int, last: Cell, j: int) -> list[Cell]:
    """Line j as the one word wrapped under the last cell of header line k (2023年比2022年 over 增长(%)): its one
    cell when it starts under that cell, else []."""
    cells = doc.cells[j] or []
    if len(cells) != 1 or " " in cells[0].text or _display_x(doc, j, cells[0]) < _display_x(doc, k, last) - 2:
        return []
    return [cells[0]]


def _wide_cells(doc: _Lines, k: int) -> list[Cell]:
    """The cells of line k split on runs of two or more spaces (a spaced header's cells before any reading)."""
    return spaced_cells(doc.text[k], doc.offsets[k], k + 1, True, 0) if _WIDE_GAP.search(doc.text[k]) else []


MAX_NARROW_HEADER = 200  # characters of a header line whose cells are set apart by single spaces


def _crosstab_header(k: int, doc: _Lines, cells: list[Cell], layout: str, wide: bool = True) -> _Header | None:
    """A header whose value columns are named by what they count (table_crosstab), if the next line fits it."""
    if len(cells) < 3 or not first_names_rows(cells[0].text):
        return None
    body = k + 1
    nxt = doc.nonblank_from(k + 1)
    if nxt < len(doc.text):
        low = _body_cells(doc, _Header([], layout, k + 1, wide=wide, narrow=not wide), nxt)
        wrapped = merge_wrapped_header(cells, low)
        if wrapped is None and layout == "spaced" and len(low) > len(cells) - 1:
            wrapped = _spanning_header(doc, k, cells, nxt, low)
        if wrapped is not None:  # 基本康复服务 | 辅助器具 over 覆盖率(%) | 适配率(%): a line of words, no row
            cells, body, nxt = wrapped, nxt + 1, doc.nonblank_from(nxt + 1)
    found = crosstab_columns([c.text for c in cells])
    if found is None:
        return None
    cols, transposed = found
    head = _Header(cols, layout, body, wide=wide, cells=[Cell(squash(c.text), c.start, c.end, c.line)
                                                           for c in cells], transposed=transposed, narrow=not wide)
    if nxt >= len(doc.text):
        return None
    first = _body_cells(doc, head, nxt)
    if _column_numbers([c for c in first if c.text]) and doc.nonblank_from(nxt + 1) < len(doc.text):
        first = _body_cells(doc, head, doc.nonblank_from(nxt + 1))  # (甲 | 1 | 2 | …: the columns' numbers)
    transposed = _years_as_rows(head, first) or transposed
    if not body_fits(first, cols, transposed) and not (
            cols[-1].role == "note" and len(first) == len(cols) - 1 and body_fits(first, cols[:-1], transposed)):
        return None  # (a row whose last cell, a remark, is empty: 全市合计,6812,…,9815 under …,备注)
    return head


def _years_as_rows(head: _Header, first: list[Cell]) -> bool:
    """Mark a header transposed when its value columns name what they measure, with no year, and the first body
    line opens with a year (项目 | 慈善组织(家) | … over 2023年基数 / 2024年目标: years as rows); True if so."""
    values = [c for c in head.columns if c.role == "value"]
    if head.transposed or not first or not values or len(head.cells) != len(head.columns) \
            or any(c.year is not None or c.year_offset is not None or not c.measure for c in values) \
            or year_column(first[0].text) is None:
        return head.transposed
    head.transposed = True
    return True


def _display_x(doc: _Lines, k: int, cell: Cell) -> int:
    """The display column a cell of line k starts at (a CJK character is two columns wide)."""
    widths = doc.widths(k) if doc.widths is not None else [1] * len(doc.text[k])
    return sum(widths[:cell.start - doc.offsets[k]])


def _spanning_header(doc: _Lines, k: int, top: list[Cell], j: int, low: list[Cell]) -> list[Cell] | None:
    """A spaced header whose upper cells span several lower ones (困难残疾人生活补贴 over 人数(人) | 标准(元/人·月)):
    each word of line j joined to the upper cell it sits under (the last one starting at or before it), an upper
    cell with nothing under it kept; None when a lower cell sits under none or a line holds a number."""
    if any(numericish(c.text) != "text" for c in low):
        return None
    xs = [_display_x(doc, k, c) for c in top]
    under: list[list[Cell]] = [[] for _ in top]
    for c in low:
        x = _display_x(doc, j, c)
        i = max((i for i, t in enumerate(xs) if t <= x + 1), default=None)
        if i is None:
            return None
        under[i].append(c)
    if all(len(u) <= 1 for u in under):
        return None  # (one word under each: merge_wrapped_header's form)
    out = []
    for t, u in zip(top, under, strict=True):
        out.extend([Cell(_over_under(t.text, c.text), c.start, c.end, c.line) for c in u] if u else [t])
    return out


def _body_cells(doc: _Lines, head: _Header, k: int) -> list[Cell]:
    """The cells of a body line of a cross-tab: as printed between separators, or split on wide gaps."""
    if head.layout == "spaced":
        return spaced_cells(doc.text[k], doc.offsets[k], k + 1, not head.narrow, len(head.columns))
    cells = list(doc.cells[k] or [])
    # (a cell for every column, empty ones too: 2025年 | 210.84 | 16.41 | under a last column of remarks)
    if len(cells) == len(head.columns) and head.columns[-1].role == "note":
        return cells
    return [c for c in cells if c.text]


_DIGIT_RE = re.compile(r"\d")
