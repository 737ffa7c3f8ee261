"""What a command imports: the build path stays clear of present/ (charts, matplotlib) and other heavy modules.

Import cost is measured in benchmarks/, never timed here; these tests check WHICH modules a fresh interpreter
loads, which is what keeps `cmp build` fast and cannot flake under load.
"""

import subprocess
import sys

import pytest

import cmp


def _modules_after(code: str) -> set[str]:
    """The module names a fresh interpreter holds after running `code`."""
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_import_cmp_loads_no_stage_module():
    mods = _modules_after("import cmp")
    assert not {m for m in mods if m.startswith(("cmp.present", "cmp.model", "cmp.extract"))}
    assert "pandas" not in mods


def test_build_path_never_imports_present_or_matplotlib():
    mods = _modules_after("import cmp, cmp.cli, cmp.build")
    assert not {m for m in mods if m.startswith("cmp.present")}
    assert "matplotlib" not in mods and "papermill" not in mods


def test_build_module_leaves_the_stages_to_the_processes_that_use_them():
    """The worker that reads the documents is forked before pandas is imported (build.extract_all)."""
    mods = _modules_after("import cmp.cli, cmp.build")
    assert not {"pandas", "pandera", "pyarrow", "opencc"} & mods
    assert not {m for m in mods if m.startswith(("cmp.extract", "cmp.model"))}
    assert "cmp.ingest.sources" in mods  # the documents are loaded here, before the fork


def test_the_command_line_pauses_the_collector_and_freezes_at_exit():
    code = ("import gc, sys; from cmp.cli import main; sys.argv = ['cmp', 'codebook', '--domain', 'nope']; "
            "code = main(); print(code, gc.isenabled(), gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["False", "True"]
    import gc

    from cmp.cli import main

    assert gc.isenabled()
    main(["codebook", "--domain", "nope"])  # called with arguments (tests, notebooks): the collector is left alone
    assert gc.isenabled()


def test_compare_is_found_lazily_and_is_the_function():
    from cmp.present.compare import compare

    assert cmp.compare is compare
    from cmp import compare as again

    assert again is compare
    assert "compare" in dir(cmp) and "load" in dir(cmp)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'comparee'"):
        cmp.comparee  # noqa: B018
    assert not hasattr(cmp, "nonexistent_name")


def test_schema_validates_without_importing_hypothesis_and_leaves_it_importable():
    """The first validation in a fresh process still applies every check, without loading the test-only
    hypothesis (pandera's data-synthesis strategies), and hypothesis stays importable afterwards."""
    from .conftest import ROOT

    code = "\n".join([
        "import sys",
        "from tests.test_schema import good_row, RAW",
        "from cmp.errors import CmpError",
        "from cmp.model.schema import validate",
        "from cmp.model.tidy import to_frame",
        "print('before', 'hypothesis' in sys.modules)",
        "print('rows', len(validate(to_frame([good_row()]), RAW)))",
        "try:",
        "    validate(to_frame([good_row(kind='forecast', year=1800)]), RAW)",
        "except CmpError as exc:",
        "    print('refused', 'kind' in str(exc), 'year' in str(exc))",
        "print('after', 'hypothesis' in sys.modules)",
        "import hypothesis",
        "print('importable', hypothesis.__name__)",
    ])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split("\n")[:5] == ["before False", "rows 1", "refused True True", "after False",
                                         "importable hypothesis"]


def test_schema_leaves_an_imported_hypothesis_alone():
    import hypothesis

    from cmp.model.schema import validate
    from cmp.model.tidy import to_frame

    from .test_schema import RAW, good_row

    validate(to_frame([good_row()]), RAW)
    assert sys.modules["hypothesis"] is hypothesis


def test_an_interrupt_while_the_command_is_set_up_is_reported_not_a_traceback(monkeypatch, capsys):
    """The parser (and the modules it imports) is set up inside the handler: Ctrl-C there is a clean exit."""
    import signal

    from cmp import cli

    def interrupted():
        raise KeyboardInterrupt(signal.SIGTERM)

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert cli.main(["build"]) == 128 + signal.SIGTERM
    assert "interrupted (SIGTERM)" in capsys.readouterr().err
