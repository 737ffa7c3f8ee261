"""`cmp build`: raw documents -> normalized text -> extracted rows -> validated tidy table on disk.

Load, process, save in three visible blocks (after OWID's ETL steps). Nothing is written unless every step
and the schema pass; then all outputs are replaced together.

The stages are imported where they are used, not with this module: a worker process forked before pandas is
imported reads the documents (the extraction modules are its own imports) while this process imports the model
stage (pandas, pandera) and loads the codebook, so the two overlap on two cores (see `extract_all`).
"""

from __future__ import annotations

import gc
import hashlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy  # noqa: F401  # both processes need it (normalize; pandas): imported once, before the worker is forked

from . import yamlio
from .errors import CmpError
from .ingest.sources import Document, load_documents

if TYPE_CHECKING:
    import pandas as pd

    from .extract.structure import DocStructure
    from .extract.tables import TableInfo

# a corpus of at least this many documents is read by one process per core (documents are independent)
PARALLEL_MIN_DOCS = 16
# documents sent to a worker at a time (a few: each takes tens of milliseconds, far more than sending it)
CHUNK_DOCS = 8


def extract_document(doc: Document) -> tuple[list[TableInfo], list[dict]]:
    """All rows of one document: its table rows, then its running-text figures outside the tables."""
    from .extract import prose
    from .extract.structure import parse_structure
    from .extract.tables import extract_tables
    from .ingest.normalize import normalize

    nt = normalize(doc.text)
    structure = parse_structure(nt, doc.meta)
    tables, rows = extract_tables(doc.meta, nt, structure)
    table_lines = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    rows.extend(prose.extract_prose(doc, nt, skip_lines=frozenset(table_lines), structure=structure))
    fill_sections(rows, structure)
    return tables, rows


def table_warnings(path: object, tables: list[TableInfo]) -> list[str]:
    """One warning per table with rows that gave no value or did not reach the rows (naming table and line)."""
    out = []
    for t in tables:
        lost = t.n_rows - t.n_out
        if t.n_no_value or lost:
            caption = f" ({t.caption})" if t.caption else ""
            msg = f"warning: {path}:{t.header_line}: table {t.table_id}{caption}: {t.n_no_value} of {t.n_rows} rows"
            msg += " gave no value (kept with value_text and flags)"
            if lost:
                msg += f"; {lost} rows did not reach the table"
            out.append(msg)
    return out


def fill_sections(rows: list[dict], st: DocStructure) -> None:
    """Every row without a section gets the heading path of the section holding its quote."""
    for r in rows:
        if not r.get("section"):
            r["section"] = st.section_at(int(r["start"])).path


def read_document(doc: Document) -> tuple[list[TableInfo], list[dict]]:
    """One document's tables and rows as the table takes them: extracted, located in the source format, with their
    context and the hash of their ids (all per row and per document, so the reading processes do it)."""
    tables, rows = extract_document(doc)
    locate(rows, doc)
    fill_context(rows, doc.text)
    hash_row_ids(rows)
    return tables, rows


def _extract_timed(doc: Document) -> tuple[list[TableInfo], dict[str, list], float]:
    """(tables, rows column by column, seconds) of one document: columns pickle and unpickle at a third of the
    cost of dicts, and the main process then only joins lists."""
    from .model.columns import columns_of

    t0 = time.perf_counter()
    try:
        with yamlio.pinned():  # (in a worker; in this process the build's own pin holds)
            tables, rows = read_document(doc)
    except CmpError as exc:
        if exc.path is None:  # an error that does not say where: the document it came from
            raise CmpError(str(exc), path=doc.file) from None
        raise
    return tables, columns_of(rows), time.perf_counter() - t0


def extract_all(docs: list[Document], meanwhile: Callable[[], None] | None = None
                ) -> Iterator[tuple[list[TableInfo], dict[str, list], float]]:
    """(tables, rows, seconds) of each document in manifest order, with `meanwhile()` run in this process while
    they are read. With `meanwhile` and two or more documents the reading goes to one worker process (below
    PARALLEL_MIN_DOCS; one per core from there), so the two overlap on a machine with two cores or more."""
    cores = os.cpu_count() or 1
    large = len(docs) >= PARALLEL_MIN_DOCS
    if cores < 2 or len(docs) < 2 or not (large or meanwhile):
        if meanwhile:
            meanwhile()
        yield from map(_extract_timed, docs)
        return
    workers = min(cores, len(docs)) if large else 1
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals)
    try:
        # small chunks: the last one leaves a core idle while it is read (a 62-document chunk was about 3 s)
        results = pool.map(_extract_timed, docs, chunksize=max(1, min(CHUNK_DOCS, len(docs) // (8 * workers))))
        if meanwhile:
            meanwhile()
        yield from results
    except BrokenProcessPool:
        raise CmpError("a worker process reading the documents stopped unexpectedly (killed, or out of memory?); "
                       "nothing was written") from None
    finally:  # on Ctrl-C, an error or a generator left early: documents not yet started are cancelled
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_signals() -> None:
    """A worker ends at once, without a word, on Ctrl-C, SIGTERM or SIGHUP: the main process reports it."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def prepare_model_stage() -> None:
    """Load what the model steps read (pandera, the codebook, the check rules, the vocabulary) ahead of them, while
    the documents are read. A bad file is left for its step to report, so errors come in the usual order."""
    global _model_stage_prepared
    from .model import checks, codebook, schema, vocab

    try:
        schema.prepare()
        codebook.load_codebook()
        checks.rules()
        vocab.load()
    except CmpError:
        pass
    _model_stage_prepared = True


_model_stage_prepared = False  # set by prepare_model_stage: later builds in this process have nothing to overlap


def fill_context(rows: list[dict], text: str) -> None:
    """Rows without a context get the raw line that holds their quote; rows without a locator get 'line N'."""
    has_cr = "\r" in text  # (else looking for one after each quote would scan to the end of the text)
    lines: dict[tuple[int, int], str] = {}
    for r in rows:
        if r.get("context_start") is None or r.get("context_start") == "":
            start, end = int(r["start"]), int(r["end"])
            a = (max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) if has_cr
                 else text.rfind("\n", 0, start)) + 1
            nl = [i for i in (text.find("\n", end), text.find("\r", end) if has_cr else -1) if i >= 0]
            b = max(min(nl) if nl else len(text), end)
            if (a, b) not in lines:  # one string per line, shared by its rows (sent back from a worker once)
                lines[(a, b)] = text[a:b]
            r["context_start"], r["context_end"], r["context"] = a, b, lines[(a, b)]
        if not r.get("locator"):
            r["locator"] = f"line {r['line']}"
        r.setdefault("preferred", True)


def locate(rows: list[dict], doc: Document) -> None:
    """Rows of an HTML, Word or PDF document get their locator in the format's own terms (page, cell, element)."""
    if doc.layer is None or not doc.layer.spans:
        return
    for r in rows:
        if not r.get("locator"):
            r["locator"] = doc.layer.locate(int(r["start"]), int(r["end"])) or ""


def hash_row_ids(rows: list[dict]) -> None:
    """Give each row a stable id from what it says (repeats share it until `number_repeats`)."""
    from .model.rowid import make_row_id

    for r in rows:
        r["row_id"] = make_row_id(r["jurisdiction"], r["method"], r["doc"], r.get("table", ""), r["label"],
                                  r["kind"], r["year"], r.get("qualifier", ""), r["quote"])


def number_repeats(row_ids: list[str], seen: dict[str, int] | None = None, start: int = 0) -> None:
    """Repeats of the same id across the whole table (a jurisdiction's documents together) get a counter: -2, -3.
    The ids from `start` on are numbered, counting on from `seen` (the ids before them, numbered in an earlier call)."""
    seen = {} if seen is None else seen
    for i in range(start, len(row_ids)):
        rid = row_ids[i]
        n = seen.get(rid, 0)
        seen[rid] = n + 1
        if n:
            row_ids[i] = f"{rid}-{n + 1}"


def sort_table(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Deterministic order: manifest order of documents, then method, position in the text, kind."""
    import pandas as pd

    from .model.tidy import KINDS, METHODS

    key = pd.DataFrame({
        "j": _positions(df["jurisdiction"], order),
        "m": _positions(df["method"], METHODS),
        "s": df["start"].astype("int64"),
        "e": df["end"].astype("int64"),
        "k": _positions(df["kind"], KINDS),
        "r": df["row_id"].astype(str),
    }, index=df.index)
    idx = key.sort_values(["j", "m", "s", "e", "k", "r"], kind="mergesort").index
    return df.loc[idx].reset_index(drop=True)


def _positions(s: pd.Series, values: list[str] | tuple[str, ...]) -> object:
    """`s.map({v: i for i, v in enumerate(values)})` of a text column, looked up in Arrow (map goes cell by cell
    over Arrow text): the position of each cell in `values` (its last one), missing where it is not there."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    where = {v: i for i, v in enumerate(values)}
    try:
        cells = pa.chunked_array([pa.array(s, pa.large_string(), from_pandas=True)]) \
            if not isinstance(s.array, pd.arrays.ArrowStringArray) else s.array.__arrow_array__()
        at = pc.index_in(cells, value_set=pa.array(list(where), pa.large_string()))
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # (not all text: the lookup pandas does)
        return s.map(where)
    pos = np.array(list(where.values()), dtype=np.int64)
    if not at.null_count:
        return pos[at.to_numpy()]
    found = at.is_valid().to_numpy(zero_copy_only=False)
    out = np.full(len(s), np.nan)
    out[found] = pos[at.to_numpy(zero_copy_only=False)[found].astype(np.int64)]
    return out


def prepare(df: pd.DataFrame, documents: dict[str, dict], captions: dict[tuple[str, str], str]) -> pd.DataFrame:
    """The model steps, once: map labels, check, assign plans, derive, reconcile (one preferred reading per fact)."""
    import pandas as pd

    from .model import checks, codebook, derive, reconcile
    from .model.tidy import COLUMN_NAMES, apply_dtypes

    df = codebook.map_rows(df)
    df = checks.apply_checks(df)  # before derive, so derived rows inherit the quality flags of their inputs
    df = reconcile.assign_plans(df, documents, captions)
    derived = derive.derive(df)
    if len(derived):
        df = apply_dtypes(pd.concat([df, derived[COLUMN_NAMES]], ignore_index=True))
        df = reconcile.assign_plans(df, documents, captions)
    return reconcile.reconcile(df, documents)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: a build makes millions of small objects that all live to its end,
    and each collection would walk them again (a third of the time of a long table); restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_table(raw_dir: Path | str, log=None) -> tuple[pd.DataFrame, dict]:
    """Load, process and validate: the tidy table and a summary of what was read (with the quality table)."""
    with _no_cycle_collection(), yamlio.pinned():  # the vocabularies and rules are looked at once per build
        return _build_table(raw_dir, log)


# the model steps run on a part of the table as soon as its documents are read (each step reads one document's rows
# at a time, and every document is its own jurisdiction), so they overlap the reading of the later documents. A part
# is at least PART_ROWS rows and a third of the rows the documents still to read are likely to give (PART_SHARE):
# few parts while much is left (each costs about 0.05 s of pandas calls), a small last one after the reading
PART_ROWS = 5_000
PART_SHARE = 3


class _Parts:
    """The table's columns as the documents come in, and the parts of it already prepared and sorted (with their
    CSV lines when `csv` is a list). A part is whole documents, in manifest order: since the table is sorted by
    manifest order first, the sorted parts one after another are the sorted table."""

    def __init__(self, documents: dict[str, dict], captions: dict[tuple[str, str], str], order: list[str],
                 csv: list[bytes] | None) -> None:
        from .model.columns import COLUMN_NAMES

        self.n_docs = 0  # documents added so far

        self.columns: dict[str, list] = {c: [] for c in COLUMN_NAMES}
        self.documents, self.captions, self.order, self.csv = documents, captions, order, csv
        self.frames: list[pd.DataFrame] = []
        self.done = 0  # rows prepared so far
        self.seen: dict[str, int] = {}  # number_repeats' count of the ids numbered so far
        self.numbered = 0  # rows whose ids are numbered
        self.failed = False  # a step failed on a part: the whole table goes through the steps at the end instead

    def add(self, doc_cols: dict[str, list]) -> None:
        """One document's rows; a part is prepared once PART_ROWS rows wait."""
        for c, cells in self.columns.items():
            cells.extend(doc_cols[c])
        self.n_docs += 1
        rows = len(self.columns["row_id"])
        to_come = rows / self.n_docs * (len(self.order) - self.n_docs)  # (rows per document so far)
        if not self.failed and rows - self.done >= max(PART_ROWS, to_come / PART_SHARE):
            try:
                self._prepare_rest()
            except Exception:  # (reported by the steps on the whole table at the end, in the usual order)
                self.failed = True

    def _prepare_rest(self) -> None:
        from .model import outputs
        from .model.tidy import from_columns

        lo, hi = self.done, len(self.columns["row_id"])
        number_repeats(self.columns["row_id"], self.seen, self.numbered)
        self.numbered = hi
        part = from_columns({c: cells[lo:hi] for c, cells in self.columns.items()})
        df = sort_table(prepare(part, self.documents, self.captions), self.order)
        body = outputs.csv_bytes(df, header=False) if self.csv is not None else b""
        self.frames.append(df)
        if self.csv is not None:
            self.csv.append(body)
        self.done = hi

    def table(self) -> pd.DataFrame:
        """The whole table, prepared and sorted."""
        import pandas as pd

        from .model.tidy import one_chunk

        if not self.failed and (self.done < len(self.columns["row_id"]) or not self.frames):
            self._prepare_rest()  # (an error here is raised as it is: it is the first)
        if self.failed:
            from .model.tidy import from_columns

            number_repeats(self.columns["row_id"], self.seen, self.numbered)
            if self.csv is not None:
                self.csv.clear()
            df = prepare(from_columns(self.columns), self.documents, self.captions)
            return sort_table(df, self.order)
        if len(self.frames) == 1:
            return self.frames[0]
        return one_chunk(pd.concat(self.frames, ignore_index=True))


def _build_table(raw_dir: Path | str, log=None, csv: list[bytes] | None = None) -> tuple[pd.DataFrame, dict]:
    """build_table's work; with `csv` (a list), the CSV lines of the table are added to it (header left out)."""
    say = log or (lambda *_: None)
    docs = load_documents(raw_dir)
    captions: dict[tuple[str, str], str] = {}
    documents = {d.file: d.meta for d in docs}
    parts = _Parts(documents, captions, [d.jurisdiction for d in docs], csv)
    n_tables = 0
    # the model stage is loaded while the documents are read, unless an earlier build in this process loaded it
    extracted = extract_all(docs, None if _model_stage_prepared else prepare_model_stage)
    for i, (doc, (tables, doc_cols, seconds)) in enumerate(zip(docs, extracted, strict=True), start=1):
        if not doc_cols["row_id"]:
            print(f"warning: {doc.path}: no values found (no indicator table and no figure in running text)",
                  file=sys.stderr)
        n_tables += len(tables)
        for msg in table_warnings(doc.path, tables):
            print(msg, file=sys.stderr)
        captions.update({(doc.file, t.table_id): t.caption for t in tables})
        parts.add(doc_cols)
        say(f"[{i}/{len(docs)}] {doc.jurisdiction:<10} {len(tables)} table(s), "
            f"{doc_cols['method'].count('table')} table values, "
            f"{doc_cols['method'].count('prose')} prose values ({seconds:.2f}s)")
    from .model import checks, schema

    df = parts.table()
    df = schema.validate(df, {d.file: d.text for d in docs})
    quality = checks.quality_table(df)
    summary = {"documents": len(docs), "tables": n_tables, "rows": len(df),
               "by_method": df["method"].value_counts().to_dict(),
               "mapped": int((df["indicator"] != "").sum()),
               "flags": quality["flag"].value_counts().to_dict(), "docs": docs, "quality": quality}
    return df, summary


def run_build(raw_dir: Path | str, out_dir: Path | str, verbose: bool = False) -> dict:
    """Build and write data/tidy/ atomically; returns the summary."""
    say = (lambda msg: print(msg, file=sys.stderr)) if verbose else None
    t0 = time.perf_counter()
    with _no_cycle_collection():
        files, summary = _tidy_files(raw_dir, say)
    from .model import outputs  # imported by then

    outputs.write_outputs(Path(out_dir), files)
    if verbose:
        flags = ", ".join(f"{k} {v}" for k, v in sorted(summary["flags"].items())) or "none"
        methods = ", ".join(f"{k} {v}" for k, v in summary["by_method"].items())
        print(f"built {out_dir}: {summary['documents']} documents, {summary['tables']} tables, {summary['rows']} rows "
              f"({methods}); {summary['mapped']} mapped to the codebook; flags: {flags} "
              f"[{time.perf_counter() - t0:.2f}s]")
    return summary


def _tidy_files(raw_dir: Path | str, say) -> tuple[dict[str, bytes], dict]:
    """The bytes of every file of data/tidy/, and the build summary."""
    lines: list[bytes] = []  # the table's CSV lines, written part by part while the documents are read
    with _no_cycle_collection(), yamlio.pinned():
        df, summary = _build_table(raw_dir, say, lines)
    from .model import checks, outputs  # imported by then

    quality = summary["quality"]
    files = {
        "indicators.csv": outputs.csv_header(df) + b"".join(lines) if lines else outputs.csv_bytes(df),
        "indicators.parquet": outputs.parquet_bytes(df),
        "quality.csv": outputs.csv_bytes(quality),
    }
    hashes = {name: "sha256:" + hashlib.sha256(data).hexdigest() for name, data in files.items()}
    manifest = [d.meta for d in summary["docs"]]
    package = outputs.datapackage(df, manifest, hashes, checks.QUALITY_FIELDS)
    for source, doc in zip(package["sources"], summary["docs"], strict=True):
        if doc.layer is not None:  # what the extractors read, so a quote can be checked without this code
            source["text_layer"] = {"format": doc.layer.format, "sha256": doc.layer.sha256,
                                    **({"encoding": doc.layer.encoding} if doc.layer.encoding else {})}
    files["datapackage.json"] = outputs.json_bytes(package)
    return files, summary
