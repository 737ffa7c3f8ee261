"""Table rows as tidy value rows: one row per value cell (or per figure in a phrase or note cell), with its raw
span, quote, kind, year, unit, comparator and flags; a row whose cells give no value still reaches the table.

cmp.extract.tables finds the tables and reads their rows; its `extract_tables` calls `row_values` for each row.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..ingest.normalize import NormalizedText, join_lines
from .clauses import TO_VERBS
from .numbers import NONE_MARKS, Quantity, canonical_unit, unit_from_label
from .scope_vocab import scope_words
from .structure import plan_years
from .table_layouts import Cell, Column, ParsedRow, TableInfo, header_role, squash
from .table_rows import cell_quantities, numericish, phrase_quantities, verb_quantities
from .textnums import DECREASE_WORDS

_DIGIT_RE = re.compile(r"\d")


def raw_span(nt: NormalizedText, start: int, end: int) -> tuple[int, int, str]:
    """The raw span and text of a normalized span (quotes and contexts point into the raw text)."""
    rs, re_ = nt.to_raw(start, end)
    return rs, re_, nt.raw[rs:re_]


def _lead(nt: NormalizedText, cell: Cell) -> int:
    """How many characters of words from the line above a grid's cell holds before its own text (年均增长 over
    ≥5%: its span is the figure's piece, its text both); 0 for a cell whose text starts at its span (6000以 over
    上 keeps the first piece's span)."""
    lead = len(cell.text) - (cell.end - cell.start)
    return lead if lead > 0 and nt.text[cell.start:cell.end] == cell.text[lead:] else 0


def piece_span(nt: NormalizedText, cell: Cell, q: Quantity) -> tuple[int, int, str]:
    """The raw span and text of figure `q` read from `cell`'s text. A cell whose text is longer than its span holds
    words from the line above before its own text (年均增长 over ≥5%, joined by the grid pass): positions past
    those words fall in the span; a figure inside them (none: they hold no digit) gets the whole span."""
    lead = _lead(nt, cell)
    if lead > 0:
        if q.start < lead:
            return raw_span(nt, cell.start, cell.end)
        return raw_span(nt, cell.start + q.start - lead, cell.start + q.end - lead)
    return raw_span(nt, cell.start + q.start, cell.start + q.end)


def _unit_cell(text: str) -> str:
    """The unit a unit column's cell gives, its English gloss left out (千小时 '000 hrs, 百万元 $m)."""
    first, _, gloss = text.partition(" ")
    if canonical_unit(text) is None and gloss.isascii() and canonical_unit(first) is not None:
        return first
    return text


def row_values(meta: dict, nt: NormalizedText, info: TableInfo, row: ParsedRow, repeated: set[int],
               by_column: dict[int, tuple[list[str], str]] | None = None) -> list[dict]:
    """The tidy value rows of one table row; `by_column` remembers each column's flags for the table's plain rows."""
    by_column = {} if by_column is None else by_column
    label_raw, label_norm = "", ""
    if row.label is not None:
        # (a label printed over the lines of a ruled grid's row is joined in its cell: its words, not one line's)
        joined = len(row.label.text) != row.label.end - row.label.start
        label_raw = row.label_text or (row.label.text if joined else
                                       join_lines(raw_span(nt, row.label.start, row.label.end)[2]))
        label_norm = row.label.text
    unit_hint, unit_flags = "", []
    if row.unit is not None and row.unit.text not in NONE_MARKS:
        unit_hint = _unit_cell(row.unit.text)
    else:
        # (享受重度残疾人护理补贴 / 人数(万人): the unit at the end of a label wrapped onto the next line)
        unit_hint = unit_from_label(label_norm) or (unit_from_label(row.label_text) if row.label_text else "") \
            or _measure_cell_unit(row)
        unit_flags = ["unit_in_label"] if unit_hint else []
        named = next((u for name, u in info.unit_of.items() if name in label_norm), "") if info.unit_of else ""
        if not unit_hint and (named or info.unit or row.note_unit):
            unit_hint, unit_flags = named or info.unit or row.note_unit, ["unit_from_note"]
    cs, ce, context = raw_span(nt, *row.span)  # every reader gives each row the span of its printed text
    base = {
        "jurisdiction": meta["jurisdiction"], "doc": meta["file"], "method": "table", "table": info.table_id,
        "row_no": row.rowno, "category": row.category, "label": label_raw, "indicator": "",
        "attribute": row.attribute, "derived_from": "", "context": context, "context_start": cs, "context_end": ce,
    }
    plain_row = _plain_row(row, unit_flags)
    by_label = kind_of_label(label_norm, [c for c, _ in row.values])
    if by_label is not None:
        plain_row = False  # (its values take kind and unit from the label: no column's shared flags)
    values: list[dict] = []
    deadline = _row_deadline(row)
    for idx, (col, cell) in enumerate(row.values):
        if cell is None or not cell.text:
            continue
        cell_span = raw_span(nt, cell.start, cell.end)
        # a growth column's rate is not in the row's unit (年均增长 of a count of 人 is not 人), nor a completion
        # rate's (完成率, 执行率: a share of its target)
        hint = col.unit or ("" if col.growth or col.progress else unit_hint)
        if col.unit and unit_hint and unit_flags == ["unit_in_label"] \
                and not (col.growth or col.progress or col.measure):
            hint = unit_hint  # 平均处理时间（日） under 目标(%): the row's own unit before a kind column's
        if by_label is not None:  # 完成率(%) under 助餐服务(万人次): the label's unit, never the column's
            hint = by_label.unit if by_label.unit or by_label.progress or by_label.growth else hint
        own, quantities = _cell_figures(nt, cell, label_norm, hint, col)
        if plain_row and cell.line not in repeated and cell.line not in nt.mojibake_lines:
            known = by_column.get(id(col))
            if known is None:
                flags = _column_flags(col)
                known = by_column[id(col)] = (flags, ";".join(flags))
            flags, plain_text = known
            note, keep = "", True
        else:
            # (a note's unit the cell's own column does not take, 决算数为年初预算的% under 单位：万元: no flag of it)
            own = unit_flags if hint == unit_hint or unit_flags != ["unit_from_note"] else []
            flags, note, keep = _value_flags(nt, row, idx, col, cell, own, repeated)
            plain_text = None
        for q in quantities:
            # a quantity that is the whole cell (the common case) has the cell's raw span
            whole = q.start == 0 and q.end == len(own)
            qs, qe, quote = cell_span if whole else raw_span(nt, cell.start + q.start, cell.start + q.end)
            if q.flags:
                qflags = flags + [f for f in q.flags if f not in flags]
                flag_text = ";".join(dict.fromkeys(qflags))
            else:
                flag_text = plain_text if plain_text is not None else ";".join(dict.fromkeys(flags))
            ranged = keep and "range" in q.flags
            v = base.copy()  # and one key at a time: about twice as fast as {**base, ...} (a value per cell)
            v["kind"] = by_label.kind if by_label is not None and by_label.kind else col.kind
            v["year"] = col.year
            flag_text = _year_of_mark(v, q, info.mark_years, flag_text)
            flag_text = _from_value(v, q, col, flag_text)
            if deadline is not None and col.year_assumed and v["kind"] == "target":
                v["year"] = deadline  # 建设年限 2022-2024: the project's target falls in its last year
                flag_text = ";".join(dict.fromkeys([*filter(None, flag_text.split(";")), "year_from_row"]))
            v["value"] = q.value if keep else None
            v["unit"] = q.unit or _canonical(hint)
            v["value_low"] = q.low if ranged else None
            v["value_high"] = q.high if ranged else None
            v["comparator"] = q.comparator if keep and q.value is not None else ""
            v["value_raw"] = q.value_raw
            v["unit_raw"] = q.unit_raw or hint
            v["value_text"] = cell_span[2]
            v["qualifier"] = q.qualifier or row.qualifier or col.measure or (
                squash(col.header) if col.growth or col.change or col.progress else "")
            v["line"] = nt.line_of(qs)
            v["start"] = qs
            v["end"] = qe
            v["quote"] = quote
            v["note"] = note
            v["flags"] = flag_text
            values.append(v)
    values.extend(_note_values(nt, row, base, unit_hint, info.time_role))
    values.extend(_done_values(nt, row, base, unit_hint, meta))
    if not values:
        # a row whose value cells are all missing still reaches the table, in its first value column (every
        # header has one)
        values.extend(_missing_row(nt, row, base, unit_hint))
    return values

def _missing_row(nt: NormalizedText, row: ParsedRow, base: dict, unit_hint: str) -> list[dict]:
    """The one tidy row of a table row none of whose value cells holds anything, anchored on the first cell that
    does (a wrapped grid row's line of notes alone); none when nothing was printed in the row."""
    col = row.values[0][0]
    printed = [c for c in (row.label, *(c for _, c in row.values), row.unit, *row.note_cells)
               if c is not None and c.text.strip()]
    anchor = printed[0] if printed else None
    s, e, quote = raw_span(nt, *((anchor.start, anchor.end) if anchor is not None else row.span))
    if not quote.strip():
        return []
    flags = list(dict.fromkeys(row.flags + ["missing_cell"]))
    return [{
        **base, "kind": col.kind, "year": col.year, "value": None,
        "unit": _canonical(unit_hint), "value_low": None, "value_high": None,
        "comparator": "", "value_raw": "", "unit_raw": unit_hint, "value_text": "", "qualifier": "",
        "line": nt.line_of(s), "start": s, "end": e, "quote": quote, "note": "; ".join(row.notes),
        "flags": ";".join(flags),
    }]



_PAIR_CELL_RE = re.compile(r"\s*([^/／\s]+)\s*[/／]\s*([^/／\s]+)\s*")
_PAIR_LABEL_RE = re.compile(r"[(（]([^()（）/／]{1,4})[/／]([^()（）/／]{1,4})[)）]")


def _scoped_pair(text: str, label: str, hint: str) -> tuple[Quantity, ...]:
    """A cell of two figures a slash apart under a label naming two scopes in the same order
    (社区养老服务设施覆盖率（城市/农村） | 100/62): a value for each scope, the scope as its qualifier; () else."""
    if "/" not in text and "／" not in text:
        return ()
    scopes = _PAIR_LABEL_RE.search(label)
    cell = _PAIR_CELL_RE.fullmatch(text)
    if scopes is None or cell is None or not all(w in scope_words("urban_rural", "sex") for w in scopes.groups()):
        return ()
    out: list[Quantity] = []
    for g, scope in zip((1, 2), scopes.groups(), strict=True):
        qs = cell_quantities(cell.group(g), hint)
        if len(qs) != 1 or qs[0].value is None:
            return ()
        q = qs[0]
        out.append(replace(q, start=q.start + cell.start(g), end=q.end + cell.start(g), qualifier=scope,
                           flags=(*q.flags, "multi_value")))
    return tuple(out)


def _quantities(text: str, hint: str, col: Column) -> tuple[Quantity, ...]:
    """The figures of one value cell: as a cell, else as a phrase (新建服务站8个) or a verb before a number in the
    row's unit (达到100); a change column's decrease words make them negative."""
    quantities = cell_quantities(text, hint)
    if all("non_numeric" in q.flags for q in quantities) and _DIGIT_RE.search(text):
        quantities = _scoped_cell(text, hint) or phrase_quantities(text) or verb_quantities(text, hint) \
            or quantities
        if col.growth or col.change:
            quantities = _signed_changes(text, quantities)
        quantities = _from_values(text, quantities)
    return quantities


def _cell_figures(nt: NormalizedText, cell: Cell, label: str, hint: str, col: Column
                  ) -> tuple[str, tuple[Quantity, ...]]:
    """The text of a value cell its span holds, and the figures read from it; words over the figure in its cell
    (年均增长 over ≥5%) are the figures' qualifier."""
    lead = _lead(nt, cell)
    own = cell.text[lead:]
    quantities = _scoped_pair(own, label, hint) or _quantities(own, hint, col)
    return own, _qualified(cell.text[:lead], quantities) if lead > 0 else quantities


def _qualified(words: str, quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The figures of a cell under words printed over them in the cell (年均增长 over ≥5%): the words are their
    qualifier, and a growth word makes them growth rates."""
    col = header_role(words)
    growth = ("growth_rate",) if col is not None and col.growth else ()
    return tuple(replace(q, qualifier=q.qualifier or words, flags=(*q.flags, *growth)) for q in quantities)


def _scoped_cell(text: str, hint: str) -> tuple[Quantity, ...]:
    """A cell of one figure after the scope it counts (城市95.1, 农村≥70: a row's two scopes printed one under the
    other in its cells): the figure, the scope its qualifier; () for any other cell."""
    scope = next((w for w in scope_words("urban_rural", "sex") if text.startswith(w)), None)
    if scope is None:
        return ()
    qs = cell_quantities(text[len(scope):], hint)
    if len(qs) != 1 or qs[0].value is None:
        return ()
    q = qs[0]
    return (replace(q, start=q.start + len(scope), end=q.end + len(scope), qualifier=scope),)


def _measure_cell_unit(row: ParsedRow) -> str:
    """The unit a value cell of words gives the row when it names the measure and its unit (a task table's 量化指标
    column: 临时救助人次（万人次） beside ≥18), or ""."""
    for _, cell in row.values:
        if cell is not None and cell.text and not _DIGIT_RE.search(_PARENS_RE.sub("", cell.text)):
            unit = unit_from_label(cell.text)
            if unit:
                return unit
    return ""


_PARENS_RE = re.compile(r"[(（][^()（）]*[)）]")


def _year_of_mark(v: dict, q: Quantity, years: dict[str, int], flag_text: str) -> str:
    """A figure marked ① whose note under the table gives it a year (①为2019年底数据): of that year, flagged
    `year_from_note`; the flags' text, so amended."""
    year = years.get(q.text.rstrip()[-1:]) if years and q.text and "footnote_mark" in q.flags else None
    if year is None or year == v["year"]:
        return flag_text
    v["year"] = year
    return ";".join(dict.fromkeys([*filter(None, flag_text.split(";")), "year_from_note"]))


def _from_value(v: dict, q: Quantity, col: Column, flag_text: str) -> str:
    """A phrase's 由A of 由A提高到B in a year's column (由810元/月提高到850元/月): A is the year before's baseline,
    its year assumed; the flags' text, so amended."""
    if "from_value" not in q.flags or col.kind not in ("target", "actual"):
        return flag_text
    v["kind"], v["year"] = "baseline", col.year - 1 if col.year is not None else None
    return ";".join(dict.fromkeys([*filter(None, flag_text.split(";")), "year_assumed"]))


def _from_values(text: str, quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """In a phrase of 由A提高到B (城市低保标准由810元/月提高到850元/月), A is where the row starts from: flagged
    `from_value` (a baseline), B stays the column's."""
    if len(quantities) < 2 or ("由" not in text and "从" not in text):
        return quantities
    out = list(quantities)
    for i, (q, nxt) in enumerate(zip(quantities, quantities[1:])):  # noqa: B905 - pairs
        if text[max(0, q.start - 2):q.start].rstrip().endswith(("由", "从")) \
                and TO_VERBS.match(text[q.end:nxt.start].strip()):
            out[i] = q.with_flag("from_value")
    return tuple(out)


def _signed_changes(text: str, quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """A change column's figures after a word of decrease (下降1.2%, 减少30人) are negative, flagged decrease_word."""
    out = []
    for q in quantities:
        if q.value is not None and q.value > 0 and text[:q.start].rstrip().endswith(DECREASE_WORDS):
            q = replace(q, value=-q.value).with_flag("decrease_word")
        out.append(q)
    return tuple(out)


def kind_of_label(label: str, columns: list[Column]) -> Column | None:
    """The kind a row's label names in a table whose columns name what they measure (项目 | 新增养老床位(张) |
    助餐服务(万人次) over rows 年度目标 / 实际完成 / 完成率(%)): a column of a kind word (target, actual, progress,
    growth), its unit in parentheses; None for any other row or table."""
    if not label or not columns or not all(c.measure and not c.part_year and c.year_offset is None
                                             for c in columns):
        return None
    col = header_role(label)
    if col is None or col.role != "value" or col.year is not None or col.measure:
        return None
    if col.progress:
        col.kind = "actual"
    elif col.estimate:
        col.kind = "target"
    return col if col.kind or col.growth or col.change else None


def _note_values(nt: NormalizedText, row: ParsedRow, base: dict, unit_hint: str, role: str = "") -> list[dict]:
    """Figures written inside a row's 备注 cell (其中星级幸福院不少于二十个), read as running text is read.

    A note speaks of the row's last value column that has a value and is no baseline (a plan table's target, a
    report's latest actual): its kind and year are taken from there and flagged `year_role_inferred`, with
    `value_in_note`."""
    if not row.note_cells:
        return []
    given = [c for c, cell in row.values if cell is not None and cell.text]
    # (a record's fields may print the base after the target, 目标值:…;2024年基数:…: the note is of the target)
    col = next((c for c in reversed(given) if c.kind != "baseline"), given[-1] if given else None)
    if col is None:
        return []
    # (a figure the note states plainly, with no 不低于 or ≥, is progress in a review table: its latest actual)
    # (never in a plan's table: its notes say what is to be done, 新建7个 beside 2023年完成 | 2024年目标)
    done = next((c for c, cell in reversed(row.values) if c.kind == "actual" and cell is not None and cell.text
                 and c.year is not None), None) if role not in ("plan", "annual_plan") else None
    out = []
    deadline = _row_deadline(row)
    for cell in row.note_cells:
        for q in phrase_quantities(cell.text):
            if q.value is None and q.low is None:
                continue
            of = done if done is not None and col.kind == "target" and q.comparator in ("", "=") else col
            # (建设期限 2021—2023 beside it: a project's target falls due when its works end, as its cells' do)
            year = deadline if deadline is not None and of.kind == "target" and of.year_assumed else of.year
            v = _phrase_value(nt, base, cell, q, of.kind, year, unit_hint, "value_in_note",
                              f"read from the row's note; kind and year those of its {of.header!r} column"
                              + (" (its year the row's end of works)" if year != of.year else ""))
            after = cell.text[q.end:].strip(" ，,。；;、")
            if not v["qualifier"] and after and len(after) <= MAX_NOTE_QUALIFIER and not _DIGIT_RE.search(after):
                v["qualifier"] = after  # 1个在建: what the note says the figure counts, beside the row's own
            out.append(v)
    return out


MAX_NOTE_QUALIFIER = 8  # characters of the words after a note's figure kept as its qualifier (1个在建)


def _phrase_value(nt: NormalizedText, base: dict, cell: Cell, q: Quantity, kind: str, year: int | None,
                  unit_hint: str, flag: str, note: str) -> dict:
    """The tidy row of one figure read from a phrase beside a row's values (its note, its 完成情况), flagged `flag`
    and `year_role_inferred`."""
    qs, qe, quote = piece_span(nt, cell, q)
    flags = [f for f in q.flags if f != "value_in_phrase"] + [flag, "year_role_inferred"]
    ranged = "range" in q.flags
    return {
        **base, "kind": kind, "year": year, "value": q.value, "unit": q.unit or _canonical(unit_hint),
        "value_low": q.low if ranged else None, "value_high": q.high if ranged else None,
        "comparator": q.comparator if q.value is not None else "", "value_raw": q.value_raw,
        "unit_raw": q.unit_raw, "value_text": raw_span(nt, cell.start, cell.end)[2], "qualifier": q.qualifier,
        "line": nt.line_of(qs), "start": qs, "end": qe, "quote": quote, "note": note,
        "flags": ";".join(dict.fromkeys(flags)),
    }


_SPAN_CELL_RE = re.compile(r"(?:(?:19|20)\d\d年?\s*[-—–~至到]\s*)?((?:19|20)\d\d)年?(?:底|末|年底前|底前|前)?")


def _row_deadline(row: ParsedRow) -> int | None:
    """The year a row's note cell of a time gives its targets (建设年限 2022-2024: 2024; 完成时限 2024年底), or
    None: a project's target is due when its works end, not at the plan's end."""
    for cell in row.note_cells:
        m = _SPAN_CELL_RE.fullmatch(cell.text.strip())
        if m:
            return int(m.group(1))
    return None


_YEAR_BEFORE_RE = re.compile(r"((?:19|20)\d\d)年(?!\d)")


def _done_values(nt: NormalizedText, row: ParsedRow, base: dict, unit_hint: str, meta: dict) -> list[dict]:
    """Figures of a row's 完成情况 phrase (达到89.4%, 较基期提高7.7个百分点): what was achieved, actuals of the year
    the phrase names before them, else of the year its column names (2024年完成情况), else of the table's latest
    actual column, else of the year the document covers
    (flagged `year_role_inferred`, with `done_in_row`)."""
    if not row.done_cells:
        return []
    done = [c.year for c, cell in row.values if c.kind == "actual" and c.year is not None and not c.progress]
    start, end = plan_years(meta)
    fallback = row.done_year or (max(done) if done else end if start == end else start - 1)
    base_year = next((c.year for c, _ in row.values if c.kind == "baseline" and c.year is not None), None)
    out = []
    for cell in row.done_cells:
        plain = numericish(cell.text) != "text"  # 完成情况 | 536 (a figure alone) or 95(预计)
        for q in cell_quantities(cell.text, unit_hint) if plain else phrase_quantities(cell.text):
            if q.value is None and q.low is None:
                continue
            years = _YEAR_BEFORE_RE.findall(cell.text[:q.start])
            year, kind = (int(years[-1]) if years else fallback), "actual"
            note = "read from the row's account of what was done (完成情况): an actual"
            if cell.text[:q.start].rstrip().endswith(("由", "从")):  # 由312人增至541人: where it started from
                kind, year = "baseline", int(years[-1]) if years else base_year
                note = "read from the row's account of what was done (完成情况): where it started from"
            out.append(_phrase_value(nt, base, cell, q, kind, year, unit_hint, "done_in_row", note))
    return out


def _plain_row(row: ParsedRow, unit_flags: list[str]) -> bool:
    """A row with no flag or note of its own (the common case): its values' flags are their column's."""
    return not (row.flags or row.value_flags or row.value_notes or row.notes or unit_flags)


def _column_flags(col: Column) -> list[str]:
    """The flags every value of a column carries (how its year and kind were read, a growth rate)."""
    flags = []
    if col.year_assumed:
        flags.append("year_assumed")
    if col.year_role_inferred:
        flags.append("year_role_inferred")
    if col.growth:
        flags.append("growth_rate")
    if col.change:
        flags.append("change")
    if col.progress:
        flags.append("completion_rate")
    if col.estimate:
        flags.append("estimate")
    if col.kind_from_note:
        flags.append("kind_from_note")
    if col.roc_year:
        flags.append("roc_year")
    if col.fiscal_year:
        flags.append("fiscal_year")
    return flags


def _value_flags(nt: NormalizedText, row: ParsedRow, idx: int, col: Column, cell: Cell, unit_flags: list[str],
                 repeated: set[int]) -> tuple[list[str], str, bool]:
    """(flags, note, whether the value is kept) of one value cell of a row with flags or notes of its own."""
    flags = list(row.flags) + row.value_flags.get(idx, []) + unit_flags + _column_flags(col)
    if cell.line in repeated:
        flags.append("duplicate_source")
    unreadable = cell.line in nt.mojibake_lines
    if unreadable:
        flags.append("mojibake")
    note = "; ".join(row.notes + ([row.value_notes[idx]] if idx in row.value_notes else []))
    # (a row the reader could not segment keeps what was printed, never a number read into a column it may not be in)
    uncertain = unreadable or "column_ambiguous" in flags or "split_uncertain" in flags or "unparsed" in flags \
        or "unit_ambiguous" in flags
    return flags, note, not uncertain


@lru_cache(maxsize=1024)
def _canonical(unit: str) -> str:
    return (canonical_unit(unit) or ("",))[0]
