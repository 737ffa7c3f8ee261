"""Table layout vocabulary, cells of a line and the columns a header announces (kinds and years included).

Column roles come from the header words in table_vocab.yaml, never from fixed positions or one document's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import yaml

# ---------------------------------------------------------------------------------------------------------------
# vocabulary


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The layout vocabulary (header words, attribute and status words) from table_vocab.yaml."""
    text = resources.files("cmp.extract").joinpath("table_vocab.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def longest_first(words) -> list[str]:
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


def squash(s: str) -> str:
    return re.sub(r"[\s“”\"'‘’]+", "", s)


@lru_cache(maxsize=1)
def _value_header_re() -> re.Pattern:
    words = "|".join(
        re.escape(w) for w in longest_first(w for ws in vocab()["value_words"].values() for w in ws)
    )
    periods = "|".join(re.escape(p) for p in longest_first(vocab()["period_years"]))
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
    s = squash(cell)
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
        rf"((?:19|20)\d\d年?)?({'|'.join(map(re.escape, longest_first(value_words)))})"
        rf"|({'|'.join(map(re.escape, longest_first(words)))})|([(（]单位[)）])"
    )
    return token_re, words


def glued_header(cell: str) -> list[Column] | None:
    """Split a header whose cells lost their separators (指标类别指标内容(单位)指标属性基期目标值实际值)."""
    if len(cell) > MAX_GLUED_LINE or "指标" not in cell and "项目" not in cell:
        return None
    s = squash(cell)
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


def years_line(cell: str) -> list[int] | None:
    s = squash(cell)
    if re.fullmatch(r"(?:(?:19|20)\d\d年?)+", s):
        return [int(y) for y in re.findall(r"(?:19|20)\d\d", s)]
    return None


def is_header(cols: list[Column]) -> bool:
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
        elif c.kind == "actual" and c.year is not None and c.year == start - 1 and has_future:
            # "2020年实际值" beside a 2025 target is the value the plan starts from
            c.kind = "baseline"
        if c.year is None:
            c.year_assumed = True
            c.year = start - 1 if c.kind in ("baseline", "actual") else end

