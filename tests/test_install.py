"""End to end as a researcher would: a non-editable install in a fresh virtual environment, then
`cmp init` → `cmp add` → `cmp build` → `cmp report` in a new folder, run from other working directories.

The fresh environment sees the test environment's dependencies (a .pth file), but cmp itself comes only from the
wheel built here: notebooks, templates, vocabularies and the codebook must travel inside it.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from . import docmaker
from .conftest import ROOT

pytestmark = pytest.mark.slow
SHIPPED = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def _run(args: list[str], cwd: Path, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_wheel_install_init_add_build_report(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CMP_HOME", "CMP_FIGURES_DIR")}
    src = tmp_path / "src"
    src.mkdir()
    for name in SHIPPED:
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "lib", src / "lib", ignore=ignore)
    shutil.copytree(ROOT / "notebooks", src / "notebooks", ignore=ignore)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(tmp_path / "dist"), str(src)], tmp_path, env)
    (wheel,) = (tmp_path / "dist").glob("cmp-*.whl")

    venv = tmp_path / "venv"
    _run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    py = venv / "bin" / "python"
    purelib = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        tmp_path, env).stdout.strip())
    # the dependencies of the test environment, after the venv's own site-packages (so cmp comes from the wheel)
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "zz_test_deps.pth").write_text("\n".join(deps) + "\n", "utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)],
         tmp_path, env)
    where = _run([str(py), "-c", "import cmp; print(cmp.__file__)"], tmp_path, env).stdout.strip()
    assert Path(where).is_relative_to(purelib), where
    shipped = Path(where).parent
    for rel in ("_notebooks/compare.ipynb", "templates/cmp/page.html.j2", "model/codebook.yaml",
                "extract/table_vocab.yaml", "ingest/guess_vocab.yaml", "skeleton/manifest.yaml"):
        assert (shipped / rel).is_file(), rel

    cmp_bin = str(venv / "bin" / "cmp")
    work = tmp_path / "work"
    work.mkdir()
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # data files of the borrowed dependencies (nbconvert's base templates) live under the test env's prefix
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    _run([cmp_bin, "init", "study"], work, env)
    proj = work / "study"
    docs = tmp_path / "downloads"
    page = docmaker.write(docs / "qingchuan.html", docmaker.html_page())
    pdf = docmaker.write(docs / "wutong.pdf", docmaker.pdf_file())
    # from a folder inside the project, and from outside it with --project
    _run([cmp_bin, "add", str(page), "--jurisdiction", "qingchuan"], proj / "params", env)
    _run([cmp_bin, "--project", str(proj), "add", str(pdf), "--jurisdiction", "wutong", "--name-zh", "梧桐区"],
         work, env)
    _run([cmp_bin, "--project", str(proj), "build"], work, env)
    csv = (proj / "data" / "tidy" / "indicators.csv").read_text("utf-8")
    assert "qingchuan-t-" in csv and "wutong-t-" in csv and "表 1, row 5, col 6" in csv
    package = json.loads((proj / "data" / "tidy" / "datapackage.json").read_text("utf-8"))
    assert [s["text_layer"]["format"] for s in package["sources"]] == ["html", "pdf"]
    # the checkout's own outputs are not touched by a build elsewhere
    assert not (work / "data").exists()
    out = _run([cmp_bin, "report", "--jobs", "1"], proj / "notebooks", env, timeout=600)
    assert (proj / "reports" / "overview.html").is_file(), out.stderr
    page_text = (proj / "reports" / "overview.html").read_text("utf-8")
    assert "Wutong" in page_text and "Qingchuan" in page_text  # this project's documents, not the checkout's
    assert "Wuhan" not in page_text
