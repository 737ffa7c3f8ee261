"""The tidy indicator table: its columns, dtypes, stable row ids, and loading it back."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from .. import paths
from ..errors import CmpError
from .columns import ATTRIBUTES, COLUMN_NAMES, COLUMNS, COMPARATORS, KINDS, METHODS, columns_of  # noqa: F401
from .rowid import make_row_id  # noqa: F401  # (its home before rowid.py: imported from here too)


def to_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts keyed by column) as a tidy table with the declared column order and dtypes."""
    # column by column into untyped object columns: pd.DataFrame(rows) infers a type for every cell first
    return from_columns(columns_of(rows))


def from_columns(columns: dict[str, list]) -> pd.DataFrame:
    """A tidy table from its cells column by column (as `columns_of` gives them), with the declared dtypes."""
    cols = {c: pd.Series(columns[c], dtype=object) for c in COLUMN_NAMES}
    return apply_dtypes(pd.DataFrame(cols, columns=COLUMN_NAMES))


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
        # all str already (the common case): straight into Arrow, no per-cell str() (astype copies cell by cell)
        arr = pa.array(s.to_numpy(), pa.large_string())
        return pd.Series(pd.arrays.ArrowStringArray(arr), index=s.index, name=s.name)
    return s.astype("object").where(s.notna(), "").astype(str).astype("string")


def one_chunk(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with each Arrow text column in one piece (a concatenation leaves one piece per frame, and Parquet
    cuts its pages where the pieces meet: the same table in one piece gives the same bytes)."""
    out = df.copy(deep=False)
    for col in out.columns:
        arr = out[col].array
        if isinstance(arr, pd.arrays.ArrowStringArray):
            chunked = arr.__arrow_array__()
            if chunked.num_chunks > 1:
                out[col] = pd.Series(pd.arrays.ArrowStringArray(chunked.combine_chunks()), index=out.index, name=col)
    return out


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
