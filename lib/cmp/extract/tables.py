"""Find indicator tables in flattened text and read every row into source-linked value rows.

Tables arrive in several flattened layouts: one row per line with `|` or tab separators (`lines`), one cell
per line with or without blank lines and trailing `|` (`cells`), and rows whose cells lost their separators
(`glued`). Column roles come from the header words, never from fixed positions; rows are segmented with the
printed row numbers and aligned to the columns by the type of each cell, so a missing cell does not shift the
rows after it. Anything read by inference carries a flag.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..ingest.normalize import NormalizedText
from .numbers import NONE_MARKS, canonical_unit
from .structure import DocStructure, parse_structure, published_year
from .table_body import (
    _aligned_bounds,  # noqa: F401 - read by tests as tables._aligned_bounds
    _Header,
    _line_span,
    _Lines,
    _read_body,
    display_widths,
    row_remark,
)
from .table_boxes import boxed_span_header
from .table_colon import colon_table_at
from .table_crosstab import (
    body_fits,
    crosstab_columns,
    first_names_rows,
    merge_wrapped_header,
    read_transposed,
    year_column,
)
from .table_glued import split_glued_values
from .table_headers import groups_columns, merge_grouped_header, scope_line, split_by_scope
from .table_keys import name_keyed_headers
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
    _header_role,
    assign_kinds,
    comma_separated,
    glued_header,
    header_role,
    is_header,
    latin_gloss,
    line_cells,
    squash,
    task_targets,
    without_gloss,
    years_line,
)
from .table_layouts import vocab as table_vocab
from .table_notes import (
    CJK_RE,
    PERCENT_LISTED_RE,
    budget_year_to_come,
    columns_note_units,
    data_year,
    done_caption,
    kinds_from_notes,
    kinds_with_notes,
    listed_units,
    money_column_units,
    rows_note_units,
    target_year_from_caption,
    targets_caption,
    unit_from_notes,
    units_of_rows,
    year_from_caption,
    years_from_notes,
)
from .table_pairs import pair_table_at
from .table_records import record_table_at
from .table_rows import (
    ITEM_HEADING,
    align,
    numericish,
    segment_cells,
)
from .table_spaced import header_words, merge_header_lines, spaced_cells, spaced_header, value_header_line
from .table_values import row_values

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
    text = [without_gloss(t) for t in nt.text.split("\n")]  # (a shorter line keeps its offset)
    offsets = nt.line_offsets()
    _ideographic_gaps(nt, text, offsets)
    skip = nt.duplicate_line_numbers()
    doc = _Lines(text, offsets, [[] if k + 1 in skip or latin_gloss(t) else
                                 line_cells(t, offsets[k], k + 1, "," in t and _raw_commas(nt, offsets[k], len(t)))
                                 for k, t in enumerate(text)], _widths_of(nt, text, offsets))
    _merge_boxed_rows(doc)
    _gloss_continuations(doc)
    name_keyed_headers(doc.cells)
    tables: list[tuple[TableInfo, list[ParsedRow]]] = []
    k = 0
    while k < len(text):
        if not doc.cells[k]:
            k += 1
            continue
        head = _header_at(k, doc)
        if head is None:
            listed = _list_table(k, doc, tables, period, role_at, published)
            k = listed if listed is not None else k + 1
            continue
        role = role_at(offsets[k]) if role_at else ""
        if head.layout in ("spaced", "lines") and head.cells:
            nxt = doc.nonblank_from(head.body_start)
            if nxt < len(text):
                _years_as_rows(head, _body_cells(doc, head, nxt))
        signature = head.signature()
        body, end = _body_lines(doc, head, signature)
        notes = _note_lines(doc, k, end)
        note_text = [doc.text[j] for j in notes]
        above = [doc.text[j] for j in notes if j < k]  # (the caption and unit lines over the header)
        years_from_notes(head.columns, note_text)
        target_year_from_caption(head.columns, above)
        caption, first_line = _caption_before(k, doc)
        if year_from_caption(head.columns, caption, published) \
                or (role in ("plan", "annual_plan") and done_caption(above)):
            role = "review"
        # (a caption of targets, 分年度目标: a year already over when the plan came out is still one of its targets)
        pub = (budget_year_to_come(period, published) if targets_caption(above, "budget_caption_words")
               else None if targets_caption(above) else published)
        assign_kinds(head.columns, period, role, pub)
        kinds_from_notes(head.columns, note_text, period)
        data_year(head.columns, tables, period)
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
        # (单位：个、张、人、万元 over 养老机构数 | 床位数 | 年末在院老人 | 民政事业费: a unit per column, in order)
        if not columns_note_units(head.columns, info.units_listed) \
                and len([u for u in info.units_listed if u not in ("%", "％")]) > 1:
            money_column_units(head.columns, info.units_listed)
            rows_note_units(rows, info.units_listed)
        info.n_rows = len(rows)
        tables.append((info, rows))
        k = max(end, k + 1)
    return tables


_GLOSS_GOES_ON_RE = re.compile(r"[A-Za-z(%)]")
_NUMBER_TOKEN_RE = re.compile(r"\d[\d,.]*")


def _gloss_continuations(doc: _Lines) -> None:
    """Blank the lines that carry on an English gloss wrapped over several lines (Change in / 2023 over /
    2022 (%)): an ASCII line right after a gloss line, with letters or a (%) beside its figures (never a bare
    year or number: 2022 under Item is a header cell)."""
    glossed = False
    for k, t in enumerate(doc.text):
        s = t.strip()
        if not s:
            continue
        if doc.cells[k] == [] and latin_gloss(t):
            glossed = True
            continue
        if glossed and s.isascii() and _GLOSS_GOES_ON_RE.search(s) and not latin_gloss(t) and "  " not in s \
                and len(_NUMBER_TOKEN_RE.findall(s)) <= 1 and doc.cells[k] and len(doc.cells[k]) == 1:  # type: ignore[arg-type]
            doc.cells[k] = []
            continue
        glossed = False


def _widths_of(nt: NormalizedText, text: list[str], offsets: list[int]):
    """Each line's display widths, worked out the first time a reader asks for them (several readers ask)."""
    done: dict[int, list[int]] = {}

    def widths(k: int) -> list[int]:
        w = done.get(k)
        if w is None:
            w = done[k] = display_widths(nt, offsets[k], len(text[k]))
        return w
    return widths


MIN_IDEOGRAPHIC_GAPS = 3  # full-width spaces inside a line of no wide gap that make its single spaces cell gaps


def _ideographic_gaps(nt: NormalizedText, text: list[str], offsets: list[int]) -> None:
    """Mark each single space that was a full-width one, on a line with wide gaps (年份　　养老床位　护理型床位占比)
    or with three full-width spaces or more (年度＼指标　养老床位（张）　护理型床位占比（%）), as a wide gap too
    (WIDE_SPACE, one character for one: offsets stay): a full-width space is two columns wide, as two spaces are."""
    for k, t in enumerate(text):
        inner = t.strip()
        if " " not in inner:
            continue
        a, b = nt.to_raw(offsets[k], offsets[k] + len(t))
        if "\u3000" not in nt.raw[a:b]:
            continue  # (the common case, one C call per line)
        if "  " not in inner and nt.raw[a:b].strip().count("\u3000") < MIN_IDEOGRAPHIC_GAPS:
            continue  # (a line of single spaces is split on every space; 第一章　总则 is a heading, not two cells)
        chars = list(t)
        for i in range(1, len(t) - 1):
            if t[i] == " " and t[i - 1] != " " and t[i + 1] != " " \
                    and nt.raw[int(nt.starts[offsets[k] + i])] == "\u3000" \
                    and not (t[i - 2:i - 1] in ("", " ") and t[i + 2:i + 3] in ("", " ")
                             and CJK_RE.match(t[i - 1]) and CJK_RE.match(t[i + 1])):
                chars[i] = WIDE_SPACE  # (合　计: the letters of one word set apart, never two cells; 個　5 two)
        text[k] = "".join(chars)


MAX_BOXED_LINES = 4  # printed lines of one row of a grid with a rule under every row


def _merge_boxed_rows(doc: _Lines) -> None:
    """Rows of a ruled grid whose cells wrap onto more lines between two rule lines (│农村低保标准│不低于680│ over
    │（元/人·月）│　│): each line that goes on the row (its first cell empty, or only a character or two in each cell,
    序 over 号) is merged into the row's first line cell by cell, and left blank."""
    k = 0
    n = len(doc.cells)
    while k < n:
        if doc.cells[k] is not None:
            k += 1
            continue
        j = k + 1
        while j < n and doc.cells[j] and "|" in doc.text[j].replace("│", "|"):
            j += 1
        run = list(range(k + 1, j))
        if 2 <= len(run) <= MAX_BOXED_LINES and j < n and doc.cells[j] is None \
                and len({len(doc.cells[r]) for r in run}) == 1 and doc.cells[run[0]][0].text:  # type: ignore[index,arg-type]
            first = doc.cells[run[0]]
            if all(_goes_on(first, doc.cells[r]) for r in run[1:]):  # type: ignore[arg-type]
                for r in run[1:]:
                    first = [_joined(a, b) for a, b in zip(first, doc.cells[r], strict=True)]  # type: ignore[arg-type]
                    doc.cells[r] = []
                doc.cells[run[0]] = first
                doc.merged[run[0]] = run[-1]
        k = j


_YEAR_START_RE = re.compile(r"(?:19|20)\d\d(?:年|$)")  # 2024年, 2020 over 年基 over 期值


def _goes_on(above: list[Cell], cells: list[Cell]) -> bool:
    """A grid line that continues the row above: its first cell empty (or every cell a character or two), and no
    column filled on both lines but two of words (a second row under a category printed once fills its
    label and figures again)."""
    if cells[0].text and not all(len(c.text) <= 2 for c in cells) \
            and not (len(cells[0].text) <= 2 and not any(_DIGIT.search(c.text) for c in cells)):
        return False  # (序 over 号 beside 2024年 over 完成值: a header's words, no figure)
    both = [(a, b) for a, b in zip(above, cells, strict=True) if a.text and b.text]
    words = [(a, b) for a, b in both if not _DIGIT.search(a.text + b.text)]
    # (每人每月 over 835元: a cell's phrase wrapped onto its figure goes on too)
    wraps = [(a, b) for a, b in both if not _DIGIT.search(a.text) and _DIGIT.search(b.text)]
    # (a header's year over the word of its kind: 2024年 over 完成情况, 2025年 over 目标)
    years = [(a, b) for a, b in both if _YEAR_START_RE.match(a.text) and not _DIGIT.search(b.text)]
    # (a label and a column of offices may both wrap: 社区慈善基金 over 总规模 beside 区慈善总会 over 各街道)
    return len(words) <= MAX_WRAPPED_WORD_CELLS and len(words) + len(wraps) + len(years) == len(both) \
        and len(wraps) <= 1


MAX_WRAPPED_WORD_CELLS = 2  # cells of words a grid row may wrap at once onto its next line


def _joined(a: Cell, b: Cell) -> Cell:
    """Two pieces of one cell printed on two lines: a label's words joined (spanning the first piece), or the piece
    that holds the figure, so a figure's offsets stay its own."""
    if not b.text:
        return a
    if not a.text:
        return b
    if _DIGIT.search(b.text) and not _DIGIT.search(a.text):
        return b  # (新建 over 20: the figure's own piece, its offsets its own)
    return a if _DIGIT.search(b.text) else Cell(a.text + b.text, a.start, a.end, a.line)


# readers of tables printed as lists, tried in turn on a line no header reader took: (reader, layout)
_LIST_READERS = ((colon_table_at, "colon"), (record_table_at, "records"), (pair_table_at, "pairs"))


def _list_table(k: int, doc: _Lines, tables: list, period: str, role_at, published: int | None) -> int | None:
    """A table printed as a list from line index k: `指标：2020年…，2025年…` lines (table_colon), records of
    `基期值（2020年）：42%` fields (table_records) or `城乡低保对象：37218人` lines (table_pairs), appended to
    `tables`; the index of the line after it, or None when there is none."""
    for reader, layout in _LIST_READERS:
        if layout == "colon" and "年" not in doc.text[k]:
            continue  # (each of its rows prints a year)
        found = reader(k, doc.text, doc.offsets)
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
    info = TableInfo(number=len(tables) + 1, caption=caption, header_line=k + 1, first_line=first_line,
                     last_line=last + 1, layout=layout, columns=columns, time_role=role)
    info.n_rows = len(rows)
    tables.append((info, rows))
    return end


def _raw_commas(nt: NormalizedText, start: int, length: int) -> bool:
    """Whether the raw text of a normalized line is a row of comma-separated values (comma_separated): a
    full-width comma folds to the same "," in the normalized text."""
    a, b = nt.to_raw(start, start + length) if length else (0, 0)
    return comma_separated(nt.raw[a:b])


NOTE_LINES = 2  # lines just above a header or just below a table that may say what year a column holds


def _note_lines(doc: _Lines, header: int, end: int) -> list[int]:
    """The non-blank lines just above the header and just below the table (captions, 注: lines)."""
    above = [j for j in range(header - 1, max(-1, header - 1 - NOTE_LINES * 2), -1) if doc.text[j].strip()]
    below = [j for j in range(end, min(len(doc.text), end + NOTE_LINES * 2)) if doc.text[j].strip()]
    return above[:NOTE_LINES] + below[:NOTE_LINES]


def _body_lines(doc: _Lines, head: _Header, signature: tuple) -> tuple[list[int], int]:
    """Indices of the table's body lines and of the line that ends it; a repeated header (after a page break)
    is skipped and the table goes on; no length limit ends a row of cells."""
    limit = MAX_GLUED_LINE if head.layout == "glued" else None
    body: list[int] = []
    end = head.body_start
    while end < len(doc.text):
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
        if head.layout in ("lines", "spaced", "cells", "glued") \
                and (_group_row(line) or _group_row(_group_cell(line, head))
                     or (len(cl) == 1 and _group_row(cl[0].text))) \
                and _row_follows(doc, end, head):  # (│一、社会救助      │: a box row spanning the table)
            body.append(end)  # 一、养老服务供给 alone on its line between rows: a group row, not a heading
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


_CONTINUED_MARK_RE = re.compile(r"[(（]?(\S{1,3}?)\s*\d{0,3}[)）]?")


_UNIT_NOTE_END_RE = re.compile(r"\s{2,}(?:计量)?单位[:：]\s*\S{1,8}$")
_TITLE_CONTINUED_RE = re.compile(r"\S{2,40}?[(（](\S{1,3}?)\s*\d{0,3}[)）]")


def _continued(line: str) -> bool:
    """A line that only says the table goes on after a page break (续表, （续表2）, (续)), or the table's title
    repeated with such a mark and at most its unit (…决算表（续）    单位：万元)."""
    s = line.strip()
    if not s:
        return False
    if len(s) <= 8:
        m = _CONTINUED_MARK_RE.fullmatch(s)
        return m is not None and m.group(1) in table_vocab()["continued_words"]
    m = _TITLE_CONTINUED_RE.fullmatch(_UNIT_NOTE_END_RE.sub("", s))
    return m is not None and m.group(1) in table_vocab()["continued_words"]


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


def _row_follows(doc: _Lines, k: int, head: _Header) -> bool:
    """The next non-blank line after line k is a body row of the table's layout (several cells, no header)."""
    nxt = doc.nonblank_from(k + 1)
    if nxt >= len(doc.text):
        return False
    cl = doc.cells[nxt] or []
    line = doc.text[nxt]
    if head.layout == "cells":  # one cell per line: the row's first cell (its number, when the table has one)
        first = head.columns[0].role if head.columns else ""
        s = line.strip()
        return (s.isdigit() if first == "rowno" else len(s) <= MAX_GROUP_ROW * 2 and not _heading_or_prose(s, None)
                and not _caption_like(s)) and _header_at(nxt, doc) is None
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


_WIDE_GAP = re.compile(rf"\S(?:\s{{2,}}|{WIDE_SPACE})\S")
_WIDE_SPLIT = re.compile(rf"\s{{2,}}|{WIDE_SPACE}")


def _header_at(k: int, doc: _Lines) -> _Header | None:
    """The table header starting at line index k, if there is one (a second header line is merged in)."""
    cells = doc.cells[k]
    if not cells:
        return None
    if len(cells) >= 2:
        grouped = _grouped_header(k, doc)
        if grouped is None and not _names_columns(cells):
            return boxed_span_header(k, doc) or _stacked_header(k, doc) \
                or _crosstab_header(k, doc, [c for c in cells if c.text], "lines") or _grid_header(k, doc, cells)
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
    spaced = _spaced_header_at(k, doc)
    if spaced is not None:
        return spaced
    glued = glued_header(cells[0].text)
    if glued:
        head = _Header(glued, "glued", k + 1)
        nxt = doc.nonblank_from(k + 1)
        if nxt < len(doc.text) and doc.cells[nxt]:
            _merge_second_line(head, doc.cells[nxt], nxt)  # type: ignore[arg-type]
        return head
    return _cells_header(k, doc) or _cells_crosstab_header(k, doc)


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
    if first is None or not (first_names_rows(first.text) or (role is not None and role.role == "indicator")):
        return None
    words, j = [], doc.nonblank_from(k + 1)
    while (c := _one_cell(doc, j)) is not None and not _DIGIT_RE.search(c.text) and len(c.text) <= MAX_MEASURE_WORD:
        words.append(c)
        j = doc.nonblank_from(j + 1)
    if len(words) < 3:
        return None
    label_line = [i for i in range(k + 1, j) if doc.cells[i]][-1]  # the last word is the first row's label
    measures = words[:-1]
    at, rows = label_line, 0
    while rows < MIN_CROSSTAB_ROWS:
        cells = []
        i = at
        for _ in range(len(measures) + 1):
            c = _one_cell(doc, i)
            if c is None:
                return None
            cells.append(c)
            i = doc.nonblank_from(i + 1)
        if _DIGIT_RE.search(cells[0].text) or not all(_DIGIT_RE.search(c.text) or c.text in NONE_MARKS
                                                      for c in cells[1:]):
            return None
        rows, at = rows + 1, i
    cols = [Column("indicator", first.text)]
    for w in measures:
        known = header_role(w.text)
        cols.append(known if known is not None and known.role == "value" else Column("value", w.text, measure=w.text))
    return _Header(cols, "cells", label_line)


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
        words = _header_line_words(cl[0].text, doc, j) if col is None else None
        if words is not None:  # 序号 指标名称(单位) over 2020年 2025年 指标属性: several cells on each line
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
        j += 1
    cols = _join_split_header_cells(cols) if len(cols) >= 3 else cols
    if len(cols) >= 3 and is_header(cols) and cols[0].role in ("rowno", "category", "indicator"):
        return _Header(cols, "cells", j, split=split)
    return None


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
            or _years_only_header(k, doc, wide)
    head = _Header(spaced[0], "spaced", k + 1, spaced[2], spaced[1])
    nxt = doc.nonblank_from(k + 1)
    if nxt < len(doc.text) and doc.cells[nxt] and len(doc.cells[nxt]) == 1:  # type: ignore[arg-type]
        second = spaced_cells(doc.text[nxt], doc.offsets[nxt], nxt + 1, True, len(head.columns))
        _merge_second_line(head, second, nxt)
    if head.body_start == k + 1:  # 2020年 | 2025年 | 评估 over 基期 | 规划目标 | 结论: words under the last cells
        head = _wrapped_spaced_header(k, doc, _wide_cells(doc, k)) or _unit_under(head, doc, k) \
            or _spanning_spaced_line(head, doc, k) or head
    return _years_and_kinds_around(head, doc, k)


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
    body = _wide_cells(doc, j)
    if len(body) < 3 or any(numericish(c.text) == "text" for c in body[1:]):
        return None
    spans = _header_anchors(doc, lines, len(body)) or \
        [(_display_x(doc, j, c), _display_x(doc, j, c) + _display_width(doc, j, c)) for c in body]
    pieces: list[list[Cell]] = [[] for _ in body]
    for h in lines:  # (every space-separated word: (元/人·月) (元/人·年) sit over two columns)
        words = [c for c in spaced_cells(doc.text[h], doc.offsets[h], h + 1, False, 1 << 30)
                 if CJK_RE.search(c.text) or c.text in ("%", "％", "‰")]  # (Elderly: an English gloss, no word)
        if len(words) > 1 and all(canonical_unit(c.text) is not None for c in words):
            words = [Cell(f"({c.text})", c.start, c.end, c.line) for c in words]  # 人 % 所 百萬元: a line of units
        for c in words:
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
    transposed = _years_as_rows(head, first) or transposed
    if not body_fits(first, cols, transposed):
        return None
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


_TRAILING_UNIT_RE = re.compile(r"(.*?)([(（][^()（）]+[)）])")


def _over_under(over: str, under: str) -> str:
    """The name of a column under a spanning cell: the two read together, a unit the upper one ends with kept at
    the end (投资（亿元） over 合计: 投资合计（亿元）)."""
    m = _TRAILING_UNIT_RE.fullmatch(squash(over))
    if m and "(" not in under and "（" not in under and canonical_unit(m.group(2)) is not None:
        return squash(m.group(1) + under + m.group(2))
    return squash(over + under)


def _body_cells(doc: _Lines, head: _Header, k: int) -> list[Cell]:
    """The cells of a body line of a cross-tab: as printed between separators, or split on wide gaps."""
    if head.layout == "spaced":
        return spaced_cells(doc.text[k], doc.offsets[k], k + 1, not head.narrow, len(head.columns))
    return [c for c in doc.cells[k] or [] if c.text]


_DIGIT_RE = re.compile(r"\d")
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
    return _Header([header_role(c.text) for c in joined], "lines", nxt + 1)  # type: ignore[arg-type]


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
    the plan period as merge_header_lines leaves it (a growth group makes it a growth); None for other cells."""
    if not over or not below:
        return None
    group, year = header_role(over), header_role(below)
    if group is None and (squash(over) in table_vocab()["year_row_words"] or year is not None and year.year):
        group = Column("value", over)  # (年別 over 2021 | 2022 | 2023, 规划指标 over 2020年 | 2025年: years as a group)
    if group is None or year is None or group.role != "value" or group.year is not None \
            or year.role != "value" or year.year is None or year.kind or year.growth or year.change:
        return None
    return replace(year, header=f"{over} {below}", growth=group.growth, change=group.change)


def _caption_before(k: int, doc: _Lines) -> tuple[str, int]:
    """The table's caption (the nearest non-blank line above the header, if it reads like one) and its line."""
    j = k - 1
    while j >= 0 and not doc.cells[j]:
        j -= 1
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
