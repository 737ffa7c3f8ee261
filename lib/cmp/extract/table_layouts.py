"""Table layout vocabulary, cells of a line and the columns a header announces (kinds and years included).

Column roles come from the header words in table_vocab.yaml, never from fixed positions or one document's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .. import yamlio
from ..errors import CmpError
from .numbers import QUALIFIERS, canonical_unit

# ---------------------------------------------------------------------------------------------------------------
# vocabulary


VOCAB_FILE = "table_vocab.yaml"
ROLES = ("rowno", "category", "indicator", "unit", "attribute", "status", "note")
VALUE_KINDS = ("baseline", "target", "actual", "estimate", "growth", "change", "progress", "amount")


def _bad(key: str, expected: str) -> CmpError:
    return CmpError(f"bad key '{key}': expected {expected}", path=VOCAB_FILE)


def _word_list(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise _bad(key, "a non-empty list of non-empty strings")
    if any(_digits_only(w) for w in value):
        raise _bad(key, "words that are not bare numbers (a row number would read as a header)")
    return value


def _digits_only(word: str) -> bool:
    return squash(word).isdigit()


def parse_table_vocab(data: object) -> dict:
    """Validate the layout vocabulary (parsed YAML); a missing or bad key raises CmpError naming file and key."""
    if not isinstance(data, dict):
        raise CmpError("expected a mapping at the top level", path=VOCAB_FILE)
    for key in ("header_roles", "value_words", "period_years", "attribute_words", "status_words",
                "category_words", "indicator_inside", "indicator_inside_max", "relative_years", "part_year_words",
                "part_year_measures", "value_verbs", "row_name_words", "year_row_words"):
        if key not in data:
            raise _bad(key, "this key to be present")
    roles = data["header_roles"]
    if not isinstance(roles, dict) or set(roles) != set(ROLES):
        raise _bad("header_roles", f"a mapping with exactly the roles {', '.join(ROLES)}")
    for role, words in roles.items():
        _word_list(words, f"header_roles.{role}")
    kinds = data["value_words"]
    if not isinstance(kinds, dict) or set(kinds) != set(VALUE_KINDS):
        raise _bad("value_words", f"a mapping with exactly the kinds {', '.join(VALUE_KINDS)}")
    for kind, words in kinds.items():
        _word_list(words, f"value_words.{kind}")
    periods = data["period_years"]
    if not isinstance(periods, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100
            for k, v in periods.items()):
        raise _bad("period_years", "a mapping of period name -> year (1900-2100)")
    rel = data["relative_years"]
    if not isinstance(rel, dict) or not rel or not all(
            isinstance(k, str) and k and isinstance(v, int) and not isinstance(v, bool) and -5 <= v <= 0
            for k, v in rel.items()):
        raise _bad("relative_years", "a mapping of header word -> year offset (-5 to 0)")
    if any(_digits_only(k) for k in periods):
        raise _bad("period_years", "period names that are not bare numbers (a row number would read as a header)")
    attrs = data["attribute_words"]
    if not isinstance(attrs, dict) or not attrs or not all(
            isinstance(k, str) and v in ("binding", "expected") for k, v in attrs.items()):
        raise _bad("attribute_words", "a mapping of word -> binding | expected")
    _word_list(data["status_words"], "status_words")
    _word_list(data["indicator_inside"], "indicator_inside")
    n = data["indicator_inside_max"]
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= 40:
        raise _bad("indicator_inside_max", "an integer between 2 and 40")
    _word_list(data["category_words"], "category_words")
    _word_list(data["part_year_words"], "part_year_words")
    _word_list(data["part_year_measures"], "part_year_measures")
    _word_list(data["row_name_words"], "row_name_words")
    _word_list(data["year_row_words"], "year_row_words")
    # optional: an older copy without it stays valid and reads no total column
    data["total_words"] = _word_list(data["total_words"], "total_words") if "total_words" in data else []
    data["part_row_words"] = _word_list(data["part_row_words"], "part_row_words") if "part_row_words" in data else []
    data["value_verbs"] = longest_first(_word_list(data["value_verbs"], "value_verbs"))
    data["target_caption_words"] = _word_list(data.get("target_caption_words", ["目标"]), "target_caption_words")
    data["budget_caption_words"] = _word_list(data.get("budget_caption_words", ["预算"]), "budget_caption_words")
    data["done_caption_words"] = _word_list(data.get("done_caption_words", ["完成", "实际", "情况", "进展"]),
                                            "done_caption_words")
    data["measure_words"] = _word_list(data["measure_words"], "measure_words") if "measure_words" in data else []
    data["continued_words"] = _word_list(data["continued_words"], "continued_words") \
        if "continued_words" in data else []
    data["planned_measures"] = _word_list(data["planned_measures"], "planned_measures") \
        if "planned_measures" in data else []
    data["money_words"] = _word_list(data["money_words"], "money_words") if "money_words" in data else []
    data["standard_words"] = _word_list(data["standard_words"], "standard_words") if "standard_words" in data else []
    data["review_title_words"] = (_word_list(data["review_title_words"], "review_title_words")
                                  if "review_title_words" in data else [])
    listed = data.get("listed_unit_words", {})
    if not isinstance(listed, dict) or not all(isinstance(k, str) and k and isinstance(v, str) and v
                                               for k, v in listed.items()):
        raise _bad("listed_unit_words", "a mapping of label word -> canonical unit")
    data["listed_unit_words"] = listed
    numbers = data.get("column_numbers", {"letters": "甲乙丙丁戊己庚辛", "words": []})
    if not isinstance(numbers, dict) or not isinstance(numbers.get("letters"), str) or not numbers["letters"]:
        raise _bad("column_numbers", "a mapping with letters (a string, in order) and words (a list)")
    words = _word_list(numbers["words"], "column_numbers.words") if numbers.get("words") else []
    data["column_numbers"] = {"letters": numbers["letters"], "words": words}
    return data


@lru_cache(maxsize=1)
def vocab() -> dict:
    """The layout vocabulary (header words, attribute and status words) from table_vocab.yaml, validated."""
    text = resources.files("cmp.extract").joinpath(VOCAB_FILE).read_text("utf-8")
    return parse_table_vocab(yamlio.load_text(text, VOCAB_FILE))


def longest_first(words) -> list[str]:
    return sorted(words, key=len, reverse=True)


HEADING_RE = re.compile(  # (## 四、保障措施: a Markdown heading, as a web page or a converted file prints one)
    r"^\s*(#{1,6}\s|第[一二三四五六七八九十百零\d]+[章节部分条篇]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]"
    r"|注\s*[:：]|附\s*[:：]|(?:资料|数据)?来源\s*[:：]|专栏|附件|附表)"
)
CAPTION_RE = re.compile(r"^\s*(表\s*\d+|\d+\s*[:：])")
MAX_CELL_LINE = 60
MAX_GLUED_LINE = 100
UNCERTAIN_MARGIN = 0.3
MAX_GLUED_DIGITS = 14


# a single full-width space between two cells (年份　养老床位), marked in the table reader's copy of a line: a wide
# gap, as two spaces are (one character for one, so offsets stay)
WIDE_SPACE = "\u2003"


class Cell(NamedTuple):
    """A piece of normalized text that is one table cell, with its normalized offsets and line (a named tuple:
    a long table makes millions of them, and a tuple is built several times faster than a frozen dataclass)."""

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
    growth: bool = False  # 年均增长, 增幅: the column holds growth rates, never levels
    change: bool = False  # 增减: the column holds changes in the row's unit (-645 人), never levels
    progress: bool = False  # 完成率: how much of the target the latest actual reaches, never a level
    estimate: bool = False  # 2025年(预计): a value not yet reached, read as a target and flagged
    year_role_inferred: bool = False  # a bare year: its kind came from the period and the section's time role
    unit: str = ""  # a unit printed in the header cell, 年均增长(%)
    measure: str = ""  # what a column measures when its header names it with a unit: 保障对象(人)
    year_offset: int | None = None  # 本年 (0), 上年 (-1): actuals of the document's year plus this
    part_year: bool = False  # 一季度, 1-6月, 7月: part of a year, what was done in it (a report) or is set (a plan)
    kind_from_note: bool = False  # the kind a note beside the table gives a bare year (2022年为计划数)
    roc_year: bool = False  # a header year of the ROC calendar (112年), read as its AD year
    fiscal_year: bool = False  # a financial year over two calendar years (2023-24), read as the year it ends in


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
    n_rows: int = 0  # rows found in the table
    n_out: int = 0  # rows that reached the tidy table (with a value or kept unread, flagged)
    n_no_value: int = 0  # rows that gave no value
    time_role: str = ""
    unit: str = ""  # a unit the caption or a line above the header gives the whole table (单位：万元)
    unit_of: dict[str, str] = field(default_factory=dict)  # a note's unit for one indicator (城乡标准比单位为倍)
    mark_years: dict[str, int] = field(default_factory=dict)  # a note's year for the cells a mark points to (①为2019年)
    units_listed: list[str] = field(default_factory=list)  # a note's units of several rows (单位：万人、元)

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
    span: tuple[int, int] | None = None  # normalized span of the whole printed row
    qualifier: str = ""  # scope of a sub-row (城市, 农村) printed under one label
    note_cells: list[Cell] = field(default_factory=list)  # 备注 cells, whose figures are read as phrases
    label_text: str = ""  # a label joined from a header printed over two lines (its cell spans the first only)
    done_cells: list[Cell] = field(default_factory=list)  # 完成情况 phrases, whose figures are what was achieved
    done_year: int | None = None  # the year a dated 完成情况 column names (2024年完成情况)
    note_unit: str = ""  # the unit a note's list of units gives this row (单位：万人、元), when no cell gives one


# ---------------------------------------------------------------------------------------------------------------
# cells and headers


_BOX = "─━┄┈┌┐└┘├┤┬┴┼╋┏┓┗┛┣┫┳┻═╔╗╚╝╠╣╦╩╬"
_RULE_RE = re.compile(rf"[\s\-=+:|_—－{_BOX}]*")
# a rule line has a box-drawing character, joins dashes with + or | (+---+---+), or is a run of five or more
# dashes, equals signs or underscores; a lone "-" (or "——") is an empty cell
_RULE_MARK_RE = re.compile(rf"[{_BOX}]|[+|]\s*[-=]{{2,}}|[-=]{{2,}}\s*[+|]|^\s*(?:[-=_]{{5,}}|[—－]{{5,}})\s*$")


_DASHES_RE = re.compile(r"\s*:?-{2,}:?\s*")
_new_cell = tuple.__new__  # Cell(...) without its Python-level __new__: every cell of every line is made here


def consecutive_rows(k: int, text: list[str], read) -> tuple[list[ParsedRow], int]:
    """The rows of a table printed as a list, read from line index k while `read(j)` gives (row, index of the line
    after it) (blank lines between them skipped), and the index of the list's last line."""
    rows: list[ParsedRow] = []
    j, last = k, k
    while j < len(text):
        if not text[j].strip():
            j += 1
            continue
        got = read(j)
        if got is None:
            break
        row, j = got
        rows.append(row)
        last = j - 1
    return rows, last


def line_cells(text: str, offset: int, line_no: int, commas: bool = False) -> list[Cell] | None:
    """Cells of one line: split on `|` (or a box's `│`) or tabs, or on commas when the raw line is a line of
    comma-separated values (`commas`), else the stripped line; None for a rule line."""
    if _RULE_RE.fullmatch(text) and _RULE_MARK_RE.search(text):
        return None
    if "│" in text or "┃" in text:
        text = text.replace("│", "|").replace("┃", "|")
        if _INNER_RULE_RE.search(text):  # 112年底 ├────┬────┤: a spanning header cell's rule, inside a line
            text = _INNER_RULE_RE.sub(lambda m: "".join("|" if ch in _JUNCTIONS else " " for ch in m.group()), text)
    sep = "|" if "|" in text else "\t" if "\t" in text else "," if commas else ""
    if sep == "," and '"' in text:
        return _quoted_csv_cells(text, offset, line_no)
    if not sep and ("……" in text or "...." in text or "····" in text) and _LEADER_RE.search(text.strip()):
        return _leader_cells(text, offset, line_no)
    pieces = text.split(sep) if sep else [text]
    first, last = 0, len(pieces)
    if sep == "|":
        if text.lstrip().startswith("|") and not pieces[0].strip():
            first = 1
        if last > first and not pieces[last - 1].strip():
            last -= 1
        if last > first and all(_DASHES_RE.fullmatch(p) for p in pieces[first:last]):
            return None
    cells = []
    pos = offset + sum(len(p) + 1 for p in pieces[:first])
    for piece in pieces[first:last]:
        left = piece.lstrip()
        stripped = left.rstrip()
        start = pos + len(piece) - len(left)
        cells.append(_new_cell(Cell, (stripped, start, start + len(stripped), line_no)))
        pos += len(piece) + 1
    if not cells or (not cells[0].text and all(not c.text for c in cells)):
        return []  # (||||: separators with nothing between, as a flattened web table ends a row)
    return cells


_JUNCTIONS = "├┼┬┴┤╟╫╢"
_INNER_RULE_RE = re.compile(r"[├┼┬┴╟╫][─━═┬┴┼]*[─━═][─━═┬┴┼]*[┤┼╢]")
# a run of leader dots between two cells (老人福利……………86,420…………93,150); a line of one cell then a leader then a
# page number is a table of contents' line, not a row (the pair reader and the headers tell them apart)
_LEADER_RE = re.compile(r"(?<=\S)\s*(?:…{2,}|\.{4,}|·{4,}|\.\s?(?:\.\s?){3,})\s*(?=\S)")


def _leader_cells(text: str, offset: int, line_no: int) -> list[Cell]:
    """Cells of a line whose cells are set apart by leaders of dots, the leaders left out."""
    cells, pos = [], 0
    for m in [*_LEADER_RE.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        piece = text[pos:end]
        left = piece.lstrip()
        stripped = left.rstrip()
        start = offset + pos + len(piece) - len(left)
        cells.append(_new_cell(Cell, (stripped, start, start + len(stripped), line_no)))
        if m is not None:
            pos = m.end()
    return cells


_CSV_FIELD_RE = re.compile(r'\s*(?:"([^"]*)"|([^,"]*))\s*(?:,|$)')


def _csv_fields(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each field's content in a line of comma-separated values whose fields may be quoted
    ("6,960"), or None when the quotes do not close each field."""
    spans, k = [], 0
    while k <= len(text):
        m = _CSV_FIELD_RE.match(text, k)
        if m is None or (m.end() == k and k < len(text)):
            return None
        g = 1 if m.group(1) is not None else 2
        spans.append((m.start(g), m.end(g)))
        if m.end() == len(text) and not text.endswith(","):
            break
        k = m.end()
        if k == len(text):  # a trailing comma: one empty field after it
            spans.append((k, k))
            break
    return spans


def _quoted_csv_cells(text: str, offset: int, line_no: int) -> list[Cell]:
    """Cells of a comma-separated line with quoted fields, each cell its content without the quotes."""
    cells = []
    for a, b in _csv_fields(text) or [(0, len(text))]:
        piece = text[a:b]
        left = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        cells.append(Cell(stripped, offset + a + left, offset + a + left + len(stripped), line_no))
    return cells


def comma_separated(raw_line: str) -> bool:
    """Whether a raw line is a row of comma-separated values (类型,2021年末,2022年末 / 社会团体,1843,1902, or
    fields in quotes: "6,960"): two or more half-width commas between short fields, no full-width comma and no
    sentence end (a sentence's commas are full-width)."""
    if raw_line.count(",") < 2 or "，" in raw_line or "。" in raw_line:
        return False
    spans = _csv_fields(raw_line) if '"' in raw_line else [(0, len(p)) for p in raw_line.split(",")]
    if spans is None or len(spans) < 3:
        return False
    if '"' in raw_line:
        return all(b - a <= MAX_CSV_CELL for a, b in spans)
    return all(len(piece.strip()) <= MAX_CSV_CELL for piece in raw_line.split(","))


MAX_CSV_CELL = 30  # characters of a comma-separated cell, at most (a longer piece is a clause of running text)


_SQUASH_RE = re.compile(r"[\s“”\"'‘’]+")


def squash(s: str) -> str:
    return _SQUASH_RE.sub("", s)


@lru_cache(maxsize=1)
def _value_header_re() -> re.Pattern:
    words = "|".join(
        re.escape(w) for w in longest_first(w for ws in vocab()["value_words"].values() for w in ws)
    )
    periods = "|".join(re.escape(p) for p in longest_first(vocab()["period_years"]))
    return re.compile(rf"(?:(?:(?:19|20)\d\d年?\s*[-—~至到]\s*)?((?:19|20)\d\d)(?:年度|年)?(?:底|末)?"
                      rf"|({periods}))?({words})?")


_PAREN_RE = re.compile(r"[(（]([^()（）]{1,8})[)）]")


@lru_cache(maxsize=1)
def _part_year_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in longest_first(vocab()["part_year_words"]))
    measures = "|".join(re.escape(w) for w in longest_first(vocab()["part_year_measures"]))
    return re.compile(rf"(?:((?:19|20)\d\d)年)?(?:(\d{{1,2}})\s*[-—~至到]\s*(\d{{1,2}})月份?|{words}"
                      rf"|(\d{{1,2}})月(?:底|末)|([1-4])\s*[-—~至到]\s*([1-4])季度|(\d{{1,2}})月份?)(?:{measures})?")


def _part_year_header(main: str, s: str, parens: list[str]) -> Column | None:
    """A value column of part of a year (1-6月, 2024年1—9月, 上半年): actuals of the printed year or, when none is
    printed, of the document's year; the part is kept as the column's measure (a half year is no whole year)."""
    m = _part_year_re().fullmatch(main)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) < int(m.group(3)) <= 12) \
            or any(m.group(g) and not 1 <= int(m.group(g)) <= 12 for g in (4, 7)) \
            or (m.group(5) and m.group(5) >= m.group(6)):
        return None
    if parens and canonical_unit(parens[0]) is None:
        return None
    year = int(m.group(1)) if m.group(1) else None
    return Column("value", s, kind="actual", year=year, unit=parens[0] if parens else "",
                  year_offset=None if year else 0, measure=main[m.end(1) + 1 if m.group(1) else 0:], part_year=True)


_MEASURE_WORDS_RE = re.compile(r"[\u4e00-\u9fff]{1,6}")


# after 本年度: set against the year before (与上年度比较, 较上年增减, 比上年对比)
_COMPARED_RE = re.compile(r"(?:与|较|比)(?:上年度?|上年同期|去年)(?:相?比较|增减|对比|相比)")


def _relative_header(main: str, s: str, parens: list[str]) -> Column | str | None:
    """A value column named by a year relative to the document's (本年, 上年末), with a few words of what it counts
    (本年新登记, 本年注销); "" when such a header cannot be read (its parentheses are no unit), None when the header
    is of another kind (本年目标 is not read here)."""
    offset, measure = vocab()["relative_years"].get(main), ""
    if offset is None:
        word = next((w for w in longest_first(vocab()["relative_years"]) if main.startswith(w)), None)
        rest = main[len(word):].lstrip("末底") if word else ""
        if _COMPARED_RE.fullmatch(rest):  # 本年度与上年度比较: what this year adds to the last, a change
            return Column("value", s, unit=parens[0] if parens else "", year_offset=vocab()["relative_years"][word],
                          change=True)
        # (本年完成, 上年实际, 本年度预算数: that year's actual or target, no measure)
        kind = next((k for k in ("actual", "target") if rest in vocab()["value_words"][k]), "actual")
        named = rest in vocab()["value_words"][kind]
        # (上年数量, 本年金额: a plain amount's word is what the year counts)
        plain = _year_kind(rest) in (None, (None, "amount"))
        if word is None or (rest and not named and (not _MEASURE_WORDS_RE.fullmatch(rest) or not plain)):
            return None
        offset, measure = vocab()["relative_years"][word], "" if named else rest
    else:
        kind = "actual"
    if parens and _YEAR_RE.fullmatch(parens[0].removesuffix("年")):  # 本年（2023） | 上年（2022）: its year printed
        return Column("value", s, kind=kind, year=int(parens[0].rstrip("年")), measure=measure)
    if parens and canonical_unit(parens[0]) is None:
        return ""
    return Column("value", s, kind=kind, unit=parens[0] if parens else "", year_offset=offset, measure=measure)



def _year_kind(s: str) -> tuple[int | None, str] | None:
    """(year, kind word) of a value header without parentheses (2020年基期值, 目标值, 2025), or None."""
    m = _value_header_re().fullmatch(s)
    if not m or not (m.group(1) or m.group(2) or m.group(3)):
        return None
    year = int(m.group(1)) if m.group(1) else vocab()["period_years"].get(m.group(2)) if m.group(2) else None
    kind = next(k for k, ws in vocab()["value_words"].items() if m.group(3) in ws) if m.group(3) else ""
    return year, kind


# a year of the Republic of China calendar (112年 = 2023, 民國99年 = 2010): three digits, or two after 民国
_ROC_YEAR_RE = re.compile(r"(?:民国|民國)(?P<y2>[89]\d)年(?P<rest2>.*)|(?P<y>1[0-4]\d)年(?P<rest>.*)")
ROC_OFFSET = 1911
# the AD year printed after an ROC year as its gloss (111年 2022, 112年(2023)): dropped when the two agree
_AD_GLOSS_RE = re.compile(r"[(（]?((?:19|20)\d\d)年?[)）]?(.*)")


_ROC_CELL_RE = re.compile(r"(?:民国|民國)?(1[0-4]\d|[89]\d)年(?:底|末)?")
_AD_CELL_RE = re.compile(r"[(（]?((?:19|20)\d\d)年?[)）]?")


def roc_glossed(roc: str, ad: str) -> bool:
    """Whether two cells are one year printed twice, in the ROC calendar and then its AD year (108年 | 2019)."""
    a, b = _ROC_CELL_RE.fullmatch(roc.strip()), _AD_CELL_RE.fullmatch(ad.strip())
    return a is not None and b is not None and int(a.group(1)) + ROC_OFFSET == int(b.group(1))


# a financial year over two calendar years (2023-24, 2023/24年度), as Hong Kong and Macau print it
_FISCAL_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*[-/–—]\s*(\d\d)(?!\d)(.*)")


def _value_header(s: str) -> Column | None:
    """The value column a header cell announces, a year of the ROC calendar read as its AD year and a financial
    year over two calendar years as the one it ends in (both flagged)."""
    fy = _FISCAL_YEAR_RE.fullmatch(s)
    if fy is not None and (int(fy.group(1)) + 1) % 100 == int(fy.group(2)):
        rest = fy.group(3)
        col = _plain_value_header(f"{int(fy.group(1)) + 1}{rest if rest.startswith('年') else '年' + rest}")
        return replace(col, header=s, fiscal_year=True) if col is not None else None
    m = _ROC_YEAR_RE.fullmatch(s)
    if m is None:
        return _plain_value_header(s)
    year, rest = (m.group("y"), m.group("rest")) if m.group("y") else (m.group("y2"), m.group("rest2"))
    ad = _AD_GLOSS_RE.fullmatch(rest)
    if ad and rest[:1] not in "年度":
        if int(ad.group(1)) != int(year) + ROC_OFFSET:
            return None  # (111年 2021: which of the two is meant is not for the reader to guess)
        rest = ad.group(2)
    col = _plain_value_header(f"{int(year) + ROC_OFFSET}年{rest}")
    return replace(col, header=s, roc_year=True) if col is not None else None


_UNIT_SAID_RE = re.compile(r"[(（]单位[:：]([^()（）\s]{1,8})[)）]")


def _plain_value_header(s: str) -> Column | None:
    """The value column a header cell announces; a part in parentheses is its unit (年均增长(%), 本年收费金额
    （单位：万元）), its kind (2020年(基期值)) or its year (基期值(2020年))."""
    said = _UNIT_SAID_RE.sub(r"(\1)", s)
    if said == s:
        return _value_header_of(s)
    col = _value_header_of(said)
    return replace(col, header=s) if col is not None else None


def _value_header_of(s: str) -> Column | None:
    parens = _PAREN_RE.findall(s)
    if len(parens) > 1:
        return None
    main = _PAREN_RE.sub("", s) if parens else s
    if not parens and len(main) > 1 and main[-1] in "%‰":
        main, parens = main[:-1], [main[-1]]  # 较上年增减%: the unit printed without its parentheses
    part = _part_year_header(main, s, parens)
    if part is not None:
        return part
    relative = _relative_header(main, s, parens)
    if relative is not None:
        return relative or None
    head = _year_kind(main) or _kind_measure(main) or _over_year(main) or _period_change(main)
    if head is None:
        return _year_measure_header(main, s, parens)
    year, kind = head
    unit = ""
    if parens:
        inner = _year_kind(parens[0])
        if inner is not None and (inner[0] is None or year is None) and (not inner[1] or not kind):
            year, kind = (year if year is not None else inner[0]), (kind or inner[1])
        elif canonical_unit(parens[0]) or parens[0] == "单位":
            unit = "" if parens[0] == "单位" else parens[0]
        else:
            return None
    col = Column("value", s, kind=kind, year=year, unit=unit)
    if kind in ("growth", "change"):
        rate = unit in ("%", "‰") or (kind == "growth" and not unit)  # 增减(%) is a rate, 比上年增减(个) a change
        col.kind, col.growth, col.change = "", rate, not rate
    elif kind == "progress":
        col.kind, col.progress = "actual", True
    elif kind == "estimate":
        col.kind, col.estimate = "target", True
    elif kind == "amount":
        col.kind = ""  # 数量: a value whose kind and year come from the document and section
        col.year_role_inferred = year is not None
    elif not kind and year is not None:
        col.year_role_inferred = True
    return col


@lru_cache(maxsize=1)
def _kind_measure_re() -> re.Pattern:
    kinds = "|".join(re.escape(w) for w in longest_first(w for k in ("baseline", "target", "actual")
                                                          for w in vocab()["value_words"][k]))
    measures = "|".join(re.escape(w) for w in longest_first(vocab()["part_year_measures"]))
    return re.compile(rf"((?:19|20)\d\d年)?({kinds})({measures})")


# (年底 / 年末 on either year: 2023年底较2022年底增减数; the year compared with may be of the ROC calendar too,
# 112年底较111年底, the first one read as its AD year already)
_OVER_YEAR_RE = re.compile(r"((?:19|20)\d\d)?年?(?:底|末)?[比较](?:(?:19|20)\d\d|1[0-4]\d)年?(?:底|末)?(.+)")


def _over_year(main: str) -> tuple[int | None, str] | None:
    """(year, kind word) of a change over a named year (2023年比2022年增长, 比2022年增减): a growth or change of the
    first year printed (or of the table's), never of the year it is compared with."""
    m = _OVER_YEAR_RE.fullmatch(main)
    if not m:
        return None
    head = _year_kind((m.group(1) + "年" if m.group(1) else "") + m.group(2))
    return head if head is not None and head[1] in ("growth", "change") else None


def _period_change(main: str) -> tuple[int | None, str] | None:
    """(year, "change") of a header of a period's name or a year and a word of what it adds (“十四五”新增,
    2025年新增): a change over the period, of its last year, never a level."""
    word = next((w for w in longest_first(vocab().get("period_change_words", [])) if main.endswith(w)), None)
    if word is None or len(main) == len(word):
        return None
    head = _year_kind(main[:-len(word)])
    return (head[0], "change") if head is not None and head[0] is not None and not head[1] else None


def _kind_measure(main: str) -> tuple[int | None, str] | None:
    """(year, kind word) of a header of a kind word and what the column counts (实际支出, 2023年预算资金)."""
    m = _kind_measure_re().fullmatch(main)
    if not m:
        return None
    return _year_kind((m.group(1) or "") + m.group(2))


_YEAR_MEASURE_RE = re.compile(r"(?:其中[:：])?(?:(?:19|20)\d\d\s*[-—~至到]\s*)?((?:19|20)\d\d)年(?:底|末)?"
                              r"([\u4e00-\u9fff]{1,8})")  # (其中：2025年护理型床位: a part of the column before)
# (what is measured may come first too, when words follow the year as well: 城市低保2022年标准)
_MEASURE_YEAR_RE = re.compile(r"([\u4e00-\u9fff]{2,8}?)((?:19|20)\d\d)年(?:底|末)?([\u4e00-\u9fff]{1,4})")


def _year_measure_header(main: str, s: str, parens: list[str]) -> Column | None:
    """A value column of a year and a few words of what it holds (2023年标准, 2022年末人数): of that year, its kind
    from the document and section as a bare year's, the words kept as its measure; None for any other header (a
    word of another column after the year, 2023年完成情况, is no measure)."""
    m = _YEAR_MEASURE_RE.fullmatch(main)
    if m:
        year, words = m.group(1), m.group(2)
    else:
        m = _MEASURE_YEAR_RE.fullmatch(main)
        if not m:
            return None
        year, words = m.group(2), m.group(1) + m.group(3)
    # (2025年规划 over 养老床位: a kind word between the year and the measure gives the column its kind)
    kind = next((k for k in ("baseline", "target", "actual") for w in longest_first(vocab()["value_words"][k])
                 if words.startswith(w) and len(words) > len(w)), "")
    if kind:
        words = words[next(len(w) for w in longest_first(vocab()["value_words"][kind]) if words.startswith(w)):]
    if _other_words_re().search(words) or (parens and canonical_unit(parens[0]) is None):
        return None
    return Column("value", s, kind=kind, year=int(year), unit=parens[0] if parens else "", measure=words,
                  year_role_inferred=not kind)


def header_role(cell: str) -> Column | None:
    """The column a header cell announces (序号, 指标, 单位, 2020年基期值, 2025, 指标属性 ...), or None."""
    col = _header_role(cell)
    if col is None and ("/" in cell or "／" in cell):
        col = _either_header(cell)  # (of the cell readers' header words only: a spaced line keeps its own reading)
    if col is not None and col.role == "value" and not col.kind and col.measure in vocab()["planned_measures"]:
        return replace(col, kind="target")  # (总投资: what a project is planned to cost, even in a review)
    return replace(col) if col is not None else None


_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_EITHER_RE = re.compile(r"([^/／()（）]+)[/／]([^/／()（）]+)")


_YEAR_PARENS_RE = re.compile(r"((?:19|20)\d\d年?)\s*[(（]((?:截至|截止)?\d{1,2}月(?:\d{1,2}日|底|末))[)）]")


_OVER_PERIOD_RE = re.compile(r"(.+?)\s*[(（]((?:19|20)\d\d)年?\s*[—–\-~至]\s*((?:19|20)\d\d)年?[)）]")


def _words_over_a_period(cell: str) -> Column | None:
    """Words naming the rows or their tasks over the period they run (目标任务（2021—2025年）): the words' column
    (a task table's targets, of the document's period), the header as printed; None for any other cell."""
    m = _OVER_PERIOD_RE.fullmatch(cell)
    col = _header_role(m.group(1)) if m else None
    return replace(col, header=cell) if col is not None and col.role == "indicator" else None


_GLOSSED_HEADER_RE = re.compile(r"(.*?[\u4e00-\u9fff)）%])\s+[A-Za-z][A-Za-z0-9&.,'/()%$\- ]*")
_FROM_DATE_RE = re.compile(r"(.+?)\s*[(（]((?:19|20)\d\d年)\d{1,2}月(?:\d{1,2}日)?起(?:执行|实施)?[)）]")


def _in_force_from(cell: str) -> Column | None:
    """A column of what is in force from a date (调整后标准（2023年7月起）): read as of that year, the header as
    printed; None for any other cell."""
    m = _FROM_DATE_RE.fullmatch(cell)
    col = _header_role(f"{m.group(1)}({m.group(2)})") if m else None
    return replace(col, header=cell) if col is not None and col.role == "value" and col.year is not None else None


def dated_in_parens(cell: str) -> Column | None:
    """A year and, in parentheses, the date it is counted to (2023年（8月底）, 2024年（6月末）): read as the words
    would be without the parentheses (2023年8月底), its header as printed; None for any other cell (2020年(上半年)
    names no column)."""
    m = _YEAR_PARENS_RE.fullmatch(cell)
    if m is None:
        return None
    col = _header_role(m.group(1) + m.group(2).strip())
    if col is None or col.role != "value" or col.year != int(m.group(1)[:4]) or not col.part_year:
        return None
    return replace(col, header=cell)


def _either_header(cell: str) -> Column | None:
    """A header of two words for one column, a slash apart (本年累计/期末数: a count to date or at the period's
    end): the column of the first word, when the second names none or a column of the same kind; else None."""
    m = _EITHER_RE.fullmatch(cell)
    if m is None:
        return None
    first, second = _header_role(m.group(1).strip()), _header_role(m.group(2).strip())
    if first is None or first.role != "value" or (second is not None and (second.role, second.kind, second.year)
                                                  != (first.role, first.kind, first.year)):
        return None
    return replace(first, header=cell)


def _header_role(cell: str) -> Column | None:
    """header_role, shared (not copied). A cell of ASCII digits other than a year (a row number) names no
    column: every header word is checked on load to hold something else than digits (parse_table_vocab)."""
    if cell.isdigit() and cell.isascii() and not _YEAR_RE.fullmatch(cell):
        return None
    col = _header_role_of(cell)
    if col is None and (" " in cell or cell.endswith(")") or cell.endswith("）")):
        col = _header_fallback(cell)
    return col


@lru_cache(maxsize=4096)
def _header_fallback(cell: str) -> Column | None:
    """What a cell no header word names reads as once its English gloss is set aside (个案类别 Case nature,
    按月变动(%) Month-on-month change (%)), or by the date or period in its parentheses; remembered, as
    _header_role_of is (every cell of a probed line asks)."""
    col = None
    if " " in cell and (m := _GLOSSED_HEADER_RE.fullmatch(cell)) is not None:
        col = _header_role(m.group(1))
        col = replace(col, header=cell) if col is not None else None
    if col is None and (cell.endswith(")") or cell.endswith("）")):
        col = dated_in_parens(cell) or _words_over_a_period(cell) or _in_force_from(cell)
    return col


_LATIN_TAIL_RE = re.compile(r"(?<=[\u4e00-\u9fff)）])(?:(?:19|20)\d\d)?[A-Za-z][A-Za-z&.,'/\-]*$")
_CJK_HEADER_RE = re.compile(r"[\u4e00-\u9fff]")
def without_latin_tail(text: str) -> str:
    """A header cell's words without the English gloss printed after them (服务类别 Service, 项目Item)."""
    return _LATIN_TAIL_RE.sub("", squash(text))


_LATIN_IN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9&.,'/\-]*")
_WHOLE_PAREN_RE = re.compile(r"[(（]([^()（）]+)[)）]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
MAX_GLOSS_LINE = 400  # characters of a table line whose English tail is dropped
# (a gloss may open with the sign it glosses: 占总数百分比 % of total)
_GLOSS_TAIL_RE = re.compile(r"(?<=[\u4e00-\u9fff)）])\s+(?:%\s)?[A-Za-z]{2,}[A-Za-z\s&.,'/\-]*$")
# an English gloss inside a line, after Chinese words (安老院舍 Residential care homes (65+)  間 units): words joined
# by single spaces (a tab ends it: 年老 Old age<tab>4 386), the first of two letters or more
_GLOSS_WORD = r"[A-Za-z0-9&.,'/()+\-]"
_GLOSS_MORE = rf"(?: {_GLOSS_WORD}+)*"
_GLOSS_INSIDE_RE = re.compile(rf"(?<=[\u4e00-\u9fff)）%])\s(?:%\s)?[A-Za-z]{{2,}}{_GLOSS_WORD}*{_GLOSS_MORE}(?=\s|$)"
                              rf"|(?<=[\u4e00-\u9fff)）%]\s\s)\s*(?:%\s)?[A-Za-z]{{2,}}{_GLOSS_WORD}*{_GLOSS_MORE}(?=\s\s|$)")


_YEAR_GLOSS_RE = re.compile(r"(?:[A-Za-z][A-Za-z .]*\s)?(?:19|20)\d\d(?:\s[A-Za-z][A-Za-z .()%]*)?")
LATIN_EXTENDED_END = 0x250  # code points below this are Latin letters with their accents (ç, õ, é)


def latin_gloss(line: str) -> bool:
    """A line of English words (Community care centres, LTC beds per 10,000 elderly): the gloss of a bilingual
    table, never a row; letters outnumber digits twice over (Total 12 34 is a row)."""
    s = line.strip()
    if not s.isascii() and not all(ord(ch) < LATIN_EXTENDED_END for ch in s):
        return False  # (Apoio financeiro a instituições: Portuguese glosses in a Macau table are glosses too)
    words = len(_LATIN_WORD_RE.findall(s))
    if not words:
        return False
    cells = [c.strip() for c in s.strip("|").split("|")] if s.count("|") >= 3 else []
    if cells and all(not c or _YEAR_GLOSS_RE.fullmatch(c) or not any(ch.isdigit() for ch in c) for c in cells) \
            and sum(bool(_LATIN_WORD_RE.search(c)) for c in cells) * 2 >= len(cells):
        return True  # (| Service | Unit | 2023 | 2024 | 2025 Target |: a bilingual header's English line)
    letters, digits = sum(ch.isalpha() for ch in s), sum(ch.isdigit() for ch in s)
    # (one word is a gloss too with no figure, Growth (%), or in parentheses, (10000 persons))
    if s[0] == "(" and s[-1] == ")":
        return True
    if s[0].islower() and "  " not in s and letters >= digits:
        return True  # (over 2022(%): an English header's words wrapped onto a line of their own)
    return letters >= 2 * digits and (words >= 2 or not digits)


# a line of English words, then the row's figures after a wide gap (Recipients (persons)   6,842   7,363): the gloss
# of the Chinese label printed on the line above, with the values of that row
_GLOSS_BEFORE_VALUES_RE = re.compile(
    r"(\s*[A-Za-z][A-Za-z0-9&.,'/()+\-\s]*?)((?:\s{2,}(?:[-+]?\d[\d.,]*%?|[—－-]))+\s*)")


_CHUNK_RE = re.compile(r"\S+(?: \S+)*")
_LATIN_CHUNK_RE = re.compile(r"[A-Za-z][A-Za-z0-9&.,'/()+\- ]*")


def _gloss_line_with_words(line: str) -> str:
    """A header's English gloss line that also carries a Chinese cell wrapped from the line above (Region  Urban
    Recipients  供养人数): its English cells blanked, the Chinese kept where it stands."""
    if not line.lstrip()[:1].isascii() or not line.lstrip()[:1].isalpha():
        return line
    chunks = list(_CHUNK_RE.finditer(line))
    latin = [m for m in chunks if _LATIN_CHUNK_RE.fullmatch(m.group())]
    rest = [m for m in chunks if m not in latin]
    if len(latin) < 2 or not rest or any(not _CJK_HEADER_RE.search(m.group()) or _DIGIT.search(m.group())
                                         for m in rest):
        return line
    out = list(line)
    for m in latin:
        out[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(out)


def without_gloss(line: str) -> str:
    """A line without the English gloss printed after its Chinese words ((一)高龄照顾  Aged Care), or before the
    figures of a row whose Chinese label is on the line above (blanked: the figures keep their offsets)."""
    if len(line) > MAX_GLOSS_LINE or ("  " not in line and "\t" not in line):
        return line  # (a long line is running text: and the search would be quadratic in it)
    if line.isascii():
        m = _GLOSS_BEFORE_VALUES_RE.fullmatch(line)
        return " " * len(m.group(1)) + m.group(2) if m and len(_LATIN_WORD_RE.findall(m.group(1))) >= 2 else line
    line = _gloss_line_with_words(line)
    line = _GLOSS_TAIL_RE.sub("", line)
    # (a gloss inside the line is blanked, not cut out: the cells after it keep their offsets, and the gap it
    # leaves separates the cells beside it)
    return _GLOSS_INSIDE_RE.sub(lambda m: " " * len(m.group()), line) if _LATIN_WORD_RE.search(line) else line


_DOTTED_RE = re.compile(r"([^.]*[^.\d])\.([^.\d][^.]*)")
_WORDS_PAREN_RE = re.compile(r"([\u4e00-\u9fff]{2,8})[(（][\u4e00-\u9fff、/]{1,8}[)）]")
_SIGN_NOTE_RE = re.compile(r"[(（]\s*(?:\+\s*[/、,，]?\s*[-−－]|±)\s*[)）]$")
_DATED_STATUS_RE = re.compile(r"((?:19|20)\d\d)年(?:度)?(\S{2,8})")


@lru_cache(maxsize=4096)
def _header_role_of(cell: str) -> Column | None:
    if len(cell) > 40:
        return None
    s = _LATIN_TAIL_RE.sub("", squash(cell.replace("**", "")))  # 项目Item: the gloss; **原标准**: Markdown bold
    s = _SIGN_NOTE_RE.sub("", s)  # 增减(+/-): the signs the column's figures carry, no unit
    if _CJK_HEADER_RE.search(s) and _LATIN_IN_RE.search(s):
        s = _LATIN_IN_RE.sub("", s)  # 目标Target(%), 112年度FY2023: glosses inside the cell
    whole = _WHOLE_PAREN_RE.fullmatch(s)
    if whole:
        s = whole.group(1)  # (2020) under 基准值
    if not s:
        return None
    dotted = _DOTTED_RE.fullmatch(s)
    if dotted:  # (投资估算（万元）.总投资: a header over two rows joined by a dot, as docling prints one)
        unit = _PAREN_RE.search(dotted.group(1))
        below = dotted.group(2) + (f"({unit.group(1)})" if unit and not _PAREN_RE.search(dotted.group(2)) else "")
        col = _header_role_of(dotted.group(1) + dotted.group(2)) or _header_role_of(below)  # (2020年.基期值)
        return replace(col, header=s) if col is not None else None
    roles, with_unit = _role_words()
    if s in roles:
        return Column(roles[s], s)
    twice = _two_words_of_a_role(s, roles)
    if twice:
        return Column(twice, s)
    paren = _WORDS_PAREN_RE.fullmatch(s)
    if paren and roles.get(paren.group(1)) == "note":  # 责任科室（单位）, 牵头单位(部门): who does it, never a unit
        return Column("note", s)
    dated = _DATED_STATUS_RE.fullmatch(s)
    if dated and roles.get(dated.group(2)) == "status":  # 2024年完成情况: what was done that year, figures or words
        return Column("status", s, year=int(dated.group(1)))
    if with_unit.fullmatch(s):
        return Column("indicator", s, unit_in_label=True)
    col = _value_header(s)
    if col is None and _indicator_like(s):
        return Column("indicator", s)
    return col if col is not None else _measure_header(s) or _scope_header(s) or _total_header(s) \
        or _growth_or_change(s) or _bare_measure(s)


def _bare_measure(s: str) -> Column | None:
    """A column named by what it measures with no unit, the table's note giving it (总投资 under 单位：万元): its
    values are of the document's kind and year, the measure going with each."""
    return Column("value", s, measure=s) if s in vocab()["measure_words"] else None


def _growth_or_change(s: str) -> Column | None:
    """A column of rates of change named by two words, a growth and a change (年均增速/累计变化: a rate, or the
    bracketed total change, per row): a growth column, never levels."""
    if "/" not in s:
        return None
    parts = [_value_header(p) for p in s.split("/")]
    if len(parts) != 2 or any(p is None or not (p.growth or p.change) or p.year is not None for p in parts):
        return None
    return Column("value", s, growth=True)


MAX_TWO_WORDS = 8  # characters of a header cell read as two words of one role (进度 + 评价)
_TWO_WORD_ROLES = frozenset(("status", "note", "attribute"))


def _two_words_of_a_role(s: str, roles: dict[str, str]) -> str:
    """The role of a short header cell made of two words of one status, note or attribute role side by side
    (进度 + 评价 printed as 进度评价: a status column), or ""."""
    if len(s) > MAX_TWO_WORDS:
        return ""
    for i in range(1, len(s)):
        a, b = roles.get(s[:i]), roles.get(s[i:])
        if a is not None and a == b and a in _TWO_WORD_ROLES:
            return a
    return ""


def _total_header(s: str) -> Column | None:
    """A column of totals (7月 | 8月 | 9月 | 合计): its values are of the document's kind and year, the word kept as
    the column's measure (the rows' qualifier), so a total never passes for one of the parts."""
    return Column("value", s, measure=s) if s in vocab()["total_words"] else None


def _scope_header(s: str) -> Column | None:
    """A value column named by a scope (城市社区 | 农村社区, 男 | 女): its values are of the document's kind and
    year, the scope kept as the column's measure (the rows' qualifier)."""
    base = s[:-2] if s.endswith("社区") else s
    return Column("value", s, measure=s) if base in QUALIFIERS else None


# (a part in parentheses may sit inside what it measures: 社区(村)养老服务站(个))
# (a grade of a few letters or digits may open it: 4A级及以上社会组织数(个))
_MEASURE_RE = re.compile(r"((?:[0-9A-Za-z]{1,3}(?=[\u4e00-\u9fff]))?"
                         r"[\u4e00-\u9fff](?:[\u4e00-\u9fff]|[(（][\u4e00-\u9fff、]{1,6}[)）]){1,15})"
                         r"[(（]([^()（）\d]{1,6})[)）]")


def _measure_header(s: str) -> Column | None:
    """A column named by what it measures and its unit (保障对象(人), 全年支出(万元)): its values are of the
    document's kind and year, and the measure goes with each value."""
    m = _MEASURE_RE.fullmatch(s[3:] if s.startswith(("其中:", "其中：")) else s)  # (其中:捐款(万元): a part)
    if not m or m.group(2) == "单位" or canonical_unit(m.group(2)) is None:
        return None
    if m.group(1) in _role_words()[0]:
        return None
    kind = ""
    others = _other_words_re().findall(m.group(1))
    if others:  # 计划总投资(万元), 累计完成投资(万元): a kind word inside what it measures gives the kind
        kinds = {k for w in others for k in ("baseline", "target", "actual") if w in vocab()["value_words"][k]}
        if len(kinds) != 1 or not all(any(w in vocab()["value_words"][k] for k in kinds) for w in others):
            return None
        kind = kinds.pop()
    return Column("value", s, unit=m.group(2), measure=m.group(1), kind=kind)


@lru_cache(maxsize=1)
def _other_words_re() -> re.Pattern:
    words = [w for role, ws in vocab()["header_roles"].items() if role != "indicator" for w in ws if len(w) >= 2]
    words += [w for ws in vocab()["value_words"].values() for w in ws]
    return re.compile("|".join(map(re.escape, longest_first(words))) + r"|(?:19|20)\d\d")


def _indicator_like(s: str) -> bool:
    """A header cell naming the indicator column in other words (主要项目和指标): it holds an indicator word
    (indicator_inside) and no word of another column."""
    v = vocab()
    return (len(s) <= v["indicator_inside_max"] and any(w in s for w in v["indicator_inside"])
            and not _other_words_re().search(s))


@lru_cache(maxsize=1)
def _role_words() -> tuple[dict[str, str], re.Pattern]:
    roles: dict[str, str] = {}
    for role, words in vocab()["header_roles"].items():
        for w in words:
            roles.setdefault(w, role)
    for w in vocab()["row_name_words"]:  # 行业 | 2020 | 2021: a first cell naming the rows names their labels
        roles.setdefault(w, "indicator")
    words = vocab()["header_roles"]["indicator"]
    return roles, re.compile(rf"({'|'.join(map(re.escape, words))})[(（]((?:计量)?单位|%|％)[)）]?")


@lru_cache(maxsize=1)
def _glued_tokens() -> tuple[re.Pattern, dict[str, str]]:
    words = {w: role for role, ws in vocab()["header_roles"].items() for w in ws if len(w) >= 2}
    value_words = [w for ws in vocab()["value_words"].values() for w in ws]
    token_re = re.compile(
        rf"((?:19|20)\d\d年?)?({'|'.join(map(re.escape, longest_first(value_words)))})"
        rf"|({'|'.join(map(re.escape, longest_first(words)))})|([(（]单位[)）])"
    )
    return token_re, words


@lru_cache(maxsize=1)
def _role_token_re() -> re.Pattern:
    return re.compile("|".join(map(re.escape, longest_first(_glued_tokens()[1]))))


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
        role = _role_token_re().match(s, pos) if m.group(2) else None
        if role and role.end() > m.end():
            m = role  # 完成情况 (a status column) is longer than the value word 完成 it starts with
            cols.append(Column(words[m.group(0)], m.group(0)))
        elif m.group(2):
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


_YEARS_LINE = re.compile(r"(?:(?:19|20)\d\d年?)+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d年?(?:底|末)?")
_DIGIT = re.compile(r"\d")


def years_line(cell: str) -> list[int] | None:
    s = squash(cell)
    if _YEARS_LINE.fullmatch(s):
        return [int(y) for y in _YEAR.findall(s)]
    return None


def task_targets(cols: list[Column]) -> list[Column]:
    """A header with no value column whose second of two indicator columns side by side names targets (项目名称 |
    目标任务 | 牵头单位 in a work plan's list of tasks): that column holds what each task is to reach, phrases whose
    figures are read (新增1200张), targets of the document's period."""
    words = vocab()["value_words"]["target"]
    first = cols[0] if cols else None
    if first is not None and first.role == "value" and first.year is None and not first.kind and not first.measure \
            and not (first.growth or first.change or first.progress) and all(c.role != "indicator" for c in cols) \
            and any(c.role == "value" and c.year is not None for c in cols[1:]):
        # 建设内容 | 单位 | 2020年现状 | 2025年目标: a first column of what is built, before dated ones, names the rows
        return task_targets([Column("indicator", first.header), *cols[1:]])
    if any(c.role == "value" for c in cols):
        # 项目 | 单位 | 目标任务 | 上年同期 | 本年完成: after the unit, 目标任务 is the column of each row's target
        for i in range(len(cols) - 2):
            a, u, b = cols[i:i + 3]
            if a.role == b.role == "indicator" and u.role == "unit" and any(w in b.header for w in words):
                return [*cols[:i + 2], Column("value", b.header, kind="target"), *cols[i + 3:]]
        return cols
    for i in range(len(cols) - 1):
        a, b = cols[i], cols[i + 1]
        if a.role == b.role == "indicator" and any(w in b.header for w in words) \
                and all(c.role != "indicator" for c in cols[i + 2:]):
            return [*cols[:i + 1], Column("value", b.header, kind="target"), *cols[i + 2:]]
    return cols


def is_header(cols: list[Column]) -> bool:
    roles = [c.role for c in cols]
    single = [r for r in roles if r not in ("value", "note")]  # (责任单位 | 完成时限: two note columns)
    return "indicator" in roles and "value" in roles and len(cols) >= 2 and len(single) == len(set(single))
