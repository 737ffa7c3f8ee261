"""The tidy indicator table: its columns, dtypes, stable row ids, and loading it back."""

from __future__ import annotations

import operator
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import CmpError
from .rowid import make_row_id  # noqa: F401  # (its home before rowid.py: imported from here too)

# column -> (pandas dtype, description); the order here is the order in the files
COLUMNS: dict[str, tuple[str, str]] = {
    "row_id": ("string", "stable id: jurisdiction, method and a hash of what the row says (not where it sits)"),
    "jurisdiction": ("string", "jurisdiction id from data/raw/manifest.yaml"),
    "doc": ("string", "file name in data/raw/"),
    "method": ("string", "table (indicator table cell), prose (running text or 专栏 box), derived (computed)"),
    "table": ("string", "table number within the document (T1, T2, ...), empty for prose and derived rows"),
    "row_no": ("Int64", "row number printed in the table (序号), when printed"),
    "category": ("string", "group or category the table gives the row (指标类别 or a group header)"),
    "label": ("string", "indicator name exactly as the document writes it (original characters)"),
    "indicator": ("string", "canonical indicator id from the codebook; empty when not mapped"),
    "kind": ("string", "baseline, target or actual"),
    "year": ("Int64", "year the value refers to"),
    "value": ("float64", "number in the canonical unit; empty when the cell or phrase is not a number"),
    "unit": ("string", "canonical unit (万 and 亿 applied: 万张 -> 张)"),
    "value_low": ("float64", "lower bound of a range such as 30-40, in the canonical unit"),
    "value_high": ("float64", "upper bound of a range, in the canonical unit"),
    "comparator": ("string", "=, >= or <=; empty when there is no number"),
    "value_raw": ("string", "the number as written (6.4 in 6.4万张; thousands separators dropped: 1864 in 1,864个)"),
    "unit_raw": ("string", "the unit as written (万张 in 6.4万张), from the cell, the unit column or the label"),
    "value_text": ("string", "the cell or phrase exactly as printed"),
    "attribute": ("string", "binding (约束性) or expected (预期性) when the document says"),
    "qualifier": ("string", "scope word printed with the value (城市, 农村) when a cell or phrase holds several"),
    "line": ("Int64", "1-based line of the value in the raw file"),
    "start": ("Int64", "character offset where the quote starts in the raw file's decoded text"),
    "end": ("Int64", "character offset where the quote ends (exclusive)"),
    "quote": ("string", "exactly raw_text[start:end]: the source text that holds the value"),
    "context": ("string", "the whole sentence or table row the value comes from: raw_text[context_start:context_end]"),
    "context_start": ("Int64", "character offset where the context starts in the raw file's decoded text"),
    "context_end": ("Int64", "character offset where the context ends (exclusive)"),
    "locator": ("string", "where the value sits in the source format's own terms (line 12; p. 3; 表 1, row 3)"),
    "section": ("string", "heading path of the section that holds the value, as printed (' > '-separated)"),
    "plan": ("string", "plan the value belongs to: 14th-fyp, 13th-fyp, annual-2023...; empty when unknown"),
    "fact_id": ("string", "readings of one fact share it: jurisdiction, indicator, year, qualifier, and a target's "
                          "plan or 'reported' (a baseline and an actual of one year are one fact); empty if unmapped"),
    "preferred": ("boolean", "true for the one reading of a fact that charts and comparisons use (table over text "
                             "over derived; cmp.model.reconcile)"),
    "derived_from": ("string", "row_ids of the inputs of a derived value, ';'-separated"),
    "note": ("string", "formula of a derived value, or what else the source says about the row"),
    "flags": ("string", "';'-separated data-quality flags"),
}
COLUMN_NAMES = list(COLUMNS)
KINDS = ("baseline", "target", "actual")
METHODS = ("table", "prose", "derived")
COMPARATORS = ("=", ">=", "<=")
ATTRIBUTES = ("binding", "expected")


def to_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts keyed by column) as a tidy table with the declared column order and dtypes."""
    # column by column into untyped object columns: pd.DataFrame(rows) infers a type for every cell first
    cols = {c: pd.Series(v, dtype=object) for c, v in _columns(rows).items()}
    return apply_dtypes(pd.DataFrame(cols, columns=COLUMN_NAMES))


def _columns(rows: list[dict]) -> dict[str, list]:
    """The rows transposed: column -> its cells (None where a row lacks the key), in COLUMN_NAMES order."""
    # the columns the first row has are read with one C call per row (rows of one build share their keys); a row
    # lacking one of them, and the columns the first row lacks, are read key by key
    names = [c for c in COLUMN_NAMES if rows and c in rows[0]]
    if len(names) < 2:
        return {c: [r.get(c) for r in rows] for c in COLUMN_NAMES}
    get = operator.itemgetter(*names)

    def one(r: dict) -> tuple:
        try:
            return get(r)
        except KeyError:
            return tuple(r.get(c) for c in names)

    read = dict(zip(names, map(list, zip(*map(one, rows), strict=True)), strict=True))
    return {c: read[c] if c in read else [r.get(c) for r in rows] for c in COLUMN_NAMES}


def records(df: pd.DataFrame) -> list[dict]:
    """df.to_dict("records"), built column by column (to_dict boxes cell by cell: slow on Arrow-backed strings)."""
    names = list(df.columns)
    return [dict(zip(names, vals, strict=True)) for vals in zip(*(df[c].tolist() for c in names), strict=True)]


def apply_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Cast every column to its declared dtype; text columns hold '' rather than missing."""
    out = df.copy(deep=False)  # copy-on-write: the columns replaced below never touch `df`
    for col, (dtype, _) in COLUMNS.items():
        s = out[col]
        if _already(s, dtype):
            continue  # the steps of a build pass the table on typed: casting it again cell by cell costs seconds
        if dtype == "string":
            out[col] = _text(s)
        elif dtype == "boolean":
            if s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) == "boolean":
                out[col] = s.astype("boolean")  # all bool already (a build's rows): no per-cell _to_bool
            else:
                out[col] = s.map(_to_bool).astype("boolean")
        elif dtype == "Int64":
            out[col] = pd.to_numeric(s, errors="coerce").astype("Int64")
        else:
            out[col] = pd.to_numeric(s, errors="coerce").astype("float64")
    return out


def _text(s: pd.Series) -> pd.Series:
    """A text column: str() of each cell, '' for a missing one."""
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) == "string":
        return s.astype("string")  # all str already (the common case): one conversion, no per-cell str()
    return s.astype("object").where(s.notna(), "").astype(str).astype("string")


def _already(s: pd.Series, dtype: str) -> bool:
    """True when a column already has its dtype (text and boolean: and no missing cell), so the cast is a no-op."""
    if s.dtype != pd.api.types.pandas_dtype(dtype):
        return False
    return dtype in ("Int64", "float64") or not s.isna().any()


def _to_bool(v: object) -> bool:
    """A boolean cell from a bool, or from its CSV text ('true'/'false'); missing counts as true."""
    if isinstance(v, str):
        return v.strip().lower() not in ("false", "0", "no")
    return True if v is None or v is pd.NA or (isinstance(v, float) and v != v) else bool(v)


def load(tidy_dir: str | Path | None = None) -> pd.DataFrame:
    """The tidy table from `tidy_dir` (default data/tidy/), Parquet preferred, with proper dtypes."""
    folder = Path(tidy_dir) if tidy_dir is not None else paths.tidy_dir()
    pq, csv = folder / "indicators.parquet", folder / "indicators.csv"
    if pq.is_file():
        df = pd.read_parquet(pq)
    elif csv.is_file():
        df = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8")
    else:
        raise CmpError("no tidy table found; run `cmp build` first", path=str(csv))
    missing = [c for c in COLUMN_NAMES if c not in df.columns]
    if missing:
        raise CmpError(f"tidy table lacks column(s) {', '.join(missing)}; rebuild with `cmp build`", path=str(csv))
    df = df.replace({"": None}) if not pq.is_file() else df
    return apply_dtypes(df[COLUMN_NAMES + [c for c in df.columns if c not in COLUMNS]])
