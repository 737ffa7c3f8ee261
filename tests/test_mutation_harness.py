"""benchmarks/mutation.py without running mutmut: its configuration matches the checkout, bad configuration is
refused with the file and key, and a mutant's diff is located at the right file:line and matched to its
equivalent-mutant entry."""

import ast
import importlib.util
import sys

import pytest

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("mutation_harness", ROOT / "benchmarks" / "mutation.py")
mutation = sys.modules.setdefault("mutation_harness", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(mutation)

RULE_MODULES = {"numbers", "codebook", "tables", "prose", "derive", "checks"}
SOURCE = '''"""Toy."""


def double(x):
    """Twice x."""
    if x > 3:
        return x * 2
    return x


class Box:
    @property
    def size(self):
        return 1
'''
DIFF = '''--- src/cmp/toy.py
+++ src/cmp/toy.py
@@ -1,5 +1,5 @@
 def double(x):
     """Twice x."""
-    if x > 3:
+    if x >= 3:
         return x * 2
     return x'''


def test_every_rule_module_is_configured_and_matches_files_and_tests_in_this_checkout():
    modules, copy = mutation.load_config()
    assert set(modules) == RULE_MODULES
    assert copy == ["data"]
    for name, spec in modules.items():
        files, tests = mutation.select(ROOT, spec)
        assert files and tests, name
        assert all(f.startswith("cmp/") and f.endswith(".py") for f in files)
        assert all(t.startswith("tests/test_") for t in tests)


def test_the_equivalent_mutants_file_loads_and_names_configured_modules():
    modules, _ = mutation.load_config()
    entries = mutation.load_equivalents()
    assert entries and {e["module"] for e in entries} <= set(modules)


@pytest.mark.parametrize("text,key", [
    ("modules: []\n", "modules"),
    ("modules:\n  numbers: {mutate: [a.py]}\n", "modules.numbers"),
    ("modules:\n  numbers: {mutate: [], tests: [t.py]}\n", "modules.numbers.mutate"),
    ("modules:\n  numbers: {mutate: [a.py], tests: [t.py]}\ncopy: [1]\n", "copy"),
])
def test_a_bad_config_names_the_file_and_the_key(tmp_path, text, key):
    path = tmp_path / "mutation.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(SystemExit, match=rf"mutation\.yaml: {key}: expected"):
        mutation.load_config(path)


def test_an_equivalent_entry_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "equivalent_mutants.yaml"
    path.write_text("equivalent:\n  - {module: numbers, function: f, removed: a, added: b, reason: ' '}\n", "utf-8")
    with pytest.raises(SystemExit, match=r"equivalent\[0\]: expected string values and a non-empty reason"):
        mutation.load_equivalents(path)


def test_mutant_names_split_into_module_class_and_function():
    assert mutation.split_name("cmp.extract.numbers.x__one__mutmut_12") == ("cmp.extract.numbers", None, "_one")
    assert mutation.split_name("cmp.extract.numbers.xǁQuantityǁwith_flag__mutmut_1") == (
        "cmp.extract.numbers", "Quantity", "with_flag")


def test_a_diff_is_located_at_the_changed_line_of_the_file():
    m = mutation.Mutant("cmp.toy.x_double__mutmut_3", "survived", "toy", diff=DIFF)
    mutation.locate(m, {"lib/cmp/toy.py": SOURCE.splitlines()}, {"lib/cmp/toy.py": ast.parse(SOURCE)})
    assert (m.file, m.line, m.function) == ("lib/cmp/toy.py", 6, "double")
    assert (m.removed, m.added) == ("if x > 3:", "if x >= 3:")
    assert SOURCE.splitlines()[m.line - 1].strip() == m.removed


def test_a_method_under_a_decorator_is_found_by_its_text():
    diff = "--- a\n+++ a\n@@ -1,3 +1,3 @@\n @property\n def size(self):\n-    return 1\n+    return 2"
    m = mutation.Mutant("cmp.toy.xǁBoxǁsize__mutmut_1", "survived", "toy", diff=diff)
    mutation.locate(m, {"lib/cmp/toy.py": SOURCE.splitlines()}, {"lib/cmp/toy.py": ast.parse(SOURCE)})
    assert (m.line, m.function) == (14, "Box.size")


def test_equivalent_entries_match_only_their_own_change_and_leave_the_score():
    entry = {"module": "toy", "function": "double", "removed": "if x > 3:", "added": "if x >= 3:", "reason": "r"}
    same = mutation.Mutant("a__mutmut_1", "survived", "toy", function="double", removed="if x > 3:",
                           added="if x >= 3:")
    other = mutation.Mutant("a__mutmut_2", "survived", "toy", function="double", removed="if x > 3:",
                            added="if x < 3:")
    killed = mutation.Mutant("a__mutmut_3", "killed", "toy", function="double")
    assert mutation.mark_equivalent([same, other, killed], [entry], "toy") == {0}
    assert same.equivalent == "r" and not other.equivalent
    result = mutation.ModuleResult("toy", [], [], mutants=[same, other, killed])
    assert result.counts() == {"equivalent": 1, "survived": 1, "killed": 1}
    assert result.score() == 0.5


def test_the_generated_pyproject_points_mutmut_at_the_src_copy_and_the_module_tests():
    import tomllib

    text = mutation._pyproject(ROOT, ["src/cmp/extract/numbers.py"], ["tests/test_numbers.py"], ["data"])
    table = tomllib.loads(text)["tool"]["mutmut"]
    assert table["source_paths"] == ["src"] and table["only_mutate"] == ["src/cmp/extract/numbers.py"]
    assert table["pytest_add_cli_args_test_selection"] == ["tests/test_numbers.py"]
    assert "--hypothesis-seed=0" in table["pytest_add_cli_args"]
    assert tomllib.loads(text)["project"]["name"] == "cmp"
