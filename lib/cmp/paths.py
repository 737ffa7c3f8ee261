"""Where the project's folders are: under the root the caller passes, else under the project holding the working
directory. Nothing here reads the environment: the CLI reads --project and $CMP_HOME and passes the root down."""

from __future__ import annotations

from pathlib import Path


def project_root(root: str | Path | None = None) -> Path:
    """The project folder (holding data/, notebooks/, params/): `root` when given (the CLI's, already checked),
    else the nearest parent of the working directory with a cmp.toml or data/raw/manifest.yaml; outside any project
    a CmpError names `cmp init`.

    A notebook run by `cmp report` starts in the project's notebooks/ folder, so it finds the CLI's project."""
    if root is not None:
        return Path(root).expanduser().resolve()
    from .project import resolve_project

    return resolve_project(None, None, Path.cwd())


def raw_dir(root: str | Path | None = None) -> Path:
    """data/raw/ of the project (`root`, else the one holding the working directory)."""
    return project_root(root) / "data" / "raw"


def tidy_dir(root: str | Path | None = None) -> Path:
    """data/tidy/ of the project (`root`, else the one holding the working directory)."""
    return project_root(root) / "data" / "tidy"


def exports_dir(root: str | Path | None = None) -> Path:
    """data/exports/ of the project (`root`, else the one holding the working directory)."""
    return project_root(root) / "data" / "exports"
