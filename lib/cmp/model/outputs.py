"""Write the tidy outputs atomically: CSV, Parquet, the data-quality list and a Frictionless descriptor."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import CmpError
from .tidy import COLUMNS

CSV_FLOAT = "%.12g"
_FRICTIONLESS_TYPES = {"string": "string", "Int64": "integer", "float64": "number", "boolean": "boolean"}
_ARROW_TYPES = {"string": pa.string(), "Int64": pa.int64(), "float64": pa.float64(), "boolean": pa.bool_()}


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a fixed float format and LF line endings (byte-stable)."""
    return df.to_csv(index=False, float_format=CSV_FLOAT, lineterminator="\n").encode("utf-8")


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Parquet with an explicit schema and no timestamps, so the same table gives the same bytes."""
    fields = []
    for name, (dtype, _) in COLUMNS.items():
        fields.append(pa.field(name, _ARROW_TYPES[dtype]))
    extra = [c for c in df.columns if c not in COLUMNS]
    for name in extra:
        fields.append(pa.field(name, pa.string()))
    table = pa.Table.from_pandas(df, schema=pa.schema(fields), preserve_index=False)
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd", write_statistics=False)


def datapackage(df: pd.DataFrame, manifest: list[dict], files: dict[str, str], quality_fields: list[str]) -> dict:
    """A Frictionless Data Package descriptor for the tidy outputs and their sources."""
    fields = []
    for name, (dtype, desc) in COLUMNS.items():
        field = {"name": name, "type": _FRICTIONLESS_TYPES[dtype], "description": desc}
        if name == "value":
            field["unit"] = "see the `unit` column (canonical unit of each row)"
        fields.append(field)
    sources = [
        {
            "title": m["title"],
            "path": f"data/raw/{m['file']}",
            "publisher": m["publisher"],
            "published": m["published"],
            "jurisdiction": m["jurisdiction"],
            "sha256": m["sha256"],
        }
        for m in manifest
    ]
    return {
        "profile": "data-package",
        "name": "cmp-civil-affairs-indicators",
        "title": "Indicators of China's civil-affairs (民政) plans, source-linked",
        "description": "One row per value read from the plans' indicator tables, running text and derivations; "
        "every value points to the raw document, line, character span and exact quote it came from.",
        "licenses": [{"name": "other-pd", "title": "Source documents are public government information"}],
        "sources": sources,
        "resources": [
            {
                "name": "indicators",
                "path": "indicators.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": files["indicators.csv"],
                "dialect": {"delimiter": ",", "doubleQuote": True},
                "schema": {"fields": fields, "primaryKey": ["row_id"], "missingValues": [""]},
            },
            {
                "name": "quality",
                "path": "quality.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": files["quality.csv"],
                "schema": {
                    "fields": [
                        {"name": f, "type": "integer" if f in ("line",) else "string"} for f in quality_fields
                    ],
                    "missingValues": [""],
                },
            },
        ],
    }


def write_outputs(out_dir: Path, payload: dict[str, bytes]) -> None:
    """Write every file into a temporary folder first, then move them into place (all or nothing)."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    except OSError as exc:
        raise CmpError(f"cannot write outputs: {exc.strerror}", path=str(out_dir)) from None
    try:
        for name, data in payload.items():
            (tmp / name).write_bytes(data)
            with open(tmp / name, "rb") as fh:
                os.fsync(fh.fileno())
        for name in payload:
            os.replace(tmp / name, out_dir / name)
    except OSError as exc:
        raise CmpError(f"cannot write outputs: {exc}", path=str(out_dir)) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """The table as Parquet bytes (via a temporary file)."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "t.parquet"
        write_parquet(df, p)
        return p.read_bytes()


def json_bytes(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
