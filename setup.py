"""Build hook: ship the repository's notebooks/ inside the package as cmp/_notebooks/, so that `cmp init` can copy
them into a new project after a plain (non-editable) `pip install .`. Everything else is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithNotebooks(build_py):
    """build_py, then copy notebooks/*.ipynb into the built package."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "cmp" / "_notebooks"
        self.mkpath(str(target))
        for nb in sorted((HERE / "notebooks").glob("*.ipynb")):
            self.copy_file(str(nb), str(target / nb.name))


setup(cmdclass={"build_py": BuildPyWithNotebooks})
