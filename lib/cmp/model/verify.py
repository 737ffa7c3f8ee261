"""`cmp check`: verify the tidy output set on disk, file by file, against itself and the raw documents.

What it checks, in order (every problem is reported, each naming the file, and the first bad row and field):
1. the set is whole: the four files exist and no interrupted build left it half-replaced;
2. `datapackage.json` parses, and its sha256 of every file matches the file beside it; its sources match the
   manifest's checksums;
3. `indicators.csv` and `indicators.parquet` hold the same table, cell by cell (the CSV is compared with the
   CSV the Parquet table gives);
4. the table passes the schema (types, allowed values, unique ids) and every quote and context equals the raw
   document's text at its offsets (the raw documents verified against the manifest's sha256 first);
5. `quality.csv` is the flag list of that table.
It reads the files only; nothing is re-extracted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from ..errors import CmpError
from . import outputs
from .tidy import COLUMN_NAMES, apply_dtypes

FILES = ("indicators.csv", "indicators.parquet", "quality.csv", "datapackage.json")
HASHED = ("indicators.csv", "indicators.parquet", "quality.csv")


def _rows(data: bytes) -> tuple[list[list[str]], list[int]]:
    """The CSV's rows and the file line each starts on (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    rows, lines, last = [], [], 0
    for row in reader:
        rows.append(row)
        lines.append(last + 1)
        last = reader.line_num
    return rows, lines


def first_difference(name: str, actual: bytes, expected: bytes, what: str, ids: list[str] | None = None) -> str | None:
    """Where CSV bytes `actual` first differ from `expected` (file line, row id, field), or None when equal."""
    if actual == expected:
        return None
    (got, lines), (want, _) = _rows(actual), _rows(expected)
    header = want[0] if want else []
    if got[:1] != want[:1]:
        return f"{name}: header differs from {what}: {got[:1]} instead of {header}"
    n_diff = sum(1 for a, b in zip(got, want, strict=False) if a != b) + abs(len(got) - len(want))

    def where(i: int) -> str:
        line = f"line {lines[i]}" if i < len(lines) else "the end"
        return line + (f" (row_id {ids[i - 1]})" if ids and 0 < i <= len(ids) else "")

    for i, (a, b) in enumerate(zip(got, want, strict=False)):
        if a == b:
            continue
        if len(a) != len(b):
            return (f"{name}: {where(i)}: {len(a)} fields instead of {len(b)} (a cut or broken row); "
                    f"{n_diff} row(s) differ from {what}")
        field = next(k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
        return (f"{name}: {where(i)}, field {header[field]}: {a[field]!r} where {what} has {b[field]!r}; "
                f"{n_diff} row(s) differ")
    if len(got) < len(want):
        return (f"{name}: {len(got) - 1} data rows where {what} has {len(want) - 1}; the first missing is "
                f"row_id {ids[len(got) - 1] if ids else '?'}, after {where(len(got) - 1)}")
    return f"{name}: {len(got) - 1} data rows where {what} has {len(want) - 1}; first extra at {where(len(want))}"


def _check_hashes(folder: Path, manifest: list[dict] | None) -> list[str]:
    problems = []
    path = folder / "datapackage.json"
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
        hashes = {r["path"]: r.get("hash", "") for r in package["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"datapackage.json: not a readable data package ({type(exc).__name__}: {exc})"]
    for name in HASHED:
        want = hashes.get(name)
        if not want:
            problems.append(f"datapackage.json: no sha256 for {name}")
            continue
        have = "sha256:" + hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if have != want:
            problems.append(f"{name}: sha256 is {have[7:19]}…, datapackage.json says {want[7:19]}… "
                            "(the file was changed after the build)")
    if manifest is not None:
        listed = {s.get("path"): s.get("sha256") for s in package.get("sources", [])}
        actual = {f"data/raw/{m['file']}": m["sha256"].lower() for m in manifest}
        if listed != actual:
            odd = sorted(set(listed.items()) ^ set(actual.items()), key=str)[0]
            problems.append(f"datapackage.json: its sources differ from the manifest (e.g. {odd[0]}): the table was "
                            "built from other documents; run `cmp build`")
    return problems


def _read_csv_table(path: Path) -> tuple[pd.DataFrame | None, list[str]]:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, pd.errors.ParserError) as exc:
        return None, [f"{path.name}: not readable as CSV ({exc})"]
    if list(raw.columns) != COLUMN_NAMES:
        return None, [f"{path.name}: columns differ from the tidy table's ({', '.join(COLUMN_NAMES[:3])}, …)"]
    return apply_dtypes(raw.replace({"": None})), []


def verify_outputs(tidy_dir: str | Path, raw_dir: str | Path) -> tuple[list[str], dict]:
    """Every problem found in the output set of `tidy_dir` (empty when it is sound), and a summary."""
    from ..ingest.sources import load_documents, read_manifest
    from . import schema
    from .checks import quality_table

    folder = Path(tidy_dir)
    if not folder.is_dir():
        raise CmpError("tidy folder not found; run `cmp build` first", path=str(folder))
    with outputs.locked(folder, shared=True):
        missing = [n for n in FILES if not (folder / n).is_file()]
        if missing:
            return [f"{n}: missing from the output set; run `cmp build`" for n in missing], {}
        problems = [f"{p.name}: an interrupted build left the set half-replaced; run `cmp build` to finish it"
                    for p in folder.glob(f"{outputs.BUILD_PREFIX}*") if (p / outputs.COMMIT_MARK).is_file()]
        manifest = read_manifest(raw_dir)
        problems += _check_hashes(folder, manifest)
        csv_data = (folder / "indicators.csv").read_bytes()
        try:
            table = apply_dtypes(pd.read_parquet(folder / "indicators.parquet"))[COLUMN_NAMES]
        except (OSError, ValueError, KeyError) as exc:
            return [*problems, f"indicators.parquet: not readable ({type(exc).__name__})"], {}
        ids = table["row_id"].tolist()
        diff = first_difference("indicators.csv", csv_data, outputs.csv_bytes(table), "indicators.parquet", ids)
        if diff:
            problems.append(diff)
        docs = {d.file: d.text for d in load_documents(raw_dir)}
        frames = [("indicators.parquet", table)]
        if diff:
            csv_table, bad = _read_csv_table(folder / "indicators.csv")
            problems += bad
            if csv_table is not None:
                frames.append(("indicators.csv", csv_table))
        for name, frame in frames:
            try:
                schema.validate(frame, docs)
            except CmpError as exc:
                problems.append(f"{name}: {exc}")
        diff = first_difference("quality.csv", (folder / "quality.csv").read_bytes(),
                                outputs.csv_bytes(quality_table(table)), "the flags of indicators.parquet")
        if diff:
            problems.append(diff)
    flags = Counter(f for s in table["flags"] for f in str(s).split(";") if f)
    return problems, {"rows": len(table), "flags": flags, "documents": len(docs)}


def run_check(tidy_dir: str | Path, raw_dir: str | Path) -> int:
    """`cmp check`: print what was verified, or every problem (exit 1)."""
    folder = Path(tidy_dir)
    problems, summary = verify_outputs(folder, raw_dir)
    if problems:
        for p in problems:
            print(f"error: {folder}/{p}", file=sys.stderr)
        print(f"{folder}: {len(problems)} problem(s); the output set is not what `cmp build` wrote", file=sys.stderr)
        return 1
    print(f"{folder}: {', '.join(FILES)} verified: sha256 as in datapackage.json, CSV and Parquet identical, "
          f"{summary['rows']} rows pass the schema, every quote matches its raw span in {summary['documents']} "
          "verified documents, quality.csv lists the table's flags")
    for flag, n in sorted(summary["flags"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {flag:<22} {n}")
    return 0
