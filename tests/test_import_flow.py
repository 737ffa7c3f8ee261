"""Imports run one way: ingest -> extract -> model -> present -> build/cli (README, COMMON rules).

Every import statement in lib/cmp (top level, inside functions, under TYPE_CHECKING alike) is read with `ast`
and resolved to the cmp module it names; a stage importing a later stage fails, and so does a shared base module
(errors, yamlio, ...) importing any stage. A new top-level module must be placed in BASE or TOP below.
"""

from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parents[1] / "lib"
STAGES = ("ingest", "extract", "model", "present")
# read by every stage (cmp.__version__: the version string of the package, not its lazy notebook functions)
BASE = frozenset({"cmp.errors", "cmp.yamlio", "cmp.fileio", "cmp.paths", "cmp.project", "cmp.__version__"})
TOP = frozenset({"cmp", "cmp.__main__", "cmp.build", "cmp.cli", "cmp.commands"})  # may import every stage
_BASE_RANK, _TOP_RANK = -1, len(STAGES)


def module_name(path: Path, lib: Path = LIB) -> str:
    """cmp.extract.numbers for lib/cmp/extract/numbers.py; cmp.extract for its __init__.py."""
    parts = path.relative_to(lib).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rank(module: str) -> int | None:
    """The module's place in the flow (base -1, ingest 0 ... present 3, build/cli 4); None when unplaced."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    top = ".".join(parts[:2])
    if top in BASE:
        return _BASE_RANK
    if top in TOP or module == "cmp":
        return _TOP_RANK
    return None


def imported_modules(source: str, module: str, is_package: bool, modules: set[str]) -> list[tuple[int, str]]:
    """(line, cmp module) for every import of a cmp module in `source`, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "cmp"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "cmp":
                continue
            for a in node.names:  # `from .. import yamlio` imports the module cmp.yamlio, not the package cmp
                sub = f"{target}.{a.name}"
                out.append((node.lineno, sub if sub in modules or sub in BASE else target))
    return out


def violations(sources: dict[str, tuple[str, bool]]) -> list[str]:
    """Every import against the flow in {module: (source, is_package)}, as 'module:line imports other'."""
    modules = set(sources)
    bad = []
    for module, (source, is_package) in sorted(sources.items()):
        mine = rank(module)
        if mine is None:
            bad.append(f"{module} is in no stage: add it to BASE or TOP in tests/test_import_flow.py")
            continue
        for line, other in imported_modules(source, module, is_package, modules):
            theirs = rank(other)
            if theirs is None or theirs > mine or (mine == _BASE_RANK and other not in BASE):
                bad.append(f"{module}:{line} imports {other}")
    return bad


def _tree() -> dict[str, tuple[str, bool]]:
    return {module_name(p): (p.read_text(encoding="utf-8"), p.name == "__init__.py")
            for p in sorted((LIB / "cmp").rglob("*.py"))}


def test_no_module_of_lib_cmp_imports_a_later_stage():
    tree = _tree()
    assert len(tree) > 40 and "cmp.ingest.formats" in tree  # the walk found the library
    assert violations(tree) == []


# ---------------------------------------------------------------------------- the checker itself, made-up modules
def _one(module: str, source: str, is_package: bool = False) -> list[str]:
    known = {"cmp", "cmp.errors", "cmp.yamlio", "cmp.ingest", "cmp.ingest.formats", "cmp.extract",
             "cmp.extract.tables", "cmp.model", "cmp.model.tidy", "cmp.present", "cmp.present.plots", "cmp.build"}
    sources = {m: ("", m in ("cmp", "cmp.ingest", "cmp.extract", "cmp.model", "cmp.present")) for m in known}
    sources[module] = (source, is_package)
    return violations(sources)


def test_a_lazy_relative_import_of_a_later_stage_is_caught():
    src = "def f():\n    from ..extract.tables import header_role\n    return header_role\n"
    assert _one("cmp.ingest.formats", src) == ["cmp.ingest.formats:2 imports cmp.extract.tables"]


def test_absolute_and_package_imports_are_caught():
    assert _one("cmp.extract.tables", "import cmp.model.tidy\n") == ["cmp.extract.tables:1 imports cmp.model.tidy"]
    assert _one("cmp.model.tidy", "from .. import present\n") == ["cmp.model.tidy:1 imports cmp.present"]
    assert _one("cmp.model.tidy", "from cmp.build import main\n") == ["cmp.model.tidy:1 imports cmp.build"]
    got = _one("cmp.extract", "from ..model import tidy\n", is_package=True)  # relative to the package itself
    assert got == ["cmp.extract:1 imports cmp.model.tidy"]


def test_imports_with_the_flow_pass():
    assert _one("cmp.present.plots", "from ..model.tidy import load\nfrom .. import yamlio\nimport cmp.errors\n") == []
    assert _one("cmp.extract.tables", "from ..ingest.formats import x\nfrom . import y\nimport re\n") == []
    assert _one("cmp.build", "from .present import plots\n") == []
    assert _one("cmp.present.plots", "from .. import __version__\n") == []


def test_the_root_package_is_the_notebook_facade_of_every_stage():
    assert _one("cmp.model.tidy", "from cmp import compare\n") == ["cmp.model.tidy:1 imports cmp"]


def test_a_base_module_imports_no_stage_and_a_new_top_module_must_be_placed():
    assert _one("cmp.yamlio", "from .ingest import formats\n") == ["cmp.yamlio:1 imports cmp.ingest.formats"]
    assert _one("cmp.yamlio", "from .errors import CmpError\n") == []
    assert _one("cmp.helpers", "") == ["cmp.helpers is in no stage: add it to BASE or TOP in tests/test_import_flow.py"]
