"""Running briefings: params/*.yaml -> papermill in its own process under an outer timeout -> offline HTML."""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths
from ..errors import CmpError
from .html import render_html

NOTEBOOKS = ("overview", "compare", "profile", "quality")
BRIEFING_KEYS = {"notebook", "parameters", "output", "title", "description"}
DEFAULT_TIMEOUT = 900.0  # seconds for one briefing, end to end
CELL_TIMEOUT = 600  # seconds for one notebook cell


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


def notebooks_dir() -> Path:
    """The project's notebooks/ folder."""
    return paths.project_root() / "notebooks"


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


def load_briefing(path: str | Path) -> Briefing:
    """Read and check one briefing YAML: known keys, an existing notebook, parameters the notebook declares."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CmpError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=str(path),
                       line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise CmpError("expected a mapping with keys notebook, parameters, output", path=str(path))
    extra = sorted(set(data) - BRIEFING_KEYS)
    if extra:
        raise CmpError(f"unknown key(s) {', '.join(extra)}; valid keys: {', '.join(sorted(BRIEFING_KEYS))}",
                       path=str(path))
    nb_name = data.get("notebook")
    if not isinstance(nb_name, str) or not nb_name:
        raise CmpError(f"key 'notebook' missing; expected one of: {', '.join(n + '.ipynb' for n in NOTEBOOKS)}",
                       path=str(path))
    nb = Path(nb_name) if Path(nb_name).is_absolute() else notebooks_dir() / nb_name
    if not nb.is_file():
        raise CmpError(f"notebook {nb_name!r} not found in {notebooks_dir()}", path=str(path))
    params = data.get("parameters") or {}
    if not isinstance(params, dict):
        raise CmpError("key 'parameters' must be a mapping of parameter names to values", path=str(path))
    declared = notebook_parameters(nb)
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise CmpError(f"unknown parameter(s) {', '.join(unknown)} for {nb.name}; it takes: {', '.join(declared)}",
                       path=str(path))
    output = str(data.get("output") or path.stem)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", output):
        raise CmpError(f"output name {output!r} may hold only letters, digits, '.', '_' and '-'", path=str(path))
    return Briefing(name=path.stem, path=path, notebook=nb, output=output, title=str(data.get("title") or output),
                    parameters=params)


def notebook_parameters(notebook: str | Path) -> list[str]:
    """The parameter names declared in a notebook's `parameters` cell."""
    import papermill

    return list(papermill.inspect_notebook(str(notebook)))


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, _umask_mode())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cell_name(nb_path: Path, exec_count: int | None) -> str:
    """'cell 3 [validate]' for the cell that ran as In [exec_count] in a (failed) executed notebook."""
    try:
        import nbformat

        code = [c for c in nbformat.read(str(nb_path), as_version=4).cells if c.cell_type == "code"]
        for i, cell in enumerate(code, start=1):
            if cell.get("execution_count") == exec_count:
                tags = [t for t in cell.get("metadata", {}).get("tags", []) if t]
                return f"code cell {i}" + (f" [{', '.join(tags)}]" if tags else "")
    except Exception:  # noqa: BLE001 - naming the cell is best effort; the error itself is reported anyway
        pass
    return "a cell"


def execute_briefing(briefing: Briefing, out_dir: str | Path, cell_timeout: int = CELL_TIMEOUT) -> dict:
    """Run one briefing with papermill and write `<output>.ipynb` and `<output>.html` atomically.

    Returns {ok, html, notebook, error}. On failure the executed notebook is kept as `<output>.failed.ipynb`
    and no HTML is written (an older HTML, if any, is left as it was).
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
            os.chmod(tmp, _umask_mode())
            os.replace(tmp, failed_path)
            evalue = str(exc.evalue).strip().splitlines()[0] if str(exc.evalue).strip() else ""
            return {"ok": False, "notebook": str(failed_path), "html": "",
                    "error": f"{where} (In [{exc.exec_count}]): {exc.ename}: {evalue}"}
        except Exception as exc:  # noqa: BLE001 - a kernel that dies or a timeout: report it, keep the record
            if tmp.is_file() and tmp.stat().st_size:
                os.replace(tmp, failed_path)
            return {"ok": False, "notebook": str(failed_path) if failed_path.is_file() else "", "html": "",
                    "error": f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"}
        nb = nbformat.read(str(tmp), as_version=4)
        _atomic_write_text(html_path, render_html(nb, briefing.title))
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, nb_path)
        failed_path.unlink(missing_ok=True)
        return {"ok": True, "notebook": str(nb_path), "html": str(html_path), "error": ""}
    finally:
        tmp.unlink(missing_ok=True)


def _child_env(figures_dir: str | Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # Agg here would make plt.show() draw nothing in the kernel
    if figures_dir:
        env["CMP_FIGURES_DIR"] = str(Path(figures_dir).resolve())
    return env


def _kill(proc: subprocess.Popen) -> None:
    """End a briefing's process group (it was started in its own session): TERM, then KILL."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _remove_temporaries(out: Path, briefing_file: Path) -> None:
    """Delete the hidden temporary files a stopped briefing may have left in `out`."""
    try:
        data = yaml.safe_load(briefing_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return
    output = str(data.get("output") or briefing_file.stem) if isinstance(data, dict) else briefing_file.stem
    for tmp in out.glob(f".{glob.escape(output)}.*"):
        tmp.unlink(missing_ok=True)


def _log_tail(path: Path, n: int = 3) -> str:
    try:
        lines = [x for x in path.read_text(encoding="utf-8", errors="replace").splitlines() if x.strip()]
    except OSError:
        return ""
    return " | ".join(lines[-n:])


def run_reports(names: Sequence[str] | None = None, *, params_dir: str | Path | None = None,
                out_dir: str | Path | None = None, jobs: int | None = None, timeout: float | None = None,
                figures_dir: str | Path | None = None) -> int:
    """Render briefings (all in `params_dir` when `names` is empty) to HTML in `out_dir`; 0 if all succeeded.

    Each briefing runs in its own process (`python -m cmp.present.briefings`), `jobs` at a time (default: the
    machine's cores), under an outer `timeout` in seconds (default $CMP_REPORT_TIMEOUT or 900). A failure is
    reported with its cell and error and the others go on; the summary lists every failure; exit 1 if any failed.
    """
    params = Path(params_dir) if params_dir else paths.project_root() / "params"
    out = Path(out_dir) if out_dir else paths.project_root() / "reports"
    available = list_briefings(params)
    if not available:
        raise CmpError("no briefings found; expected YAML files (one per briefing)", path=str(params))
    wanted = list(dict.fromkeys(names or available))
    unknown = [n for n in wanted if n not in available]
    if unknown:
        raise CmpError(f"unknown briefing(s) {', '.join(unknown)}; valid names: {', '.join(available)}",
                       path=str(params))
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    timeout = float(timeout or os.environ.get("CMP_REPORT_TIMEOUT") or DEFAULT_TIMEOUT)
    out.mkdir(parents=True, exist_ok=True)
    total, width = len(wanted), len(str(len(wanted)))
    print(f"rendering {total} briefing(s) into {out} ({min(jobs, total)} at a time, {timeout:.0f} s limit each)",
          flush=True)
    results: dict[str, dict] = {}
    env = _child_env(figures_dir)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cmp-report-") as work:
        pending, running = list(wanted), {}
        try:
            while pending or running:
                while pending and len(running) < jobs:
                    name = pending.pop(0)
                    result_file, log_file = Path(work) / f"{name}.json", Path(work) / f"{name}.log"
                    log = open(log_file, "w", encoding="utf-8")  # noqa: SIM115 - closed when the process ends
                    cmd = [sys.executable, "-m", "cmp.present.briefings", "--run-one",
                           str(_briefing_path(params, name)), "--out-dir", str(out), "--result", str(result_file)]
                    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env=env, start_new_session=True)
                    running[name] = (proc, time.monotonic(), log, result_file, log_file)
                    print(f"{'':>{2 * width + 3}} started  {name}", flush=True)
                time.sleep(0.2)
                for name, (proc, t0, log, result_file, log_file) in list(running.items()):
                    elapsed = time.monotonic() - t0
                    if proc.poll() is None and elapsed <= timeout:
                        continue
                    if proc.poll() is None:
                        _kill(proc)
                        _remove_temporaries(out, _briefing_path(params, name))
                        res = {"ok": False, "error": f"timed out after {timeout:.0f} s (outer limit); stopped"}
                    elif result_file.is_file():
                        res = json.loads(result_file.read_text(encoding="utf-8"))
                    else:
                        res = {"ok": False, "error": f"runner exited with code {proc.returncode}: "
                                                     f"{_log_tail(log_file)}"}
                    log.close()
                    del running[name]
                    res["seconds"] = elapsed
                    results[name] = res
                    status = "ok    " if res["ok"] else "FAILED"
                    detail = res.get("html", "") if res["ok"] else res["error"]
                    print(f"[{len(results):>{width}}/{total}] {status}   {name} ({elapsed:.1f} s) {detail}", flush=True)
        finally:
            for proc, *_rest in running.values():
                _kill(proc)
    failed = {n: r for n, r in results.items() if not r["ok"]}
    print(f"\n{total - len(failed)} of {total} briefing(s) rendered in {time.monotonic() - started:.1f} s", flush=True)
    if failed:
        print(f"{len(failed)} failed:", file=sys.stderr)
        for name, res in failed.items():
            kept = f" (executed notebook kept: {res['notebook']})" if res.get("notebook") else ""
            print(f"  {name}: {res['error']}{kept}", file=sys.stderr)
        return 1
    return 0


def _child_main(argv: Sequence[str] | None = None) -> int:
    """Entry of one briefing's process: run it and write the result as JSON (used by run_reports)."""
    p = argparse.ArgumentParser(prog="python -m cmp.present.briefings")
    p.add_argument("--run-one", required=True, help="briefing YAML file")
    p.add_argument("--out-dir", required=True)
    p.add_argument("--result", required=True, help="where the JSON result goes")
    p.add_argument("--cell-timeout", type=int, default=CELL_TIMEOUT)
    args = p.parse_args(argv)
    # papermill -> nbformat -> jsonschema imports the optional rfc3987_syntax, which builds a Lark grammar at import
    # (~2 s per briefing); notebooks never use the IRI formats it checks, so this process goes without it
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    try:
        res = execute_briefing(load_briefing(args.run_one), args.out_dir, args.cell_timeout)
    except CmpError as exc:
        res = {"ok": False, "html": "", "notebook": "", "error": str(exc)}
    Path(args.result).write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(_child_main())

