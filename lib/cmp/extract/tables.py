"""Find indicator tables in flattened text and read every row into source-linked value rows.

Tables arrive in several flattened layouts: one row per line with `|` or tab separators (`lines`), one cell
per line with or without blank lines and trailing `|` (`cells`), and rows whose cells lost their separators
(`glued`). Column roles come from the header words, never from fixed positions; rows are segmented with the
printed row numbers and aligned to the columns by the type of each cell, so a missing cell does not shift the
rows after it. Anything read by inference carries a flag.
"""

from __future__ import annotations

import re

from ..ingest.normalize import NormalizedText
from .structure import DocStructure, parse_structure, published_year
from .table_body import (
    _aligned_bounds,  # noqa: F401 - read by tests as tables._aligned_bounds
    _Header,
    _line_span,
    _Lines,
    _read_body,
    row_remark,
)
from .table_breaks import _box_closed, _continued, _unframed
from .table_colon import colon_table_at
from .table_column_lists import column_lists_table_at
from .table_crosstab import read_transposed
from .table_docx_grid import docx_grids
from .table_glued import split_glued_values
from .table_halves import side_by_side
from .table_header_at import _header_at
from .table_keys import name_keyed_headers
from .table_kinds import assign_kinds
from .table_layouts import (
    CAPTION_RE,
    HEADING_RE,
    MAX_CELL_LINE,
    MAX_GLUED_LINE,
    WIDE_SPACE,
    Cell,
    Column,
    ParsedRow,
    TableInfo,
    comma_separated,
    header_role,
    latin_gloss,
    line_cells,
    without_gloss,
    years_line,
)
from .table_levels import levels_table_at
from .table_notes import (
    PERCENT_LISTED_RE,
    as_at_caption,
    budget_year_to_come,
    columns_note_units,
    data_year,
    done_caption,
    kinds_from_notes,
    kinds_with_notes,
    listed_column_units,
    listed_units,
    mark_years,
    money_column_units,
    money_rows_unit,
    named_column_units,
    plan_base_is_baseline,
    reviewed_plan_base,
    rows_cell_money_unit,
    rows_note_units,
    target_year_from_caption,
    targets_caption,
    unit_from_notes,
    units_of_rows,
    year_from_caption,
    years_from_notes,
)
from .table_pairs import pair_table_at
from .table_prepass import (
    _DASH_RULE_RE,
    _gloss_continuations,
    _ideographic_gaps,
    _merge_boxed_rows,
    _widths_of,
)
from .table_records import record_table_at
from .table_rows import ITEM_HEADING, align, numericish, segment_cells
from .table_sheets import merge_quoted_records, sheet_widths
from .table_spaced_headers import _WIDE_GAP, _body_cells, _years_as_rows
from .table_trailing import trailing_figures_table_at
from .table_trailing_cells import cell_lines_trailing_table_at
from .table_values import row_values
from .table_wrapped_cells import wrapped_cells_table_at

# ---------------------------------------------------------------------------------------------------------------
# finding tables


def _heading_or_prose(text: str, limit: int | None) -> bool:
    s = text.strip()
    return bool(HEADING_RE.match(s)) or s.endswith(("。", ";")) or (limit is not None and len(s) > limit)


def _caption_like(text: str) -> bool:
    s = text.strip()
    return bool(CAPTION_RE.match(s)) and len(s) >= 8 and ("指标" in s or "情况" in s or "表" in s)


_DIGIT = re.compile(r"\d")
MAX_CELL_SENTENCE = 30  # characters of a one-cell-per-line table's cell that may hold a sentence's punctuation
_PROSE_PUNCT = re.compile(r"[。;!?]|,.*,")
_SENTENCE_END = re.compile(r"[。;!?]")
_PARAGRAPH_INDENT = re.compile(r"^(\u3000|\s{2,})")


def _running_text(line: str) -> bool:
    """Whether a line of one cell under a table is running text: a sentence's end past 30 characters, or two
    clauses past 30 on a line indented as a paragraph opens, or past 60 on any line."""
    n = len(line.strip())
    if n <= MAX_CELL_SENTENCE or not _PROSE_PUNCT.search(line):
        return False
    return bool(_SENTENCE_END.search(line)) or n > MAX_CELL_LINE or bool(_PARAGRAPH_INDENT.match(line))


def find_tables(nt: NormalizedText, period: str, role_at=None, published: int | None = None
                ) -> list[tuple[TableInfo, list[ParsedRow]]]:
    """Every indicator table in a normalized document, with its rows segmented and aligned.

    `role_at(normalized offset)` gives the time role of the section holding a table ("review", "plan", ...),
    which decides what a bare-year column holds; `published` (the year the document came out) makes a bare year
    of the plan already over an actual. Runs in time linear in the text.
    """
    text = [without_gloss(_unframed(t)) for t in nt.text.split("\n")]  # (a shorter line keeps its offset)
    offsets = nt.line_offsets()
    _ideographic_gaps(nt, text, offsets)
    skip = nt.duplicate_line_numbers()
    csv = {k for k, t in enumerate(text) if "," in t and k + 1 not in skip and _raw_commas(nt, offsets[k], len(t))}
    doc = _Lines(text, offsets, [[] if k + 1 in skip or latin_gloss(t) else line_cells(t, offsets[k], k + 1, k in csv)
                                 for k, t in enumerate(text)], _widths_of(nt, text, offsets))
    for k, t in enumerate(text):
        if _DASH_RULE_RE.fullmatch(t):
            doc.cells[k] = None  # (------------   --------------: a rule drawn with hyphens under a spaced header)
    _merge_boxed_rows(doc)
    merge_quoted_records(doc, nt)
    sheet_widths(doc, csv | {k for k, t in enumerate(text) if "\t" in t and "|" not in t})
    docx_grids(doc)
    _gloss_continuations(doc)
    name_keyed_headers(doc.cells)
    halves = side_by_side(doc)  # (收入 | 决算数 | 支出 | 决算数: the left halves now, the right ones after them)
    tables: list[tuple[TableInfo, list[ParsedRow]]] = []
    k = 0
    while k < len(text) or halves:
        if halves and (k > halves[0][1] or k >= len(text)):
            k = _right_halves(doc, halves.pop(0))
            continue
        if not doc.cells[k]:
            k += 1
            continue
        found = _table_at(k, doc)
        if found is None:
            listed = _list_table(k, doc, tables, period, role_at, published)
            k = listed if listed is not None else k + 1
            continue
        head, body, end = found
        role = role_at(offsets[k]) if role_at else ""
        notes = _note_lines(doc, k, end)
        note_text = [doc.text[j] for j in notes]
        above = [doc.text[j] for j in notes if j < k]  # (the caption and unit lines over the header)
        years_from_notes(head.columns, note_text)
        target_year_from_caption(head.columns, above)
        caption, first_line = _caption_before(k, doc)
        captioned = [*above, caption] if caption and caption not in above else above
        if year_from_caption(head.columns, caption, published) or as_at_caption(head.columns, captioned, published) \
                or (role in ("plan", "annual_plan") and done_caption(above)):
            role = "review"
        # (a caption of targets, 分年度目标: a year already over when the plan came out is still one of its targets)
        pub = (budget_year_to_come(period, published) if targets_caption(captioned, "budget_caption_words")
               else None if targets_caption(captioned) else published)
        assign_kinds(head.columns, period, role, pub)
        kinds_from_notes(head.columns, note_text, period)
        data_year(head.columns, tables, period, caption)
        unit = unit_from_notes(above)
        info = TableInfo(
            number=len(tables) + 1, caption=caption, header_line=k + 1, first_line=first_line,
            last_line=(body[-1] + 1 if body else head.body_start), layout=head.layout, columns=head.columns,
            time_role=role, unit=unit, unit_of=units_of_rows(note_text),
            units_listed=[] if unit else listed_units(above),
        )
        if info.unit and any(PERCENT_LISTED_RE.search(line) for line in above):
            for c in head.columns:  # 单位：万元、%: the rates (执行率, 比上年增长) are the ones in %
                if c.role == "value" and (c.growth or c.progress) and not c.unit:
                    c.unit = "%"
        if head.transposed:
            def kinds(cols: list[Column], r: str = role, p: int | None = pub, n: list[str] = note_text) -> None:
                kinds_with_notes(cols, period, r, p, n)
            rows = read_transposed([(_body_cells(doc, head, j), _line_span(doc, j)) for j in body], head.cells,
                                   head.columns, kinds)
        else:
            rows = _read_body(body, doc, head)
        named_column_units(head.columns, note_text)
        rows_cell_money_unit(head.columns)
        # (单位：个、张、人、万元 over 养老机构数 | 床位数 | 年末在院老人 | 民政事业费: a unit per column, in order)
        if not columns_note_units(head.columns, info.units_listed) \
                and len([u for u in info.units_listed if u not in ("%", "％")]) > 1:
            listed_column_units(head.columns, info.units_listed)
            money_column_units(head.columns, info.units_listed)
            rows_note_units(rows, info.units_listed)
        info.n_rows = len(rows)
        info.mark_years = mark_years(note_text)
        tables.append((info, rows))
        k = max(end, k + 1)
    return tables


# readers of tables printed as lists, tried in turn on a line no header reader took: (reader, layout)
_LIST_READERS = ((levels_table_at, "levels"), (colon_table_at, "colon"), (record_table_at, "records"),
                 (pair_table_at, "pairs"), (wrapped_cells_table_at, "wrapped_cells"),
                 (column_lists_table_at, "column_lists"), (trailing_figures_table_at, "trailing_figures"),
                 (cell_lines_trailing_table_at, "trailing_figures"))


def _list_table(k: int, doc: _Lines, tables: list, period: str, role_at, published: int | None) -> int | None:
    """A table printed as a list from line index k: label levels once per group (table_levels),
    `指标：2020年…，2025年…` lines (table_colon), records of `基期值（2020年）：42%` fields (table_records),
    `城乡低保对象：37218人` lines (table_pairs), cells wrapped over lines (table_wrapped_cells), columns one after
    another (table_column_lists) or labels each followed by as many figures, a space apart or a line each
    (table_trailing, table_trailing_cells), appended to `tables`; the index of the line after it, or None."""
    for reader, layout in _LIST_READERS:
        if layout == "colon" and "年" not in doc.text[k]:
            continue  # (each of its rows prints a year)
        found = reader(k, doc.text, doc.offsets)
        if found is not None and layout == "wrapped_cells" and _header_below(k, doc):
            found = None  # (a header a cell reader knows, below the line it started on: that reader's table)
        if found is not None and layout == "trailing_figures" \
                and any(_header_at(j, doc) is not None for j in range(k + 1, found[1][0].label.line)):
            found = None  # (a caption over a header a cell reader knows: that reader's table)
        if found is not None:
            break
    else:
        return None
    columns, rows, last, end = found
    role = role_at(doc.offsets[k]) if role_at else ""
    assign_kinds(columns, period, role, published)
    # (a colon list's group line over its first row is the table's top)
    top = k - 1 if layout == "colon" and k and rows[0].category and doc.text[k - 1].strip() == rows[0].category else k
    caption, first_line = _caption_before(top, doc)
    over = _lines_over_lists(doc, k, tables)
    # (单位：元/人·月 over a form of label levels: the whole table's unit, as over a table of any other layout)
    info = TableInfo(number=len(tables) + 1, caption=caption, header_line=k + 1, first_line=first_line,
                     last_line=last + 1, layout=layout, columns=columns, time_role=role,
                     unit=unit_from_notes([doc.text[j] for j in _note_lines(doc, k, k) if j < k])
                     if layout in ("levels", "trailing_figures") else "")
    money_rows_unit(rows, over)
    info.n_rows = len(rows)
    tables.append((info, rows))
    return end


def _right_halves(doc: _Lines, half: tuple[int, int, dict[int, list[Cell]]]) -> int:
    """Put the right halves of a grid of two tables side by side in place of its left ones, already read; the
    index of the grid's first line, to read them from."""
    start, _, right = half
    for j, cells in right.items():
        doc.cells[j] = cells
    return start


def _table_at(k: int, doc: _Lines) -> tuple[_Header, list[int], int] | None:
    """The header starting at line index k, its body lines and the index of the line that ends it; None when no
    header starts there, or when its rows would slip under it."""
    head = _header_at(k, doc)
    if head is None:
        return None
    if head.layout in ("spaced", "lines") and head.cells:
        nxt = doc.nonblank_from(head.body_start)
        if nxt < len(doc.text):
            _years_as_rows(head, _body_cells(doc, head, nxt))
    body, end = _body_lines(doc, head, head.signature())
    if head.layout == "cells" and not head.transposed and _runs_overflow(doc, head, body):
        # (信息内容 / 本年制发件数 / 本年废止件数 / 现行有效件数 with the last word unknown: rows of three figures under
        # two value columns would slip; the header is not what it seems)
        return None
    return head, body, end


def _runs_overflow(doc: _Lines, head: _Header, body: list[int]) -> bool:
    """Whether most runs of figures in a one-cell-per-line body are longer than the header has value columns (a
    row number before the next row's label, or a dash in a remark column, counted in): the rows hold more figures
    than the header names."""
    width = sum(1 for c in head.columns if c.role not in ("indicator", "category"))
    runs, run = [], 0
    for j in body:
        for c in doc.cells[j] or []:
            if c.text and numericish(c.text) in ("value", "none"):
                run += 1
            elif c.text:
                runs += [run] if run else []
                run = 0
    runs += [run] if run else []
    return bool(runs) and sum(r > width for r in runs) * 2 > len(runs)


def _header_below(k: int, doc: _Lines) -> bool:
    """Whether a cell reader finds a header on a line after line index k and up to the first word of a value column
    (单位：万人 over 指标 | 2022年: the table is the one its header starts)."""
    j = doc.nonblank_from(k + 1)
    while j < len(doc.text):
        if _header_at(j, doc) is not None:
            return True
        col = header_role(doc.text[j].strip())
        if col is not None and col.role == "value":
            return False
        j = doc.nonblank_from(j + 1)
    return False


_LIST_LINE_RE = re.compile(r"[^：:。，,]{2,30}[：:]\s*[^：:。]{1,30}")  # (65岁以上老年人口：48,263人)


def _lines_over_lists(doc: _Lines, k: int, tables: list) -> list[str]:
    """The lines over a list table starting at line index k, past the list tables of the same caption just above
    it and the group headings between them ((一)社会救助 … (二)老人福利 under one 金额单位：万元)."""
    j = k - 1
    spans = [(t.first_line - 1, t.last_line - 1) for t, _ in tables if t.layout in ("colon", "records", "pairs")]
    while j >= 0 and (not doc.text[j].strip() or _group_row(doc.text[j]) or any(a <= j <= b for a, b in spans)
                      or _LIST_LINE_RE.fullmatch(doc.text[j].strip())):
        j -= 1
    return [doc.text[i] for i in range(max(0, j - NOTE_LINES + 1), j + 1)]


def _raw_commas(nt: NormalizedText, start: int, length: int) -> bool:
    """Whether the raw text of a normalized line is a row of comma-separated values (comma_separated): a
    full-width comma folds to the same "," in the normalized text."""
    a, b = nt.to_raw(start, start + length) if length else (0, 0)
    return comma_separated(nt.raw[a:b])


_RULE_ONLY_RE = re.compile(r"[─━═\-=+┌┬┐├┼┤└┴┘]{4,}")
NOTE_LINES = 2  # lines just above a header or just below a table that may say what year a column holds


def _note_lines(doc: _Lines, header: int, end: int) -> list[int]:
    """The non-blank lines just above the header and just below the table (captions, 注: lines)."""
    # (a rule over the header is no note: 单位：人 / (person) / ──── over 地区 | 城市低保人数)
    above = [j for j in range(header - 1, max(-1, header - 1 - NOTE_LINES * 2), -1)
             if doc.text[j].strip() and not _RULE_ONLY_RE.fullmatch(doc.text[j].strip())]
    below = [j for j in range(end, min(len(doc.text), end + NOTE_LINES * 2)) if doc.text[j].strip()]
    return above[:NOTE_LINES] + below[:NOTE_LINES]


def _body_lines(doc: _Lines, head: _Header, signature: tuple) -> tuple[list[int], int]:
    """Indices of the table's body lines and of the line that ends it; a repeated header (after a page break)
    is skipped and the table goes on; no length limit ends a row of cells."""
    limit = MAX_GLUED_LINE if head.layout == "glued" else None
    body: list[int] = []
    end = head.body_start
    # (└───┘ and then no more of the box: the table ends with its frame)
    while end < len(doc.text) and not (body and _box_closed(doc, end)):
        cl = doc.cells[end]
        if not cl:
            end += 1
            continue
        line = doc.text[end]
        after = _past_page_break(doc, head, signature, end, body)
        if after is not None:
            end = after
            continue
        if head.layout != "glued":
            again = _header_at(end, doc)
            if again is not None:
                if again.signature() == signature and again.layout == head.layout:
                    end = again.body_start
                    continue
                break
        if _caption_like(line) and CAPTION_RE.match(line.strip()):
            break  # 表1-2 …: the caption of the next table (inside one 专栏 box), never a row
        if body and head.layout in ("lines", "spaced") and row_remark(line) is not None:
            body.append(end)  # 完成情况：2023年达到89.4%。 under a row: what the row's indicator has reached
            end += 1
            continue
        several = len(cl) >= 2 or (head.layout == "spaced" and len(line.split()) >= 2)
        if head.layout in ("lines", "spaced") and several and (not _heading_or_prose(line, None)
                                                               or _separated_row(head, cl, line)):
            body.append(end)
            end += 1
            continue
        if head.layout == "glued" and _GLUED_ROW_END_RE.search(line) and len(line.strip()) <= MAX_GLUED_LINE \
                and not line.rstrip().endswith("。"):
            body.append(end)  # 一、民政事业费累计支出万元43,726.5: a glued row whose label opens like a heading
            end += 1
            continue
        if (head.layout in ("lines", "spaced", "cells", "glued")
                and (_group_row(line) or _group_row(_group_cell(line, head))
                     or (len(cl) == 1 and _group_row(cl[0].text)))
                and _row_follows(doc, end, head)) or (head.layout == "cells" and _label_of_figures(doc, end)):
            # (│一、社会救助      │: a box row spanning the table; 一、养老服务供给 alone on its line between rows:
            # a group row, not a heading; （二）部分公开（…，…） over its figures: a row's label worded like one)
            body.append(end)
            end += 1
            continue
        if _heading_or_prose(line, limit) or _caption_like(line):
            break
        if head.layout in ("cells", "lines", "spaced") and _running_text(line) \
                and not _phrase_cell_of_a_numbered_row(doc, head, body, line):
            break  # (a line of running text: a cell holds a figure or a few words, not two clauses)
        if head.layout in ("lines", "spaced") and len(line.strip()) > MAX_CELL_LINE:
            break  # one long cell under a table of several columns: running text
        body.append(end)
        end += 1
    return body, end


def _phrase_cell_of_a_numbered_row(doc: _Lines, head: _Header, body: list[int], line: str) -> bool:
    """Whether a line with clauses and figures under a one-cell-per-line table whose rows open with their number
    falls, by its place after the last row number, in a column of phrases of what is to be reached (a task's
    目标要求: 供养率不低于60%；新增…200人以上), not running text."""
    if head.layout != "cells" or not head.columns or head.columns[0].role != "rowno" or not _DIGIT.search(line):
        return False
    for n, j in enumerate(reversed(body)):
        if doc.text[j].strip().isdigit():
            col = head.columns[n + 1] if n + 1 < len(head.columns) else None
            return col is not None and col.role == "value" and col.year is None and not col.unit
    return False


def _past_page_break(doc: _Lines, head: _Header, signature: tuple, end: int, body: list[int]) -> int | None:
    """The line index a table goes on from when line `end` marks a page break inside it (续表, or the years line
    over the header repeated), else None; a running title over 续表 is taken off the body (no wrapped label)."""
    line = doc.text[end]
    if _continued(line):
        while body and len(doc.cells[body[-1]] or []) == 1 and len(doc.text[body[-1]].split()) == 1 \
                and numericish(doc.text[body[-1]].strip()) == "text":
            body.pop()
        return end + 1
    if head.layout == "spaced" and years_line(line.replace(" ", "")) is not None:
        nxt = doc.nonblank_from(end + 1)
        again = _header_at(nxt, doc) if nxt < len(doc.text) else None
        if again is not None and again.signature() == signature:
            return again.body_start  # (2020年  2025年 over the header repeated after a page break)
    return None


_GLUED_ROW_END_RE = re.compile(r"[\u4e00-\u9fff%）)][-+]?\d[\d,.]*\s*$")
MAX_GROUP_ROW = 20  # characters of a group row printed like a heading (一、养老服务供给)


def _group_row(line: str) -> bool:
    """A short line printed like an item heading (一、…, (一)…; never 第二章), no sentence: a table's group row
    if rows follow."""
    s = line.strip()
    return len(s) <= MAX_GROUP_ROW and bool(ITEM_HEADING.match(s)) and not s.endswith(("。", ";", ":"))


def _group_cell(line: str, head: _Header) -> str:
    """What else may name a group row on a spaced table's body line: its first cell when the others hold no figure
    (一、综合  …  JZH011000000: a form's group row with its code), else ""."""
    if head.layout != "spaced" or not _WIDE_GAP.search(line.strip()):
        return ""
    first, *rest = _WIDE_SPLIT.split(line.strip())
    return first if all(numericish(c) == "text" for c in rest) else ""


def _label_of_figures(doc: _Lines, k: int) -> bool:
    """Whether the one cell of line k, worded like an item heading, is a row's label: a short cell, no sentence's
    end, with a figure on the next line of a one-cell-per-line table."""
    cl = doc.cells[k] or []
    s = cl[0].text if len(cl) == 1 else ""
    if not s or len(s) > MAX_CELL_LINE or _SENTENCE_END.search(s) or not ITEM_HEADING.match(s):
        return False
    nxt = doc.nonblank_from(k + 1)
    low = doc.cells[nxt] if nxt < len(doc.text) else None
    return bool(low) and len(low) == 1 and numericish(low[0].text) in ("value", "none")  # type: ignore[arg-type]


MAX_GROUP_DEPTH = 2  # group rows of a one-cell-per-line table printed one under another (一、… over （一）…)


def _row_follows(doc: _Lines, k: int, head: _Header, depth: int = 0) -> bool:
    """The next non-blank line after line k is a body row of the table's layout (several cells, no header)."""
    nxt = doc.nonblank_from(k + 1)
    if nxt >= len(doc.text):
        return False
    cl = doc.cells[nxt] or []
    line = doc.text[nxt]
    if head.layout == "cells":  # one cell per line: the row's first cell (its number, when the table has one)
        first = head.columns[0].role if head.columns else ""
        s = line.strip()
        if first != "rowno" and depth < MAX_GROUP_DEPTH and len(cl) == 1 and _group_row(cl[0].text):
            return _row_follows(doc, nxt, head, depth + 1)  # (三、本年度办理结果 over （一）予以公开 over its row)
        return (s.isdigit() if first == "rowno" else len(s) <= MAX_GROUP_ROW * 2 and not _heading_or_prose(s, None)
                and not _caption_like(s)) and _header_at(nxt, doc) is None
    if depth < MAX_GROUP_DEPTH and head.layout in ("lines", "spaced", "glued") \
            and (_group_row(line) or _group_row(_group_cell(line, head)) or (len(cl) == 1 and _group_row(cl[0].text))):
        return _row_follows(doc, nxt, head, depth + 1)  # (一、社会救助 over （一）城市最低生活保障 over its rows)
    if head.layout == "glued":  # a glued row: its figures end it
        return bool(_GLUED_ROW_END_RE.search(line)) and _header_at(nxt, doc) is None
    if head.layout == "spaced":  # cells as wide apart as the table's (1. 完成助餐点20个 is a list item)
        several = len(line.split()) >= 2 and (not head.wide or _WIDE_GAP.search(line.strip()) is not None)
    else:
        several = len(cl) >= 2
    return several and (not _heading_or_prose(line, None) or _separated_row(head, cl, line)) \
        and _header_at(nxt, doc) is None


def _separated_row(head: _Header, cells: list[Cell], line: str = "") -> bool:
    """A line of a pipe, tab or spaced table with a cell per column (（一）乡级行政区划 | 个 | 96 | 96): a row, even
    when its first cell reads like an item heading."""
    if head.layout == "spaced" and head.wide:
        cells = [Cell(t, 0, 0, 0) for t in _WIDE_SPLIT.split(line.strip())]
        return len(cells) >= 3 and any(numericish(c.text) == "value" for c in cells[1:]) \
            and not line.rstrip().endswith("。")  # (a code column blanked as a gloss leaves fewer cells)
    return head.layout == "lines" and len(cells) >= 3 and len(cells) >= len(head.columns) - 1 \
        and not any(c.text.endswith("。") for c in cells)


_WIDE_SPLIT = re.compile(rf"\s{{2,}}|{WIDE_SPACE}")


_UNIT_LINE_RE = re.compile(r"(?:金额|计量)?单位[:：]\s*\S{1,10}")


def _caption_before(k: int, doc: _Lines) -> tuple[str, int]:
    """The table's caption (the nearest non-blank line above the header, if it reads like one) and its line."""
    j = k - 1
    while j >= 0 and (not doc.cells[j] or _UNIT_LINE_RE.fullmatch(doc.text[j].strip())):
        j -= 1  # (单位：万元 between the caption and the header)
    if j >= 0:
        s = doc.text[j].strip()
        if len(s) <= 60 and ("指标" in s or "表" in s or "情况" in s):
            return s, j + 1
    return "", k + 1


# ---------------------------------------------------------------------------------------------------------------
# rows for the tidy table (each row's values: cmp.extract.table_values)

def extract_tables(meta: dict, nt: NormalizedText, structure: DocStructure | None = None
                   ) -> tuple[list[TableInfo], list[dict]]:
    """Every table row of a document as tidy value rows (method 'table'), with raw spans, quotes and the row as
    context; each TableInfo says how many rows it found, how many reached the rows and how many gave no value.

    `structure` is the document's DocStructure (parsed here when not given): its time roles decide bare years.
    """
    if structure is None:
        structure = parse_structure(nt, meta)

    def role_at(noff: int) -> str:
        return structure.section_at(nt.to_raw(noff, noff)[0]).time_role

    tables = find_tables(nt, meta["period"], role_at, published_year(meta))
    base = reviewed_plan_base(str(meta.get("title") or ""))
    for info, _ in tables if base is not None else []:
        plan_base_is_baseline(info.columns, base)
    repeated = nt.repeated_first_lines()
    out: list[dict] = []
    for info, rows in tables:
        by_column: dict[int, tuple[list[str], str]] = {}  # a column's flags and their text, once per table
        for row in rows:
            values = row_values(meta, nt, info, row, repeated, by_column)
            info.n_out += 1 if values else 0
            info.n_no_value += 1 if all(v["value"] is None and v["value_low"] is None for v in values) else 0
            out.extend(values)
    return [t for t, _ in tables], out


__all__ = [
    "extract_tables",
    "Cell", "Column", "TableInfo", "ParsedRow", "find_tables", "header_role", "line_cells", "align",
    "segment_cells", "split_glued_values", "assign_kinds",
]
