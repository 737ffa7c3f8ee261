"""Command line: `cmp init | add | sources | build | show | check | codebook | unmapped | report` (also
`python -m cmp`). Every command but init and codebook works on a project: see `cmp.project`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

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
    from .model.checks import run_checks

    return run_checks(args.tidy_dir)


def _cmd_codebook(args: argparse.Namespace) -> int:
    from .model.codebook import print_codebook

    print_codebook(domain=args.domain)
    return 0


def _cmd_unmapped(args: argparse.Namespace) -> int:
    from .model.codebook import print_unmapped

    print_unmapped(args.tidy_dir)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .present.briefings import run_reports

    return run_reports(args.names, params_dir=args.params_dir, out_dir=args.out_dir, jobs=args.jobs,
                       timeout=args.timeout, figures_dir=args.figures_dir)


NO_PROJECT = {"init", "codebook"}
# argument -> folder inside the project it defaults to
_PROJECT_DIRS = {"raw_dir": "data/raw", "tidy_dir": "data/tidy", "params_dir": "params"}


def project_defaults(args: argparse.Namespace) -> None:
    """Find the project (--project, $CMP_HOME, the working directory), export it as CMP_HOME for the processes
    started from here, and fill the folder arguments left unset."""
    from .project import resolve_project

    try:
        root = resolve_project(args.project, os.environ.get("CMP_HOME"), Path.cwd())
    except CmpError:
        unset = [n for n in (*_PROJECT_DIRS, "out_dir") if getattr(args, n, "") is None]
        if unset or args.project:
            raise
        return  # every folder was given on the command line: no project needed
    os.environ["CMP_HOME"] = str(root)
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

    c = sub.add_parser("check", help="re-run the plausibility and consistency checks on the tidy table")
    c.add_argument("--tidy-dir", default=tidy_default, help="folder with indicators.csv")
    c.set_defaults(func=_cmd_check)

    k = sub.add_parser("codebook", help="list the canonical indicators (ids, names, units, denominators)")
    k.add_argument("--domain", default=None, help="only this domain (e.g. elderly_care)")
    k.set_defaults(func=_cmd_codebook)

    u = sub.add_parser("unmapped", help="list document labels not yet mapped to a canonical indicator, with counts")
    u.add_argument("--tidy-dir", default=tidy_default, help="folder with indicators.csv")
    u.set_defaults(func=_cmd_unmapped)

    r = sub.add_parser("report", help="render briefings from params/*.yaml to HTML in reports/ with papermill")
    r.add_argument("names", nargs="*", help="briefing names (file stems in params/); all when omitted")
    r.add_argument("--params-dir", default=None, help="folder of briefing YAMLs (default: params/)")
    r.add_argument("--out-dir", default=None, help="where HTML reports go (default: reports/)")
    r.add_argument("--jobs", type=int, default=None, help="parallel briefings (default: number of cores)")
    r.add_argument("--timeout", type=float, default=None,
                   help="outer time limit per briefing in seconds (default: $CMP_REPORT_TIMEOUT or 900)")
    r.add_argument("--figures-dir", default=None, help="where charts go (default: $CMP_FIGURES_DIR or figures/)")
    r.set_defaults(func=_cmd_report)
    from .commands import add_project_commands

    add_project_commands(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command; expected failures print one clear line and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        if args.command not in NO_PROJECT:
            project_defaults(args)
        return int(args.func(args) or 0)
    except CmpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
