"""Projects and `cmp add`: discovery from the working directory, `cmp init`, guessed metadata, refusals, show."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from cmp import paths
from cmp.cli import main
from cmp.errors import CmpError
from cmp.ingest import guess
from cmp.ingest.manifest_write import add_files, slug
from cmp.ingest.sources import read_manifest
from cmp.project import find_project, init_project, resolve_project

from . import docmaker
from .conftest import ROOT


@pytest.fixture
def no_home(monkeypatch):
    """No CMP_HOME for this test, and whatever the CLI exports is undone afterwards."""
    monkeypatch.setenv("CMP_HOME", "")
    monkeypatch.delenv("CMP_HOME")


@pytest.fixture
def project(tmp_path, no_home):
    init_project(tmp_path / "proj")
    return tmp_path / "proj"


def test_this_repository_is_a_project():
    assert (ROOT / "cmp.toml").is_file()
    assert find_project(ROOT / "lib" / "cmp") == ROOT


def test_discovery_takes_the_nearest_parent_and_the_overrides_win(tmp_path):
    outer, inner = tmp_path / "a", tmp_path / "a" / "b"
    (inner / "data" / "raw").mkdir(parents=True)
    (outer / "cmp.toml").write_text("[project]\n", "utf-8")
    (inner / "data" / "raw" / "manifest.yaml").write_text("documents: []\n", "utf-8")
    deep = inner / "x" / "y"
    deep.mkdir(parents=True)
    assert resolve_project(None, None, deep) == inner.resolve()
    assert resolve_project(None, str(outer), deep) == outer.resolve()  # CMP_HOME
    assert resolve_project(str(outer), str(inner), deep) == outer.resolve()  # --project beats CMP_HOME
    with pytest.raises(CmpError, match="not a cmp project.*cmp init"):
        resolve_project(str(deep), None, tmp_path)


def test_outside_a_project_commands_say_so_and_name_init(tmp_path, monkeypatch, no_home, capsys):
    monkeypatch.chdir(tmp_path)
    for cmd in (["sources"], ["build"], ["add", "x.txt"], ["show", "abc"]):
        assert main(cmd) == 2
        err = capsys.readouterr().err
        assert "not inside a cmp project" in err and "cmp init" in err, cmd
    assert main(["codebook", "--domain", "elderly_care"]) == 0  # needs no project


def test_explicit_folders_need_no_project(tmp_path, monkeypatch, no_home):
    from .conftest import write_corpus

    raw = write_corpus(tmp_path / "raw", {"a.html": docmaker.html_page()})
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "indicators.csv").is_file()
    assert main(["build", "--raw-dir", str(raw)]) == 2  # where would the outputs go? a project says


def test_broken_cmp_toml_is_reported(tmp_path):
    (tmp_path / "cmp.toml").write_text("[project\n", "utf-8")
    with pytest.raises(CmpError, match="cmp.toml: not valid TOML"):
        resolve_project(None, None, tmp_path)


def test_init_creates_the_skeleton_and_refuses_twice(tmp_path, no_home):
    written = init_project(tmp_path / "p")
    names = {p.relative_to(tmp_path / "p").as_posix() for p in written}
    assert {"cmp.toml", "data/raw/manifest.yaml", "params/overview.yaml", "notebooks/overview.ipynb",
            "notebooks/compare.ipynb", "notebooks/profile.ipynb", "notebooks/quality.ipynb"} == names
    assert (tmp_path / "p" / "notebooks" / "compare.ipynb").read_bytes() == (
        ROOT / "notebooks" / "compare.ipynb").read_bytes()
    assert yaml.safe_load((tmp_path / "p" / "data/raw/manifest.yaml").read_text("utf-8")) == {"documents": []}
    with pytest.raises(CmpError, match="already a cmp project"):
        init_project(tmp_path / "p")


def test_add_copies_unchanged_and_fills_guessed_fields(project, tmp_path):
    src = docmaker.write(tmp_path / "in" / "青川规划.html", docmaker.html_page())
    added = add_files(project / "data/raw", [src], jurisdiction="qingchuan")
    target = project / "data/raw" / "青川规划.html"
    assert target.read_bytes() == src.read_bytes() and added[0].target == target
    (entry,) = read_manifest(project / "data/raw")
    assert entry["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert entry["jurisdiction"] == "qingchuan" and entry["original_name"] == "青川规划.html"
    assert entry["title"] == docmaker.TITLE and entry["publisher"] == docmaker.PUBLISHER
    assert entry["published"] == "2021-11-08" and entry["period"] == "2021-2025"
    assert entry["doc_kind"] == "five_year_plan" and entry["script"] == "simplified"
    assert entry["name_zh"] == "青川市" and entry["level"] == "prefecture-level city"
    guessed = entry["guessed"].split(", ")
    assert "title" in guessed and "parent" in guessed and "jurisdiction" not in guessed


def test_add_keeps_comments_and_refuses_a_repeat_by_checksum(project, tmp_path):
    manifest = project / "data/raw/manifest.yaml"
    src = docmaker.write(tmp_path / "a.docx", docmaker.docx_file())
    add_files(project / "data/raw", [src], jurisdiction="qingchuan")
    text = manifest.read_text("utf-8")
    assert text.startswith("# Source documents of this project.")
    copy = docmaker.write(tmp_path / "renamed.docx", src.read_bytes())
    with pytest.raises(CmpError, match="already in the manifest as 'qingchuan'"):
        add_files(project / "data/raw", [copy])
    assert manifest.read_text("utf-8") == text


def test_a_bad_file_leaves_manifest_and_folder_unchanged(project, tmp_path):
    raw = project / "data/raw"
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    good = docmaker.write(tmp_path / "good.html", docmaker.html_page())
    bad = docmaker.write(tmp_path / "bad.pdf", b"%PDF-1.4 broken")
    with pytest.raises(CmpError, match="bad.pdf: not a readable PDF"):
        add_files(raw, [good, bad])
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before


def test_gbk_text_is_added_with_its_encoding_and_builds(project, tmp_path, monkeypatch, capsys):
    src = docmaker.write(tmp_path / "plan.txt", docmaker.gbk_text())
    checkout = {p.name: p.read_bytes() for p in (ROOT / "data" / "tidy").iterdir() if p.is_file()}
    monkeypatch.chdir(project / "params")  # any folder inside the project
    assert main(["add", str(src), "--jurisdiction", "linhe", "--name-zh", "临河县"]) == 0
    (entry,) = read_manifest(project / "data/raw")
    assert entry["encoding"] == "gb18030" and entry["level"] == "county"
    guessed = entry["guessed"].split(", ")
    assert "name_zh" not in guessed and "jurisdiction" not in guessed and "level" in guessed  # level: from the name
    assert main(["build"]) == 0
    out = capsys.readouterr()
    assert (project / "data/tidy/indicators.csv").is_file()
    assert {p.name: p.read_bytes() for p in (ROOT / "data" / "tidy").iterdir() if p.is_file()} == checkout
    import pandas as pd

    df = pd.read_csv(project / "data/tidy/indicators.csv", dtype=str, keep_default_na=False)
    text = src.read_bytes().decode("gbk")
    assert len(df) and all(text[int(s):int(e)] == q for s, e, q in zip(df["start"], df["end"], df["quote"],
                                                                       strict=True))
    assert main(["sources"]) == 0
    listed = capsys.readouterr().out
    assert "linhe: guessed, not yet confirmed" in listed and "parent (missing)" in listed
    rid = df.loc[df["quote"] == "1500", "row_id"].iloc[0]
    assert main(["show", rid]) == 0
    shown = capsys.readouterr().out
    assert "⟦1500⟧" in shown and "line 10" in shown and out is not None


def test_confirmed_fields_leave_the_sources_listing(project, tmp_path, monkeypatch, capsys):
    src = docmaker.write(tmp_path / "p.html", docmaker.html_page())
    add_files(project / "data/raw", [src], jurisdiction="qingchuan")
    manifest = project / "data/raw/manifest.yaml"
    data = yaml.safe_load(manifest.read_text("utf-8"))
    data["documents"][0]["parent"] = "某省"
    data["documents"][0]["guessed"] = []
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.chdir(project)
    assert main(["sources"]) == 0
    assert "guessed" not in capsys.readouterr().out


def test_empty_required_field_is_an_error_once_it_is_no_longer_guessed(project, tmp_path):
    src = docmaker.write(tmp_path / "p.html", docmaker.html_page())
    add_files(project / "data/raw", [src], jurisdiction="qingchuan")
    manifest = project / "data/raw/manifest.yaml"
    data = yaml.safe_load(manifest.read_text("utf-8"))
    data["documents"][0]["guessed"] = ["title"]
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(CmpError, match="missing required field.*parent"):
        read_manifest(project / "data/raw")
    data["documents"][0]["guessed"] = ["nonsense"]
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(CmpError, match="'guessed' must be a list of field names"):
        read_manifest(project / "data/raw")


def test_legacy_word_files_are_refused_with_how_to_convert(project, tmp_path):
    doc = docmaker.write(tmp_path / "old.doc", b"\xd0\xcf\x11\xe0")
    with pytest.raises(CmpError, match="soffice --headless --convert-to docx"):
        add_files(project / "data/raw", [doc])


@pytest.mark.parametrize(("title", "kind", "period"), [
    ("青川市“十四五”民政事业发展规划", "five_year_plan", "2021-2025"),
    ("梧桐区2024年民政工作要点", "annual_plan", "2024"),
    ("临河县民政局2022年工作总结", "work_report", "2022"),
    ("青川市2023年国民经济和社会发展统计公报", "statistical_bulletin", "2023"),
    ("青川市民政事业发展规划(2021—2025年)", "five_year_plan", "2021-2025"),
])
def test_kind_and_period_from_the_title(title, kind, period):
    assert guess.guess_kind(title) == kind
    assert guess.guess_period(title, kind) == period


@pytest.mark.parametrize(("name", "level"), [
    ("青川市", "prefecture-level city"), ("梧桐区", "district"), ("临河县", "county"), ("南岭省", "province"),
    ("北原自治区", "autonomous region"), ("东山自治县", "autonomous county"),
])
def test_level_from_the_name(name, level):
    assert guess.guess_level(name) == level


def test_script_by_character_statistics():
    assert guess.guess_script("為認真貫徹落實民政工作會議精神，現將重點工作任務下達如下") == "traditional"
    assert guess.guess_script("为认真贯彻落实民政工作会议精神，现将重点工作任务下达如下") == "simplified"


def test_dates_in_three_notations_and_the_signature_wins():
    assert guess.dates("成文日期：2023-02-01") == ["2023-02-01"]
    assert guess.dates("二〇二一年十二月三十日") == ["2021-12-30"]
    assert guess.dates("2021年13月40日") == []
    text = "梧桐区2024年民政工作要点\n正文第一段写于2023年1月5日。\n" + "正文。\n" * 20 + "梧桐区民政局\n2024年3月2日\n"
    assert guess.guess_published(text) == "2024-03-02"
    assert guess.guess_publisher(text) == "梧桐区民政局"


def test_slug_makes_an_ascii_id():
    assert slug("Qingchuan Plan-2021") == "qingchuan_plan_2021"
    assert slug("青川规划") == "" and slug("2021plan") == "doc_2021plan"


def test_same_name_different_content_is_renamed_and_ids_stay_unique(project, tmp_path):
    a = docmaker.write(tmp_path / "x" / "plan.html", docmaker.html_page())
    b = docmaker.write(tmp_path / "y" / "plan.html", docmaker.html_page(extra_nav=False))
    add_files(project / "data/raw", [a])
    add_files(project / "data/raw", [b])
    entries = read_manifest(project / "data/raw")
    assert [e["file"] for e in entries] == ["plan.html", "plan_2.html"]
    assert [e["jurisdiction"] for e in entries] == ["plan", "plan_2"]
    assert (project / "data/raw/plan_2.html").read_bytes() == b.read_bytes()


@pytest.mark.parametrize(("given", "message"), [
    ({"jurisdiction": "青川"}, "expected a lowercase ASCII id"),
    ({"jurisdiction": "Qing Chuan"}, "expected a lowercase ASCII id"),
])
def test_bad_jurisdiction_ids_are_refused(project, tmp_path, given, message):
    src = docmaker.write(tmp_path / "p.html", docmaker.html_page())
    with pytest.raises(CmpError, match=message):
        add_files(project / "data/raw", [src], **given)


def test_one_jurisdiction_for_several_files_and_a_taken_id_are_refused(project, tmp_path):
    a = docmaker.write(tmp_path / "a.html", docmaker.html_page())
    b = docmaker.write(tmp_path / "b.html", docmaker.html_page(extra_nav=False))
    with pytest.raises(CmpError, match="one document"):
        add_files(project / "data/raw", [a, b], jurisdiction="qingchuan")
    add_files(project / "data/raw", [a], jurisdiction="qingchuan")
    with pytest.raises(CmpError, match="'qingchuan' is already used"):
        add_files(project / "data/raw", [b], jurisdiction="qingchuan")


def test_project_flag_beats_cmp_home_and_the_environment_is_left_alone(tmp_path, monkeypatch, no_home, capsys):
    init_project(tmp_path / "a")
    init_project(tmp_path / "b")
    src = docmaker.write(tmp_path / "p.html", docmaker.html_page())
    monkeypatch.setenv("CMP_HOME", str(tmp_path / "a"))
    assert main(["--project", str(tmp_path / "b"), "add", str(src), "--jurisdiction", "qingchuan"]) == 0
    import os

    assert os.environ["CMP_HOME"] == str(tmp_path / "a")  # the root is passed down, never exported
    assert (tmp_path / "b/data/raw/p.html").is_file() and not (tmp_path / "a/data/raw/p.html").exists()
    monkeypatch.setenv("CMP_HOME", str(tmp_path / "nowhere"))
    assert main(["sources"]) == 2
    assert "CMP_HOME names a folder that does not exist" in capsys.readouterr().err


def test_show_refuses_unknown_and_ambiguous_ids(project, tmp_path, monkeypatch, capsys):
    src = docmaker.write(tmp_path / "p.html", docmaker.html_page())
    add_files(project / "data/raw", [src], jurisdiction="qingchuan")
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    capsys.readouterr()
    assert main(["show", "nothing-like-this"]) == 2
    assert "no row with id" in capsys.readouterr().err
    assert main(["show", "qingchuan-t"]) == 2
    assert "rows start with 'qingchuan-t'" in capsys.readouterr().err


def test_notebooks_come_from_the_wheel_copy_when_present(tmp_path, monkeypatch):
    from cmp import project as proj

    fake = tmp_path / "_notebooks"
    fake.mkdir()
    for nb in proj.NOTEBOOKS:
        (fake / nb).write_text("{}", "utf-8")
    monkeypatch.setattr(proj.resources, "files", lambda _pkg: tmp_path)
    assert proj.notebooks_source() == fake
    (fake / "quality.ipynb").unlink()  # an incomplete copy is not used
    assert proj.notebooks_source() == ROOT / "notebooks"


def test_title_is_the_line_naming_a_kind_and_publisher_can_be_labelled():
    text = "首页 > 政务公开\n来源：梧桐区民政局 发布时间：2024-03-05\n梧桐区2024年民政工作要点\n正文。\n"
    assert guess.guess_title(text) == "梧桐区2024年民政工作要点"
    assert guess.guess_publisher(text) == "梧桐区民政局"
    assert guess.guess_published(text) == "2024-03-05"
    fields = guess.guess_fields(text)
    assert fields["doc_kind"] == "annual_plan" and fields["period"] == "2024" and fields["name_zh"] == "梧桐区"


def test_the_library_finds_the_project_from_its_argument_or_the_working_directory_never_cmp_home(tmp_path,
                                                                                                  monkeypatch):
    init_project(tmp_path / "a")
    init_project(tmp_path / "b")
    monkeypatch.setenv("CMP_HOME", str(tmp_path / "a"))
    monkeypatch.chdir(tmp_path / "b" / "data")
    assert paths.project_root() == (tmp_path / "b").resolve()
    assert paths.tidy_dir() == (tmp_path / "b").resolve() / "data" / "tidy"
    assert paths.raw_dir(tmp_path / "a") == (tmp_path / "a").resolve() / "data" / "raw"
    assert paths.exports_dir(str(tmp_path / "a")) == (tmp_path / "a").resolve() / "data" / "exports"


def test_only_the_cli_reads_environment_variables():
    """Environment variables are read at the edge (cli.py); the briefing runner only copies the environment into
    its child processes. Anything else must take the value as an argument."""
    allowed = {"cli.py": ('os.environ.get("CMP_HOME")', 'os.environ.get("CMP_REPORT_TIMEOUT")',
                          'os.environ["CMP_REPORT_TIMEOUT"]'),
               "present/briefings.py": ("env = dict(os.environ)",)}
    lib = ROOT / "lib" / "cmp"
    found = {}
    for path in sorted(lib.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for allowed_use in allowed.get(path.relative_to(lib).as_posix(), ()):
            text = text.replace(allowed_use, "")
        uses = [w for w in ("os.environ", "getenv", "environ[") if w in text]
        if uses:
            found[path.relative_to(lib).as_posix()] = uses
    assert found == {}


def test_a_failed_write_while_adding_leaves_the_raw_folder_as_it_was(project, tmp_path, monkeypatch):
    """The one atomic writer (cmp.fileio) writes the copies and the manifest; when the manifest cannot be written,
    the copies made before it are removed and the error says nothing was added."""
    from cmp import fileio
    from cmp.ingest import manifest_write

    src = docmaker.write(tmp_path / "p.html", docmaker.html_page())
    raw = project / "data/raw"
    manifest_before = (raw / "manifest.yaml").read_bytes()

    def fail_on_manifest(path, data):
        if Path(path).name == "manifest.yaml":
            raise fileio.write_error(OSError(28, "No space left on device"), path)
        return fileio.atomic_write(path, data)

    monkeypatch.setattr(manifest_write, "atomic_write", fail_on_manifest)
    with pytest.raises(CmpError) as exc:
        add_files(raw, [src], jurisdiction="qingchuan")
    assert str(exc.value) == (f"{raw / 'manifest.yaml'}: cannot write: the disk is full (no space left on the "
                              "device); nothing was replaced, earlier files are as they were; nothing added")
    assert not (raw / "p.html").exists()
    assert (raw / "manifest.yaml").read_bytes() == manifest_before


def test_one_atomic_writer_for_every_stage():
    from cmp import fileio
    from cmp.ingest import manifest_write
    from cmp.model import outputs

    assert outputs.atomic_write is fileio.atomic_write is manifest_write.atomic_write
    assert not hasattr(manifest_write, "_atomic_write")
