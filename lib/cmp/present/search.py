"""`cmp search`: the statements that mention a term, with their value, source line and context.

The search runs on the SQLite database `cmp export --sqlite` writes (data/exports/cmp.sqlite) when that file is
fresh, i.e. built from the current tidy table, manifest and codebook (their sha256 is stored in it); otherwise
the same database is built in memory from data/tidy (about a second for the corpus), so results never come from
stale data. Query and text are compared as Simplified script with full-width ASCII folded, so 護理型床位 finds
护理型床位 and the reverse. Queries of three characters or more use the FTS5 trigram index; shorter ones (and
a SQLite without trigram support) scan with LIKE. Derived rows are not statements and are not listed.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import CmpError
from ..ingest.normalize import normalize
from .export import check_jurisdictions, check_kinds, display_width, input_fingerprint, load_inputs
from .export_sqlite import FTS_TABLE, SEARCH_COLUMNS, fill_database, search_text

MARKS = {"plain": ("【", "】"), "ansi": ("\x1b[1m", "\x1b[0m")}
CONTEXT_WIDTH = 60  # display columns of the context snippet when stdout is not a terminal
LABEL_WIDTH = 24
VALUE_WIDTH = 20
HEADERS = ("jurisdiction", "kind", "year", "value", "source", "label", "context")


@dataclass
class Index:
    """An open search database and where it came from (the file, or 'memory')."""

    conn: sqlite3.Connection
    origin: str
    full_text: bool
    manifest: list[dict]


def _manifest_from(conn: sqlite3.Connection) -> list[dict]:
    cur = conn.execute("SELECT * FROM sources ORDER BY ord")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def open_index(tidy_dir: str | Path | None = None, raw_dir: str | Path | None = None,
               db: str | Path | None = None) -> Index:
    """The prebuilt database at `db` when it is fresh, else the same database built in memory from the tidy table."""
    inputs = None
    if db and Path(db).is_file():
        from .. import paths

        tidy = Path(tidy_dir) if tidy_dir else paths.tidy_dir()
        raw = Path(raw_dir) if raw_dir else paths.raw_dir()
        try:
            conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("fingerprint") == input_fingerprint(tidy, raw):
                full = meta.get("full_text_index") == "trigram"
                return Index(conn, str(db), full, _manifest_from(conn))
            conn.close()
        except sqlite3.Error:
            pass  # not one of ours, or damaged: rebuild in memory
    inputs = load_inputs(tidy_dir, raw_dir)
    conn = sqlite3.connect(":memory:")
    full = fill_database(conn, inputs)
    return Index(conn, "memory", full, inputs.manifest)


def normalize_query(text: str) -> str:
    """The query as the index sees it (Simplified, folded, outer spaces stripped); empty raises."""
    query = search_text(text).strip()
    if not query:
        raise CmpError("the search text is empty; give a word or phrase, e.g. cmp search 护理型床位")
    return query


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def find(index: Index, text: str, *, jurisdictions: Sequence[str] | None = None,
         kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """Matching readings (derived ones left out) in manifest order, each with its search text."""
    query = normalize_query(text)
    juris = check_jurisdictions(jurisdictions, index.manifest)
    kind = check_kinds(kinds)
    where = ["r.method != 'derived'"]
    params: list[object] = []
    if index.full_text and len(query) >= 3:
        where.append(f"r.ord IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)")
        params.append('"' + query.replace('"', '""') + '"')
    else:  # trigram needs three characters: shorter queries scan the text
        where.append("(" + " OR ".join(f"t.{c} LIKE ? ESCAPE '\\'" for c in SEARCH_COLUMNS) + ")")
        params.extend([_like(query)] * len(SEARCH_COLUMNS))
    if juris:
        where.append(f"r.jurisdiction IN ({', '.join('?' * len(juris))})")
        params.extend(juris)
    if kind:
        where.append(f"r.kind IN ({', '.join('?' * len(kind))})")
        params.extend(kind)
    sql = (
        "SELECT r.*, t.label AS s_label, t.context AS s_context, t.section AS s_section "
        "FROM readings r JOIN search_text t ON t.rowid = r.ord "
        "LEFT JOIN sources s ON s.jurisdiction = r.jurisdiction "
        f"WHERE {' AND '.join(where)} ORDER BY s.ord, r.line, r.start, r.ord"
    )
    cur = index.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return pd.DataFrame(cur.fetchall(), columns=names)


# ---------------------------------------------------------------- highlighting and the table


def match_spans(original: str, query: str) -> list[tuple[int, int]]:
    """Spans of `original` (either script) whose normalized text equals the normalized `query`."""
    if not original:
        return []
    norm = normalize(original, min_block_lines=10**9)
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    return [norm.to_raw(m.start(), m.end()) for m in pattern.finditer(norm.text)]


def _cut(text: str, width: int) -> str:
    """`text` cut to `width` display columns, with … when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def snippet(text: str, spans: list[tuple[int, int]], width: int, marks: tuple[str, str],
            focus: int | None = None) -> str:
    """A window of `text` at most `width` display columns around the match nearest `focus`, match marked."""
    flat = re.sub(r"\s", " ", text)
    if not spans:
        return _cut(flat.strip(), width)
    a, b = min(spans, key=lambda s: abs(s[0] - focus)) if focus is not None else spans[0]
    left, right = a, b
    budget = width - display_width(flat[a:b]) - 2  # room for the … on either side
    while budget > 0 and (left > 0 or right < len(flat)):
        if right < len(flat) and (right - b <= a - left or left == 0):
            budget -= display_width(flat[right])
            right += 1
        elif left > 0:
            budget -= display_width(flat[left - 1])
            left -= 1
    if budget < 0:  # the last character did not fit
        if right > b and (right - b > a - left or left == a):
            right -= 1
        elif left < a:
            left += 1
    return ("…" if left > 0 else "") + flat[left:a] + marks[0] + flat[a:b] + marks[1] + flat[b:right] + (
        "…" if right < len(flat) else "")


def _value(row: dict) -> str:
    from .views import format_value

    shown = format_value(row)
    unit = str(row.get("unit") or "")
    return f"{shown} {unit}".strip() if pd.notna(row.get("value")) or pd.notna(row.get("value_low")) else shown


def pick_statements(hits: pd.DataFrame, query: str) -> pd.DataFrame:
    """One line per statement: of the readings sharing one context, those whose label holds the query, or else
    the one reading nearest the first match (a paragraph with ten values mentions the term once, not ten times)."""
    if hits.empty:
        return hits
    keep: list[int] = []
    groups = hits.groupby(["doc", "context_start", "context_end"], sort=False, dropna=False)
    for _, group in groups:
        labelled = [i for i, lab in zip(group.index, group["label"], strict=True) if match_spans(str(lab or ""), query)]
        if labelled:
            keep.extend(labelled)
            continue
        first = group.iloc[0]
        spans = match_spans(str(first["context"] or ""), query)
        if not spans:
            keep.extend(group.index)  # matched in the section only: each reading is its own statement
            continue
        at = spans[0][0] + int(first["context_start"])
        keep.append(min(group.index, key=lambda i: (abs(int(group.at[i, "start"]) - at), i)))
    return hits.loc[sorted(keep)].reset_index(drop=True)


def result_rows(hits: pd.DataFrame, query: str, marks: tuple[str, str], context_width: int) -> list[list[str]]:
    """One display row per hit: jurisdiction, kind, year, value, document:line, label and context snippet."""
    out = []
    for row in hits.to_dict("records"):
        label, context, section = (str(row.get(c) or "") for c in SEARCH_COLUMNS)
        in_label = match_spans(label, query)
        in_context = match_spans(context, query)
        focus = None
        if pd.notna(row.get("start")) and pd.notna(row.get("context_start")):
            focus = int(row["start"]) - int(row["context_start"])
        if in_context or not match_spans(section, query):
            shown = snippet(context, in_context, context_width, marks, focus)
        else:
            shown = "§ " + snippet(section, match_spans(section, query), context_width - 2, marks)
        lab = snippet(label, in_label, LABEL_WIDTH, marks) if in_label else _cut(label, LABEL_WIDTH)
        year = "" if row.get("year") is None or pd.isna(row.get("year")) else str(int(row["year"]))
        line = "" if row.get("line") is None or pd.isna(row.get("line")) else str(int(row["line"]))
        out.append([str(row["jurisdiction"]), str(row.get("kind") or ""), year, _cut(_value(row), VALUE_WIDTH),
                    f"{row['doc']}:{line}", lab, shown])
    return out


def format_table(rows: list[list[str]], headers: Sequence[str] = HEADERS) -> str:
    """Rows as aligned columns, padded by display width (CJK characters count two; ANSI escapes none)."""
    def width(s: str) -> int:
        return display_width(re.sub(r"\x1b\[[0-9;]*m", "", s))

    cols = list(zip(headers, *rows, strict=True))
    widths = [max(width(c) for c in col) for col in cols]
    lines = []
    for row in [list(headers), *rows]:
        cells = [c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run_search(text: str, *, jurisdictions: Sequence[str] | None = None, kinds: Sequence[str] | None = None,
               tidy_dir: str | Path | None = None, raw_dir: str | Path | None = None, db: str | Path | None = None,
               out=None) -> int:
    """Print the matching statements as a table; 0 when something matched, 1 (and a sentence) when nothing did."""
    out = out or sys.stdout
    check_kinds(kinds)  # before loading anything
    index = open_index(tidy_dir, raw_dir, db)
    try:
        hits = find(index, text, jurisdictions=jurisdictions, kinds=kinds)
        query = normalize_query(text)
    finally:
        index.conn.close()
    tty = hasattr(out, "isatty") and out.isatty()
    marks = MARKS["ansi" if tty else "plain"]
    scope = "".join(f" --jurisdiction {j}" for j in check_jurisdictions(jurisdictions, index.manifest))
    scope += "".join(f" --kind {k}" for k in check_kinds(kinds))
    shown = text if query == text else f"{text} (searched as {query})"
    if hits.empty:
        print(f"no statement matches {shown!r}{scope}", file=out)
        return 1
    width = CONTEXT_WIDTH
    if tty:
        width = max(30, shutil.get_terminal_size((120, 24)).columns - 100)
    hits = pick_statements(hits, query)
    print(format_table(result_rows(hits, query, marks, width)), file=out)
    docs = hits["doc"].nunique()
    print(f"{len(hits)} statement(s) in {docs} document(s) match {shown!r}{scope}", file=out)
    if index.origin == "memory":
        print("(searched the tidy table in memory; `cmp export --sqlite data/exports/cmp.sqlite` prebuilds the "
              "index)", file=sys.stderr)
    return 0
