"""Command line: `cmp init | add | sources | build | show | check | codebook | unmapped | eval | report | export |
search` (also `python -m cmp`). Every command but init and codebook works on a project: see `cmp.project`."""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from . import paths
from .errors import CmpError


def _cmd_sources(args: argparse.Namespace) -> int:
    from .ingest.sources import check_status

    rows = check_status(args.raw_dir)
    width = max(len(r["file"]) for r in rows)
    print(f"{'jurisdiction':<12} {'file':<{width}} {'kind':<15} {'period':<10} {'script':<11} status  sha256")
    for r in rows:
        print(
            f"{r['jurisdiction']:<12} {r['file']:<{width}} {r['doc_kind']:<15} {r['period']:<10} "
            f"{r['script']:<11} {r['status']:<7} {r['sha256'][:12]}…  {r['name_en']} · {r['title']}"
        )
    from .commands import guessed_lines

    for line in guessed_lines(rows):
        print(line)
    bad = [r for r in rows if r["status"] != "ok"]
    if bad:
        for r in bad:
            print(f"error: {args.raw_dir}/{r['file']}: checksum {r['status']}", file=sys.stderr)
        return 1
    # full verification: unlisted files and encoding
    from .ingest.sources import load_documents

    docs = load_documents(args.raw_dir)
    print(f"{len(docs)} documents verified (sha256 and text layer) in {args.raw_dir}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import run_build

    run_build(args.raw_dir, args.out_dir, verbose=True)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .model.verify import run_check

    return run_check(args.tidy_dir, args.raw_dir)


def _cmd_codebook(args: argparse.Namespace) -> int:
    from .model.codebook import print_codebook

    print_codebook(domain=args.domain)
    return 0


def _cmd_unmapped(args: argparse.Namespace) -> int:
    from .model.codebook import print_unmapped

    print_unmapped(args.tidy_dir)
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from .build import build_table
    from .model.evaluate import run_eval

    built, _summary = build_table(args.raw_dir)  # nothing is written
    run_eval(args.gold, built, args.raw_dir, method=args.method, limit=args.limit, sample=args.sample)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .present.briefings import check_timeout, run_reports

    timeout = args.timeout
    if timeout is None and os.environ.get("CMP_REPORT_TIMEOUT"):
        timeout = check_timeout(os.environ["CMP_REPORT_TIMEOUT"], "CMP_REPORT_TIMEOUT")
    return run_reports(args.names, params_dir=args.params_dir, out_dir=args.out_dir, jobs=args.jobs,
                       timeout=timeout, figures_dir=args.figures_dir, project=args.root)


def _seconds(text: str) -> float:
    """argparse type of --timeout: a positive finite number of seconds."""
    from .present.briefings import check_timeout

    try:
        return check_timeout(text, "the time limit")
    except CmpError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_int(text: str) -> int:
    """argparse type of --jobs: a whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return n


def _cmd_export(args: argparse.Namespace) -> int:
    from .present.export import check_output_path, load_inputs

    xlsx, sqlite = args.xlsx, args.sqlite
    if not xlsx and not sqlite:
        exports = paths.exports_dir(args.root)
        xlsx, sqlite = str(exports / "cmp.xlsx"), str(exports / "cmp.sqlite")
    targets = [(p, kind) for p, kind in ((xlsx, "xlsx"), (sqlite, "sqlite")) if p]
    for p, kind in targets:
        check_output_path(p, kind)
    inputs = load_inputs(args.tidy_dir, args.raw_dir)
    for p, kind in targets:
        if kind == "xlsx":
            from .present.export_xlsx import write_workbook

            write_workbook(inputs, p)
        else:
            from .present.export_sqlite import write_database

            write_database(inputs, p)
        print(f"wrote {p} ({len(inputs.table)} readings, {len(inputs.manifest)} documents)")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from .present.search import run_search

    db = args.db or str(paths.exports_dir(args.root) / "cmp.sqlite")
    return run_search(args.text, jurisdictions=args.jurisdiction, kinds=args.kind, tidy_dir=args.tidy_dir,
                      raw_dir=args.raw_dir, db=db)


NO_PROJECT = {"init", "codebook"}
# argument -> folder inside the project it defaults to
_PROJECT_DIRS = {"raw_dir": "data/raw", "tidy_dir": "data/tidy", "params_dir": "params"}


def project_defaults(args: argparse.Namespace) -> None:
    """Find the project (--project, $CMP_HOME, the working directory) as `args.root` (None when every folder was
    given and there is no project), and fill the folder arguments left unset. The one place $CMP_HOME is read: the
    root is passed down from here (to the briefing processes as --project)."""
    from .project import resolve_project

    args.root = None
    try:
        root = resolve_project(args.project, os.environ.get("CMP_HOME"), Path.cwd())
    except CmpError:
        unset = [n for n in (*_PROJECT_DIRS, "out_dir") if getattr(args, n, "") is None]
        if unset or args.project:
            raise
        return  # every folder was given on the command line: no project needed
    args.root = root
    for name, sub in _PROJECT_DIRS.items():
        if getattr(args, name, "") is None:
            setattr(args, name, str(root / sub))
    if getattr(args, "out_dir", "") is None:
        args.out_dir = str(root / ("reports" if args.command == "report" else "data/tidy"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per step of the pipeline."""
    p = argparse.ArgumentParser(
        prog="cmp",
        description="Compare China's civil-affairs (民政) plans: verify sources, build the tidy indicator "
        "table, check it, and render briefings.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    p.add_argument("--project", metavar="DIR", default=None,
                   help="the project to work on (default: $CMP_HOME, else the nearest folder upwards with cmp.toml)")
    raw_default = tidy_default = None  # filled from the project once it is known (project_defaults)

    s = sub.add_parser("sources", help="list the documents in the manifest with their metadata and checksum status")
    s.add_argument("--raw-dir", default=raw_default, help="folder with manifest.yaml and the documents")
    s.set_defaults(func=_cmd_sources)

    b = sub.add_parser("build", help="extract every indicator into data/tidy/ (CSV, Parquet, datapackage.json)")
    b.add_argument("--raw-dir", default=raw_default, help="folder with manifest.yaml and the documents")
    b.add_argument("--out-dir", default=tidy_default, help="where the tidy outputs are written (atomically)")
    b.set_defaults(func=_cmd_build)

    c = sub.add_parser(
        "check", help="verify the output set on disk: hashes, CSV = Parquet, schema, every quote against the raw files",
        description="Verify the files in the tidy folder without rebuilding: datapackage.json's sha256 of every file, "
        "indicators.csv and indicators.parquet cell by cell, the schema, every quote and context against the raw "
        "documents (themselves checked against the manifest), and quality.csv against the table's flags. Names "
        "the first bad file, row and field; exit 1 on any problem.")
    c.add_argument("--tidy-dir", default=tidy_default, help="folder with the output set (indicators.csv, ...)")
    c.add_argument("--raw-dir", default=raw_default, help="folder with manifest.yaml and the documents")
    c.set_defaults(func=_cmd_check)

    k = sub.add_parser("codebook", help="list the canonical indicators (ids, names, units, denominators)")
    k.add_argument("--domain", default=None, help="only this domain (e.g. elderly_care)")
    k.set_defaults(func=_cmd_codebook)

    u = sub.add_parser("unmapped", help="list document labels not yet mapped to a canonical indicator, with counts")
    u.add_argument("--tidy-dir", default=tidy_default, help="folder with indicators.csv")
    u.set_defaults(func=_cmd_unmapped)

    e = sub.add_parser("eval", help="score a build against hand-checked gold CSV(s): recall and precision by "
                       "document, form and total, with misses and unmatched rows")
    e.add_argument("--gold", nargs="+", required=True, help="gold CSV file(s) or folder(s) of them")
    e.add_argument("--raw-dir", default=raw_default, help="folder with manifest.yaml and the documents")
    e.add_argument("--method", choices=("prose", "table"), default=None,
                   help="score only this method (gold forms named table_* count as table)")
    e.add_argument("--limit", type=int, default=50, help="at most this many misses and unmatched rows listed")
    e.add_argument("--sample", action="store_true",
                   help="the gold covers only some passages: precision counts rows in the passages it quotes")
    e.set_defaults(func=_cmd_eval)

    r = sub.add_parser("report", help="render briefings from params/*.yaml to HTML in reports/ with papermill")
    r.add_argument("names", nargs="*", help="briefing names (file stems in params/); all when omitted")
    r.add_argument("--params-dir", default=None, help="folder of briefing YAMLs (default: params/)")
    r.add_argument("--out-dir", default=None, help="where HTML reports go (default: reports/)")
    r.add_argument("--jobs", type=_positive_int, default=None, help="parallel briefings (default: number of cores)")
    r.add_argument("--timeout", type=_seconds, default=None,
                   help="outer time limit per briefing in seconds, a positive number (default: $CMP_REPORT_TIMEOUT "
                   "or 900)")
    r.add_argument("--figures-dir", default=None, help="where charts go (default: figures/ in the project)")
    r.set_defaults(func=_cmd_report)

    x = sub.add_parser("export", help="write the Excel workbook and/or the searchable SQLite database")
    x.add_argument("--xlsx", metavar="FILE", default=None, help="Excel workbook to write (e.g. data/exports/cmp.xlsx)")
    x.add_argument("--sqlite", metavar="FILE", default=None, help="SQLite database with a full-text index to write")
    x.add_argument("--tidy-dir", default=None, help="folder with the tidy table (indicators.parquet/.csv)")
    x.add_argument("--raw-dir", default=None, help="folder with manifest.yaml")
    x.set_defaults(func=_cmd_export)

    f = sub.add_parser("search", help="find the statements that mention a term, with value, source and context")
    f.add_argument("text", help="text to find in labels, contexts and sections (either script)")
    f.add_argument("--jurisdiction", action="append", default=None, metavar="ID", help="only these (repeat or a,b)")
    f.add_argument("--kind", action="append", default=None, metavar="KIND", help="baseline, target or actual")
    f.add_argument("--tidy-dir", default=None, help="folder with the tidy table")
    f.add_argument("--raw-dir", default=None, help="folder with manifest.yaml")
    f.add_argument("--db", default=None,
                   help="prebuilt database (default: data/exports/cmp.sqlite), used when it is fresh")
    f.set_defaults(func=_cmd_search)
    from .commands import add_project_commands

    add_project_commands(sub)
    return p


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signum)


def _setup_process() -> None:
    """Edge settings: text that the terminal cannot show is escaped, SIGTERM/SIGHUP unwind like Ctrl-C."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)


def _silence_stdout() -> None:
    """After a broken pipe (`cmp codebook | head`): send what is left to /dev/null so exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command; expected failures print one clear line and exit 2 (never a traceback)."""
    if argv is None:  # the real command line: this process is ours to configure, and ends with the command
        _setup_process()
        gc.disable()  # what a command imports and builds lives to its end: collections would only walk it again
        try:
            return _run(None)
        finally:
            gc.freeze()  # and the interpreter's collections at exit skip it (a tenth of a second after a build)
    return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    try:  # from the start: a Ctrl-C while the command's modules are still being imported is handled too
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        if args.command not in NO_PROJECT:
            project_defaults(args)
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except CmpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _silence_stdout()
        return 141  # as if killed by SIGPIPE, like other command-line tools
    except KeyboardInterrupt as exc:
        signum = exc.args[0] if exc.args and isinstance(exc.args[0], int) else signal.SIGINT
        print(f"interrupted ({signal.Signals(signum).name}); temporary files removed, earlier outputs kept",
              file=sys.stderr)
        return 128 + int(signum)


if __name__ == "__main__":
    sys.exit(main())
