"""Benchmarks for `cmp build` and `cmp report`: wall time and peak memory, against fixed targets.

Run from the project root with one command (not part of the test suite):

    .venv/bin/python benchmarks/bench.py            # everything (about 3-5 minutes on 2 cores)
    .venv/bin/python benchmarks/bench.py --quick    # real corpus and 100 documents only, no reports

What it measures (every command runs as a child process, so interpreter start and imports are included):
- build, real corpus: `cmp build --out-dir <tmp>` on data/raw (median of --runs runs), and import time of cmp.build;
- build, synthetic corpora of 100 and 1,000 documents: copies of the real documents under new jurisdiction ids
  (chifeng_0042 ...) with a generated manifest.yaml (sha256 recomputed), written to a temporary folder only;
  time per document and the growth of that time from 100 to 1,000 documents (1.0 means linear);
- prose: extract_prose on a document of ~3 MB of prose lines (the case that used to take ~9 s);
- reports: `cmp report --out-dir <tmp>` for all briefings, against a floor measured in the same run: the time
  papermill takes to execute a notebook that only imports pandas and matplotlib, times the number of briefings
  (params/*.yaml), divided by the cores (os.cpu_count()).
Peak memory is the child's maximum resident set size (os.wait4), for `cmp report` the largest of its processes.
Results are printed as a table and written to benchmarks/results.json (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # .venv/bin when run as `.venv/bin/python benchmarks/bench.py`
RAW = ROOT / "data" / "raw"
PARAMS = ROOT / "params"
RESULTS = Path(__file__).resolve().parent / "results.json"
LIB = ROOT / "lib"  # the package folder the children import cmp from (--lib to measure a patched copy)

# targets on the project's 2-core machine
BUILD_REAL_MAX_S = 2.0
BUILD_1000_MAX_S = 60.0
REPORT_MAX_FLOOR_RATIO = 1.5
LINEAR_MAX_RATIO = 1.25  # per-document time at 1,000 documents / at 100 documents

# the 3 MB prose case of docs/README-benchmarks.md: the Wuhan plan plus 35,000 generated lines
PROSE_SNIPPET = textwrap.dedent("""
    import dataclasses, json, sys, time
    from cmp.ingest.sources import load_documents
    from cmp.ingest.normalize import normalize
    from cmp.extract.prose import extract_prose
    n = int(sys.argv[1])
    d = load_documents(sys.argv[2])[1]
    filler = ''.join(f'第{i}条 各地区要加强养老服务体系建设,到2025年实现{i%97}%的目标。\\n' for i in range(n))
    big = d.text + filler
    nt = normalize(big)
    t = time.perf_counter()
    c = time.process_time()
    rows = extract_prose(dataclasses.replace(d, text=big), nt)
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c,
                      "mb": len(big.encode()) / 1e6, "rows": len(rows)}))
""")

PROFILE_SNIPPET = textwrap.dedent("""
    import cProfile, io, pstats, sys
    from cmp.cli import main
    prof = cProfile.Profile()
    prof.enable()
    rc = main(["build", "--raw-dir", sys.argv[1], "--out-dir", sys.argv[2]])
    prof.disable()
    out = io.StringIO()
    st = pstats.Stats(prof, stream=out)
    st.sort_stats("cumulative").print_stats(r"cmp/(build|prose|tables|normalize|codebook|checks|derive|schema|"
                                             r"outputs|tidy|numbers|sources)\\.py", 30)
    st.sort_stats("tottime").print_stats(15)
    print(out.getvalue())
""")


# ---------------------------------------------------------------------------------------------------------------
# running children
# ---------------------------------------------------------------------------------------------------------------


def run_child(cmd: list[str], *, timeout: float, env: dict | None = None, cwd: Path = ROOT) -> dict:
    """Run `cmd` to the end (or `timeout` s): wall seconds, peak RSS in MB, exit code and the end of its output."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=cwd,
                                env=env, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)  # the process group this function started
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return {"cmd": " ".join(str(c) for c in cmd), "seconds": round(wall, 3),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "returncode": proc.returncode, "timed_out": timed_out,
            "output_tail": text.strip().splitlines()[-8:], "output": text}


def _summary(runs: list[dict]) -> dict:
    secs = [r["seconds"] for r in runs]
    return {"seconds": round(statistics.median(secs), 3), "seconds_min": round(min(secs), 3),
            "seconds_all": secs, "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "ok": all(r["returncode"] == 0 for r in runs),
            "error": next(("\n".join(r["output_tail"]) for r in runs if r["returncode"] != 0), "")}


def _env() -> dict:
    """The children's environment: cmp imported from LIB (the project's lib/ unless --lib), project root as home."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(LIB), *filter(None, [env.get("PYTHONPATH")])])
    env["CMP_HOME"] = str(ROOT)
    return env


def _report_env(tmp: Path) -> dict:
    env = _env()
    env.pop("MPLBACKEND", None)  # as cmp.present.briefings does: Agg would make plt.show() draw nothing
    env["CMP_FIGURES_DIR"] = str(tmp / "figures")  # keep charts out of the project's figures/
    return env


# ---------------------------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------------------------


def import_times() -> dict:
    """`python -X importtime -c 'import cmp.build'`: cumulative ms of the heaviest imports; bare start-up time."""
    res = run_child([sys.executable, "-X", "importtime", "-c", "import cmp.build"], timeout=120, env=_env())
    cumulative: dict[str, float] = {}
    for line in res["output"].splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            cumulative[m.group(4)] = max(cumulative.get(m.group(4), 0.0), int(m.group(2)) / 1000)
    names = ["cmp.build", "cmp", "cmp.present.compare", "pandas", "pandera", "pandera.pandas", "numpy", "pyarrow",
             "opencc", "yaml", "cmp.model.schema", "cmp.extract.tables", "cmp.extract.prose", "cmp.model.codebook",
             "cmp.model.outputs", "frictionless"]
    top = {n: round(cumulative[n], 1) for n in names if n in cumulative}
    bare = min(run_child([sys.executable, "-c", "pass"], timeout=60)["seconds"] for _ in range(3))
    imp = [run_child([sys.executable, "-c", "import cmp.build"], timeout=120, env=_env())["seconds"] for _ in range(3)]
    return {"cumulative_ms": top, "python_start_s": bare, "import_cmp_build_s": round(statistics.median(imp), 3)}


def build(raw: Path, out: Path, *, runs: int, timeout: float) -> dict:
    cmd = [str(BIN / "cmp"), "build", "--raw-dir", str(raw), "--out-dir", str(out)]
    return _summary([run_child(cmd, timeout=timeout, env=_env()) for _ in range(runs)])


def make_corpus(src: Path, dest: Path, n: int) -> int:
    """Write n documents to `dest`: copies of the real ones (round robin) under new ids, with a manifest."""
    manifest = yaml.safe_load((src / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    dest.mkdir(parents=True)
    entries = []
    for i in range(n):
        meta = manifest[i % len(manifest)]
        data = (src / meta["file"]).read_bytes()
        jid = f"{meta['jurisdiction']}_{i:04d}"
        (dest / f"{jid}.txt").write_bytes(data)
        entries.append({**meta, "file": f"{jid}.txt", "jurisdiction": jid,
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "name_en": f"{meta['name_en']} (copy {i:04d})", "name_zh": f"{meta['name_zh']}{i:04d}"})
    text = "# generated by benchmarks/bench.py: copies of data/raw under new ids (not a real corpus)\n"
    text += yaml.safe_dump({"documents": entries}, allow_unicode=True, sort_keys=False)
    (dest / "manifest.yaml").write_text(text, encoding="utf-8")
    return sum((dest / e["file"]).stat().st_size for e in entries)


def profile_build(raw: Path, out: Path) -> str:
    res = run_child([sys.executable, "-c", PROFILE_SNIPPET, str(raw), str(out)], timeout=1800,
                    env=_env())
    return res["output"]


def prose_case(lines: int) -> dict:
    res = run_child([sys.executable, "-c", PROSE_SNIPPET, str(lines), str(RAW)], timeout=600,
                    env=_env())
    if res["returncode"] != 0:
        return {"ok": False, "error": "\n".join(res["output_tail"])}
    data = json.loads(res["output"].strip().splitlines()[-1])
    return {"ok": True, **{k: round(v, 3) if isinstance(v, float) else v for k, v in data.items()},
            "peak_rss_mb": res["peak_rss_mb"]}


# ---------------------------------------------------------------------------------------------------------------
# reports
# ---------------------------------------------------------------------------------------------------------------


def floor_notebook(tmp: Path, runs: int) -> dict:
    """Seconds for papermill (CLI, own process) to execute a notebook that only imports pandas and matplotlib."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas\nimport matplotlib\nimport matplotlib.pyplot as plt")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src = tmp / "floor.ipynb"
    nbformat.write(nb, str(src))
    cmd = [str(BIN / "papermill"), str(src), str(tmp / "floor.out.ipynb"), "-k", "python3", "--no-progress-bar"]
    return _summary([run_child(cmd, timeout=600, env=_report_env(tmp)) for _ in range(runs)])


def reports(tmp: Path, timeout: float) -> dict:
    cmd = [str(BIN / "cmp"), "report", "--out-dir", str(tmp / "reports")]
    res = run_child(cmd, timeout=timeout, env=_report_env(tmp))
    return {**_summary([res]), "timed_out": res["timed_out"], "output_tail": res["output_tail"]}


# ---------------------------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------------------------


def _git_head() -> str:
    """The checked-out commit (read-only), to tell which code a result belongs to."""
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="runs of the real-corpus build (median reported)")
    p.add_argument("--sizes", default="100,1000", help="synthetic corpus sizes (documents), comma-separated")
    p.add_argument("--quick", action="store_true", help="only 100 synthetic documents; no reports")
    p.add_argument("--skip-reports", action="store_true", help="do not run `cmp report`")
    p.add_argument("--floor-runs", type=int, default=3, help="runs of the papermill floor notebook (median)")
    p.add_argument("--prose-lines", type=int, default=35000, help="generated lines of the prose case (0: skip)")
    p.add_argument("--profile", action="store_true", help="also cProfile a build of the largest synthetic corpus")
    p.add_argument("--timeout", type=float, default=900, help="seconds allowed per build or report run")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--lib", type=Path, default=None,
                   help="folder holding a cmp package to measure instead of lib/ (e.g. a copy with proposed patches)")
    args = p.parse_args(argv)
    global LIB
    if args.lib is not None:
        LIB = args.lib.resolve()
    sizes = [100] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    do_reports = not (args.quick or args.skip_reports)

    tmp = Path(tempfile.mkdtemp(prefix="cmp-bench-"))
    cores = os.cpu_count() or 1
    res: dict = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cores": cores,
                    "load_average_start": [round(x, 2) for x in os.getloadavg()]},
        "lib": str(LIB), "git_head": _git_head(),
        "targets": {"build_real_max_s": BUILD_REAL_MAX_S, "build_1000_max_s": BUILD_1000_MAX_S,
                    "report_max_floor_ratio": REPORT_MAX_FLOOR_RATIO, "linear_max_ratio": LINEAR_MAX_RATIO},
    }
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731 - progress to stderr
    try:
        say("import time of cmp.build ...")
        res["imports"] = import_times()
        say(f"build of the real corpus ({args.runs} runs) ...")
        real = build(RAW, tmp / "tidy-real", runs=args.runs, timeout=args.timeout)
        real["documents"] = len(yaml.safe_load((RAW / "manifest.yaml").read_text("utf-8"))["documents"])
        real["seconds_per_doc"] = round(real["seconds"] / real["documents"], 4)
        res["build_real"] = real
        res["build_synthetic"] = {}
        for n in sizes:
            say(f"synthetic corpus of {n} documents ...")
            size = make_corpus(RAW, tmp / f"raw-{n}", n)
            r = build(tmp / f"raw-{n}", tmp / f"tidy-{n}", runs=1, timeout=args.timeout)
            r.update(documents=n, mb=round(size / 1e6, 1), seconds_per_doc=round(r["seconds"] / n, 4))
            res["build_synthetic"][str(n)] = r
            say(f"  {r['seconds']:.1f} s, {r['peak_rss_mb']:.0f} MB{'' if r['ok'] else ' FAILED'}")
        if args.profile and sizes:
            say(f"profiling the build of {max(sizes)} documents ...")
            res["profile"] = profile_build(tmp / f"raw-{max(sizes)}", tmp / "tidy-profile")
            print(res["profile"])
        if args.prose_lines:
            say(f"prose case ({args.prose_lines} generated lines) ...")
            res["prose"] = prose_case(args.prose_lines)
        if do_reports:
            n_brief = len(list(PARAMS.glob("*.yaml")))
            say(f"floor: papermill on a notebook importing pandas and matplotlib ({args.floor_runs} runs) ...")
            floor = floor_notebook(tmp, args.floor_runs)
            floor_total = floor["seconds"] * n_brief / cores
            say(f"cmp report for {n_brief} briefings ...")
            rep = reports(tmp, timeout=args.timeout * 2)
            res["reports"] = {**rep, "briefings": n_brief, "cores": cores, "floor_one_notebook_s": floor["seconds"],
                              "floor_one_notebook_all_s": floor["seconds_all"], "floor_s": round(floor_total, 2),
                              "ratio_to_floor": round(rep["seconds"] / floor_total, 2) if floor_total else None}
    finally:
        res["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    checks = _checks(res)
    res["checks"] = checks
    RESULTS.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _print_table(res)
    print(f"\nresults written to {RESULTS.relative_to(ROOT)}")
    return 0


def _checks(res: dict) -> list[dict]:
    out = []
    real = res["build_real"]
    out.append({"target": f"real corpus builds in < {BUILD_REAL_MAX_S:g} s (median, incl. interpreter start)",
                "value": f"{real['seconds']:.2f} s",
                "verdict": _verdict(real["ok"] and real["seconds"] < BUILD_REAL_MAX_S)})
    syn = res["build_synthetic"]
    if "1000" in syn:
        r = syn["1000"]
        out.append({"target": f"1,000 documents build in < {BUILD_1000_MAX_S:g} s", "value": f"{r['seconds']:.1f} s",
                    "verdict": _verdict(r["ok"] and not r.get("timed_out") and r["seconds"] < BUILD_1000_MAX_S)})
    if "100" in syn and "1000" in syn and syn["100"]["ok"] and syn["1000"]["ok"]:
        ratio = syn["1000"]["seconds_per_doc"] / syn["100"]["seconds_per_doc"]
        res["growth_100_to_1000"] = round(ratio, 2)
        out.append({"target": f"near-linear: per-doc time at 1,000 / at 100 docs <= {LINEAR_MAX_RATIO:g}",
                    "value": f"{ratio:.2f}", "verdict": _verdict(ratio <= LINEAR_MAX_RATIO)})
    rep = res.get("reports")
    if rep is not None:
        ok = rep["ok"] and rep["ratio_to_floor"] is not None and rep["ratio_to_floor"] < REPORT_MAX_FLOOR_RATIO
        value = f"{rep['seconds']:.1f} s = {rep['ratio_to_floor']:.2f} x floor {rep['floor_s']:.1f} s"
        if not rep["ok"]:
            value += " (cmp report FAILED)"
        out.append({"target": f"all briefings in < {REPORT_MAX_FLOOR_RATIO:g} x floor", "value": value,
                    "verdict": _verdict(ok)})
    return out


def _print_table(res: dict) -> None:
    rows = [("what", "documents", "MB", "wall s", "s/doc", "peak RSS MB", "status")]
    real = res["build_real"]
    rows.append(("cmp build, real corpus (median)", real["documents"], "", f"{real['seconds']:.2f}",
                 f"{real['seconds_per_doc']:.3f}", f"{real['peak_rss_mb']:.0f}", "ok" if real["ok"] else "FAILED"))
    for n, r in res["build_synthetic"].items():
        status = "ok" if r["ok"] else ("TIMED OUT" if r.get("timed_out") else "FAILED")
        rows.append((f"cmp build, synthetic {n}", n, r["mb"], f"{r['seconds']:.2f}", f"{r['seconds_per_doc']:.3f}",
                     f"{r['peak_rss_mb']:.0f}", status))
    imp = res["imports"]
    rows.append(("python -c pass (interpreter start)", "", "", f"{imp['python_start_s']:.2f}", "", "", ""))
    rows.append(("python -c 'import cmp.build'", "", "", f"{imp['import_cmp_build_s']:.2f}", "", "", ""))
    if "prose" in res and res["prose"].get("ok"):
        pr = res["prose"]
        rows.append((f"extract_prose, {pr['mb']:.1f} MB document", 1, f"{pr['mb']:.1f}", f"{pr['seconds']:.2f}", "",
                     f"{pr['peak_rss_mb']:.0f}", f"cpu {pr['cpu_seconds']:.2f} s"))
    rep = res.get("reports")
    if rep is not None:
        rows.append((f"papermill floor, 1 notebook (median of {len(rep['floor_one_notebook_all_s'])})", "", "",
                     f"{rep['floor_one_notebook_s']:.2f}", "", "", ""))
        rows.append((f"floor x {rep['briefings']} briefings / {rep['cores']} cores", "", "", f"{rep['floor_s']:.2f}",
                     "", "", ""))
        rows.append((f"cmp report, {rep['briefings']} briefings", "", "", f"{rep['seconds']:.2f}", "",
                     f"{rep['peak_rss_mb']:.0f}", "ok" if rep["ok"] else "FAILED"))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    print()
    for k, r in enumerate(rows):
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))]
        print("  ".join(cells))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print("\nimport time (cumulative ms, -X importtime): "
          + ", ".join(f"{k} {v:.0f}" for k, v in imp["cumulative_ms"].items()))
    if "growth_100_to_1000" in res:
        print(f"growth of per-document build time from 100 to 1,000 documents: x{res['growth_100_to_1000']:.2f}")
    la0, la1 = res["machine"]["load_average_start"], res["machine"]["load_average_end"]
    print(f"machine: {res['machine']['cores']} cores, load average {la0[0]:.2f} at start, {la1[0]:.2f} at end; "
          f"cmp from {res['lib']} (commit {res['git_head']})")
    rep = res.get("reports")
    if rep is not None and not rep["ok"]:
        print("cmp report failed; last lines:\n  " + "\n  ".join(rep["output_tail"]))
    print()
    for c in res["checks"]:
        print(f"{c['verdict']:<5} {c['target']}: {c['value']}")


if __name__ == "__main__":
    sys.exit(main())
