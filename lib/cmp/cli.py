"""Command line: `cmp sources | build | check | codebook | unmapped | eval | report` (also `python -m cmp`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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
    bad = [r for r in rows if r["status"] != "ok"]
    if bad:
        for r in bad:
            print(f"error: {args.raw_dir}/{r['file']}: checksum {r['status']}", file=sys.stderr)
        return 1
    # full verification: unlisted files and encoding
    from .ingest.sources import load_documents

    docs = load_documents(args.raw_dir)
    print(f"{len(docs)} documents verified (sha256 and UTF-8) in {args.raw_dir}")
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


def _cmd_eval(args: argparse.Namespace) -> int:
    from .model.evaluate import run_eval

    run_eval(args.gold, args.raw_dir, method=args.method, limit=args.limit, sample=args.sample)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .present.briefings import run_reports

    return run_reports(args.names, params_dir=args.params_dir, out_dir=args.out_dir, jobs=args.jobs,
                       timeout=args.timeout, figures_dir=args.figures_dir)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per step of the pipeline."""
    p = argparse.ArgumentParser(
        prog="cmp",
        description="Compare China's civil-affairs (民政) plans: verify sources, build the tidy indicator "
        "table, check it, and render briefings.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    raw_default, tidy_default = str(paths.raw_dir()), str(paths.tidy_dir())

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
    r.add_argument("--params-dir", default=str(paths.project_root() / "params"), help="folder of briefing YAMLs")
    r.add_argument("--out-dir", default=str(paths.project_root() / "reports"), help="where HTML reports go")
    r.add_argument("--jobs", type=int, default=None, help="parallel briefings (default: number of cores)")
    r.add_argument("--timeout", type=float, default=None,
                   help="outer time limit per briefing in seconds (default: $CMP_REPORT_TIMEOUT or 900)")
    r.add_argument("--figures-dir", default=None, help="where charts go (default: $CMP_FIGURES_DIR or figures/)")
    r.set_defaults(func=_cmd_report)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command; expected failures print one clear line and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CmpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
