"""Pathological inputs of issue 12 for the manifest, briefing params, YAML and the report runner: time bounds.

    .venv/bin/python benchmarks/pathological.py        # about 10 s; exit 1 if a bound is missed

Each case is timed in this process. A refused input must be refused within REFUSE_MAX_S. A scaled input is
timed at n and 4n: the time must stay under its absolute bound and grow at most GROWTH_MAX times (4 is linear,
16 quadratic). The extraction cases (digit runs, repeated paragraphs, long table rows) are the extraction
branch's; they go in bench.py.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from cmp import yamlio  # noqa: E402
from cmp.errors import CmpError  # noqa: E402
from cmp.ingest.sources import read_manifest  # noqa: E402
from cmp.present import briefings  # noqa: E402

REFUSE_MAX_S = 0.5
GROWTH_MAX = 6.0  # time(4n) / time(n); linear is 4


def alias_bomb(levels: int = 9) -> str:
    """The billion-laughs YAML: each level lists the previous one nine times (9**levels strings once expanded)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def manifest_text(n: int) -> str:
    entry = ("- file: d{i}.txt\n  original_name: d{i}.txt\n  sha256: '{z}'\n  jurisdiction: j{i}\n  name_zh: 青川{i}\n"
             "  name_en: Qingchuan {i}\n  level: city\n  parent: P\n  title: 规划\n  publisher: 局\n"
             "  published: 2021-12-30\n  doc_kind: five_year_plan\n  period: 2021-2025\n  script: simplified\n")
    return "documents:\n" + "".join(entry.format(i=i, z="0" * 64) for i in range(n))


def timed(fn: Callable[[], object], runs: int = 3) -> float:
    """The best of `runs` timings (the machine is shared; the minimum is the least disturbed)."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()  # the cyclic collector's passes over many new objects are not the code's cost
        t0 = time.perf_counter()
        try:
            fn()
        except CmpError:
            pass
        finally:
            gc.enable()
        best = min(best, time.perf_counter() - t0)
    return best


def refused(fn: Callable[[], object]) -> tuple[float, str]:
    """Seconds until `fn` raised CmpError, and the message (a case that does not raise fails)."""
    t0 = time.perf_counter()
    try:
        fn()
    except CmpError as exc:
        return time.perf_counter() - t0, str(exc)
    raise AssertionError("input was accepted")


def main() -> int:
    results: list[tuple[str, float, float, bool]] = []  # name, seconds, bound, ok
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        raw = tmp / "raw"
        raw.mkdir()
        bomb = "documents:\n- file: a.txt\n  extra:\n" + "".join("    " + x + "\n" for x in alias_bomb().splitlines())
        (raw / "manifest.yaml").write_text(bomb, "utf-8")
        s, _ = refused(lambda: read_manifest(raw))
        results.append((f"manifest alias bomb ({len(bomb.encode())} B)", s, REFUSE_MAX_S, s < REFUSE_MAX_S))
        params = tmp / "bomb.yaml"
        params.write_text("notebook: overview.ipynb\n" + alias_bomb(), "utf-8")
        s, _ = refused(lambda: briefings.load_briefing(params))
        results.append((f"params alias bomb ({params.stat().st_size} B)", s, REFUSE_MAX_S, s < REFUSE_MAX_S))
        s, _ = refused(lambda: yamlio.load_text("[" * 200_000))
        results.append(("YAML nested 200,000 deep", s, REFUSE_MAX_S, s < REFUSE_MAX_S))
        dup = "".join(f"k{i}: {i}\n" for i in range(50_000)) + "k0: again\n"
        s, _ = refused(lambda: yamlio.load_text(dup))
        results.append(("50,000 keys, the last a duplicate", s, 6.0, s < 6.0))

        def scaled(name: str, make: Callable[[int], Callable[[], object]], n: int, bound: float,
                   runs: int = 3) -> None:
            small, large = timed(make(n), runs), timed(make(4 * n), runs)
            growth = large / max(small, 1e-6)
            results.append((f"{name}: n={n:,} then 4n (growth {growth:.1f})", large, bound,
                            large < bound and growth <= GROWTH_MAX))

        def manifest_of(n: int) -> Callable[[], object]:
            folder = tmp / f"m{n}"
            folder.mkdir()
            (folder / "manifest.yaml").write_text(manifest_text(n), "utf-8")
            return lambda: read_manifest(folder)

        scaled("manifest entries", manifest_of, 500, 5.0)

        def long_list(n: int) -> Callable[[], object]:
            path = tmp / f"p{n}.yaml"
            items = "".join(f"    - elderly_care.x{i}\n" for i in range(n))
            path.write_text(f"notebook: compare.ipynb\nparameters:\n  indicators:\n{items}", "utf-8")
            return lambda: briefings.load_briefing(path)

        briefings.notebook_parameters(ROOT / "notebooks" / "compare.ipynb")  # papermill imported once, not timed
        scaled("params list of indicator ids", long_list, 20_000, 5.0)

        def long_scalar(n: int) -> Callable[[], object]:
            text = "title: '" + "长" * n + "'\n"
            return lambda: yamlio.load_text(text)

        scaled("one long YAML scalar (characters)", long_scalar, 900_000, 5.0)

        def many_briefings(n: int) -> Callable[[], object]:
            folder = tmp / f"b{n}"
            folder.mkdir()
            for i in range(n):
                (folder / f"b{i}.yaml").write_text("notebook: overview.ipynb\n", "utf-8")
                (folder / f".b{i}.x{i}.ipynb").write_text("{", "utf-8")  # stale temporaries to remove
            return lambda: (briefings.list_briefings(folder), briefings._remove_temporaries(folder))

        # one run each: the first removes the temporaries it is timed on
        scaled("runner: list briefings and remove stale temporaries", many_briefings, 2_000, 5.0, runs=1)
    width = max(len(r[0]) for r in results)
    for name, seconds, bound, ok in results:
        print(f"{'PASS' if ok else 'MISS'}  {name:<{width}}  {seconds:7.3f} s  (bound {bound:g} s)")
    return 0 if all(r[3] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
