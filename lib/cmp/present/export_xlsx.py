"""The Excel workbook researchers open: values, all readings, sources, flags and the codebook, one sheet each.

Written with openpyxl, then re-zipped with fixed entry dates and fixed document dates, so the same inputs give
byte-identical files. Every sheet has a frozen header row, an autofilter and column widths measured in display
columns (a CJK character counts two); numbers are stored as numbers, text that starts with '=' stays text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd

from .export import (
    FACT_COLUMNS,
    Inputs,
    codebook_frame,
    display_width,
    facts_frame,
    flags_frame,
    readings_frame,
    sources_frame,
    write_bytes_atomic,
)

SHEETS = ("指标值 values", "全部读数 all readings", "来源 sources", "标记 flags", "指标 codebook")
MAX_WIDTH = 60  # display columns; longer text (quotes, contexts) is cut off on screen, not in the cell
MIN_WIDTH = 6
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
EXCEL_MAX_CHARS = 32767
# characters XML 1.0 cannot hold (openpyxl refuses them); shown as U+FFFD in the cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def document_date(manifest: list[dict]) -> dt.datetime:
    """The workbook's created/modified date: the latest publication date of its sources (not the clock)."""
    dates = [m.get("published", "") for m in manifest]
    valid = sorted(d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d)))
    return dt.datetime.fromisoformat(valid[-1]) if valid else dt.datetime(2000, 1, 1)


def _cell_value(value: object) -> object:
    """A DataFrame cell as openpyxl should store it: int/float/bool as numbers, missing as empty, else text."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if hasattr(value, "item"):  # numpy scalars
        return _cell_value(value.item())
    text = _ILLEGAL.sub("\ufffd", str(value))
    return text[:EXCEL_MAX_CHARS] if text else None


def sheet_frames(inputs: Inputs) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    """Sheet name -> (frame, header row), in workbook order."""
    facts = facts_frame(inputs.table, inputs.manifest)
    readings = readings_frame(inputs.table)
    sources = sources_frame(inputs.manifest)
    flags = flags_frame(inputs.table)
    codebook = codebook_frame(inputs.codebook)
    flag_headers = ["标记 flag", "含义 meaning (zh)", "meaning (en)", "行数 rows"]
    return {
        SHEETS[0]: (facts, [h for _, h in FACT_COLUMNS]),
        SHEETS[1]: (readings, list(readings.columns)),
        SHEETS[2]: (sources, list(sources.columns)),
        SHEETS[3]: (flags, flag_headers),
        SHEETS[4]: (codebook, list(codebook.columns)),
    }


def _fill_sheet(ws, frame: pd.DataFrame, headers: list[str]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    widths = [display_width(h) for h in headers]
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.data_type = "s"
        cell.font = bold
    columns = [frame[c].tolist() for c in frame.columns]
    for r, row in enumerate(zip(*columns, strict=True), start=2):
        for c, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # '=' and '>=' are comparators, not formulas
                width = max(display_width(line) for line in value.split("\n"))
            else:
                width = len(f"{value:g}") if isinstance(value, float) else len(str(value))
            if width > widths[c - 1]:
                widths[c - 1] = width
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(MIN_WIDTH, min(MAX_WIDTH, width)) + 2
    last = get_column_letter(max(1, len(headers)))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(1, len(frame) + 1)}"


def workbook_bytes(inputs: Inputs) -> bytes:
    """The workbook as bytes: identical for identical inputs (fixed dates in the document and the zip)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, (frame, headers) in sheet_frames(inputs).items():
        _fill_sheet(wb.create_sheet(title=name), frame, headers)
    when = document_date(inputs.manifest)
    wb.properties.creator = "cmp"
    wb.properties.title = "cmp: indicators of civil-affairs (民政) plans"
    wb.properties.created = when
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue(), when)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """Re-zip the package with fixed entry dates, and the document dates set to `when` (openpyxl stamps now)."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\2",
                              body)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def write_workbook(inputs: Inputs, path: str | Path) -> Path:
    """Write the workbook to `path` atomically (a failed export leaves any older file as it was)."""
    return write_bytes_atomic(path, workbook_bytes(inputs))
