"""Mutation testing of the rule modules with mutmut 3; not part of CI (minutes per module on 2 cores).

For each module in benchmarks/mutation.yaml, the checkout's code is copied into a scratch project
(`<work-dir>/<module>/`, laid out as `src/cmp/` because mutmut only knows the `src/` layout), mutmut mutates the
module's files and runs only the module's named test files against each mutant. The script prints, per module,
the killed / survived / timeout counts and the score, then every surviving mutant with file:line and its diff.
Mutants listed in benchmarks/equivalent_mutants.yaml (with a reason) are left out of the score.

    .venv/bin/python benchmarks/mutation.py                      # every module
    .venv/bin/python benchmarks/mutation.py --module numbers     # one (repeat --module for more)
    .venv/bin/python benchmarks/mutation.py --repo /work/main    # another checkout's code and tests
    .venv/bin/python benchmarks/mutation.py --budget 900         # stop after 15 minutes (partial results)

Score = (killed + timeout) / (all mutants - equivalent). Survivors, mutants no selected test reaches ("no tests")
and unchecked ones (time budget spent) all count against it.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "mutation.yaml"
EQUIVALENT = HERE / "equivalent_mutants.yaml"
DETECTED = ("killed", "timeout")
EQUIVALENT_KEYS = ("module", "function", "removed", "added", "reason")
# pytest options for every mutant run: quiet, and a fixed hypothesis seed so a kill is reproducible.
PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "--hypothesis-seed=0"]


class ConfigError(SystemExit):
    """A bad mutation.yaml or equivalent_mutants.yaml: one line naming the file, the key and what was expected."""

    def __init__(self, path: Path, key: str, expected: str):
        super().__init__(f"error: {path}: {key}: expected {expected}")


@dataclass
class Mutant:
    """One mutant: mutmut's name, its status, where it is and what it changes."""

    name: str
    status: str
    module: str
    function: str = ""
    file: str = ""
    line: int = 0
    removed: str = ""
    added: str = ""
    diff: str = ""
    equivalent: str = ""  # the reason, when equivalent_mutants.yaml lists it


@dataclass
class ModuleResult:
    """The outcome of one module's run."""

    module: str
    files: list[str]
    tests: list[str]
    seconds: float = 0.0
    error: str = ""
    stopped_by_budget: bool = False
    mutants: list[Mutant] = field(default_factory=list)

    def counts(self) -> Counter:
        """Mutants per status, equivalent ones under 'equivalent'."""
        return Counter("equivalent" if m.equivalent else m.status for m in self.mutants)

    def score(self) -> float | None:
        """Detected share of the non-equivalent mutants, or None when there are none."""
        c = self.counts()
        total = sum(c.values()) - c["equivalent"]
        return sum(c[s] for s in DETECTED) / total if total else None


# --------------------------------------------------------------------------------------------- configuration
def _str_list(value, path: Path, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(path, key, "a non-empty list of glob strings")
    return value


def load_config(path: Path = CONFIG) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    """The module → {mutate, tests} mapping and the folders to copy, validated."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SystemExit(f"error: {path}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("modules"), dict) or not data["modules"]:
        raise ConfigError(path, "modules", "a mapping of module name to {mutate, tests}")
    modules = {}
    for name, spec in data["modules"].items():
        if not isinstance(spec, dict) or set(spec) != {"mutate", "tests"}:
            raise ConfigError(path, f"modules.{name}", "exactly the keys mutate and tests")
        modules[str(name)] = {k: _str_list(spec[k], path, f"modules.{name}.{k}") for k in ("mutate", "tests")}
    copy = _str_list(data.get("copy", ["data"]), path, "copy")
    return modules, copy


def load_equivalents(path: Path = EQUIVALENT) -> list[dict[str, str]]:
    """The mutants that cannot change behaviour, each with module, function, removed/added text and a reason."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    entries = data.get("equivalent") if isinstance(data, dict) else None
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise ConfigError(path, "equivalent", "a list of entries")
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or set(e) != set(EQUIVALENT_KEYS):
            raise ConfigError(path, f"equivalent[{i}]", "exactly the keys " + ", ".join(EQUIVALENT_KEYS))
        if not all(isinstance(e[k], str) for k in EQUIVALENT_KEYS) or not e["reason"].strip():
            raise ConfigError(path, f"equivalent[{i}]", "string values and a non-empty reason")
    return entries


# --------------------------------------------------------------------------------------------- scratch project
def _glob(root: Path, patterns: list[str]) -> list[Path]:
    return sorted({p for pat in patterns for p in root.glob(pat) if p.is_file() and "__pycache__" not in p.parts})


# [tool.mutmut] keys the script sets per module; any other key in the checkout's table is kept.
OWN_KEYS = ("source_paths", "paths_to_mutate", "only_mutate", "pytest_add_cli_args_test_selection", "tests_dir",
            "also_copy", "use_git_change_detection")


def _pyproject(repo: Path, files: list[str], tests: list[str], copy: list[str]) -> str:
    """The checkout's pyproject.toml with its [tool.mutmut] table set up for this module."""
    text = (repo / "pyproject.toml").read_text("utf-8")
    table = tomllib.loads(text).get("tool", {}).get("mutmut", {})
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    table = {k: v for k, v in table.items() if k not in OWN_KEYS} | {
        "source_paths": ["src"],
        "only_mutate": files,
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": PYTEST_ARGS + list(table.get("pytest_add_cli_args", [])),
        "also_copy": copy,
        "use_git_change_detection": False,
    }
    return text.rstrip() + "\n\n[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in table.items())


def select(repo: Path, spec: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The module's files to mutate (relative to lib/) and its test files (relative to the checkout)."""
    files = [str(p.relative_to(repo / "lib")) for p in _glob(repo / "lib" / "cmp", spec["mutate"])]
    tests = [str(p.relative_to(repo)) for p in _glob(repo, spec["tests"])]
    if not files or not tests:
        missing = "files to mutate" if not files else "test files"
        raise FileNotFoundError(f"no {missing} match {spec['mutate'] if not files else spec['tests']} in {repo}")
    return files, tests


def prepare(repo: Path, work: Path, spec: dict[str, list[str]], copy: list[str]) -> tuple[list[str], list[str]]:
    """Build a fresh scratch project in `work`; returns the files to mutate and the test files (repo-relative)."""
    files, tests = select(repo, spec)
    if work.exists():
        shutil.rmtree(work)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
    shutil.copytree(repo / "lib", work / "src", ignore=ignore)
    shutil.copytree(repo / "tests", work / "tests", ignore=ignore)
    kept = []
    for folder in copy:
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, work / folder, ignore=ignore)
            kept.append(folder)
    (work / "pyproject.toml").write_text(_pyproject(repo, ["src/" + f for f in files], tests, kept), "utf-8")
    return ["lib/" + f for f in files], tests


# --------------------------------------------------------------------------------------------- running mutmut
def _mutmut() -> list[str]:
    exe = Path(sys.executable).with_name("mutmut")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from mutmut.__main__ import cli; cli()"]


def _env(work: Path) -> dict[str, str]:
    """The environment for mutmut: the mutated copy first on the path, so subprocesses of tests see it too."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CMP_HOME")}
    env.update(PYTHONPATH=str(work / "mutants" / "src"), MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    return env


def run_mutmut(work: Path, jobs: int, budget: float) -> tuple[float, bool, int]:
    """Run `mutmut run` in `work` for at most `budget` seconds; returns (seconds, stopped by budget, exit code)."""
    # The mutated copy's folder must exist when Python starts: a PYTHONPATH entry missing at start-up is cached as
    # absent, and the tests would silently import the installed (unmutated) cmp instead.
    (work / "mutants" / "src").mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    with (work / "mutmut.log").open("wb") as log:
        proc = subprocess.Popen(_mutmut() + ["run", "--max-children", str(jobs)], cwd=work, env=_env(work),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        stopped = False
        try:
            code = proc.wait(timeout=max(budget, 1))
        except subprocess.TimeoutExpired:
            stopped = True
            code = _stop(proc)
        except BaseException:  # Ctrl-C or SIGTERM (see main): mutmut runs in its own session, so stop it too
            _stop(proc)
            raise
    return time.monotonic() - t0, stopped, code


def _stop(proc: subprocess.Popen) -> int:
    """Stop mutmut and its workers (its process group), politely first."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return proc.wait()


def _tail(path: Path, lines: int = 15) -> str:
    text = path.read_text("utf-8", errors="replace") if path.exists() else ""
    text = re.sub(r"[^\n]*\r", "", text)  # drop the progress spinner's overwritten lines
    return "\n".join(text.strip().splitlines()[-lines:])


def read_results(work: Path) -> list[tuple[str, str]]:
    """(mutant name, status) for every mutant, from `mutmut results --all true`."""
    out = subprocess.run(_mutmut() + ["results", "--all", "true"], cwd=work, env=_env(work),
                         capture_output=True, text=True, check=True).stdout
    return [(m[1], m[2]) for m in re.finditer(r"^\s+(\S+__mutmut_\d+): (.+?)\s*$", out, re.M)]


# Prints {name: diff} for the names on stdin, in one process: `mutmut show` per mutant costs 0.6 s each.
_DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant
print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in json.load(sys.stdin)}))
"""


def read_diffs(work: Path, names: list[str]) -> dict[str, str]:
    """mutmut's diff of each mutant against the original function (`mutmut show` if its internals moved)."""
    if not names:
        return {}
    out = subprocess.run([sys.executable, "-c", _DIFFS], cwd=work, env=_env(work), input=json.dumps(names),
                         capture_output=True, text=True)
    if out.returncode == 0:
        return json.loads(out.stdout)
    shown = {}
    for name in names:
        text = subprocess.run(_mutmut() + ["show", name], cwd=work, env=_env(work), capture_output=True,
                              text=True).stdout
        shown[name] = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    return shown


# --------------------------------------------------------------------------------------------- locating
def split_name(name: str) -> tuple[str, str | None, str]:
    """('cmp.extract.numbers', class or None, function) from a mutant name like cmp.x.y.xǁCǁf__mutmut_3."""
    key = name.rpartition("__mutmut_")[0]
    module, _, func = key.rpartition(".")
    if func.startswith("xǁ"):
        _, cls, fn = func.split("ǁ", 2)
        return module, cls, fn
    return module, None, func[2:]


def _function_span(tree: ast.Module, cls: str | None, fn: str) -> tuple[int, int] | None:
    body = tree.body
    if cls:
        body = next((n.body for n in body if isinstance(n, ast.ClassDef) and n.name == cls), [])
    for n in body:
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == fn:
            start = min([n.lineno] + [d.lineno for d in n.decorator_list])
            return start, n.end_lineno or n.lineno
    return None


def _changed(diff: str) -> tuple[str, str, int | None]:
    """The removed and added lines (stripped) and the function-relative line of the first change."""
    removed, added, first, old = [], [], None, 0
    for line in diff.splitlines():
        if line.startswith(("---", "+++")):
            continue
        if m := re.match(r"@@ -(\d+)", line):
            old = int(m[1])
            continue
        if line.startswith("-"):
            removed.append(line[1:].strip())
            first = first or old
            old += 1
        elif line.startswith("+"):
            added.append(line[1:].strip())
            first = first or old
        else:
            old += 1
    return "\n".join(removed), "\n".join(added), first


def locate(mutant: Mutant, sources: dict[str, list[str]], trees: dict[str, ast.Module]) -> None:
    """Fill in the mutant's file, line, function and changed text from its diff and the original source."""
    module, cls, fn = split_name(mutant.name)
    mutant.function = f"{cls}.{fn}" if cls else fn
    rel = module.replace(".", "/")
    mutant.file = next((f for f in (f"lib/{rel}.py", f"lib/{rel}/__init__.py") if f in sources), f"lib/{rel}.py")
    mutant.removed, mutant.added, first = _changed(mutant.diff)
    span = _function_span(trees[mutant.file], cls, fn) if mutant.file in trees else None
    if not span:
        return
    start, end = span
    lines = sources[mutant.file]
    guess = start + (first or 1) - 1
    wanted = mutant.removed.split("\n")[0]
    if wanted and not (0 < guess <= len(lines) and lines[guess - 1].strip() == wanted):
        hits = [i for i in range(start, end + 1) if lines[i - 1].strip() == wanted]
        guess = min(hits, key=lambda i: abs(i - guess)) if hits else guess
    mutant.line = guess


def mark_equivalent(mutants: list[Mutant], entries: list[dict[str, str]], module: str) -> set[int]:
    """Set the reason on every mutant an entry matches; returns the indices of the entries that matched."""
    used = set()
    for m in mutants:
        if m.status in DETECTED:
            continue
        for i, e in enumerate(entries):
            if (e["module"], e["function"]) == (module, m.function) and \
                    (e["removed"].strip(), e["added"].strip()) == (m.removed, m.added):
                m.equivalent = e["reason"].strip()
                used.add(i)
                break
    return used


# --------------------------------------------------------------------------------------------- one module
def run_module(name: str, spec: dict[str, list[str]], copy: list[str], repo: Path, work: Path, jobs: int,
               budget: float, equivalents: list[dict[str, str]], rerun: bool = True) -> tuple[ModuleResult, set[int]]:
    """Prepare, mutate, test and collect one module (or, without `rerun`, read the last run's results from
    `work`); never raises for a failed run (the error is recorded)."""
    try:
        files, tests = prepare(repo, work, spec, copy) if rerun else select(repo, spec)
    except FileNotFoundError as exc:
        return ModuleResult(name, [], [], error=str(exc)), set()
    files = ["lib/" + f for f in files] if not rerun else files
    result = ModuleResult(name, files, tests)
    code = 0
    if rerun:
        print(f"[{name}] mutating {', '.join(files)} against {', '.join(tests)} …", flush=True)
        result.seconds, result.stopped_by_budget, code = run_mutmut(work, jobs, budget)
    statuses = read_results(work) if (work / "mutants").is_dir() else []
    if (code != 0 and not result.stopped_by_budget) or not statuses:
        result.error = f"mutmut exited with {code}; last lines of {work / 'mutmut.log'}:\n{_tail(work / 'mutmut.log')}"
    result.mutants = [Mutant(n, s, name) for n, s in statuses]
    sources = {f: (repo / f).read_text("utf-8").splitlines() for f in files}
    trees = {f: ast.parse("\n".join(lines)) for f, lines in sources.items()}
    undetected = [m for m in result.mutants if m.status not in DETECTED + ("not checked",)]
    diffs = read_diffs(work, [m.name for m in undetected])
    for m in undetected:
        m.diff = diffs.get(m.name, "")
        locate(m, sources, trees)
    return result, mark_equivalent(result.mutants, equivalents, name)


# --------------------------------------------------------------------------------------------- report
COLUMNS = ("killed", "survived", "no tests", "timeout", "not checked", "equivalent")


def print_report(results: list[ModuleResult], show_diff: bool) -> None:
    """The per-module table, then each module's undetected mutants with file:line and the change."""
    print()
    print(f"{'module':<10} {'mutants':>7} " + " ".join(f"{c:>11}" for c in COLUMNS) + f" {'other':>6} "
          f"{'score':>7} {'time':>7}")
    for r in results:
        c = r.counts()
        other = sum(c.values()) - sum(c[k] for k in COLUMNS)
        score = r.score()
        cells = " ".join(f"{c[k]:>11}" for k in COLUMNS)
        note = " (budget spent: partial)" if r.stopped_by_budget else ""
        print(f"{r.module:<10} {len(r.mutants):>7} {cells} {other:>6} "
              f"{'' if score is None else f'{score:.1%}':>7} {r.seconds:>6.0f}s{note}")
    for r in results:
        if r.error:
            print(f"\n[{r.module}] ERROR: {r.error}")
        left = [m for m in r.mutants if m.status not in DETECTED + ("not checked",) and not m.equivalent]
        if not left:
            continue
        print(f"\n=== {r.module}: {len(left)} mutants not killed (tests: {', '.join(r.tests)})")
        for m in sorted(left, key=lambda m: (m.file, m.line, m.name)):
            print(f"{m.file}:{m.line}: {m.status}: {m.function}  [{m.name.rpartition('.')[2]}]")
            if show_diff:
                print("\n".join("    " + line for line in m.diff.splitlines()[2:]))
            else:
                for old in filter(None, m.removed.split("\n")):
                    print(f"    - {old}")
                for new in filter(None, m.added.split("\n")):
                    print(f"    + {new}")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the chosen modules within the time budget, print and save the report."""
    modules, copy = load_config()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--module", action="append", choices=sorted(modules), help="run only this module (repeatable)")
    p.add_argument("--repo", type=Path, default=HERE.parent, help="checkout whose lib/ and tests/ are used")
    p.add_argument("--work-dir", type=Path, default=HERE.parent / "mutants",
                   help="scratch folder, one project per module (default: mutants/ in this checkout)")
    p.add_argument("--budget", type=float, default=3600, help="total seconds for all modules (default 3600)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel mutant runs (default: cores)")
    p.add_argument("--full-diff", action="store_true", help="print mutmut's whole diff for each survivor")
    p.add_argument("--no-run", action="store_true",
                   help="only report the last run kept in --work-dir (e.g. after editing equivalent_mutants.yaml)")
    p.add_argument("--json", type=Path, default=None, help="results file (default: <work-dir>/results.json)")
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # an outer `timeout` also stops mutmut (run_mutmut)
    repo = args.repo.resolve()
    if not (repo / "lib" / "cmp").is_dir() or not (repo / "pyproject.toml").is_file():
        p.error(f"{repo} is not a cmp checkout (no lib/cmp or pyproject.toml)")
    equivalents = load_equivalents()
    deadline = time.monotonic() + args.budget
    results, used = [], set()
    for name in args.module or list(modules):
        left = deadline - time.monotonic()
        if left <= 5:
            results.append(ModuleResult(name, [], [], error="not run: time budget spent"))
            continue
        result, matched = run_module(name, modules[name], copy, repo, args.work_dir.resolve() / name, args.jobs,
                                     left, equivalents, rerun=not args.no_run)
        results.append(result)
        used |= matched
    print_report(results, args.full_diff)
    ran = {r.module for r in results if r.mutants}
    stale = [e for i, e in enumerate(equivalents) if i not in used and e["module"] in ran]
    for e in stale:
        print(f"\nnote: {EQUIVALENT.name}: no mutant matches the entry for {e['module']}.{e['function']} "
              f"({e['removed']!r} → {e['added']!r}); the code changed: delete or update it")
    out = args.json or args.work_dir / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"repo": str(repo), "modules": [
        {**asdict(r), "score": r.score(), "counts": dict(r.counts())} for r in results]},
        ensure_ascii=False, indent=1), "utf-8")
    print(f"\nresults: {out}; scratch projects (for `mutmut browse`): {args.work_dir}/<module>/")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
