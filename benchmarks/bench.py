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
- a new PDF plan: `cmp init`, then `cmp add` and `cmp build` of a made-up 100-page PDF (tests/docmaker.py);
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
BUILD_REAL_MAX_S = 1.5  # issue 9
BUILD_1000_MAX_S = 20.0  # issue 9
REPORT_MAX_FLOOR_RATIO = 1.5
LINEAR_MAX_RATIO = 1.25  # per-document time at 1,000 documents / at 100 documents
PDF_PLAN_MAX_S = 10.0  # `cmp add` + `cmp build` of a new 100-page PDF plan in a fresh project
PDF_PLAN_PAGES = 100
TABLE_MAX_S = 30.0  # a document holding one table of 200,000 lines (issue 10/12)
BIG_DOC_MAX_S = 300.0  # `cmp build` of one 20 MB running-text document (issue 12; was a timed test)

# the 3 MB prose case of benchmarks/README.md: the Wuhan plan plus 35,000 generated lines
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

# hostile running text (issue 12): a 20,000-digit run, and one run-on paragraph at two sizes (10x apart);
# the extractor must stay linear: time per character at the large size / at the small size
HOSTILE_MAX_RATIO = 1.5
HOSTILE_DIGITS_MAX_S = 1.0
HOSTILE_SNIPPET = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from cmp.ingest.sources import Document
    from cmp.ingest.normalize import normalize
    from cmp.extract.prose import extract_prose
    meta = {"jurisdiction": "h", "file": "h.txt", "period": "2021-2025", "doc_kind": "five_year_plan"}
    def run(text):
        d = Document(meta=meta, text=text, path=Path("h.txt"))
        nt = normalize(text)
        t = time.perf_counter()
        rows = extract_prose(d, nt)
        return time.perf_counter() - t, len(rows)
    digits, _ = run("全市养老床位达到" + "1" * 20000 + "张。\n")
    para = "“十三五”期间,全市建成养老机构12家,城乡低保标准分别达到每人每月900元、700元,详见《条例》第3条,"
    small, n_small = run(para * int(sys.argv[1]))
    large, n_large = run(para * int(sys.argv[1]) * 10)
    print(json.dumps({"digits_s": digits, "small_s": small, "large_s": large, "ratio": large / small / 10,
                      "chars_small": len(para) * int(sys.argv[1]), "rows_large": n_large}))
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
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),  # user + system: fairer under load
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "returncode": proc.returncode, "timed_out": timed_out,
            "output_tail": text.strip().splitlines()[-8:], "output": text}


def _summary(runs: list[dict]) -> dict:
    secs = [r["seconds"] for r in runs]
    return {"seconds": round(statistics.median(secs), 3), "seconds_min": round(min(secs), 3),
            "seconds_all": secs, "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
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
    return env


# ---------------------------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------------------------


# every module a build imports, in either of its processes (cmp.build itself is light: the extraction modules
# are the worker's imports, pandas and pandera the main process's, see cmp/build.py)
BUILD_IMPORTS = ("import cmp.cli, cmp.build, cmp.extract.prose, cmp.extract.tables, cmp.model.outputs, "
                 "cmp.model.schema as s; s.prepare()")


def import_times() -> dict:
    """`python -X importtime` of everything a build imports: cumulative ms of the heaviest; bare start-up time."""
    res = run_child([sys.executable, "-X", "importtime", "-c", BUILD_IMPORTS], timeout=120, env=_env())
    cumulative: dict[str, float] = {}
    for line in res["output"].splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            cumulative[m.group(4)] = max(cumulative.get(m.group(4), 0.0), int(m.group(2)) / 1000)
    names = ["cmp.build", "cmp", "pandas", "pandera", "pandera.pandas", "numpy", "pyarrow", "opencc", "yaml",
             "cmp.model.schema", "cmp.extract.tables", "cmp.extract.prose", "cmp.model.codebook", "cmp.model.outputs",
             "hypothesis", "frictionless"]
    top = {n: round(cumulative[n], 1) for n in names if n in cumulative}
    bare = min(run_child([sys.executable, "-c", "pass"], timeout=60)["seconds"] for _ in range(3))
    imp = [run_child([sys.executable, "-c", BUILD_IMPORTS], timeout=120, env=_env())["seconds"] for _ in range(3)]
    light = [run_child([sys.executable, "-c", "import cmp.cli, cmp.build"], timeout=120, env=_env())["seconds"]
             for _ in range(3)]
    return {"cumulative_ms": top, "python_start_s": bare, "import_build_stages_s": round(statistics.median(imp), 3),
            "import_cmp_build_s": round(statistics.median(light), 3)}


def build(raw: Path, out: Path, *, runs: int, timeout: float) -> dict:
    cmd = [str(BIN / "cmp"), "build", "--raw-dir", str(raw), "--out-dir", str(out)]
    return _summary([run_child(cmd, timeout=timeout, env=_env()) for _ in range(runs)])


class _NoAliasDumper(yaml.SafeDumper):
    """Every value written out: the copies share value objects (a `published` date), and PyYAML would write those
    as anchors and aliases, which cmp refuses in a manifest."""

    def ignore_aliases(self, data: object) -> bool:
        return True


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
    text += yaml.dump({"documents": entries}, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False)
    (dest / "manifest.yaml").write_text(text, encoding="utf-8")
    return sum((dest / e["file"]).stat().st_size for e in entries)


def make_table_doc(dest: Path, lines: int, layout: str) -> int:
    """A one-document raw folder whose plan holds one indicator table of `lines` lines (pipe rows, or one cell
    per line), with invented labels and numbers; returns the number of table rows written."""
    dest.mkdir(parents=True)
    if layout == "pipe":
        n = lines - 1
        body = "| 序号 | 指标 | 单位 | 2020年 | 2025年 |\n" + "".join(
            f"| {i} | 社区服务站点{i} | 个 | {i % 97} | {i % 89 + 1} |\n" for i in range(1, n + 1))
    else:
        n = (lines - 4) // 4
        body = "序号\n指标\n单位\n2025年目标值\n" + "".join(
            f"{i}\n社区服务站点{i}\n个\n{i % 89 + 1}\n" for i in range(1, n + 1))
    text = "第二章 发展目标\n表1 主要指标\n" + body + "第三章 保障措施\n"
    write_one_plan(dest, "big_table.txt", text, "bigtable", "大表市", "Bigtable (generated)")
    return n


def write_one_plan(dest: Path, name: str, text: str, jurisdiction: str, name_zh: str, name_en: str) -> None:
    """Write `text` as the one five-year plan of raw folder `dest`, with its manifest (sha256 computed)."""
    data = text.encode("utf-8")
    (dest / name).write_bytes(data)
    meta = {"file": name, "original_name": name, "sha256": hashlib.sha256(data).hexdigest(),
            "jurisdiction": jurisdiction, "name_zh": name_zh, "name_en": name_en, "level": "city",
            "parent": "generated", "title": "generated plan", "publisher": "generated", "published": "2022-01-01",
            "doc_kind": "five_year_plan", "period": "2021-2025", "script": "simplified"}
    (dest / "manifest.yaml").write_text(yaml.safe_dump({"documents": [meta]}, allow_unicode=True), encoding="utf-8")


def table_case(tmp: Path, lines: int, layout: str, timeout: float) -> dict:
    rows = make_table_doc(tmp / f"raw-table-{layout}", lines, layout)
    r = build(tmp / f"raw-table-{layout}", tmp / f"tidy-table-{layout}", runs=1, timeout=timeout)
    r.update(lines=lines, table_rows=rows, layout=layout)
    return r


def big_document_case(tmp: Path, mb: float, timeout: float) -> dict:
    """`cmp build` of one document of `mb` MB of target lines (each line one statement): time and rows."""
    raw = tmp / "raw-big"
    raw.mkdir()
    lines, size, i = [], 0, 0
    while size < mb * 1e6:
        line = f"第{i}条 到2025年,社区服务设施覆盖率达到{i % 97}%。\n"
        lines.append(line)
        size += len(line.encode("utf-8"))
        i += 1
    write_one_plan(raw, "big.txt", "".join(lines), "big", "大文件市", "Big City (generated)")
    r = build(raw, tmp / "tidy-big", runs=1, timeout=timeout)
    r.update(mb=round(size / 1e6, 1), statements=i)
    return r


def profile_build(raw: Path, out: Path) -> str:
    res = run_child([sys.executable, "-c", PROFILE_SNIPPET, str(raw), str(out)], timeout=1800,
                    env=_env())
    return res["output"]


def hostile_prose_case(repeats: int) -> dict:
    res = run_child([sys.executable, "-c", HOSTILE_SNIPPET, str(repeats)], timeout=900, env=_env())
    if res["returncode"] != 0:
        return {"ok": False, "error": "\n".join(res["output_tail"])}
    data = json.loads(res["output"].strip().splitlines()[-1])
    return {"ok": True, **{k: round(v, 3) if isinstance(v, float) else v for k, v in data.items()}}


def prose_case(lines: int) -> dict:
    res = run_child([sys.executable, "-c", PROSE_SNIPPET, str(lines), str(RAW)], timeout=600,
                    env=_env())
    if res["returncode"] != 0:
        return {"ok": False, "error": "\n".join(res["output_tail"])}
    data = json.loads(res["output"].strip().splitlines()[-1])
    return {"ok": True, **{k: round(v, 3) if isinstance(v, float) else v for k, v in data.items()},
            "peak_rss_mb": res["peak_rss_mb"]}


def pdf_plan_case(tmp: Path, pages: int, timeout: float) -> dict:
    """A new project (`cmp init`), then `cmp add` and `cmp build` of a made-up PDF plan of `pages` pages (the PDF
    is drawn by tests/docmaker.py: a ruled indicator table on page 1, running text with a target on every page).
    Only add + build are timed, as child processes started in the project folder."""
    sys.path.insert(0, str(ROOT))
    from tests import docmaker

    pdf = tmp / "downloads" / "qingchuan_plan.pdf"
    docmaker.write(pdf, docmaker.pdf_file(pages=pages))
    env = {k: v for k, v in _env().items() if k != "CMP_HOME"}
    proj = tmp / "pdf-project"
    init = run_child([str(BIN / "cmp"), "init", str(proj)], timeout=120, env=env)
    if init["returncode"] != 0:
        return {"ok": False, "error": "\n".join(init["output_tail"])}
    add = run_child([str(BIN / "cmp"), "add", str(pdf), "--jurisdiction", "qingchuan"], timeout=timeout, env=env,
                    cwd=proj)
    bld = run_child([str(BIN / "cmp"), "build"], timeout=timeout, env=env, cwd=proj)
    ok = add["returncode"] == 0 and bld["returncode"] == 0
    rows = 0
    if ok:
        rows = (proj / "data" / "tidy" / "indicators.csv").read_text("utf-8").count("\n") - 1
    return {"ok": ok, "pages": pages, "mb": round(pdf.stat().st_size / 1e6, 2), "add_s": add["seconds"],
            "build_s": bld["seconds"], "seconds": round(add["seconds"] + bld["seconds"], 3), "rows": rows,
            "peak_rss_mb": max(add["peak_rss_mb"], bld["peak_rss_mb"]),
            "error": "" if ok else "\n".join(add["output_tail"] + bld["output_tail"])}


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
    cmd = [str(BIN / "cmp"), "report", "--out-dir", str(tmp / "reports"), "--figures-dir", str(tmp / "figures")]
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
    p.add_argument("--table-lines", type=int, default=200000, help="lines of the one-table case (0: skip)")
    p.add_argument("--big-doc-mb", type=float, default=20, help="MB of the one-document build case (0: skip)")
    p.add_argument("--table-layouts", default="pipe,cells", help="layouts of the one-table case, comma-separated")
    p.add_argument("--profile", action="store_true", help="also cProfile a build of the largest synthetic corpus")
    p.add_argument("--pdf-pages", type=int, default=PDF_PLAN_PAGES, help="pages of the PDF plan case (0: skip)")
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
                    "report_max_floor_ratio": REPORT_MAX_FLOOR_RATIO, "linear_max_ratio": LINEAR_MAX_RATIO,
                    "pdf_plan_max_s": PDF_PLAN_MAX_S},
    }
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731 - progress to stderr
    # the measured package's bytecode first, as an installed package has it: with PYTHONDONTWRITEBYTECODE set (as
    # in this project's sessions) every run would otherwise compile its ~40 modules from source (0.1-0.2 s)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(LIB / "cmp")], check=False,
                   stdout=subprocess.DEVNULL)
    res["machine"]["dont_write_bytecode"] = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
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
        if args.pdf_pages:
            say(f"a new {args.pdf_pages}-page PDF plan: cmp add + cmp build ...")
            res["pdf_plan"] = pdf_plan_case(tmp, args.pdf_pages, args.timeout)
        if args.table_lines:
            res["tables"] = {}
            for layout in [x for x in args.table_layouts.split(",") if x.strip()]:
                say(f"one table of {args.table_lines} lines ({layout}) ...")
                r = table_case(tmp, args.table_lines, layout, args.timeout)
                res["tables"][layout] = r
                say(f"  {r['seconds']:.1f} s{'' if r['ok'] else ' FAILED'}")
        if args.prose_lines:
            say(f"prose case ({args.prose_lines} generated lines) ...")
            res["prose"] = prose_case(args.prose_lines)
            say("hostile prose (20,000 digits; a run-on paragraph at two sizes) ...")
            res["prose_hostile"] = hostile_prose_case(500)
        if args.big_doc_mb and not args.quick:
            say(f"one {args.big_doc_mb:g} MB running-text document ...")
            res["big_document"] = big_document_case(tmp, args.big_doc_mb, args.timeout)
            say(f"  {res['big_document']['seconds']:.1f} s{'' if res['big_document']['ok'] else ' FAILED'}")
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
    pdf = res.get("pdf_plan")
    if pdf is not None:
        out.append({"target": f"a new {pdf.get('pages', '?')}-page PDF plan: cmp add + cmp build in < "
                              f"{PDF_PLAN_MAX_S:g} s", "value": f"{pdf.get('seconds', 0):.2f} s",
                    "verdict": _verdict(pdf["ok"] and pdf["seconds"] < PDF_PLAN_MAX_S)})
    for layout, r in res.get("tables", {}).items():
        out.append({"target": f"a {r['lines']:,}-line table ({layout}, {r['table_rows']:,} rows) builds in "
                              f"< {TABLE_MAX_S:g} s", "value": f"{r['seconds']:.1f} s",
                    "verdict": _verdict(r["ok"] and not r.get("timed_out") and r["seconds"] < TABLE_MAX_S)})
    big = res.get("big_document")
    if big is not None:
        out.append({"target": f"one {big['mb']:g} MB document ({big['statements']:,} statements) builds in "
                              f"< {BIG_DOC_MAX_S:g} s", "value": f"{big['seconds']:.1f} s",
                    "verdict": _verdict(big["ok"] and not big.get("timed_out") and big["seconds"] < BIG_DOC_MAX_S)})
    hp = res.get("prose_hostile")
    if hp is not None and hp.get("ok"):
        out.append({"target": f"20,000-digit run in running text in < {HOSTILE_DIGITS_MAX_S:g} s",
                    "value": f"{hp['digits_s']:.2f} s", "verdict": _verdict(hp["digits_s"] < HOSTILE_DIGITS_MAX_S)})
        out.append({"target": f"run-on paragraph: time per char at 10x size / at 1x <= {HOSTILE_MAX_RATIO:g}",
                    "value": f"{hp['ratio']:.2f} ({hp['small_s']:.1f} s -> {hp['large_s']:.1f} s)",
                    "verdict": _verdict(hp["ratio"] <= HOSTILE_MAX_RATIO)})
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
    rows.append(("python -c 'import cmp.cli, cmp.build'", "", "", f"{imp['import_cmp_build_s']:.2f}", "", "", ""))
    rows.append(("every module a build imports (+ pandera ready)", "", "", f"{imp['import_build_stages_s']:.2f}", "",
                 "", ""))
    if "prose" in res and res["prose"].get("ok"):
        pr = res["prose"]
        rows.append((f"extract_prose, {pr['mb']:.1f} MB document", 1, f"{pr['mb']:.1f}", f"{pr['seconds']:.2f}", "",
                     f"{pr['peak_rss_mb']:.0f}", f"cpu {pr['cpu_seconds']:.2f} s"))
    pdf = res.get("pdf_plan")
    if pdf is not None and pdf["ok"]:
        rows.append((f"cmp add + build, new {pdf['pages']}-page PDF", 1, pdf["mb"], f"{pdf['seconds']:.2f}", "",
                     f"{pdf['peak_rss_mb']:.0f}", f"add {pdf['add_s']:.2f} s, build {pdf['build_s']:.2f} s"))
    for layout, r in res.get("tables", {}).items():
        status = "ok" if r["ok"] else ("TIMED OUT" if r.get("timed_out") else "FAILED")
        rows.append((f"cmp build, one {r['lines']:,}-line table ({layout})", 1, "", f"{r['seconds']:.2f}", "",
                     f"{r['peak_rss_mb']:.0f}", f"{status}, cpu {r['cpu_seconds']:.1f} s"))
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
