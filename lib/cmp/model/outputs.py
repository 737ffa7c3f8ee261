"""Write outputs atomically: the tidy set (CSV, Parquet, quality, descriptor) as a unit (files: cmp.fileio)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import CmpError
from ..fileio import atomic_write, umask_mode, write_error  # noqa: F401 - the one writer, also outputs.atomic_write
from .tidy import COLUMNS

CSV_FLOAT = "%.12g"
_FRICTIONLESS_TYPES = {"string": "string", "Int64": "integer", "float64": "number", "boolean": "boolean"}
_ARROW_TYPES = {"string": pa.string(), "Int64": pa.int64(), "float64": pa.float64(), "boolean": pa.bool_()}


# the characters for which Python's csv module (QUOTE_MINIMAL, lineterminator '\n'), and so DataFrame.to_csv,
# quotes a field; the column-wise writer below quotes exactly these, so its bytes are those of to_csv
_CSV_QUOTE_RE = '[,"\n]'
_TEXT = pa.large_string()


def csv_bytes(df: pd.DataFrame, header: bool = True) -> bytes:
    """The table as UTF-8 CSV with a fixed float format and LF line endings (byte-stable); without the header line
    when `header` is false (the lines of a part of a table: the parts' lines one after another are the table's).

    The bytes are those of `df.to_csv(index=False, float_format=CSV_FLOAT, lineterminator="\\n")`, written column
    by column in Arrow (to_csv formats and quotes cell by cell: seconds on a long table). A frame of one column
    (csv quotes its empty rows) or with a column of another dtype goes through to_csv itself.
    """
    if df.shape[1] >= 2:  # Arrow's kernels release the GIL: the columns are formatted on two threads
        with ThreadPoolExecutor(max_workers=2) as pool:
            cells = list(pool.map(_csv_cells, (df.iloc[:, k] for k in range(df.shape[1]))))
    else:
        cells = [None]
    if any(c is None for c in cells):
        return df.to_csv(index=False, header=header, float_format=CSV_FLOAT, lineterminator="\n").encode("utf-8")
    head = csv_header(df) if header else b""
    if not len(df):
        return head
    text = lambda t: pa.scalar(t, _TEXT)  # noqa: E731 - Arrow's joins want every part of one type
    cells[-1] = pc.binary_join_element_wise(cells[-1], text("\n"), text(""))  # each line ends with its last field
    lines = pc.binary_join_element_wise(*cells, text(","))
    # the lines one after another are the bytes of the text column's data buffer, from its first offset to its last
    # (taken as they are: joining them into one value first, or decoding and encoding, copied them again)
    first, last = lines.offset, lines.offset + len(lines)
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)
    return head + lines.buffers()[2][int(offsets[first]):int(offsets[last])].to_pybytes()


def csv_header(df: pd.DataFrame) -> bytes:
    """The header line `csv_bytes` writes for `df` (the column names, quoted where csv quotes them)."""
    return (",".join(_csv_quote(pa.array([str(c)], _TEXT))[0].as_py() for c in df.columns) + "\n").encode("utf-8")


def _csv_cells(s: pd.Series) -> pa.Array | None:
    """A column's CSV fields as Arrow text, as to_csv writes them ('' for missing); None for an unknown dtype."""
    if isinstance(s.dtype, pd.StringDtype) or s.dtype == object:
        if s.dtype == object:
            if pd.api.types.infer_dtype(s, skipna=True) not in ("string", "empty"):
                return _csv_quote(pa.array(["" if pd.isna(v) else str(v) for v in s.tolist()], _TEXT))
            s = s.where(s.notna(), None)
        return _csv_quote(pc.fill_null(pa.array(s, _TEXT, from_pandas=True), pa.scalar("", _TEXT)))
    if s.dtype in (pd.Int64Dtype(), "int64", pd.BooleanDtype(), "bool"):
        arr = pa.array(s, from_pandas=True)
        text = pc.if_else(arr, "True", "False") if pa.types.is_boolean(arr.type) else pc.cast(arr, _TEXT)
        return pc.fill_null(pc.cast(text, _TEXT), pa.scalar("", _TEXT))
    if s.dtype == "float64":
        values = s.to_numpy()
        known = ~np.isnan(values)
        # each distinct value formatted once (a long table repeats them), told apart by its bits (0.0 and -0.0)
        distinct, where = np.unique(values[known].view(np.int64), return_inverse=True)
        text = np.full(len(values), "", dtype=object)
        text[known] = np.array([CSV_FLOAT % v for v in distinct.view(np.float64).tolist()], dtype=object)[where]
        return pa.array(text, _TEXT)
    return None


def _csv_quote(arr: pa.Array) -> pa.Array:
    """Fields holding a comma, a double quote or a line feed in double quotes, inner quotes doubled."""
    need = pc.match_substring_regex(arr, _CSV_QUOTE_RE)
    if not pc.any(need).as_py():
        return arr
    mark, empty = pa.scalar('"', _TEXT), pa.scalar("", _TEXT)
    # only the fields that need it are quoted: whole-column temporaries of a long text column cost more than the work
    few = pc.filter(arr, need)
    quoted = pc.binary_join_element_wise(mark, pc.replace_substring(few, '"', '""'), mark, empty)
    return pc.replace_with_mask(arr, need, quoted)


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
                "name": "indicators-parquet",
                "path": "indicators.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": "the same table as indicators.csv, with typed columns",
                "hash": files["indicators.parquet"],
                # a file resource: its types are Parquet's own (the CSV's schema describes them); a validator
                # that guessed them from the first rows would take a value_raw of '1-2' after 90 numbers for an error
                "type": "file",
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


LOCK_SUFFIX = ".cmp-lock"  # `.<folder>.cmp-lock` beside an output folder: held (flock) by a writer for its whole
# write, shared by readers of the whole set such as `cmp check`; beside, not inside, so the folder holds only outputs
BUILD_PREFIX = ".build-"
COMMIT_MARK = ".commit"  # in a .build-* folder: every file is complete, moving them in may go on
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def lock_path(folder: str | Path) -> Path:
    """The lock file of an output folder: `.<name>.cmp-lock` beside it."""
    folder = Path(folder).absolute()
    return folder.parent / f".{folder.name}{LOCK_SUFFIX}"


@contextlib.contextmanager
def locked(folder: str | Path, shared: bool = False, busy: str = "wait") -> Iterator[None]:
    """Hold the folder's lock file (flock): exclusive for a writer, shared for readers of the whole set.

    When another process holds it, `busy` says what to do: "wait" (saying so on stderr) or "refuse" (CmpError).
    """
    lock = lock_path(folder)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if shared:  # a read-only place: nobody can be writing into it either
            yield
            return
        raise write_error(exc, lock) from None
    try:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            if busy == "refuse":
                raise CmpError(f"another cmp process is writing into this folder (it holds {lock.name}); wait "
                               "for it to finish or choose another folder", path=str(folder)) from None
            print(f"note: {folder}: waiting for another cmp process that is writing into it", file=sys.stderr)
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover(out_dir: Path) -> list[str]:
    """Deal with `.build-*` folders of interrupted builds (caller holds the lock); returns what was done.

    A folder with its commit mark was interrupted while moving files in: the rest are moved, so the set is
    whole again. A folder without it never started replacing anything: it is deleted.
    """
    done = []
    for tmp in sorted(out_dir.glob(f"{BUILD_PREFIX}*")):
        if not tmp.is_dir() or tmp.is_symlink():
            continue
        if (tmp / COMMIT_MARK).is_file():
            for name in (tmp / COMMIT_MARK).read_text(encoding="utf-8").split():
                if (tmp / name).is_file():
                    os.replace(tmp / name, out_dir / name)
            done.append(f"finished the interrupted build {tmp.name}")
        else:
            done.append(f"removed the temporary folder {tmp.name} of an interrupted build")
        shutil.rmtree(tmp, ignore_errors=True)
    return done


def write_outputs(out_dir: Path, payload: dict[str, bytes]) -> None:
    """Replace the output set in `out_dir` as one unit: under its lock, written in full first, then moved in.

    The exclusive lock keeps two builds from interleaving (each set is whole, the last one wins); the commit mark
    lets the next build finish a set whose move was cut by kill -9 (see `recover`). A failed write leaves the
    previous set as it was.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, out_dir) from None
    with locked(out_dir):
        for msg in recover(out_dir):
            print(f"note: {out_dir}: {msg}", file=sys.stderr)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=out_dir))
        except OSError as exc:
            raise write_error(exc, out_dir) from None
        committed = False
        try:
            for name, data in payload.items():
                with open(tmp / name, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp / name, umask_mode())
            with open(tmp / COMMIT_MARK, "w", encoding="utf-8") as fh:
                fh.write("\n".join(payload) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            _fsync_dir(tmp)
            committed = True  # from here on the folder is kept until every file is in place
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)  # Ctrl-C waits for the moves
            try:
                for name in payload:
                    os.replace(tmp / name, out_dir / name)
                _fsync_dir(out_dir)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            shutil.rmtree(tmp, ignore_errors=True)
        except OSError as exc:
            if committed:  # some files moved: the next build finishes the set from the kept folder
                raise CmpError(f"cannot move the outputs into place ({exc.strerror}); the next `cmp build` "
                               f"finishes the set from {tmp.name}", path=str(out_dir)) from None
            raise write_error(exc, out_dir) from None
        finally:
            if not committed:
                shutil.rmtree(tmp, ignore_errors=True)


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """The table as Parquet bytes with an explicit schema and no metadata, so the same table gives the same bytes."""
    fields = [pa.field(name, _ARROW_TYPES[dtype]) for name, (dtype, _) in COLUMNS.items()]
    fields += [pa.field(name, pa.string()) for name in df.columns if name not in COLUMNS]
    table = pa.Table.from_pandas(df, schema=pa.schema(fields), preserve_index=False).replace_schema_metadata(None)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=False)
    return sink.getvalue().to_pybytes()


def json_bytes(obj: dict) -> bytes:
    """A JSON document as UTF-8 bytes: indented, non-ASCII kept, one trailing newline."""
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
