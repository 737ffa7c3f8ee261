"""Tables from spreadsheets saved as comma- or tab-separated text: a record whose quoted cells hold line breaks read
as one line, and the empty cells a sheet wider than its table ends each line with cut at the table's width."""

from __future__ import annotations

import re
from collections import Counter

from ..ingest.normalize import NormalizedText
from .table_body import _Lines
from .table_layouts import Cell, comma_separated, line_cells

_DIGIT = re.compile(r"\d")

MIN_SHEET_ROW_CELLS = 3  # cells with text in a comma-separated line that counts as a row of its sheet


def sheet_widths(doc: _Lines, csv: set[int]) -> None:
    """Cut the empty cells a spreadsheet saved as comma- or tab-separated values ends each line with beyond its table
    (区县,…,备注,, over 全市合计,6812,…,9815,,,: the sheet is wider than the table): in each run of such lines, the
    table's width is the most common width of its rows up to their last cell with text, or a header's when wider;
    a line keeps its cells with text, and those up to that width."""
    runs: list[list[int]] = []
    for k in sorted(csv):
        if runs and k - runs[-1][-1] <= 2:
            runs[-1].append(k)
        else:
            runs.append([k])
    for run in runs:
        filled = [[i for i, c in enumerate(doc.cells[k] or []) if c.text] for k in run]
        widths = Counter(f[-1] + 1 for f in filled if len(f) >= MIN_SHEET_ROW_CELLS)
        if not widths:
            continue
        # (never narrower than a line of words naming columns: 年度 | 资金投入 | | 备注 over rows of an empty 备注)
        named = [f[-1] + 1 for k, f in zip(run, filled, strict=True) if len(f) >= MIN_SHEET_ROW_CELLS
                 and not any(_DIGIT.search(c.text) for c in doc.cells[k] or [])]
        width = max([widths.most_common(1)[0][0], *named])
        for k, f in zip(run, filled, strict=True):
            cells = doc.cells[k]
            if cells and len(cells) > width:
                doc.cells[k] = cells[:max(width, f[-1] + 1 if f else 0)]


MAX_RECORD_LINES = 12  # lines of one comma-separated record whose quoted fields hold line breaks


def merge_quoted_records(doc: _Lines, nt: NormalizedText) -> None:
    """A record of comma-separated values whose quoted fields hold line breaks (区县,"城市低保 / 户数","城市低保 /
    人数",…: a spreadsheet's cells saved with their breaks): its lines read as one, each field's text joined
    across the break (its offsets spanning it), the lines after the first left blank."""
    n, k = len(doc.text), 0
    while k < n:
        j = _record_end(doc, nt, k)
        if j is None:
            k += 1
            continue
        start = doc.offsets[k]
        record = nt.text[start:_line_end(nt, doc.offsets[j])]
        cells = line_cells(record, start, k + 1, True)
        if cells:
            doc.cells[k] = [Cell(c.text.replace("\n", ""), c.start, c.end, c.line) for c in cells]
            for i in range(k + 1, j + 1):
                doc.cells[i] = []
            doc.merged[k] = j
        k = j + 1  # (a line inside the record starts none of its own)


def _line_end(nt: NormalizedText, start: int) -> int:
    end = nt.text.find("\n", start)
    return end if end >= 0 else len(nt.text)


def _record_end(doc: _Lines, nt: NormalizedText, k: int) -> int | None:
    """The index of the last line of a comma-separated record starting at line index k whose quoted fields hold
    line breaks, or None."""
    t = doc.text[k]
    if t.count('"') % 2 == 0 or "," not in t:
        return None
    j, quotes = k, t.count('"')
    while quotes % 2 and j + 1 < len(doc.text) and j + 1 - k < MAX_RECORD_LINES:
        j += 1
        quotes += doc.text[j].count('"')
    if quotes % 2:
        return None
    start = doc.offsets[k]
    record = nt.text[start:_line_end(nt, doc.offsets[j])]
    a, b = nt.to_raw(start, start + len(record))
    # (a full-width comma folds to the same "," in the normalized text: the raw one must be ",")
    if not comma_separated(record.replace("\n", "")) or not comma_separated(nt.raw[a:b].replace("\n", "")):
        return None
    return j

