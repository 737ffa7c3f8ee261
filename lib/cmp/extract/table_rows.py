"""Table rows: typing cells, aligning them to the columns and segmenting cell streams (glued rows: table_glued).

Rows are segmented with the printed row numbers and aligned to the columns by the type of each cell, so a missing
cell does not shift the rows after it; anything read by inference carries a flag.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache, lru_cache

from .clauses import GE_WORDS, LE_WORDS, clean_label
from .numbers import Quantity, canonical_unit, parse_cell, plainly_text
from .table_layouts import Cell, Column, ParsedRow, squash, vocab
from .textnums import find_values

# ---------------------------------------------------------------------------------------------------------------
# cell typing and row alignment

_INT_RE = re.compile(r"[1-9]\d{0,6}|0")  # a printed row number, of any size a table reaches
# a group row printed like an item heading (二、养老服务) may come before any row number, not only the first
ITEM_HEADING = re.compile(r"(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])\s*\S")


@lru_cache(maxsize=4096)
def _attribute(text: str) -> str:
    """binding / expected for an attribute cell (约束性, 预期性), else '' (remembered: the few words repeat)."""
    return vocab()["attribute_words"].get(squash(text), "")


@lru_cache(maxsize=4096)
def _is_status(text: str) -> bool:
    return squash(text) in vocab()["status_words"]


def _is_unit(text: str) -> bool:
    return canonical_unit(text) is not None


_ANY_DIGIT = re.compile(r"\d")
_PLAIN_NUMBER = re.compile(r"\d{1,12}(?:\.\d{1,6})?")


@lru_cache(maxsize=65536)
def cell_quantities(text: str, unit_hint: str = "") -> tuple[Quantity, ...]:
    """parse_cell, remembered: table cells repeat (100, —, 约束性) and Quantity is immutable."""
    return tuple(parse_cell(text, unit_hint))


@lru_cache(maxsize=4096)
def verb_quantities(text: str, unit_hint: str) -> tuple[Quantity, ...]:
    """A cell of a verb and a number in the row's unit (达到100, 保持在95以上): the number as the cell would give
    it without the verb, its offsets in the whole cell, flagged `value_in_phrase`; () for any other cell."""
    verb = next((w for w in vocab()["value_verbs"] if text.startswith(w)), "")
    if not verb:
        return ()
    out = []
    for q in cell_quantities(text[len(verb):].strip(), unit_hint):
        if q.value is None and q.low is None:
            return ()
        k = len(text) - len(text[len(verb):].lstrip())
        out.append(Quantity(text[k + q.start:k + q.end], k + q.start, k + q.end, q.value, q.value_raw, q.unit_raw,
                            q.unit, q.comparator, q.low, q.high, "", (*q.flags, "value_in_phrase")))
    return tuple(out)


@lru_cache(maxsize=4096)
def phrase_quantities(text: str) -> tuple[Quantity, ...]:
    """Values inside a cell written as a phrase (新建服务站8个, 不少于450户, 达到72个,覆盖率达到85%), read as
    running text is read: each flagged `value_in_phrase`, with the words before it as its qualifier."""
    vals = find_values(text, [])
    out: list[Quantity] = []
    prev = 0
    for v in vals:
        comparator = v.comparator
        before = text[prev:v.start]
        if v.value is not None and comparator in ("", "="):
            if before.endswith(tuple(GE_WORDS)):
                comparator = ">="
            elif before.endswith(tuple(LE_WORDS)):
                comparator = "<="
        flags = [*v.flags, "value_in_phrase"] + (["multi_value"] if len(vals) > 1 else [])
        out.append(Quantity(text[v.start:v.end], v.start, v.end, v.value, v.value_raw, v.unit_raw, v.unit,
                            comparator, v.low, v.high, clean_label(before), tuple(dict.fromkeys(flags))))
        prev = v.end
    return tuple(out)


def numericish(text: str) -> str:
    """'value' if the cell reads as a number (or a range, ratio, ≥x), 'none' for a dash, 'text' otherwise."""
    if plainly_text(text):  # a label: not parsed, and not remembered (labels rarely repeat)
        return "text"
    return _numericish(text)


@lru_cache(maxsize=65536)
def _numericish(text: str) -> str:
    if _PLAIN_NUMBER.fullmatch(text):
        return "value"
    qs = cell_quantities(text)
    if any(q.value is not None or q.low is not None for q in qs):
        return "value"
    if all("no_value" in q.flags for q in qs):
        return "none"
    if any("suspect_format" in q.flags for q in qs):
        return "value"
    return "text"


def cell_score(text: str, role: str) -> float:
    """How well a cell's content fits a column role (higher is better)."""
    if role == "rowno":
        if _INT_RE.fullmatch(text):
            return 1.0
        marked = bool(text) and (text[0] in "(（" or text[-1] in ".．、)）")  # (1. or (3): its mark taken off
        return 1.0 if marked and _INT_RE.fullmatch(_ROWNO_MARK_RE.sub("", text)) else -5.0
    if role in _LABEL_ROLES and plainly_text(text):  # a label, scored without parsing or remembering it
        if _attribute(text):
            return -5.0
        return 1.0 if role == "indicator" and len(text) >= 2 else 0.5
    return _cell_score(text, role)


_LABEL_ROLES = frozenset(("indicator", "category"))


@lru_cache(maxsize=65536)
def _cell_score(text: str, role: str) -> float:
    if not text:
        return -1.0
    nature = numericish(text)
    if role == "attribute":
        return 2.0 if _attribute(text) else -5.0
    if _attribute(text):
        return -5.0
    if role == "status":
        return 1.0 if _is_status(text) else -1.0
    if role in ("indicator", "category"):
        if nature != "text":
            return -5.0
        return 1.0 if role == "indicator" and len(text) >= 2 else 0.5
    if role == "unit":
        if nature == "none":
            return 0.5
        if _is_unit(text):
            return 1.0
        return -3.0 if nature == "value" or len(text) > 6 else -0.5
    if role == "note":
        if nature != "text":
            return -2.0
        return 0.5 if _FIGURE_IN_TEXT.search(text) else 1.0  # (新增400名以上 is what a task sets, not who or when)
    # value column
    if nature == "value":
        return 1.0
    if nature == "none":
        return 1.0
    if _is_unit(text) or _is_status(text):
        return -3.0
    # plain text can be a value ("乡镇全覆盖") but fits a note or label column better, unless it holds a figure
    return 0.8 if _FIGURE_IN_TEXT.search(text) else 0.2


# a number with a unit or % inside a phrase (新增持证社会工作者400名以上), not a date (2024年12月底)
_FIGURE_IN_TEXT = re.compile(r"\d[\d.,]*\s*(?:%|(?![年月日号时])[\u4e00-\u9fff])")


MISSING_COST = {"category": 0.0, "rowno": 0.2, "status": 0.3, "note": 0.5}


def align(cells: list[Cell], columns: list[Column]) -> tuple[float, list[list[int]]]:
    """Best monotone assignment of cells to columns: (score, every best assignment as a column index per cell).

    A column with no cell costs a penalty (a missing cell); an empty cell may be dropped; a non-empty cell that
    fits no column is dropped at a high cost (flagged `extra_cell` by the caller). The search depends only on
    how well each cell fits each column, so rows of the same shape share one search (long tables stay cheap).
    """
    roles = tuple(c.role for c in columns)
    shape = tuple((tuple(cell_score(c.text, r) for r in roles), not c.text) for c in cells)
    score, paths = _align_shape(shape, roles)
    return score, [list(p) for p in paths]


@lru_cache(maxsize=65536)
def _align_shape(shape: tuple[tuple[tuple[float, ...], bool], ...], roles: tuple[str, ...]
                 ) -> tuple[float, tuple[tuple[int, ...], ...]]:
    n, m = len(shape), len(roles)

    @cache
    def best(i: int, j: int) -> tuple[float, tuple[tuple[int, ...], ...]]:
        if i == n:
            cost = -sum(MISSING_COST.get(roles[k], 1.0) for k in range(j, m))
            return cost, ((),)
        options: list[tuple[float, tuple[tuple[int, ...], ...]]] = []
        if j < m:  # cell i fills column j
            s, paths = best(i + 1, j + 1)
            options.append((s + shape[i][0][j], tuple((j, *p) for p in paths)))
            # column j has no cell in this row
            s, paths = best(i, j + 1)
            options.append((s - MISSING_COST.get(roles[j], 1.0), paths))
        # drop cell i
        s, paths = best(i + 1, j)
        options.append((s - (0.1 if shape[i][1] else 3.0), tuple((-1, *p) for p in paths)))
        top = max(o[0] for o in options)
        merged: list[tuple[int, ...]] = []
        for score, paths in options:
            if abs(score - top) < 1e-9:
                merged.extend(p for p in paths if p not in merged)
        return top, tuple(merged[:16])

    return best(0, 0)


# columns whose cell, placed by position, fits whatever it holds: a code, a date (note), a label that reads like a
# figure (1人, 60至69岁: the rows' names)
_PLACED_ROLES = frozenset(("note", "indicator"))


def build_row(cells: list[Cell], columns: list[Column], rowno: int | None, category: str,
              placed: bool = False) -> ParsedRow:
    """Assign a row's cells to columns by type; uncertain placements are kept and flagged, not guessed.

    A row with one cell per column, each fitting its column, is taken as printed (the common case, without the
    search); any other row is aligned by `align`. `placed`: the cells were placed one per column by position
    (table_align, or separators), so a note or label column's cell fits whatever it holds (a code such as
    2080201, a label such as 1人).
    """
    row = ParsedRow(rowno=rowno, category=category, label=None, unit=None, attribute="", notes=[], values=[])
    while len(cells) > len(columns):  # (a label over three lines is joined twice)
        joined = _join_wrapped_label(cells, columns, row)
        if joined is cells:
            break
        cells = joined
    if len(cells) < len(columns):
        cells = _split_label_values(cells, columns, row)
    if len(cells) == len(columns):
        for c, col in zip(cells, columns):  # noqa: B905 - same length
            if c.text and cell_score(c.text, col.role) <= 0 and not (placed and col.role in _PLACED_ROLES):
                break
        else:  # as printed: no missing, extra or ambiguous cell
            for col, c in zip(columns, cells):  # noqa: B905 - same length
                _fill(row, col, c)
            return row
    paths = align(cells, columns)[1]
    by_col = {j: cells[i] for i, j in enumerate(paths[0]) if j >= 0}
    for j, col in enumerate(columns):
        _fill(row, col, by_col.get(j))
    _flag_misfits(row, cells, columns, paths, by_col)
    return row


LABEL_JOINED = "label printed over several lines, joined"


def _join_wrapped_label(cells: list[Cell], columns: list[Column], row: ParsedRow) -> list[Cell]:
    """A label printed over two cells (特困人员集中供养 / 能力(失能、部分失能)) in a row with one cell too many: the
    two text cells at the label's column, the second no unit or attribute word, joined into one (called again
    while the row has too many cells: a label over three lines)."""
    i = next((k for k, c in enumerate(columns) if c.role == "indicator"), None)
    if i is None or i + 1 >= len(cells):
        return cells
    first, second = cells[i], cells[i + 1]
    if numericish(first.text) != "text" or numericish(second.text) != "text" or canonical_unit(second.text) \
            or squash(second.text) in vocab()["attribute_words"] or first.line == second.line:
        return cells
    if LABEL_JOINED not in row.notes:
        row.notes.append(LABEL_JOINED)
    joined = Cell(first.text + second.text, first.start, second.end, first.line)
    return [*cells[:i], joined, *cells[i + 2:]]


# a label whose value follows it in the same cell: after the label's unit in parentheses, or after one space
_LABEL_THEN_VALUE = re.compile(r"(?P<label>.*?[\u4e00-\u9fff].*?(?:\)|[\u4e00-\u9fff](?=\s)))\s?"
                               r"(?P<value>[≥≤><]?\d+(?:\.\d+)?%?)")


def _split_label_values(cells: list[Cell], columns: list[Column], row: ParsedRow) -> list[Cell]:
    """A row short of cells whose label cell ends in a number (`集中供养率(%) 48.2`, `工作者数(人)14.6`: one
    space, or none after the unit, where the others are wide gaps) has that number cut off as its own cell, noted.

    Only while the row has fewer cells than the table has value columns filled, and only a label (a cell read as
    text whose left part is text too) that ends in a plain number: a comparator word before the number
    (不少于300) keeps the cell whole."""
    n_values = sum(1 for c in columns if c.role == "value")
    filled = sum(1 for c in cells if numericish(c.text) in ("value", "none"))
    if filled >= n_values:
        return cells
    out = list(cells)
    for i, c in enumerate(out):
        if numericish(c.text) != "text":
            continue
        m = _LABEL_THEN_VALUE.fullmatch(c.text)
        if not m or m["label"].endswith(tuple(GE_WORDS) + tuple(LE_WORDS)):
            continue
        cut = c.start + m.end("label")
        v0 = c.start + m.start("value")
        out[i:i + 1] = [Cell(m["label"], c.start, cut, c.line), Cell(m["value"], v0, c.end, c.line)]
        row.notes.append(f"value {m['value']!r} printed in the label's cell, read as its own cell")
        row.flags.append("cell_split")
        break
    return out


def _flag_misfits(row: ParsedRow, cells: list[Cell], columns: list[Column], paths: list[list[int]],
                  by_col: dict[int, Cell]) -> None:
    """Flag and note the missing cells, the cells beyond the columns and the cells of uncertain column."""
    chosen = paths[0]
    missing = [c for j, c in enumerate(columns) if c.role in ("indicator", "unit", "value", "attribute")
               and j not in by_col]
    if missing:
        row.flags.append("missing_cell")
        row.notes.append("missing cell(s): " + ", ".join(c.header for c in missing))
    dropped = [cells[i] for i, j in enumerate(chosen) if j < 0 and cells[i].text]
    if dropped:
        row.flags.append("extra_cell")
        row.notes.append("cell(s) beyond the table's columns: " + " | ".join(c.text for c in dropped))
        if any(_ANY_DIGIT.search(c.text) for c in dropped):
            # a number left over: which number belongs to which column cannot be known
            row.flags.append("column_ambiguous")
    _flag_ambiguous(row, cells, columns, paths)


_ROWNO_RE = re.compile(r"\d{1,9}")
# a row number printed with its mark (1.  2、  (3)): the number is the row's
_ROWNO_MARK_RE = re.compile(r"^[(（]|[.．、)）]$")


_UNIT_GLOSS_RE = re.compile(r"(\S+)\s+[\d,.]*\s*[A-Za-z][A-Za-z\s.,/\-]*")


def _without_unit_gloss(cell: Cell | None) -> Cell | None:
    """A unit cell without the English gloss printed after its unit (萬人 10,000 persons, 間 units): the unit
    alone, its offsets cut to it; any other cell as it is."""
    if cell is None:
        return None
    m = _UNIT_GLOSS_RE.fullmatch(cell.text)
    if m is None or canonical_unit(m.group(1)) is None:
        return cell
    return Cell(m.group(1), cell.start, cell.start + len(m.group(1)), cell.line)


def _fill(row: ParsedRow, col: Column, cell: Cell | None) -> None:
    """Put one cell into the row field its column's role names."""
    if col.role == "value":  # the most common role first
        row.values.append((col, cell))
    elif col.role == "rowno" and cell is not None and row.rowno is None:
        number = _ROWNO_MARK_RE.sub("", cell.text)
        if _ROWNO_RE.fullmatch(number) and (number == cell.text or len(cell.text) - len(number) <= 2):
            row.rowno = int(number)
        elif cell.text:
            row.notes.append(f"{col.header}: {cell.text}")  # not a row number: kept as printed
    elif col.role == "category" and cell is not None and cell.text:
        row.category = cell.text
    elif col.role == "indicator":
        row.label = cell
    elif col.role == "unit":
        row.unit = _without_unit_gloss(cell)
    elif col.role == "attribute" and cell is not None:
        row.attribute = vocab()["attribute_words"].get(squash(cell.text), "")
    elif col.role in ("status", "note") and cell is not None and cell.text:
        row.notes.append(f"{col.header}: {cell.text}")
        if col.role == "note":
            row.note_cells.append(cell)
        elif _ANY_DIGIT.search(cell.text):
            row.done_cells.append(cell)  # 完成情况 | 536, or 2023年达到89.4%: what was done, with its figures
            row.done_year = col.year if col.year is not None else row.done_year


def _flag_ambiguous(row: ParsedRow, cells: list[Cell], columns: list[Column], paths: list[list[int]]) -> None:
    """Flag every non-empty cell that equally good alignments put in different columns."""
    for i in range(len(cells)):
        if not cells[i].text or len({p[i] for p in paths}) < 2:
            continue
        options = sorted({columns[p[i]].header if p[i] >= 0 else "dropped" for p in paths})
        if all(p[i] >= 0 and columns[p[i]].role == "note" for p in paths):
            # 责任单位 or 完成时限: which note it is changes no value (the note says what it could be)
            row.notes.append(f"cell {cells[i].text!r} could belong to: {', '.join(options)}")
            continue
        for k, (_, cell) in enumerate(row.values):
            if cell is cells[i]:
                row.value_flags.setdefault(k, []).append("column_ambiguous")
                row.value_notes[k] = f"cell {cells[i].text!r} could belong to: {', '.join(options)}"
        if "column_ambiguous" not in row.flags:
            row.flags.append("column_ambiguous")


# ---------------------------------------------------------------------------------------------------------------
# segmentation of one-cell-per-line tables


def row_columns(columns: list[Column]) -> list[Column]:
    """The columns a one-cell-per-line row holds after its number: all but the row number, and but a category
    printed before it (类别 | 序号 | 指标 …: the category's lines come before the number, on a group's first row)."""
    cols = [c for c in columns if c.role != "rowno"]
    roles = [c.role for c in columns]
    if "category" in roles and "rowno" in roles and roles.index("category") < roles.index("rowno"):
        cols = [c for c in cols if c.role != "category"]
    return cols


GROUP_LINES = 3  # lines a group name before a row number may take (基本民生 / 保障)


def _leads_row(tokens: list[Cell], i: int, is_text: Callable[[int], bool], is_int: Callable[[int], bool]) -> bool:
    """Whether tokens[i] is a line of a group name printed before a row's number: a run of at most GROUP_LINES text
    lines, right after a row's last cell (an attribute word or a value) and right before a number."""
    r = i  # the first line of the name
    while r > 0 and i - r < GROUP_LINES and is_text(r - 1):
        r -= 1
    if r > 0 and is_text(r - 1):
        return False
    k = i
    while k < len(tokens) and k - r < GROUP_LINES and is_text(k):
        k += 1
    return is_int(k)


def _total_row(tokens: list[Cell], i: int, best: list[list[float]], body_cols: list[Column],
               is_int: Callable[[int], bool], numbered: bool) -> tuple[float, tuple | None]:
    """(score, step) of a total row at token i of a numbered table printed without a number (合计 | 41830: its
    label in the number's place, its empty cells lost in a table of one cell per line), then the end of the
    table or the next numbered row; (-inf, None) when token i is no total word or the rows are not `numbered`
    (then a total row is a row like the others)."""
    n = len(tokens)
    out: tuple[float, tuple | None] = (-math.inf, None)
    if not numbered or squash(tokens[i].text) not in vocab()["total_words"]:
        return out
    for j in range(i + 2, min(n, i + len(body_cols) + 1) + 1):
        rest = best[j][1]
        if rest != -math.inf and (j == n or is_int(j)):
            score = align(tokens[i:j], body_cols)[0] + rest
            if score > out[0]:
                out = (score, ("total", i, j, 1))
    return out


def segment_cells(tokens: list[Cell], columns: list[Column], breaks: frozenset[int] = frozenset()
                  ) -> list[tuple[int | None, str, list[Cell], tuple[int, int]]] | None:
    """Split a stream of cells into rows using the printed row numbers, group headers and cell types.

    `breaks` are the indices of the cells a blank line comes before, when blank lines part the rows: a row then
    ends at one (a cell printed over two lines, 城市：840 / 农村：700, stays in its row). Returns (row number, group
    header, cells, normalized span of the row) per row, or None when no consistent segmentation exists.
    """
    body_cols = row_columns(columns)
    has_rowno = any(c.role == "rowno" for c in columns)
    lead = len(body_cols) < len(columns) - has_rowno  # a category printed before the row number (类别 | 序号 | …)
    width = len(body_cols)
    n = len(tokens)

    def is_int(i: int) -> bool:
        return i < n and bool(_INT_RE.fullmatch(tokens[i].text))

    def is_text(i: int) -> bool:  # called for i < n only
        return bool(tokens[i].text) and numericish(tokens[i].text) == "text" and not _attribute(tokens[i].text)

    # best[i][allowed]: best score for tokens[i:], where `allowed` says a numbered row may start at i (the
    # number there is the one expected); computed from the end so long tables need no recursion
    neg = -math.inf
    best = [[neg, neg] for _ in range(n + 1)]
    step: list[list[tuple | None]] = [[None, None] for _ in range(n + 1)]
    best[n] = [0.0, 0.0]
    for i in range(n - 1, -1, -1):
        group_score, group_step = neg, None
        if is_text(i) and i + 1 < n and (not breaks or i == 0 or i in breaks) \
                and (is_text(i + 1) if not has_rowno else tokens[i + 1].text == "1"
                                         or (is_int(i + 1) and ITEM_HEADING.match(tokens[i].text) is not None)
                                         or (lead and _leads_row(tokens, i, is_text, is_int))):
            group_score, group_step = best[i + 1][1] - 0.3, ("group", i, i + 1, 1)
        row_score, row_step = neg, None
        if is_int(i) or not has_rowno:
            first = i + 1 if has_rowno else i
            # a numbered row may hold more cells than columns (a cell printed on several lines): its extra
            # cells are kept as extra_cell rather than making the whole table unreadable
            # (a row parted from the next by a blank line may hold more: its cells wrapped over lines)
            longest = 2 * width + 2 if has_rowno or breaks else width + 1
            for j in range(first + 1, min(n, first + longest) + 1):
                if breaks and j < n and j not in breaks:
                    continue
                nxt = (not has_rowno) or (is_int(j) and int(tokens[j].text) == int(tokens[i].text) + 1)
                rest = best[j][int(nxt)]
                if rest == neg:
                    continue
                score = align(tokens[first:j], body_cols)[0] + rest
                if score > row_score:
                    row_score, row_step = score, ("row", i, j, int(nxt))
        total_score, total_step = _total_row(tokens, i, best, body_cols, is_int, has_rowno)
        for allowed in (0, 1):
            options = [(group_score, group_step), (total_score, total_step)]
            if allowed or not has_rowno:
                options.append((row_score, row_step))
            score, chosen = max(options, key=lambda o: o[0])
            best[i][allowed], step[i][allowed] = score, chosen
    if best[0][1] == neg:
        return None
    rows: list[tuple[int | None, str, list[Cell], tuple[int, int]]] = []
    group, grouping = "", False
    i, allowed = 0, 1
    while i < n:
        kind, a, j, nxt = step[i][allowed]  # type: ignore[misc]
        if kind == "group":  # (a group name printed over several lines is joined: 基本民生 / 保障)
            group, grouping = (group + tokens[a].text if grouping else tokens[a].text), True
            i, allowed = j, nxt
            continue
        grouping = False
        numbered = has_rowno and kind != "total"  # (a total row's label stands in its number's place)
        rowno = int(tokens[a].text) if numbered else None
        rows.append((rowno, group, list(tokens[a + numbered:j]), (tokens[a].start, tokens[j - 1].end)))
        i, allowed = j, nxt
    return rows
