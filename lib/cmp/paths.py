"""Where the project's folders are: $CMP_HOME when set, else the project holding the working directory."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The project folder (holding data/, notebooks/, params/): $CMP_HOME, else the nearest parent of the working
    directory with a cmp.toml or data/raw/manifest.yaml; outside any project a CmpError names `cmp init`.

    The CLI sets CMP_HOME from --project, so the briefing processes and their notebooks follow it."""
    from .project import resolve_project

    env = os.environ.get("CMP_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return resolve_project(None, None, Path.cwd())


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def tidy_dir() -> Path:
    return project_root() / "data" / "tidy"


def exports_dir() -> Path:
    return project_root() / "data" / "exports"
