"""Find indicator tables in flattened text and read every row into source-linked value rows.

Tables arrive in several flattened layouts: one row per line with `|` or tab separators (`lines`), one cell
per line with or without blank lines and trailing `|` (`cells`), and rows whose cells lost their separators
(`glued`). Column roles come from the header words, never from fixed positions; rows are segmented with the
printed row numbers and aligned to the columns by the type of each cell, so a missing cell does not shift the
rows after it. Anything read by inference carries a flag.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources

import yaml

from ..ingest.normalize import NormalizedText
from .numbers import NUM, canonical_unit, parse_cell, unit_from_label

# ---------------------------------------------------------------------------------------------------------------
# vocabulary


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The layout vocabulary (header words, attribute and status words) from table_vocab.yaml."""
    text = resources.files("cmp.extract").joinpath("table_vocab.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _longest_first(words) -> list[str]:
    return sorted(words, key=len, reverse=True)


HEADING_RE = re.compile(
    r"^\s*(第[一二三四五六七八九十百零\d]+[章节部分条篇]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]"
    r"|注\s*[:：]|专栏|附件|附表)"
)
CAPTION_RE = re.compile(r"^\s*(表\s*\d+|\d+\s*[:：])")
MAX_CELL_LINE = 60
MAX_GLUED_LINE = 100
UNCERTAIN_MARGIN = 0.3
MAX_GLUED_DIGITS = 14


@dataclass(frozen=True)
class Cell:
    """A piece of normalized text that is one table cell, with its normalized offsets and line."""

    text: str
    start: int
    end: int
    line: int


@dataclass
class Column:
    """One column of a table: its role, its header text, and for value columns the kind and year."""

    role: str
    header: str
    kind: str = ""
    year: int | None = None
    year_assumed: bool = False
    unit_in_label: bool = False


@dataclass
class TableInfo:
    """Where a table sits and how it was read."""

    number: int
    caption: str
    header_line: int
    first_line: int
    last_line: int
    layout: str
    columns: list[Column]
    n_rows: int = 0

    @property
    def table_id(self) -> str:
        return f"T{self.number}"


@dataclass
class ParsedRow:
    """One table row after segmentation: its cells by role, before values are read."""

    rowno: int | None
    category: str
    label: Cell | None
    unit: Cell | None
    attribute: str
    notes: list[str]
    values: list[tuple[Column, Cell | None]]
    flags: list[str] = field(default_factory=list)
    value_flags: dict[int, list[str]] = field(default_factory=dict)  # by value-column index
    value_notes: dict[int, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------------
# cells and headers


def line_cells(text: str, offset: int, line_no: int) -> list[Cell] | None:
    """Cells of one line: split on `|` or tabs, else the stripped line; None for a `---|---` separator line."""
    if "|" in text:
        parts, pos = [], 0
        for piece in text.split("|"):
            parts.append((piece, pos))
            pos += len(piece) + 1
        if text.lstrip().startswith("|") and parts and not parts[0][0].strip():
            parts = parts[1:]
        if parts and not parts[-1][0].strip():
            parts = parts[:-1]
        if parts and all(re.fullmatch(r"\s*:?-{2,}:?\s*", p) for p, _ in parts):
            return None
    elif "\t" in text:
        parts, pos = [], 0
        for piece in text.split("\t"):
            parts.append((piece, pos))
            pos += len(piece) + 1
    else:
        parts = [(text, 0)]
    cells = []
    for piece, pos in parts:
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        start = offset + pos + lead
        cells.append(Cell(stripped, start, start + len(stripped), line_no))
    if len(cells) == 1 and not cells[0].text:
        return []
    return cells


def _squash(s: str) -> str:
    return re.sub(r"[\s“”\"'‘’]+", "", s)


@lru_cache(maxsize=1)
def _value_header_re() -> re.Pattern:
    words = "|".join(
        re.escape(w) for w in _longest_first(w for ws in vocab()["value_words"].values() for w in ws)
    )
    periods = "|".join(re.escape(p) for p in _longest_first(vocab()["period_years"]))
    return re.compile(rf"(?:((?:19|20)\d\d)年?(?:底|末)?|({periods}))?({words})?")


def _value_header(s: str) -> Column | None:
    m = _value_header_re().fullmatch(s)
    if not m or not (m.group(1) or m.group(2) or m.group(3)):
        return None
    year = int(m.group(1)) if m.group(1) else vocab()["period_years"].get(m.group(2)) if m.group(2) else None
    kind = ""
    if m.group(3):
        kind = next(k for k, ws in vocab()["value_words"].items() if m.group(3) in ws)
    return Column("value", s, kind=kind, year=year)


def header_role(cell: str) -> Column | None:
    """The column a header cell announces (序号, 指标, 单位, 2020年基期值, 2025, 指标属性 ...), or None."""
    col = _header_role(cell)
    return replace(col) if col is not None else None


@lru_cache(maxsize=4096)
def _header_role(cell: str) -> Column | None:
    if len(cell) > 40:
        return None
    s = _squash(cell)
    if not s:
        return None
    roles, with_unit = _role_words()
    if s in roles:
        return Column(roles[s], s)
    if with_unit.fullmatch(s):
        return Column("indicator", s, unit_in_label=True)
    return _value_header(s)


@lru_cache(maxsize=1)
def _role_words() -> tuple[dict[str, str], re.Pattern]:
    roles: dict[str, str] = {}
    for role, words in vocab()["header_roles"].items():
        for w in words:
            roles.setdefault(w, role)
    words = vocab()["header_roles"]["indicator"]
    return roles, re.compile(rf"({'|'.join(map(re.escape, words))})[(（](单位|%|％)[)）]?")


@lru_cache(maxsize=1)
def _glued_tokens() -> tuple[re.Pattern, dict[str, str]]:
    words = {w: role for role, ws in vocab()["header_roles"].items() for w in ws if len(w) >= 2}
    value_words = [w for ws in vocab()["value_words"].values() for w in ws]
    token_re = re.compile(
        rf"((?:19|20)\d\d年?)?({'|'.join(map(re.escape, _longest_first(value_words)))})"
        rf"|({'|'.join(map(re.escape, _longest_first(words)))})|([(（]单位[)）])"
    )
    return token_re, words


def _glued_header(cell: str) -> list[Column] | None:
    """Split a header whose cells lost their separators (指标类别指标内容(单位)指标属性基期目标值实际值)."""
    if len(cell) > MAX_GLUED_LINE or "指标" not in cell and "项目" not in cell:
        return None
    s = _squash(cell)
    token_re, words = _glued_tokens()
    cols: list[Column] = []
    pos = 0
    while pos < len(s):
        m = token_re.match(s, pos)
        if not m:
            return None
        if m.group(2):
            col = _value_header(m.group(0))
            if col is None:
                return None
            cols.append(col)
        elif m.group(3):
            cols.append(Column(words[m.group(3)], m.group(3)))
        else:
            if not cols:
                return None
            cols[-1].unit_in_label = True
        pos = m.end()
    roles = {c.role for c in cols}
    if len(cols) >= 3 and "indicator" in roles and "value" in roles:
        return cols
    return None


def _years_line(cell: str) -> list[int] | None:
    s = _squash(cell)
    if re.fullmatch(r"(?:(?:19|20)\d\d年?)+", s):
        return [int(y) for y in re.findall(r"(?:19|20)\d\d", s)]
    return None


def _is_header(cols: list[Column]) -> bool:
    roles = [c.role for c in cols]
    single = [r for r in roles if r != "value"]
    return "indicator" in roles and "value" in roles and len(cols) >= 2 and len(single) == len(set(single))


# ---------------------------------------------------------------------------------------------------------------
# kinds and years of value columns


def plan_years(period: str) -> tuple[int, int]:
    """First and last year of a plan period ('2021-2025' or '2023')."""
    years = [int(y) for y in re.findall(r"\d{4}", str(period))]
    if not years:
        return 2021, 2025
    return years[0], years[-1]


def assign_kinds(columns: list[Column], period: str) -> None:
    """Give every value column a kind and a year from its header, the plan period and the other columns."""
    start, end = plan_years(period)
    values = [c for c in columns if c.role == "value"]
    has_future = any((c.year or 0) >= start for c in values)
    years = [c.year for c in values if c.year is not None]
    for c in values:
        if not c.kind:
            if c.year is None:
                c.kind = "target"
            elif c.year >= start:
                c.kind = "target"
            elif has_future or c.year < max(years):
                c.kind = "baseline"
            else:
                c.kind = "actual"
        if c.year is None:
            c.year_assumed = True
            c.year = start - 1 if c.kind in ("baseline", "actual") else end


# ---------------------------------------------------------------------------------------------------------------
# cell typing and row alignment

_INT_RE = re.compile(r"\d{1,3}")


def _attribute(text: str) -> str:
    return vocab()["attribute_words"].get(_squash(text), "")


def _is_status(text: str) -> bool:
    return _squash(text) in vocab()["status_words"]


def _is_unit(text: str) -> bool:
    return canonical_unit(text) is not None


@lru_cache(maxsize=65536)
def _numericish(text: str) -> str:
    """'value' if the cell reads as a number (or a range, ratio, ≥x), 'none' for a dash, 'text' otherwise."""
    qs = parse_cell(text)
    if any(q.value is not None or q.low is not None for q in qs):
        return "value"
    if all("no_value" in q.flags for q in qs):
        return "none"
    if any("suspect_format" in q.flags for q in qs):
        return "value"
    return "text"


@lru_cache(maxsize=65536)
def cell_score(text: str, role: str) -> float:
    """How well a cell's content fits a column role (higher is better)."""
    if role == "rowno":
        return 1.0 if _INT_RE.fullmatch(text) else -5.0
    if not text:
        return -1.0
    nature = _numericish(text)
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
        return 1.0 if nature == "text" else -2.0
    # value column
    if nature == "value":
        return 1.0
    if nature == "none":
        return 1.0
    if _is_unit(text) or _is_status(text):
        return -3.0
    return 0.2  # plain text can be a value ("乡镇全覆盖") but fits a note or label column better


MISSING_COST = {"category": 0.0, "rowno": 0.2, "status": 0.3, "note": 0.5}


def align(cells: list[Cell], columns: list[Column]) -> tuple[float, list[list[int]]]:
    """Best monotone assignment of cells to columns: (score, every best assignment as a column index per cell).

    A column with no cell costs a penalty (a missing cell); an empty cell may be dropped; a non-empty cell that
    fits no column is dropped at a high cost (flagged `extra_cell` by the caller).
    """
    n, m = len(cells), len(columns)

    @cache
    def best(i: int, j: int) -> tuple[float, tuple[tuple[int, ...], ...]]:
        if i == n:
            cost = -sum(MISSING_COST.get(columns[k].role, 1.0) for k in range(j, m))
            return cost, ((),)
        options: list[tuple[float, tuple[tuple[int, ...], ...]]] = []
        if j < m:  # cell i fills column j
            s, paths = best(i + 1, j + 1)
            options.append((s + cell_score(cells[i].text, columns[j].role), tuple((j, *p) for p in paths)))
            # column j has no cell in this row
            s, paths = best(i, j + 1)
            options.append((s - MISSING_COST.get(columns[j].role, 1.0), paths))
        # drop cell i
        s, paths = best(i + 1, j)
        options.append((s - (0.1 if not cells[i].text else 3.0), tuple((-1, *p) for p in paths)))
        top = max(o[0] for o in options)
        merged: list[tuple[int, ...]] = []
        for score, paths in options:
            if abs(score - top) < 1e-9:
                merged.extend(p for p in paths if p not in merged)
        return top, tuple(merged[:16])

    score, paths = best(0, 0)
    return score, [list(p) for p in paths]


def build_row(cells: list[Cell], columns: list[Column], rowno: int | None, category: str) -> ParsedRow:
    """Assign a row's cells to columns by type; uncertain placements are kept and flagged, not guessed."""
    _, paths = align(cells, columns)
    chosen = paths[0]
    ambiguous = {i for i in range(len(cells)) if len({p[i] for p in paths}) > 1 and cells[i].text}
    by_col: dict[int, Cell] = {}
    extra = False
    for i, j in enumerate(chosen):
        if j >= 0:
            by_col[j] = cells[i]
        elif cells[i].text:
            extra = True
    row = ParsedRow(rowno=rowno, category=category, label=None, unit=None, attribute="", notes=[], values=[])
    for j, col in enumerate(columns):
        cell = by_col.get(j)
        if col.role == "rowno" and cell is not None and row.rowno is None:
            row.rowno = int(cell.text)
        elif col.role == "category" and cell is not None and cell.text:
            row.category = cell.text
        elif col.role == "indicator":
            row.label = cell
        elif col.role == "unit":
            row.unit = cell
        elif col.role == "attribute" and cell is not None:
            row.attribute = vocab()["attribute_words"].get(_squash(cell.text), "")
        elif col.role in ("status", "note") and cell is not None and cell.text:
            row.notes.append(f"{col.header}: {cell.text}")
        elif col.role == "value":
            row.values.append((col, cell))
    missing = [c for c in columns if c.role in ("indicator", "unit", "value", "attribute")
               and columns.index(c) not in by_col]
    if missing:
        row.flags.append("missing_cell")
        row.notes.append("missing cell(s): " + ", ".join(c.header for c in missing))
    if extra:
        row.flags.append("extra_cell")
        row.notes.append("cell(s) beyond the table's columns: "
                         + " | ".join(cells[i].text for i, j in enumerate(chosen) if j < 0 and cells[i].text))
    for i in sorted(ambiguous):
        options = sorted({columns[p[i]].header if p[i] >= 0 else "dropped" for p in paths})
        for k, (_, cell) in enumerate(row.values):
            if cell is cells[i]:
                row.value_flags.setdefault(k, []).append("column_ambiguous")
                row.value_notes[k] = f"cell {cells[i].text!r} could belong to: {', '.join(options)}"
        if "column_ambiguous" not in row.flags:
            row.flags.append("column_ambiguous")
    return row


# ---------------------------------------------------------------------------------------------------------------
# segmentation of one-cell-per-line tables


def segment_cells(tokens: list[Cell], columns: list[Column]) -> list[tuple[int | None, str, list[Cell]]] | None:
    """Split a stream of cells into rows using the printed row numbers, group headers and cell types.

    Returns (row number, group header, cells) per row, or None when no consistent segmentation exists.
    """
    body_cols = [c for c in columns if c.role != "rowno"]
    has_rowno = any(c.role == "rowno" for c in columns)
    width = len(body_cols)
    n = len(tokens)

    def is_int(i: int) -> bool:
        return i < n and bool(_INT_RE.fullmatch(tokens[i].text))

    def is_text(i: int) -> bool:
        return i < n and bool(tokens[i].text) and _numericish(tokens[i].text) == "text" and not _attribute(
            tokens[i].text)

    # best[i][allowed]: best score for tokens[i:], where `allowed` says a numbered row may start at i (the
    # number there is the one expected); computed from the end so long tables need no recursion
    neg = -math.inf
    best = [[neg, neg] for _ in range(n + 1)]
    step: list[list[tuple | None]] = [[None, None] for _ in range(n + 1)]
    best[n] = [0.0, 0.0]
    for i in range(n - 1, -1, -1):
        group_score, group_step = neg, None
        if is_text(i) and i + 1 < n and (is_text(i + 1) if not has_rowno else tokens[i + 1].text == "1"):
            group_score, group_step = best[i + 1][1] - 0.3, ("group", i, i + 1, 1)
        row_score, row_step = neg, None
        if is_int(i) or not has_rowno:
            first = i + 1 if has_rowno else i
            for j in range(first + 1, min(n, first + width + 1) + 1):
                nxt = (not has_rowno) or (is_int(j) and int(tokens[j].text) == int(tokens[i].text) + 1)
                rest = best[j][int(nxt)]
                if rest == neg:
                    continue
                score = align(tokens[first:j], body_cols)[0] + rest
                if score > row_score:
                    row_score, row_step = score, ("row", i, j, int(nxt))
        for allowed in (0, 1):
            options = [(group_score, group_step)]
            if allowed or not has_rowno:
                options.append((row_score, row_step))
            score, chosen = max(options, key=lambda o: o[0])
            best[i][allowed], step[i][allowed] = score, chosen
    if best[0][1] == neg:
        return None
    rows: list[tuple[int | None, str, list[Cell]]] = []
    group = ""
    i, allowed = 0, 1
    while i < n:
        kind, a, j, nxt = step[i][allowed]  # type: ignore[misc]
        if kind == "group":
            group = tokens[a].text
        elif has_rowno:
            rows.append((int(tokens[a].text), group, list(tokens[a + 1:j])))
        else:
            rows.append((None, group, list(tokens[a:j])))
        i, allowed = j, nxt
    return rows


# ---------------------------------------------------------------------------------------------------------------
# glued rows: 社会救助申请社会救助家庭经济情况信息核对率(%)约束性99100100完成

_PIECE_RE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:-(?:0|[1-9]\d*)(?:\.\d+)?)?")


def _piece_splits(s: str) -> list[list[str]]:
    """Every way to cut a run of digits into numbers (or a-b ranges) without leading zeros."""
    if not s:
        return [[]]
    out = []
    for k in range(1, len(s) + 1):
        head = s[:k]
        if not re.fullmatch(_PIECE_RE, head):
            continue
        if "-" in head:
            lo, hi = head.split("-")
            if float(lo) > float(hi):
                continue
        if k < len(s) and s[k] == ".":
            continue
        for rest in _piece_splits(s[k:]):
            out.append([head, *rest])
    return out


def _chunks(seg: str) -> list[tuple[str, str, int]]:
    """Break a glued value segment into ('num'|'text', text, offset) chunks; a comparator starts a new chunk."""
    out: list[tuple[str, str, int]] = []
    for m in re.finditer(r"([≥≤><]?)([\d.\-]+)|([^\d≥≤><]+[\s\S]*)", seg):
        if m.group(3) is not None:
            out.append(("text", m.group(3), m.start(3)))
            break
        out.append(("num", m.group(0), m.start()))
    return out


def _piece_value(p: str) -> float | None:
    p = p.lstrip("≥≤><")
    if "-" in p:
        lo, hi = p.split("-")
        return (float(lo) + float(hi)) / 2
    try:
        return float(p)
    except ValueError:
        return None


def split_glued_values(segments: list[tuple[str, int]], columns: list[Column], pct: bool):
    """Cut glued value text into one piece per value column, scoring every candidate cut.

    Returns (pieces, margin, n_candidates, uncertain): pieces is a list per value column of (text, offset) or
    None; margin is how much better the best cut is than the next; uncertain holds the columns on which a
    near-best cut disagrees.
    """
    chunk_options: list[list[list[tuple[str, int]]]] = []
    too_long = False
    for seg, off in segments:
        for kind, text, pos in _chunks(seg):
            if kind == "text":
                chunk_options.append([[(text.strip(), off + pos + len(text) - len(text.lstrip()))]])
                continue
            comp = text[0] if text[0] in "≥≤><" else ""
            digits = text[len(comp):]
            if len(digits) > MAX_GLUED_DIGITS:
                # too long to cut by inference in bounded time: kept whole, every column uncertain
                too_long = True
                chunk_options.append([[(text, off + pos)]])
                continue
            opts = []
            for split in _piece_splits(digits):
                pieces, p = [], off + pos
                for k, piece in enumerate(split):
                    if k == 0 and comp:
                        pieces.append((comp + piece, p))
                        p += len(comp) + len(piece)
                    else:
                        pieces.append((piece, p))
                        p += len(piece)
                opts.append(pieces)
            chunk_options.append(opts or [[(text, off + pos)]])
    n = len(columns)
    scored = []
    if math.prod(len(o) for o in chunk_options) > 20000:
        too_long, chunk_options = True, [[[p for opt in o[:1] for p in opt]] for o in chunk_options]
    for combo in itertools.product(*chunk_options) if chunk_options else [()]:
        pieces = [p for chunk in combo for p in chunk]
        if len(pieces) > n:
            continue
        for positions in itertools.combinations(range(n), len(pieces)):
            scored.append((_cut_score(pieces, positions, columns, pct), pieces, positions))
    if not scored:
        return [None] * n, 0.0, 0, set()
    scored.sort(key=lambda t: (t[0], t[2]))
    best_score, pieces, positions = scored[0]
    margin = scored[1][0] - best_score if len(scored) > 1 else math.inf
    out: list[tuple[str, int] | None] = [None] * n
    for piece, k in zip(pieces, positions, strict=True):
        out[k] = piece
    # a column is uncertain when a near-best cut puts something else in it
    uncertain = set()
    for score, alt_pieces, alt_positions in scored[1:]:
        if score - best_score >= UNCERTAIN_MARGIN:
            break
        alt: list[tuple[str, int] | None] = [None] * n
        for piece, k in zip(alt_pieces, alt_positions, strict=True):
            alt[k] = piece
        uncertain |= {k for k in range(n) if alt[k] != out[k]}
    if too_long:
        uncertain = set(range(n))
    return out, margin, len(scored), uncertain


def _cut_score(pieces, positions, columns, pct: bool) -> float:
    score = 0.0
    n = len(columns)
    missing = [k for k in range(n) if k not in positions]
    score += 1.5 * len(missing) + 0.1 * sum(1 for k in missing if k < max(positions, default=-1))
    nums = []
    for (text, _), k in zip(pieces, positions, strict=True):
        v = _piece_value(text)
        if v is None:
            if columns[k].kind == "baseline":
                score += 1.0
            continue
        if v == 0:
            score += 2.0
        if pct and v > 100:
            score += 5.0
        if text[0] in "≥≤><" and columns[k].kind != "target":
            score += 2.0
        nums.append(v)
    for a, b in itertools.pairwise(nums):
        if a > 0 and b > 0:
            score += abs(math.log10(a / b))
    return score


# ---------------------------------------------------------------------------------------------------------------
# finding tables


def _heading_or_prose(text: str, limit: int) -> bool:
    s = text.strip()
    return bool(HEADING_RE.match(s)) or s.endswith(("。", ";", ";")) or len(s) > limit


def _caption_like(text: str) -> bool:
    s = text.strip()
    return bool(CAPTION_RE.match(s)) and len(s) >= 8 and ("指标" in s or "情况" in s or "表" in s)


def find_tables(nt: NormalizedText, period: str) -> list[tuple[TableInfo, list[ParsedRow]]]:
    """Every indicator table in a normalized document, with its rows segmented and aligned."""
    lines = nt.text.split("\n")
    offsets = nt.line_offsets()
    skip = nt.duplicate_line_numbers()
    cells_by_line: list[list[Cell] | None] = []
    for k, text in enumerate(lines):
        if k + 1 in skip:
            cells_by_line.append([])
        else:
            cells_by_line.append(line_cells(text, offsets[k], k + 1))

    def nonblank_from(k: int) -> int:
        while k < len(lines) and not cells_by_line[k]:
            k += 1
        return k

    tables: list[tuple[TableInfo, list[ParsedRow]]] = []
    k = 0
    while k < len(lines):
        cells = cells_by_line[k]
        if not cells:
            k += 1
            continue
        header, layout, body_start, years = _header_at(k, cells_by_line, nonblank_from)
        if header is None:
            k += 1
            continue
        if years:
            vals = [c for c in header if c.role == "value"]
            if len(years) == len(vals):
                for c, y in zip(vals, years, strict=True):
                    c.year = c.year or y
        assign_kinds(header, period)
        limit = MAX_GLUED_LINE if layout == "glued" else MAX_CELL_LINE
        end = body_start
        body: list[int] = []
        while end < len(lines):
            cl = cells_by_line[end]
            if cl is None or cl == []:
                end += 1
                continue
            text = lines[end]
            if _heading_or_prose(text, limit) or _caption_like(text):
                break
            if _header_at(end, cells_by_line, nonblank_from)[0] is not None:
                break
            body.append(end)
            end += 1
        caption, first_line = _caption_before(k, lines, cells_by_line)
        info = TableInfo(
            number=len(tables) + 1, caption=caption, header_line=k + 1,
            first_line=first_line,
            last_line=(body[-1] + 1 if body else body_start), layout=layout, columns=header,
        )
        rows = _read_body(body, cells_by_line, lines, offsets, header, layout)
        info.n_rows = len(rows)
        tables.append((info, rows))
        k = max(end, k + 1)
    return tables


def _header_at(k, cells_by_line, nonblank_from):
    """(columns, layout, first body line index, years) if a table header starts at line index k."""
    cells = cells_by_line[k]
    if not cells:
        return None, "", k, None
    if len(cells) >= 2:
        cols = [header_role(c.text) for c in cells if c.text]
        if all(cols) and _is_header(cols):  # type: ignore[arg-type]
            return cols, "lines", k + 1, None
        return None, "", k, None
    glued = _glued_header(cells[0].text)
    if glued:
        nxt = nonblank_from(k + 1)
        years = _years_line(cells_by_line[nxt][0].text) if nxt < len(cells_by_line) and cells_by_line[nxt] else None
        return glued, "glued", (nxt + 1 if years else k + 1), years
    cols: list[Column] = []
    j = k
    while j < len(cells_by_line):
        cl = cells_by_line[j]
        if cl is None or cl == []:
            j += 1
            continue
        if len(cl) != 1 and not all(not c.text for c in cl[1:]):
            break
        col = header_role(cl[0].text)
        if col is None:
            break
        cols.append(col)
        j += 1
    if len(cols) >= 3 and _is_header(cols) and cols[0].role in ("rowno", "category", "indicator"):
        return cols, "cells", j, None
    return None, "", k, None


def _caption_before(k, lines, cells_by_line) -> tuple[str, int]:
    """The table's caption (the nearest non-blank line above the header, if it reads like one) and its line."""
    j = k - 1
    while j >= 0 and not cells_by_line[j]:
        j -= 1
    if j >= 0:
        s = lines[j].strip()
        if len(s) <= 60 and ("指标" in s or "表" in s or "情况" in s):
            return s, j + 1
    return "", k + 1


def _read_body(body, cells_by_line, lines, offsets, header, layout) -> list[ParsedRow]:
    if layout == "glued":
        return _read_glued(body, lines, offsets, header)
    if layout == "lines":
        rows, category = [], ""
        for k in body:
            cl = [c for c in cells_by_line[k] or []]
            nonempty = [c for c in cl if c.text]
            if len(nonempty) == 1 and _numericish(nonempty[0].text) == "text" and len(header) > 2:
                category = nonempty[0].text  # a group header spanning the row
                continue
            row = build_row(cl, header, None, category)
            if row.category:
                category = row.category
            rows.append(row)
        return rows
    tokens = [c for k in body for c in (cells_by_line[k] or [])]
    # drop empty cells made by trailing `|` unless they hold a place inside a row
    segmented = segment_cells(tokens, header)
    body_cols = [c for c in header if c.role != "rowno"]
    if segmented is None:
        # no consistent reading: keep every cell, in runs as wide as the table, flagged
        rows = []
        for k in range(0, len(tokens), max(1, len(body_cols))):
            row = build_row(tokens[k:k + len(body_cols)], body_cols, None, "")
            row.flags.append("unparsed")
            rows.append(row)
        return rows
    rows = []
    category = ""
    for rowno, group, cells in segmented:
        row = build_row(cells, body_cols, rowno, group or category)
        category = row.category
        rows.append(row)
    return rows


def _read_glued(body, lines, offsets, header) -> list[ParsedRow]:
    value_cols = [c for c in header if c.role == "value"]
    has_attr = any(c.role == "attribute" for c in header)
    has_cat = any(c.role == "category" for c in header)
    unit_in_label = any(c.unit_in_label for c in header)
    attr_re = re.compile("|".join(map(re.escape, _longest_first(vocab()["attribute_words"]))))
    status_words = _longest_first(vocab()["status_words"])
    drafts: list[dict] = []
    category = ""
    for k in body:
        text, off = lines[k], offsets[k]
        m = attr_re.search(text, 2) if has_attr else None
        if has_attr and m is None:
            if drafts:
                drafts[-1]["segments"].append((text, off, k + 1))
            continue
        left_end = m.start() if m else len(text)
        left = text[:left_end]
        lead = len(left) - len(left.lstrip())
        label_start = lead
        row_cat = ""
        if has_cat:
            for w in _longest_first(vocab()["category_words"]):
                if left.strip().startswith(w) and len(left.strip()) - len(w) >= 4:
                    row_cat = w
                    label_start = lead + len(w)
                    break
        if row_cat:
            category = row_cat
        label = left[label_start:].strip()
        label_cell = Cell(label, off + label_start, off + label_start + len(label), k + 1)
        rest_start = m.end() if m else left_end
        drafts.append({
            "rowno": None, "category": category, "label": label_cell,
            "attribute": vocab()["attribute_words"].get(m.group(0), "") if m else "",
            "segments": [(text[rest_start:], off + rest_start, k + 1)],
            "split_category": bool(row_cat),
        })
    rows = []
    for d in drafts:
        status = ""
        segs: list[tuple[str, int, int]] = []
        for seg, off, ln in d["segments"]:
            s = seg.rstrip()
            for w in status_words:
                if s.endswith(w):
                    status = w
                    s = s[: -len(w)]
                    break
            if s.strip():
                segs.append((s, off, ln))
        pct = (unit_from_label(d["label"].text) in ("%", "%")) if unit_in_label else False
        pieces, margin, n_cand, uncertain = split_glued_values([(s, o) for s, o, _ in segs], value_cols, pct)
        line_of = {o: ln for _, o, ln in segs}
        row = ParsedRow(rowno=None, category=d["category"], label=d["label"], unit=None,
                        attribute=d["attribute"], notes=[], values=[])
        if status:
            row.notes.append(f"完成情况: {status}")
        if d["split_category"]:
            row.notes.append(f"category {d['category']!r} split from the front of the glued row")
        for idx, (col, piece) in enumerate(zip(value_cols, pieces, strict=True)):
            if piece is None:
                row.values.append((col, None))
                continue
            text, start = piece
            ln = max((ln for o, ln in line_of.items() if o <= start), default=d["label"].line)
            row.values.append((col, Cell(text, start, start + len(text), ln)))
            if n_cand > 1:
                row.value_flags.setdefault(idx, []).append("ambiguous_split")
                cut = " | ".join(p[0] if p else "—" for p in pieces)
                if idx in uncertain:
                    row.value_flags[idx].append("split_uncertain")
                row.value_notes[idx] = f"glued cells cut as {cut} (next best cut scores {margin:.2f} worse)"
        if any(p is None for p in pieces):
            row.flags.append("missing_cell")
            row.notes.append("missing cell(s): " + ", ".join(
                c.header for c, p in zip(value_cols, pieces, strict=True) if p is None))
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------------------------
# rows for the tidy table

_NO_UNIT = {"", "-", "—", "——", "/"}


def _raw(nt: NormalizedText, start: int, end: int) -> tuple[int, int, str]:
    rs, re_ = nt.to_raw(start, end)
    return rs, re_, nt.raw[rs:re_]


def extract_tables(meta: dict, nt: NormalizedText) -> tuple[list[TableInfo], list[dict]]:
    """Every table row of a document as tidy value rows (method 'table'), with raw spans and quotes."""
    tables = find_tables(nt, meta["period"])
    repeated = nt.repeated_first_lines()
    out: list[dict] = []
    for info, rows in tables:
        for row in rows:
            out.extend(_row_values(meta, nt, info, row, repeated))
    return [t for t, _ in tables], out


def _row_values(meta: dict, nt: NormalizedText, info: TableInfo, row: ParsedRow, repeated: set[int]) -> list[dict]:
    label_raw, label_norm = "", ""
    if row.label is not None:
        _, _, label_raw = _raw(nt, row.label.start, row.label.end)
        label_norm = row.label.text
    unit_hint, unit_flags = "", []
    if row.unit is not None and row.unit.text not in _NO_UNIT:
        unit_hint = row.unit.text
    elif unit_from_label(label_norm):
        unit_hint = unit_from_label(label_norm)
        unit_flags = ["unit_in_label"]
    base = {
        "jurisdiction": meta["jurisdiction"], "doc": meta["file"], "method": "table", "table": info.table_id,
        "row_no": row.rowno, "category": row.category, "label": label_raw, "indicator": "",
        "attribute": row.attribute, "derived_from": "",
    }
    values: list[dict] = []
    for idx, (col, cell) in enumerate(row.values):
        if cell is None or not cell.text:
            continue
        flags = list(row.flags) + row.value_flags.get(idx, []) + unit_flags
        if col.year_assumed:
            flags.append("year_assumed")
        if cell.line in repeated:
            flags.append("duplicate_source")
        note = "; ".join(row.notes + ([row.value_notes[idx]] if idx in row.value_notes else []))
        cs, ce, cell_raw = _raw(nt, cell.start, cell.end)
        uncertain = "column_ambiguous" in flags or "split_uncertain" in flags
        for q in parse_cell(cell.text, unit_hint):
            qs, qe, quote = _raw(nt, cell.start + q.start, cell.start + q.end)
            qflags = flags + [f for f in q.flags if f not in flags]
            keep = not uncertain
            values.append({
                **base, "kind": col.kind, "year": col.year,
                "value": q.value if keep else None, "unit": q.unit or (canonical_unit(unit_hint) or ("",))[0],
                "value_low": q.low if keep and "range" in q.flags else None,
                "value_high": q.high if keep and "range" in q.flags else None,
                "comparator": q.comparator if keep and q.value is not None else "",
                "value_raw": q.value_raw, "unit_raw": q.unit_raw or unit_hint, "value_text": cell_raw,
                "qualifier": q.qualifier, "line": nt.line_of(qs), "start": qs, "end": qe, "quote": quote,
                "note": note, "flags": ";".join(dict.fromkeys(qflags)),
            })
    if not values:
        # a row whose value cells are all missing still reaches the table
        col = next((c for c in row.values), (None, None))[0]
        anchor = row.label or next((c for _, c in row.values if c is not None), None)
        if anchor is None:
            return []
        s, e, quote = _raw(nt, anchor.start, anchor.end)
        flags = list(dict.fromkeys(row.flags + ["missing_cell"]))
        values.append({
            **base, "kind": col.kind if col else "target", "year": col.year if col else None, "value": None,
            "unit": (canonical_unit(unit_hint) or ("",))[0], "value_low": None, "value_high": None,
            "comparator": "", "value_raw": "", "unit_raw": unit_hint, "value_text": "", "qualifier": "",
            "line": nt.line_of(s), "start": s, "end": e, "quote": quote, "note": "; ".join(row.notes),
            "flags": ";".join(flags),
        })
    return values


__all__ = [
    "extract_tables",
    "Cell", "Column", "TableInfo", "ParsedRow", "find_tables", "header_role", "line_cells", "align",
    "segment_cells", "split_glued_values", "assign_kinds", "plan_years", "NUM",
]
