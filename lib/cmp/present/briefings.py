"""Running briefings: params/*.yaml -> papermill in its own process under an outer timeout -> offline HTML."""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import paths, yamlio
from ..errors import CmpError
from ..model import outputs
from .html import render_html, write_index

NOTEBOOKS = ("overview", "compare", "profile", "quality")
BRIEFING_KEYS = {"notebook", "parameters", "output", "title", "description"}
DEFAULT_TIMEOUT = 900.0  # seconds for one briefing, end to end
CELL_TIMEOUT = 600  # seconds for one notebook cell
WORK_PREFIX = "cmp-report-"  # the run's temporary folder: cmp-report-<pid>-xxxx in the system's temp folder


# ================================================================ 3. running briefings


@dataclass(frozen=True)
class Briefing:
    """One params/*.yaml: which notebook to run, with which parameters, written to which output name."""

    name: str
    path: Path
    notebook: Path
    output: str
    title: str
    parameters: dict = field(default_factory=dict)
    declared: tuple[str, ...] = ()  # the parameter names the notebook declares


def notebooks_dir(root: str | Path | None = None) -> Path:
    """The project's notebooks/ folder (of `root`, else of the project holding the working directory)."""
    return paths.project_root(root) / "notebooks"


def list_briefings(params_dir: str | Path) -> list[str]:
    """Briefing names: the stems of the YAML files in `params_dir`, sorted."""
    folder = Path(params_dir)
    if not folder.is_dir():
        raise CmpError("briefing folder not found; expected a folder of YAML files", path=str(folder))
    return sorted(p.stem for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def _briefing_path(params_dir: Path, name: str) -> Path:
    for ext in (".yaml", ".yml"):
        if (params_dir / f"{name}{ext}").is_file():
            return params_dir / f"{name}{ext}"
    raise CmpError(f"no briefing file {name}.yaml", path=str(params_dir))


def _json_problem(value: object, where: str) -> str | None:
    """Why a parameter value cannot be passed to a notebook (papermill sends JSON), or None when it can."""
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} is {value!r}; expected a finite number"
    if isinstance(value, list):
        return next((p for i, v in enumerate(value) if (p := _json_problem(v, f"{where}[{i}]"))), None)
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                return f"{where} has the key {k!r}; keys must be text"
            if p := _json_problem(v, f"{where}.{k}"):
                return p
        return None
    kind = "a date" if isinstance(value, (dt.date, dt.datetime)) else f"a {type(value).__name__}"
    return f"{where} is {kind} ({value}); expected text, a number, true/false or a list (quote dates: '2025-01-01')"


def _folder_inside(value: str, base: Path, roots: Sequence[Path]) -> bool:
    """Whether a folder named in a params file (relative ones from `base`, the notebook's working folder) lies
    inside one of `roots` once resolved (symlinks followed)."""
    try:
        real = (base / value).resolve()  # an absolute value replaces base
    except (OSError, ValueError):
        return False
    return any(real.is_relative_to(r.resolve()) for r in roots)


def load_briefing(path: str | Path, root: str | Path | None = None) -> Briefing:
    """Read and check one briefing YAML: known keys, a notebook of notebooks/, parameters the notebook declares.

    The notebook is a plain file name in the notebooks/ of the project `root` (default: the one holding the working
    directory); parameter values must be JSON data; a folder parameter (`*_dir`) must lie inside the project or the
    folder that holds the params folder.
    """
    path = Path(path)
    root = paths.project_root(root)
    data = yamlio.load_file(path)
    if not isinstance(data, dict):
        raise CmpError("expected a mapping with keys notebook, parameters, output", path=str(path))
    extra = sorted(set(map(str, data)) - BRIEFING_KEYS)
    if extra:
        raise CmpError(f"unknown key(s) {', '.join(extra)}; valid keys: {', '.join(sorted(BRIEFING_KEYS))}",
                       path=str(path))
    nb_name = data.get("notebook")
    choices = ", ".join(n + ".ipynb" for n in NOTEBOOKS)
    if not isinstance(nb_name, str) or not nb_name:
        raise CmpError(f"key 'notebook' missing; expected one of: {choices}", path=str(path))
    folder = notebooks_dir(root)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.ipynb", nb_name):
        raise CmpError(f"notebook {nb_name!r} must be the file name of a notebook in {folder} (no folder, no "
                       f"path); expected one of: {choices}", path=str(path))
    nb = folder / nb_name
    if not nb.is_file() or not nb.resolve().is_relative_to(folder.resolve()):
        raise CmpError(f"notebook {nb_name!r} not found in {folder}; expected one of: {choices}", path=str(path))
    params = data.get("parameters") or {}
    if not isinstance(params, dict):
        raise CmpError("key 'parameters' must be a mapping of parameter names to values", path=str(path))
    declared = notebook_parameters(nb)
    unknown = sorted(set(map(str, params)) - set(declared))
    if unknown:
        raise CmpError(f"unknown parameter(s) {', '.join(unknown)} for {nb.name}; it takes: {', '.join(declared)}",
                       path=str(path))
    for key, value in params.items():
        if problem := _json_problem(value, f"parameter {key}"):
            raise CmpError(problem, path=str(path))
        roots = [root, path.resolve().parent.parent]
        if key.endswith("_dir") and isinstance(value, str) and value and not _folder_inside(value, folder, roots):
            raise CmpError(f"parameter {key}: folder {value!r} is outside the project ({roots[0]}); a params file "
                           "may name folders inside it only (give other folders on the command line)", path=str(path))
    output = str(data.get("output") or path.stem)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", output):
        raise CmpError(f"output name {output!r} may hold only letters, digits, '.', '_' and '-'", path=str(path))
    return Briefing(name=path.stem, path=path, notebook=nb, output=output, title=str(data.get("title") or output),
                    parameters=params, declared=tuple(declared))


def notebook_parameters(notebook: str | Path) -> list[str]:
    """The parameter names declared in a notebook's `parameters` cell."""
    import papermill

    return list(papermill.inspect_notebook(str(notebook)))


def _cell_name(nb_path: Path, exec_count: int | None) -> str:
    """'cell 3 [validate]' for the cell that ran as In [exec_count] in a (failed) executed notebook."""
    try:
        import nbformat

        code = [c for c in nbformat.read(str(nb_path), as_version=4).cells if c.cell_type == "code"]
        for i, cell in enumerate(code, start=1):
            if cell.get("execution_count") == exec_count:
                tags = [t for t in cell.get("metadata", {}).get("tags", []) if t]
                return f"code cell {i}" + (f" [{', '.join(tags)}]" if tags else "")
    except Exception:  # naming the cell is best effort; the error itself is reported anyway
        pass
    return "a cell"


def check_timeout(value: object, what: str = "--timeout") -> float:
    """A time limit in seconds: a positive finite number (0, negative, nan, inf and text are refused)."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise CmpError(f"{what} is {value!r}; expected a positive number of seconds (e.g. 900)")
    return seconds


def _keep_failed(tmp: Path, failed_path: Path) -> str:
    """Keep a failed run's executed notebook as `failed_path` if it is whole; returns its path or ''.

    A notebook cut short (a full disk while papermill wrote it) is deleted rather than kept looking complete.
    """
    import nbformat

    try:
        nbformat.read(str(tmp), as_version=4)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, outputs.umask_mode())
        os.replace(tmp, failed_path)
    except Exception:  # unreadable, truncated or unwritable: nothing trustworthy to keep
        tmp.unlink(missing_ok=True)
        return ""
    return str(failed_path)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def execute_briefing(briefing: Briefing, out_dir: str | Path, cell_timeout: int = CELL_TIMEOUT) -> dict:
    """Run one briefing with papermill and write `<output>.ipynb` and `<output>.html` atomically.

    Returns {ok, html, notebook, error}. On failure the executed notebook is kept as `<output>.failed.ipynb`
    (only if it is a whole notebook) and no HTML is written (an older HTML, if any, is left as it was).
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html_path, nb_path = out / f"{briefing.output}.html", out / f"{briefing.output}.ipynb"
    failed_path = out / f"{briefing.output}.failed.ipynb"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{briefing.output}.", suffix=".ipynb", dir=out)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            papermill.execute_notebook(
                str(briefing.notebook), str(tmp), parameters=briefing.parameters, kernel_name="python3",
                cwd=str(briefing.notebook.parent), progress_bar=False, log_output=False,
                execution_timeout=cell_timeout,
            )
        except PapermillExecutionError as exc:
            where = _cell_name(tmp, exc.exec_count)
            evalue = _first_line(Exception(exc.evalue))
            return {"ok": False, "notebook": _keep_failed(tmp, failed_path), "html": "",
                    "error": f"{where} (In [{exc.exec_count}]): {exc.ename}: {evalue}"}
        except OSError as exc:  # a full disk while papermill wrote the notebook
            return {"ok": False, "notebook": _keep_failed(tmp, failed_path), "html": "",
                    "error": str(outputs.write_error(exc, tmp.with_name(nb_path.name)))}
        except Exception as exc:  # a kernel that dies or a timeout: report it, keep the record
            return {"ok": False, "notebook": _keep_failed(tmp, failed_path), "html": "",
                    "error": f"{type(exc).__name__}: {_first_line(exc)}"}
        nb = nbformat.read(str(tmp), as_version=4)
        outputs.atomic_write(html_path, render_html(nb, briefing.title))
        outputs.atomic_write(nb_path, tmp.read_bytes())
        failed_path.unlink(missing_ok=True)
        return {"ok": True, "notebook": str(nb_path), "html": str(html_path), "error": ""}
    except CmpError as exc:
        return {"ok": False, "notebook": "", "html": "", "error": str(exc)}
    finally:
        tmp.unlink(missing_ok=True)


def _child_env(work: Path) -> dict[str, str]:
    """A briefing process's environment: its temporary files and kernel connection files (HMAC keys) in `work`."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # Agg here would make plt.show() draw nothing in the kernel
    for var in ("TMPDIR", "JUPYTER_RUNTIME_DIR"):
        env[var] = str(work)
    return env


def _kill(proc: subprocess.Popen) -> None:
    """End a briefing's process group (it was started in its own session): TERM, then KILL."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _kill_strays(marker: Path) -> None:
    """Kill processes whose command line names a file inside the folder `marker` (a kernel started in its own
    session by the runner). Matched up to the path separator, so `…/beds` never matches `…/beds-zh/…`."""
    needle = (str(marker).rstrip(os.sep) + os.sep).encode()
    me = os.getpid()
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            pid = int(proc_dir.name)
            if pid != me and needle in (proc_dir / "cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            continue


def _output_name(briefing_file: Path) -> str:
    """The output name a briefing file asks for (its stem when the file cannot be read)."""
    try:
        data = yamlio.load_file(briefing_file)
    except CmpError:
        return briefing_file.stem
    return str(data.get("output") or briefing_file.stem) if isinstance(data, dict) else briefing_file.stem


def _remove_temporaries(out: Path, output: str | None = None) -> None:
    """Delete hidden temporary notebooks and pages in `out` (of one output, or all; caller holds the lock)."""
    pattern = f".{glob.escape(output)}.*" if output else ".*"
    for tmp in out.glob(pattern):
        if tmp.is_file() and tmp.suffix in (".ipynb", ".tmp"):
            tmp.unlink(missing_ok=True)


def _remove_stale_workdirs() -> None:
    """Delete `cmp-report-<pid>-*` folders whose run has ended without cleaning up (killed with SIGKILL)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*"):
        m = re.match(rf"{WORK_PREFIX}(\d+)-", folder.name)
        if not m or not folder.is_dir() or folder.is_symlink() or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
            continue  # that run is still going
        except ProcessLookupError:
            _kill_strays(folder)
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue


def _log_tail(path: Path, n: int = 3) -> str:
    try:
        lines = [x for x in path.read_text(encoding="utf-8", errors="replace").splitlines() if x.strip()]
    except OSError:
        return ""
    return " | ".join(lines[-n:])


def _read_result(result_file: Path, proc: subprocess.Popen, log_file: Path) -> dict:
    try:
        res = json.loads(result_file.read_text(encoding="utf-8"))
        if isinstance(res, dict) and {"ok", "error"} <= set(res):
            return res
    except (OSError, ValueError):
        pass
    return {"ok": False, "error": f"runner exited with code {proc.returncode}: {_log_tail(log_file)}"}


def run_reports(names: Sequence[str] | None = None, *, params_dir: str | Path | None = None,
                out_dir: str | Path | None = None, jobs: int | None = None, timeout: float | None = None,
                figures_dir: str | Path | None = None, project: str | Path | None = None) -> int:
    """Render briefings (all in `params_dir` when `names` is empty) to HTML in `out_dir`; 0 if all succeeded.

    Each briefing runs in its own process group (`python -m cmp.present.briefings`), `jobs` at a time (default:
    the machine's cores), under an outer `timeout` in seconds (default 900). `figures_dir` is passed to the
    notebooks that take it. `project` is the project root (default: the one holding the working directory); each
    briefing process gets it as --project and runs its notebook in the project's notebooks/ folder. A failure is
    reported with its cell and error and the others go on; exit 1 if any failed. The run holds a lock on `out_dir`;
    an interruption (KeyboardInterrupt, which the CLI also raises on SIGTERM) stops every briefing process and kernel
    and removes every temporary file before it propagates.
    """
    root = paths.project_root(project)
    params = Path(params_dir) if params_dir else root / "params"
    out = Path(out_dir) if out_dir else root / "reports"
    available = list_briefings(params)
    if not available:
        raise CmpError("no briefings found; expected YAML files (one per briefing)", path=str(params))
    wanted = list(dict.fromkeys(names or available))
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise CmpError(f"unknown briefing(s) {', '.join(unknown)}; valid names: {', '.join(available)}",
                       path=str(params))
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    timeout = DEFAULT_TIMEOUT if timeout is None else check_timeout(timeout, "timeout")
    figures = str(Path(figures_dir).resolve()) if figures_dir else ""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise outputs.write_error(exc, out) from None
    with outputs.locked(out, busy="refuse"):  # a run can take minutes: say so rather than wait
        _remove_temporaries(out)
        _remove_stale_workdirs()
        code, rendered = _run_locked(wanted, params, out, jobs, timeout, figures, root)
        if rendered:  # a run that rendered nothing leaves reports/ exactly as it was
            print(f"index: {write_index(out, params)}", flush=True)
        return code


def _run_locked(wanted: list[str], params: Path, out: Path, jobs: int, timeout: float,
                figures: str, root: Path) -> tuple[int, int]:
    """Run the briefings: (exit code, number of pages rendered)."""
    total, width = len(wanted), len(str(len(wanted)))
    print(f"rendering {total} briefing(s) into {out} ({min(jobs, total)} at a time, {timeout:g} s limit each)",
          flush=True)
    results: dict[str, dict] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{os.getpid()}-") as work_name:
        work = Path(work_name)
        pending, running = list(wanted), {}
        try:
            while pending or running:
                while pending and len(running) < jobs:
                    name = pending.pop(0)
                    own = work / name
                    own.mkdir()
                    result_file, log_file = own / "result.json", own / "log.txt"
                    log = open(log_file, "w", encoding="utf-8")  # closed when the process ends
                    briefing_file = _briefing_path(params, name)
                    cmd = [sys.executable, "-m", "cmp.present.briefings", "--run-one", str(briefing_file),
                           "--out-dir", str(out), "--result", str(result_file), "--figures-dir", figures,
                           "--project", str(root)]
                    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env=_child_env(own), start_new_session=True)
                    running[name] = (proc, time.monotonic(), log, result_file, log_file, own, briefing_file)
                    print(f"{'':>{2 * width + 3}} started  {name}", flush=True)
                time.sleep(0.2)
                for name, (proc, t0, log, result_file, log_file, own, bfile) in list(running.items()):
                    elapsed = time.monotonic() - t0
                    if proc.poll() is None and elapsed <= timeout:
                        continue
                    if proc.poll() is None:
                        _kill(proc)
                        _kill_strays(own)
                        _remove_temporaries(out, _output_name(bfile))
                        res = {"ok": False, "error": f"timed out after {timeout:g} s (outer limit); stopped"}
                    else:
                        _kill_strays(own)  # a kernel left by a runner that died
                        res = _read_result(result_file, proc, log_file)
                    log.close()
                    del running[name]
                    res["seconds"] = elapsed
                    results[name] = res
                    status = "ok    " if res["ok"] else "FAILED"
                    detail = res.get("html", "") if res["ok"] else res["error"]
                    print(f"[{len(results):>{width}}/{total}] {status}   {name} ({elapsed:.1f} s) {detail}", flush=True)
        finally:
            for proc, _t0, log, _r, _l, own, bfile in running.values():
                _kill(proc)
                _kill_strays(own)
                log.close()
                _remove_temporaries(out, _output_name(bfile))
    failed = {n: r for n, r in results.items() if not r["ok"]}
    print(f"\n{total - len(failed)} of {total} briefing(s) rendered in {time.monotonic() - started:.1f} s", flush=True)
    if failed:
        print(f"{len(failed)} failed:", file=sys.stderr)
        for name, res in failed.items():
            kept = f" (executed notebook kept: {res['notebook']})" if res.get("notebook") else ""
            print(f"  {name}: {res['error']}{kept}", file=sys.stderr)
        return 1, total - len(failed)
    return 0, total


def _raise_interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _child_main(argv: Sequence[str] | None = None) -> int:
    """Entry of one briefing's process: run it and write the result as JSON (used by run_reports)."""
    p = argparse.ArgumentParser(prog="python -m cmp.present.briefings")
    p.add_argument("--run-one", required=True, help="briefing YAML file")
    p.add_argument("--out-dir", required=True)
    p.add_argument("--result", required=True, help="where the JSON result goes")
    p.add_argument("--cell-timeout", type=int, default=CELL_TIMEOUT)
    p.add_argument("--figures-dir", default="", help="charts folder, passed to notebooks that take figures_dir")
    p.add_argument("--project", default=None, help="the project root (default: the one holding the working folder)")
    args = p.parse_args(argv)
    # SIGTERM from the runner unwinds like Ctrl-C, so papermill shuts its kernel down and temporaries go
    signal.signal(signal.SIGTERM, _raise_interrupt)
    # papermill -> nbformat -> jsonschema imports the optional rfc3987_syntax, which builds a Lark grammar at import
    # (~2 s per briefing); notebooks never use the IRI formats it checks, so this process goes without it
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    try:
        briefing = load_briefing(args.run_one, args.project)
        if args.figures_dir and "figures_dir" in briefing.declared:
            briefing = replace(briefing, parameters={**briefing.parameters, "figures_dir": args.figures_dir})
        res = execute_briefing(briefing, args.out_dir, args.cell_timeout)
    except CmpError as exc:
        res = {"ok": False, "html": "", "notebook": "", "error": str(exc)}
    try:
        outputs.atomic_write(Path(args.result), json.dumps(res, ensure_ascii=False))
    except CmpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(_child_main())
