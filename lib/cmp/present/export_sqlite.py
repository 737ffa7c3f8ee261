"""The SQLite database researchers query: the tidy table, manifest, codebook and flags, with a full-text index.

Chinese has no spaces, so the index uses FTS5's `trigram` tokenizer (any 3-character substring matches). It
indexes a *search text* of label, context and section: Simplified script with full-width ASCII folded
(`cmp.ingest.normalize`), so a query in either script finds both. Built in one transaction into a temporary
file that is renamed into place; no timestamp is stored, so the same inputs give the same bytes with the same
SQLite library.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import CmpError
from ..ingest.normalize import normalize
from ..model.tidy import COLUMNS
from .export import Inputs, codebook_frame, flags_frame, input_fingerprint, readings_frame, sources_frame

FTS_TABLE = "readings_fts"
SEARCH_COLUMNS = ("label", "context", "section")
_SQL_TYPES = {"string": "TEXT", "Int64": "INTEGER", "float64": "REAL", "boolean": "INTEGER"}
NO_TRIGRAM = (
    "this Python's SQLite ({version}) has no FTS5 trigram tokenizer (it needs SQLite 3.34 or later built with "
    "FTS5), so the database has no full-text index; `cmp search` still works, scanning the text with LIKE"
)


def search_text(text: object) -> str:
    """The text as the index sees it: Simplified script, full-width ASCII and spacing variants folded."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    return normalize(str(text), min_block_lines=10**9).text


def trigram_supported(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._cmp_probe USING fts5(x, tokenize='trigram')")
        conn.execute("DROP TABLE temp._cmp_probe")
        return True
    except sqlite3.OperationalError:
        return False


def _sql_value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(conn: sqlite3.Connection, name: str, frame: pd.DataFrame, types: dict[str, str],
            key: str | None = None) -> None:
    """Create table `name` with the given column types and insert the frame's rows in order."""
    cols = list(frame.columns)
    spec = ", ".join(f'"{c}" {types.get(c, "TEXT")}' for c in cols)
    if key:
        spec = f'"{key}" INTEGER PRIMARY KEY, ' + spec
    conn.execute(f'CREATE TABLE "{name}" ({spec})')
    marks = ", ".join("?" for _ in range(len(cols) + (1 if key else 0)))
    data = zip(*(frame[c].tolist() for c in cols), strict=True)
    rows = ([i, *map(_sql_value, r)] if key else list(map(_sql_value, r)) for i, r in enumerate(data))
    conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)


def fill_database(conn: sqlite3.Connection, inputs: Inputs, fingerprint: str = "") -> bool:
    """Create every table (and the trigram index when supported) in an empty database; True if indexed."""
    readings = readings_frame(inputs.table)
    types = {c: _SQL_TYPES[d] for c, (d, _) in COLUMNS.items()}
    _insert(conn, "readings", readings, types, key="ord")
    sources = sources_frame(inputs.manifest)
    _insert(conn, "sources", sources, {}, key="ord")
    _insert(conn, "codebook", codebook_frame(inputs.codebook), {})
    _insert(conn, "flags", flags_frame(inputs.table), {"rows": "INTEGER"})
    seen: dict[str, str] = {}  # readings of one sentence share its context: normalize it once
    text = pd.DataFrame({c: [seen[v] if v in seen else seen.setdefault(v, search_text(v))
                             for v in readings[c].fillna("").astype(str).tolist()] for c in SEARCH_COLUMNS})
    _insert(conn, "search_text", text, {}, key="rowid")
    conn.execute('CREATE INDEX readings_jurisdiction ON readings ("jurisdiction", "kind")')
    indexed = trigram_supported(conn)
    if indexed:
        cols = ", ".join(SEARCH_COLUMNS)
        conn.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({cols}, content='search_text', "
                     "content_rowid='rowid', tokenize='trigram')")
        conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("fingerprint", fingerprint),
        ("full_text_index", "trigram" if indexed else "none"),
        ("search_text", "label, context and section in Simplified script, full-width ASCII folded"),
    ])
    return indexed


def write_database(inputs: Inputs, path: str | Path, *, warn=None) -> Path:
    """Write the database to `path` atomically; without trigram support, say so (through `warn`) and go on."""
    path = Path(path)
    if path.is_dir():
        raise CmpError("is a folder; expected a file name", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise CmpError(f"cannot write here: {exc.strerror}", path=str(path)) from None
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("BEGIN")
            indexed = fill_database(conn, inputs, input_fingerprint(inputs.tidy_dir, inputs.raw_dir))
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CmpError(f"cannot write the database: {exc}", path=str(path)) from None
    if not indexed:
        (warn or (lambda m: print(f"note: {m}", file=sys.stderr)))(NO_TRIGRAM.format(version=sqlite3.sqlite_version))
    return path
