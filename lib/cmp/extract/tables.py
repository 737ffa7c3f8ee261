"""Find indicator tables in flattened text and read every row into source-linked value rows.

Tables arrive in several flattened layouts: one row per line with `|` or tab separators (`lines`), one cell
per line with or without blank lines and trailing `|` (`cells`), and rows whose cells lost their separators
(`glued`). Column roles come from the header words, never from fixed positions; rows are segmented with the
printed row numbers and aligned to the columns by the type of each cell, so a missing cell does not shift the
rows after it. Anything read by inference carries a flag.
"""

from __future__ import annotations

from ..ingest.normalize import NormalizedText
from .numbers import NUM, canonical_unit, parse_cell, unit_from_label
from .table_layouts import (
    CAPTION_RE,
    HEADING_RE,
    MAX_CELL_LINE,
    MAX_GLUED_LINE,
    Cell,
    Column,
    ParsedRow,
    TableInfo,
    assign_kinds,
    glued_header,
    header_role,
    is_header,
    line_cells,
    plan_years,
    years_line,
)
from .table_rows import align, build_row, numericish, read_glued, segment_cells, split_glued_values

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
        if all(cols) and is_header(cols):  # type: ignore[arg-type]
            return cols, "lines", k + 1, None
        return None, "", k, None
    glued = glued_header(cells[0].text)
    if glued:
        nxt = nonblank_from(k + 1)
        years = years_line(cells_by_line[nxt][0].text) if nxt < len(cells_by_line) and cells_by_line[nxt] else None
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
    if len(cols) >= 3 and is_header(cols) and cols[0].role in ("rowno", "category", "indicator"):
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
        return read_glued(body, lines, offsets, header)
    if layout == "lines":
        rows, category = [], ""
        for k in body:
            cl = [c for c in cells_by_line[k] or []]
            nonempty = [c for c in cl if c.text]
            if len(nonempty) == 1 and numericish(nonempty[0].text) == "text" and len(header) > 2:
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
