"""Projects: the folder `cmp` works on (found from the working directory), and `cmp init` to make a new one.

A project holds `cmp.toml`, `data/raw/` (documents and manifest.yaml), `data/tidy/` (the built table),
`params/` (briefings), `notebooks/`, `figures/` and `reports/`. The notebooks and the starter files travel with
the package, so a project made by `cmp init` runs from anywhere after a plain `pip install`.
"""

from __future__ import annotations

import shutil
import tomllib
from importlib import resources
from pathlib import Path

from .errors import CmpError

MARKER = "cmp.toml"
MANIFEST = Path("data") / "raw" / "manifest.yaml"
NOTEBOOKS = ("overview.ipynb", "compare.ipynb", "profile.ipynb", "quality.ipynb")


def is_project(folder: Path) -> bool:
    """Does `folder` hold a cmp project (a cmp.toml, or a data/raw/manifest.yaml)?"""
    return (folder / MARKER).is_file() or (folder / MANIFEST).is_file()


def find_project(start: Path) -> Path | None:
    """The nearest folder from `start` upwards that is a project, or None."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    return None


def resolve_project(explicit: str | Path | None, home: str | None, cwd: Path) -> Path:
    """The project to work on: `explicit` (--project), else `home` ($CMP_HOME), else the one holding `cwd`."""
    for given, how in ((explicit, "--project"), (home, "CMP_HOME")):
        if given:
            folder = Path(given).expanduser().resolve()
            if not folder.is_dir():
                raise CmpError(f"{how} names a folder that does not exist; create a project with `cmp init "
                               f"{given}`", path=str(folder))
            if not is_project(folder):
                raise CmpError(f"{how} names a folder that is not a cmp project (no {MARKER} or {MANIFEST}); "
                               f"create one with `cmp init {given}`", path=str(folder))
            check_marker(folder)
            return folder
    found = find_project(cwd)
    if found is None:
        raise CmpError(f"not inside a cmp project: no {MARKER} or {MANIFEST} here or in any parent folder; "
                       "create one with `cmp init DIR` (then `cd DIR`), or pass --project DIR", path=str(cwd))
    check_marker(found)
    return found


def check_marker(folder: Path) -> dict:
    """Parse the project's cmp.toml (when present); a broken one is reported with its line."""
    path = folder / MARKER
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CmpError("not valid UTF-8; expected a TOML file", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise CmpError(f"not valid TOML: {exc}", path=str(path)) from None
    project = data.get("project", {})
    if not isinstance(project, dict):
        raise CmpError("key 'project' must be a table ([project])", path=str(path))
    return data


def skeleton_file(name: str) -> str:
    """The text of a starter file shipped in the package (cmp/skeleton/)."""
    return resources.files("cmp").joinpath("skeleton", name).read_text("utf-8")


def notebooks_source() -> Path:
    """Where the package's notebooks are: cmp/_notebooks/ in an installed wheel, else the checkout's notebooks/."""
    bundled = Path(str(resources.files("cmp").joinpath("_notebooks")))
    if all((bundled / n).is_file() for n in NOTEBOOKS):
        return bundled
    checkout = Path(__file__).resolve().parents[2] / "notebooks"
    if all((checkout / n).is_file() for n in NOTEBOOKS):
        return checkout
    raise CmpError("the package's notebooks are missing; reinstall cmp", path=str(bundled))


def init_project(folder: str | Path, name: str | None = None) -> list[Path]:
    """Create a project in `folder` (new or empty of cmp files): returns the files written."""
    folder = Path(folder).expanduser().resolve()
    if is_project(folder):
        raise CmpError(f"already a cmp project ({MARKER} or {MANIFEST} exists); nothing written", path=str(folder))
    if folder.exists() and not folder.is_dir():
        raise CmpError("exists and is not a folder", path=str(folder))
    src = notebooks_source()
    name = name or folder.name or "cmp-project"
    files = {
        folder / MARKER: skeleton_file("cmp.toml").replace("{name}", name.replace('"', "'")),
        folder / MANIFEST: skeleton_file("manifest.yaml"),
        folder / "params" / "overview.yaml": skeleton_file("overview.yaml"),
    }
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                raise CmpError("already exists; nothing overwritten", path=str(path))
            path.write_text(text, encoding="utf-8")
            written.append(path)
        nb_dir = folder / "notebooks"
        nb_dir.mkdir(exist_ok=True)
        for nb in NOTEBOOKS:
            target = nb_dir / nb
            if not target.exists():
                shutil.copyfile(src / nb, target)
                written.append(target)
        for sub in ("data/tidy", "figures", "reports"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CmpError(f"cannot create the project: {exc.strerror}", path=str(folder)) from None
    return written
