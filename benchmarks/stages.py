"""Where the time of one `cmp build` goes: the reading phase (worker processes) and each single-process step after it.

    PYTHONPATH=lib .venv/bin/python benchmarks/stages.py RAW_DIR [--out-dir DIR] [--lib PATH]

Wraps the build's own functions with timers (no profiler: cProfile inflates the many small calls of the model
steps several times over) and prints, for each step, when it ended and how long it took, then the CPU time of this
process and of the reading workers. Build a synthetic corpus to measure with `bench.py --sizes 1000 --keep`.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("raw_dir", type=Path)
    p.add_argument("--out-dir", type=Path, default=None, help="where to write (default: a temporary folder)")
    p.add_argument("--lib", type=Path, default=None, help="measure another copy of the cmp package")
    args = p.parse_args()
    if args.lib:
        sys.path.insert(0, str(args.lib.resolve()))
    t00 = time.perf_counter()
    from cmp import build
    from cmp.model import checks, outputs, schema, tidy

    marks: list[tuple[str, float, float]] = []

    def timed(owner: object, name: str) -> None:
        fn = getattr(owner, name, None)
        if fn is None:  # (another version of the package: a step it does not have)
            return

        def wrapper(*a, **k):
            t = time.perf_counter()
            out = fn(*a, **k)
            marks.append((name, time.perf_counter() - t00, time.perf_counter() - t))
            return out

        setattr(owner, name, wrapper)

    reading = build.extract_all

    def extract_all(docs, meanwhile=None):
        t = time.perf_counter()
        yield from reading(docs, meanwhile)
        marks.append(("reading (workers)", time.perf_counter() - t00, time.perf_counter() - t))

    build.extract_all = extract_all
    for name in ("assign_row_ids", "number_repeats", "prepare", "sort_table"):
        timed(build, name)
    for owner, name in ((tidy, "from_columns"), (tidy, "to_frame"), (schema, "validate"), (checks, "quality_table"),
                        (outputs, "csv_bytes"), (outputs, "parquet_bytes"), (outputs, "write_outputs")):
        timed(owner, name)
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(warnings):
        summary = build.run_build(args.raw_dir, args.out_dir or Path(tmp) / "tidy")
    total = time.perf_counter() - t00
    print(f"{summary['documents']} documents, {summary['rows']} rows; "
          f"{warnings.getvalue().count('warning:')} warnings (not shown)")
    print(f"{'step':<20} {'ends at s':>9} {'took s':>7}")
    for name, at, took in marks:
        print(f"{name:<20} {at:9.2f} {took:7.2f}")
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"total {total:.2f} s wall; CPU: this process {me.ru_utime + me.ru_stime:.1f} s, "
          f"reading workers {kids.ru_utime + kids.ru_stime:.1f} s")


if __name__ == "__main__":
    main()
