"""Where the project's folders are: the checkout that holds this package, or CMP_HOME when set."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The project folder (holding data/, notebooks/, params/); CMP_HOME overrides it."""
    env = os.environ.get("CMP_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def tidy_dir() -> Path:
    return project_root() / "data" / "tidy"


def exports_dir() -> Path:
    return project_root() / "data" / "exports"
