"""The project sub-commands of the CLI: `cmp init`, `cmp add` and `cmp show` (registered by cli.build_parser)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import CmpError

CONTEXT_LINES = 2


def cmd_init(args: argparse.Namespace) -> int:
    """`cmp init DIR`: create a project."""
    from .project import init_project

    written = init_project(args.dir, name=args.name)
    root = Path(args.dir).expanduser().resolve()
    print(f"created a cmp project in {root} ({len(written)} files)")
    print(f"next: cd {args.dir} && cmp add PLAN.pdf --jurisdiction ID && cmp build && cmp report")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """`cmp add FILE…`: copy documents into data/raw/ and add their manifest entries."""
    from .ingest.manifest_write import add_files

    added = add_files(Path(args.raw_dir), [Path(f) for f in args.files], jurisdiction=args.jurisdiction,
                      name_zh=args.name_zh, level=args.level, name_en=args.name_en)
    for a in added:
        e = a.entry
        print(f"added {e['jurisdiction']}: {a.target} (sha256 {e['sha256'][:12]}…)")
        for f in e["guessed"]:
            print(f"  {f + ':':<13} {e.get(f) or '(not found: fill it in)'}  [guessed]")
    if added:
        print(f"check the guessed fields in {Path(args.raw_dir) / 'manifest.yaml'} and delete each from its "
              "`guessed:` list once confirmed; `cmp sources` lists those left")
    return 0


def guessed_lines(rows: list[dict]) -> list[str]:
    """For `cmp sources`: one line per document with fields a person has not confirmed yet."""
    out = []
    for r in rows:
        fields = [f.strip() for f in str(r.get("guessed", "")).split(",") if f.strip()]
        if fields:
            shown = ", ".join(f"{f}={r.get(f)!s}" if r.get(f) else f"{f} (missing)" for f in fields)
            out.append(f"  {r['jurisdiction']}: guessed, not yet confirmed: {shown}")
    return out


def context_block(text: str, start: int, end: int, n: int = CONTEXT_LINES) -> list[str]:
    """The lines around text[start:end], numbered, with the quote marked ⟦…⟧."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    import bisect

    first = bisect.bisect_right(line_starts, start) - 1
    last = bisect.bisect_right(line_starts, max(start, end - 1)) - 1
    out = []
    for k in range(max(0, first - n), min(len(line_starts), last + n + 1)):
        a = line_starts[k]
        b = line_starts[k + 1] - 1 if k + 1 < len(line_starts) else len(text)
        line = text[a:b]
        if first <= k <= last:
            s, e = max(start, a) - a, min(end, b) - a
            line = line[:s] + "⟦" + line[s:e] + "⟧" + line[e:]
        out.append(f"{k + 1:>6} | {line}")
    return out


def cmd_show(args: argparse.Namespace) -> int:
    """`cmp show ROW_ID`: a row of the tidy table with its context in the text layer and its locator."""
    import pandas as pd

    from .ingest.sources import load_document
    from .model.tidy import load

    df = load(args.tidy_dir)
    hit = df[df["row_id"] == args.row_id]
    if hit.empty:
        hit = df[df["row_id"].str.startswith(args.row_id)]
    if hit.empty:
        raise CmpError(f"no row with id {args.row_id!r} in the tidy table; ids look like {df['row_id'].iloc[0]!r}"
                       if len(df) else "the tidy table is empty", path=str(args.tidy_dir))
    if len(hit) > 1:
        raise CmpError(f"{len(hit)} rows start with {args.row_id!r}: {', '.join(hit['row_id'].head(5))}…")
    r = hit.iloc[0]
    doc = load_document(Path(args.raw_dir), str(r["doc"]))
    value = "" if pd.isna(r["value"]) else f"{r['comparator'] if r['comparator'] != '=' else ''}{r['value']:g}"
    print(f"{r['row_id']}  {r['jurisdiction']} · {r['method']}{' ' + r['table'] if r['table'] else ''}")
    print(f"  label     {r['label']}{'  → ' + r['indicator'] if r['indicator'] else ''}")
    print(f"  value     {r['kind']} {r['year'] if not pd.isna(r['year']) else ''}: {value} {r['unit']}".rstrip())
    print(f"  source    {doc.path} ({doc.layer.format if doc.layer else 'txt'}), {r['locator']}")
    print(f"  quote     {r['quote']!r} at text-layer offsets {r['start']}-{r['end']} (line {r['line']})")
    if r["flags"]:
        print(f"  flags     {r['flags']}")
    if r["note"]:
        print(f"  note      {r['note']}")
    if r["derived_from"]:
        print(f"  inputs    {r['derived_from']}")
    print("  context")
    for line in context_block(doc.text, int(r["start"]), int(r["end"])):
        print("  " + line)
    if doc.text[int(r["start"]):int(r["end"])] != r["quote"]:
        print("warning: the quote no longer matches the text layer; rebuild with `cmp build`")
        return 1
    return 0


def add_project_commands(sub) -> None:
    """Register init, add and show on the CLI's sub-parsers."""
    i = sub.add_parser("init", help="create a project: cmp.toml, data/raw/manifest.yaml, params/, notebooks/")
    i.add_argument("dir", help="the folder to create (or an empty one)")
    i.add_argument("--name", default=None, help="project name for cmp.toml (default: the folder name)")
    i.set_defaults(func=cmd_init)

    a = sub.add_parser("add", help="copy documents (.txt .html .docx .pdf) into data/raw/ and add manifest entries "
                       "with the metadata read from them (marked as guessed)")
    a.add_argument("files", nargs="+", metavar="FILE", help="documents to add")
    a.add_argument("--jurisdiction", default=None, help="jurisdiction id (lowercase ASCII, e.g. qingchuan)")
    a.add_argument("--name-zh", default=None, help="the jurisdiction's Chinese name, e.g. 青川市")
    a.add_argument("--name-en", default=None, help="the jurisdiction's English name")
    a.add_argument("--level", default=None, help="level of government (default: from the name, 市 → city …)")
    a.add_argument("--raw-dir", default=None, help="folder with manifest.yaml and the documents")
    a.set_defaults(func=cmd_add)

    s = sub.add_parser("show", help="print one row of the tidy table with its context and locator")
    s.add_argument("row_id", help="row id (or a unique prefix of one)")
    s.add_argument("--tidy-dir", default=None, help="folder with indicators.csv")
    s.add_argument("--raw-dir", default=None, help="folder with manifest.yaml and the documents")
    s.set_defaults(func=cmd_show)
