"""Reliability and security (issue 12): outputs as one unit, honest `cmp check`, paths kept inside the project,
safe YAML, clean interruption, no traceback from the CLI, encoding hints.

Every case is made in tmp_path and bounded in time; the real processes run with subprocess timeouts.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import resource
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from cmp import yamlio
from cmp.build import run_build
from cmp.cli import main
from cmp.errors import CmpError
from cmp.ingest.sources import encoding_hint, read_manifest
from cmp.model import outputs, verify
from cmp.present import briefings

from .conftest import ROOT, write_corpus

OUTPUTS = ("indicators.csv", "indicators.parquet", "quality.csv", "datapackage.json")
DOC_A = ("青川市民政事业发展规划\n表1 主要指标\n| 序号 | 指标 | 单位 | 2020年 | 2025年 |\n|---|---|---|---|---|\n"
         "| 1 | 养老机构护理型床位占比 | % | 48 | 60 |\n| 2 | 每千名老年人拥有养老床位数 | 张 | 31 | 36 |\n"
         "二、主要任务\n到2025年,城乡低保标准分别达到每人每月910元、730元。\n")
DOC_B = DOC_A.replace("青川市", "梧桐区").replace("48", "52").replace("910元", "950元")
BOMB_MANIFEST = (  # 872 bytes: nine levels of nine-fold aliases in an extra field
    "documents:\n- file: a.txt\n  extra: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    + "".join(f"  x{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
)
BOMB_PARAMS = ("notebook: tiny.ipynb\nparameters:\n  seconds: 0\nx: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
               + "".join(f"x{i}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)))


def padded(text: str, size: int) -> str:
    """`text` with a trailing comment that makes it `size` bytes (the sizes of the issue's reports)."""
    return text + "#" * (size - len(text.encode()) - 1) + "\n"


BOMB_MANIFEST, BOMB_PARAMS = padded(BOMB_MANIFEST, 872), padded(BOMB_PARAMS, 463)


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a child `cmp`: this checkout's code, temporary files under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMP_")}
    env["PYTHONPATH"] = str(ROOT / "lib")
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env["TMPDIR"] = str(tmp_path / "tmp")
    env.update(extra)
    return env


def cmp_run(args: list[str], tmp_path: Path, timeout: float = 60, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cmp", *args], capture_output=True, text=True, timeout=timeout,
                          env=env_for(tmp_path, **extra), cwd=tmp_path)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def cli(args: list[str], capsys) -> tuple[int, str, str]:
    """`cmp ARGS` in this process (fast); SystemExit of argparse counts as its exit code."""
    capsys.readouterr()
    try:
        code = main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def built(tmp_path):
    """A raw corpus and a good build of it: (raw, out, bytes of each output)."""
    raw = write_corpus(tmp_path / "raw", {"a.txt": DOC_A})
    out = tmp_path / "tidy"
    run_build(raw, out)
    return raw, out, snapshot(out)


# ================================================================ outputs are one unit


def test_two_concurrent_builds_never_leave_a_mixed_set(tmp_path):
    raws = [write_corpus(tmp_path / name, {f"{name}.txt": doc}) for name, doc in (("a", DOC_A), ("b", DOC_B))]
    out = tmp_path / "tidy"
    loop = ("import sys; from cmp.build import run_build\n"
            "run_build(sys.argv[1], sys.argv[2])\n")
    procs = [subprocess.Popen([sys.executable, "-c", loop, str(raw), str(out)], env=env_for(tmp_path),
                              stderr=subprocess.PIPE, text=True) for raw in raws]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    for res in package["resources"]:
        assert res["hash"] == "sha256:" + hashlib.sha256((out / res["path"]).read_bytes()).hexdigest()
    # the whole set comes from one of the two builds, and `cmp check` agrees with exactly that one
    results = [verify.verify_outputs(out, raw)[0] for raw in raws]
    assert sorted(len(r) == 0 for r in results) == [False, True]
    assert not list(out.glob(".build-*"))


WRITER = textwrap.dedent("""
    import hashlib, json, sys
    from pathlib import Path
    from cmp.model.outputs import write_outputs
    tag = sys.argv[2]
    for i in range(15):
        files = {n: (f"{tag}-{i}-{n}\\n" * 20000).encode() for n in ("a.csv", "b.parquet", "c.csv")}
        hashes = {n: hashlib.sha256(d).hexdigest() for n, d in files.items()}
        files["datapackage.json"] = json.dumps(hashes).encode()
        write_outputs(Path(sys.argv[1]), files)
""")


def test_set_writer_under_load_two_writers_and_a_locked_reader(tmp_path):
    out = tmp_path / "set"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(out), tag], env=env_for(tmp_path))
             for tag in ("one", "two")]
    seen = 0
    deadline = time.monotonic() + 60
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
        if (out / "datapackage.json").is_file():
            with outputs.locked(out, shared=True):
                hashes = json.loads((out / "datapackage.json").read_text())
                for name, digest in hashes.items():
                    assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
                seen += 1
        time.sleep(0.005)
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert seen > 0
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "b.parquet", "c.csv", "datapackage.json"]


def test_build_removes_a_stale_build_folder(built, capsys):
    raw, out, before = built
    stale = out / ".build-killed"  # as kill -9 leaves it while writing
    stale.mkdir()
    (stale / "indicators.csv").write_text("half", "utf-8")
    code, _, err = cli(["build", "--raw-dir", str(raw), "--out-dir", str(out)], capsys)
    assert code == 0 and "removed the temporary folder .build-killed" in err
    assert snapshot(out) == before and not stale.exists()


KILLED_BUILD = textwrap.dedent("""
    import os, signal, sys
    from cmp.build import run_build
    real, calls = getattr(os, sys.argv[3]), []
    def deadly(*args):  # the real call, then kill -9 at the n-th one: the worst moment, every time
        real(*args)
        calls.append(1)
        if len(calls) == int(sys.argv[4]):
            os.kill(os.getpid(), signal.SIGKILL)
    setattr(os, sys.argv[3], deadly)
    run_build(sys.argv[1], sys.argv[2])
""")


@pytest.mark.parametrize(("call", "n", "left"), [("fsync", 2, "removed the temporary folder"),
                                                 ("replace", 2, "finished the interrupted build")],
                         ids=["while-writing", "while-moving-in"])
def test_kill_9_during_a_build_is_repaired_by_the_next(built, tmp_path, capsys, call, n, left):
    raw, out, before = built
    other = write_corpus(tmp_path / "raw_b", {"a.txt": DOC_B})
    proc = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(other), str(out), call, str(n)],
                          env=env_for(tmp_path), capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert len(list(out.glob(".build-*"))) == 1
    problems = verify.verify_outputs(out, raw)[0]
    if call == "fsync":
        assert snapshot(out) == before and problems == []  # nothing was replaced yet
    else:
        assert any("half-replaced" in p for p in problems)  # two files new, two old: check says so
    code, _, err = cli(["build", "--raw-dir", str(raw), "--out-dir", str(out)], capsys)
    assert code == 0 and left in err
    assert snapshot(out) == before and not list(out.glob(".build-*")) and verify.verify_outputs(out, raw)[0] == []


def test_recover_finishes_a_move_cut_by_kill(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "a").write_text("new a", "utf-8")  # already moved in
    (out / "b").write_text("old b", "utf-8")
    cut = out / ".build-x"
    cut.mkdir()
    (cut / "b").write_text("new b", "utf-8")
    (cut / outputs.COMMIT_MARK).write_text("a\nb\n", "utf-8")
    assert outputs.recover(out) == ["finished the interrupted build .build-x"]
    assert (out / "b").read_text("utf-8") == "new b" and (out / "a").read_text("utf-8") == "new a"
    assert not cut.exists()


def test_a_full_disk_during_build_gives_one_message_and_keeps_the_outputs(built, tmp_path):
    raw, out, before = built
    rows = "".join(f"| {i} | 第{i}类服务设施数量 | 个 | {i} | {i + 7} |\n" for i in range(1, 300))
    bigger = write_corpus(tmp_path / "raw2", {"a.txt": DOC_A.replace("二、主要任务", rows + "二、主要任务")})

    def limit() -> None:  # a file-size limit: writes fail part-way, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    proc = subprocess.run([sys.executable, "-m", "cmp", "build", "--raw-dir", str(bigger), "--out-dir", str(out)],
                          capture_output=True, text=True, timeout=60, env=env_for(tmp_path), preexec_fn=limit)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("error:") == 1 and "cannot write" in proc.stderr
    assert snapshot(out) == before and not list(out.glob(".*"))


def test_atomic_write_on_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "page.html"
    target.write_text("old", "utf-8")

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(CmpError, match="disk is full.*earlier files are as they were"):
        outputs.atomic_write(target, "new")
    assert target.read_text("utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_truncated_failed_notebook_is_not_kept(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    whole = tmp_path / ".x.1.ipynb"
    nbformat.write(nb, str(whole))
    cut = tmp_path / ".x.2.ipynb"
    cut.write_bytes(whole.read_bytes()[:40])
    assert briefings._keep_failed(cut, tmp_path / "x.failed.ipynb") == ""
    assert not cut.exists() and not (tmp_path / "x.failed.ipynb").exists()
    assert briefings._keep_failed(whole, tmp_path / "y.failed.ipynb") == str(tmp_path / "y.failed.ipynb")
    assert nbformat.read(str(tmp_path / "y.failed.ipynb"), as_version=4).cells[0].source == "1"


# ================================================================ cmp check checks what it names


def edit_csv(path: Path, change) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows = change(rows)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), "utf-8")


def test_check_passes_a_fresh_build_and_says_what_it_verified(built, capsys):
    raw, out, _ = built
    code, stdout, err = cli(["check", "--tidy-dir", str(out), "--raw-dir", str(raw)], capsys)
    assert code == 0, err
    assert "sha256 as in datapackage.json, CSV and Parquet identical" in stdout


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda rows: [*rows[:2], [*rows[2][:11], "61", *rows[2][12:]], *rows[3:]],
         r"indicators.csv: line 3 \(row_id [^)]+\), field value: '61' where indicators.parquet has"),
        (lambda rows: [*rows[:1], [*rows[1][:24], rows[1][24] + "!", *rows[1][25:]], *rows[2:]],
         r"indicators.csv: line 2 \(row_id [^)]+\), field quote"),
        (lambda rows: rows[:-1], r"indicators.csv: \d+ data rows where indicators.parquet has \d+; the first missing"),
    ],
    ids=["changed-value", "tampered-quote", "cut-row"],
)
def test_check_fails_a_hand_edited_csv_naming_line_and_field(built, capsys, change, expected):
    raw, out, _ = built
    edit_csv(out / "indicators.csv", change)
    code, _, err = cli(["check", "--tidy-dir", str(out), "--raw-dir", str(raw)], capsys)
    assert code == 1
    assert "indicators.csv: sha256 is" in err  # the hash in datapackage.json no longer matches
    assert re.search(expected, err), err


def test_check_catches_a_consistent_forgery_by_the_raw_text(built):
    raw, out, _ = built
    # quote changed in every file and the hashes recomputed: only the raw documents can tell
    import pandas as pd

    from cmp.ingest.sources import load_documents
    from cmp.model.checks import QUALITY_FIELDS, quality_table
    from cmp.model.tidy import apply_dtypes

    df = apply_dtypes(pd.read_parquet(out / "indicators.parquet"))
    df.loc[0, "quote"] = df.loc[0, "quote"] + "x"
    files = {"indicators.csv": outputs.csv_bytes(df), "indicators.parquet": outputs.parquet_bytes(df),
             "quality.csv": outputs.csv_bytes(quality_table(df))}
    hashes = {n: "sha256:" + hashlib.sha256(d).hexdigest() for n, d in files.items()}
    files["datapackage.json"] = outputs.json_bytes(outputs.datapackage(
        df, [d.meta for d in load_documents(raw)], hashes, QUALITY_FIELDS))
    outputs.write_outputs(out, files)
    problems, _ = verify.verify_outputs(out, raw)
    assert len(problems) == 1 and "indicators.parquet" in problems[0] and "quote_is_raw_span" in problems[0]


def test_check_names_a_changed_parquet_and_a_missing_file(built):
    raw, out, _ = built
    data = (out / "indicators.parquet").read_bytes()
    (out / "indicators.parquet").write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    problems, _ = verify.verify_outputs(out, raw)
    assert any(p.startswith("indicators.parquet:") for p in problems)
    (out / "quality.csv").unlink()
    assert verify.verify_outputs(out, raw)[0] == ["quality.csv: missing from the output set; run `cmp build`"]


def test_first_difference_rules():
    assert verify.first_difference("f", b"a,b\n1,2\n", b"a,b\n1,2\n", "p") is None
    msg = verify.first_difference("f", b"a,b\n1,2\n3,4\n", b"a,b\n1,2\n3,5\n", "p", ["r1", "r2"])
    assert msg == "f: line 3 (row_id r2), field b: '4' where p has '5'; 1 row(s) differ"
    msg = verify.first_difference("f", b'a,b\n"x\ny",2\n1,9\n', b'a,b\n"x\ny",2\n1,8\n', "p", ["r1", "r2"])
    assert msg.startswith("f: line 4 (row_id r2), field b")  # a quoted field spanning lines counts its lines
    assert "first extra" in verify.first_difference("f", b"a\n1\n2\n", b"a\n1\n", "p")
    assert "3 fields instead of 2" in verify.first_difference("f", b"a,b\n1,2,3\n", b"a,b\n1,2\n", "p")


def test_check_help_says_what_it_verifies(capsys):
    _, stdout, _ = cli(["check", "--help"], capsys)
    text = " ".join(stdout.split())
    assert "datapackage.json's sha256 of every file, indicators.csv and indicators.parquet cell by cell" in text
    assert "every quote and context against the raw documents" in text and "re-run" not in text


# ================================================================ paths stay inside the project


@pytest.mark.parametrize("name", ["../a.txt", "/etc/passwd", "sub/../a.txt", "C:\\a.txt"])
def test_manifest_file_outside_the_raw_folder_is_refused(tmp_path, name):
    raw = write_corpus(tmp_path / "raw", {"a.txt": DOC_A}, file=name)
    with pytest.raises(CmpError, match="must be a path inside the raw folder"):
        read_manifest(raw)


def test_manifest_symlink_leaving_the_raw_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(DOC_A, "utf-8")
    raw = write_corpus(tmp_path / "raw", {"a.txt": DOC_A})
    (raw / "a.txt").unlink()
    (raw / "a.txt").symlink_to(secret)
    with pytest.raises(CmpError, match="leads outside the raw folder"):
        read_manifest(raw)
    (raw / "a.txt").unlink()
    (raw / "sub").symlink_to(tmp_path, target_is_directory=True)  # a folder on the way leaves too
    text = (raw / "manifest.yaml").read_text("utf-8").replace("file: a.txt", "file: sub/secret.txt")
    (raw / "manifest.yaml").write_text(text, "utf-8")
    with pytest.raises(CmpError, match="leads outside the raw folder"):
        read_manifest(raw)


@pytest.mark.parametrize("second", ["./a.txt", "same.txt"])
def test_two_entries_for_the_same_file_are_refused(tmp_path, second):
    raw = write_corpus(tmp_path / "raw", {"a.txt": DOC_A, "b.txt": DOC_B})
    if second == "same.txt":
        (raw / "same.txt").symlink_to(raw / "a.txt")
    text = (raw / "manifest.yaml").read_text("utf-8").replace("file: b.txt", f"file: {second}")
    (raw / "manifest.yaml").write_text(text, "utf-8")
    with pytest.raises(CmpError, match="listed twice.*entries 1 and 2"):
        read_manifest(raw)


def test_a_clean_relative_name_is_kept_in_its_plain_form(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a.txt": DOC_A}, file="./a.txt")
    assert [m["file"] for m in read_manifest(raw)] == ["a.txt"]


def make_project(tmp_path: Path, seconds: float = 0.0) -> Path:
    """A tiny project (cmp.toml): notebooks/tiny.ipynb (writes a marker, sleeps) and params/tiny.yaml."""
    proj = tmp_path / "proj"
    (proj / "notebooks").mkdir(parents=True)
    (proj / "cmp.toml").write_text('[project]\nname = "tiny"\n', "utf-8")
    (proj / "params").mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("seconds: float = 0.0  # how long to sleep\nmarker: str = ''  # file to touch",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import pathlib, time\nif marker:\n    pathlib.Path(marker).touch()\n"
                                  "time.sleep(seconds)\nprint('slept', seconds)"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(proj / "notebooks" / "tiny.ipynb"))
    params = {"title": "Tiny", "notebook": "tiny.ipynb", "output": "tiny",
              "parameters": {"seconds": seconds, "marker": str(tmp_path / "started")}}
    (proj / "params" / "tiny.yaml").write_text(yaml.safe_dump(params), "utf-8")
    return proj


@pytest.mark.parametrize("name", ["../../x.ipynb", "/tmp/x.ipynb", "sub/tiny.ipynb", "tiny.ipynb/..", "link.ipynb"])
def test_briefing_notebook_must_be_a_notebook_of_notebooks(tmp_path, monkeypatch, name):
    proj = make_project(tmp_path)
    monkeypatch.chdir(proj)
    (tmp_path / "x.ipynb").write_bytes((proj / "notebooks" / "tiny.ipynb").read_bytes())
    (proj / "notebooks" / "link.ipynb").symlink_to(tmp_path / "x.ipynb")
    (proj / "notebooks" / "sub").mkdir()
    (proj / "notebooks" / "sub" / "tiny.ipynb").write_bytes((tmp_path / "x.ipynb").read_bytes())
    path = proj / "params" / "b.yaml"
    path.write_text(yaml.safe_dump({"notebook": name}), "utf-8")
    with pytest.raises(CmpError, match=f"notebook {name!r} (must be the file name|not found)"):
        briefings.load_briefing(path)
    path.write_text(yaml.safe_dump({"notebook": "tiny.ipynb"}), "utf-8")
    assert briefings.load_briefing(path).notebook == proj / "notebooks" / "tiny.ipynb"


def test_figures_dir_in_a_params_file_stays_inside_the_project(tmp_path, monkeypatch):
    proj = make_project(tmp_path)
    monkeypatch.chdir(proj)
    nb = nbformat.read(str(proj / "notebooks" / "tiny.ipynb"), as_version=4)
    nb.cells[0].source += "\nfigures_dir: str = ''  # charts"
    nbformat.write(nb, str(proj / "notebooks" / "tiny.ipynb"))
    path = proj / "params" / "b.yaml"
    for bad in ("/etc", "../../..", str(tmp_path)):
        path.write_text(yaml.safe_dump({"notebook": "tiny.ipynb", "parameters": {"figures_dir": bad}}), "utf-8")
        with pytest.raises(CmpError, match="parameter figures_dir: folder .* is outside the project"):
            briefings.load_briefing(path)
    path.write_text(yaml.safe_dump({"notebook": "tiny.ipynb", "parameters": {"figures_dir": "figs"}}), "utf-8")
    assert briefings.load_briefing(path).parameters["figures_dir"] == "figs"


# ================================================================ YAML


def test_alias_bombs_are_refused_at_once(tmp_path, monkeypatch):
    assert len(BOMB_MANIFEST.encode()) == 872 and len(BOMB_PARAMS.encode()) == 463
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "manifest.yaml").write_text(BOMB_MANIFEST, "utf-8")
    t0 = time.perf_counter()
    with pytest.raises(CmpError, match=r"manifest.yaml:4: YAML alias \*a is not allowed"):
        read_manifest(raw)
    proj = make_project(tmp_path)
    monkeypatch.chdir(proj)
    (proj / "params" / "bomb.yaml").write_text(BOMB_PARAMS, "utf-8")
    with pytest.raises(CmpError, match=r"bomb.yaml:5: YAML alias \*a is not allowed"):
        briefings.load_briefing(proj / "params" / "bomb.yaml")
    assert time.perf_counter() - t0 < 20  # a hang guard (an expanding alias bomb never ends), not a speed target


def test_alias_bomb_manifest_through_the_cli_is_one_clear_error(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "manifest.yaml").write_text(BOMB_MANIFEST, "utf-8")
    code, _, err = cli(["build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "out")], capsys)
    assert code == 2 and err.count("error:") == 1 and "YAML alias *a is not allowed" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", r"f.yaml:3: duplicate key 'a' \(first at line 1\)"),
        ("x:\n  - {k: 1, k: 2}\n", r"f.yaml:2: duplicate key 'k'"),
        ("a: [1\n", r"f.yaml:2: not valid YAML"),
        ("? [1, 2]\n: x\n", "a mapping key must be text or a number"),
        ("a: !!python/object:os.system ls\n", "not valid YAML"),
    ],
)
def test_yaml_loader_rules(text, message):
    with pytest.raises(CmpError, match=message):
        yamlio.load_text(text, "f.yaml")


def test_yaml_loader_keeps_plain_data(tmp_path):
    assert yamlio.load_text("a: [1, 2.5, x]\nb: {c: true}\n") == {"a": [1, 2.5, "x"], "b": {"c": True}}
    (tmp_path / "bad.yaml").write_bytes(b"a: \xff\n")
    with pytest.raises(CmpError, match=r"bad.yaml: not valid UTF-8 \(byte offset 3\)"):
        yamlio.load_file(tmp_path / "bad.yaml")


def test_duplicate_key_in_a_manifest_names_key_and_line(tmp_path):
    raw = write_corpus(tmp_path / "raw", {"a.txt": DOC_A})
    text = (raw / "manifest.yaml").read_text("utf-8").replace("  title:", "  level: city\n  title:", 1)
    (raw / "manifest.yaml").write_text(text, "utf-8")
    line = text.splitlines().index("  level: city") + 1
    with pytest.raises(CmpError, match=rf"manifest.yaml:{line}: duplicate key 'level'"):
        read_manifest(raw)


# ================================================================ every interruption is clean


def our_processes(tmp_path: Path) -> list[str]:
    """Command lines of live processes that name tmp_path (the runner, its briefing processes, kernels)."""
    found, needle = [], str(tmp_path).encode()
    for d in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (d / "cmdline").read_bytes()
            state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in cmd and state != "Z" and int(d.name) != os.getpid():
            found.append(cmd.replace(b"\0", b" ").decode(errors="replace"))
    return found


def wait_until(cond, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.1)
    return False


def start_report(tmp_path: Path, proj: Path, *args: str) -> subprocess.Popen:
    reports = proj / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "tiny.html").write_text("earlier report", "utf-8")
    return subprocess.Popen([sys.executable, "-m", "cmp", "report", "--params-dir", str(proj / "params"),
                             "--out-dir", str(reports), *args], env=env_for(tmp_path, CMP_HOME=str(proj)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)


def assert_clean(tmp_path: Path, proj: Path) -> None:
    assert wait_until(lambda: not our_processes(tmp_path), 10), our_processes(tmp_path)
    assert list((tmp_path / "tmp").iterdir()) == []  # cmp-report-* with kernel connection files is gone
    assert not list(tmp_path.rglob("kernel-*.json"))
    assert snapshot(proj / "reports") == {"tiny.html": b"earlier report"}  # no temp notebook, old page kept


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_cmp_report_stops_everything_and_cleans_up(tmp_path, sig):
    proj = make_project(tmp_path, seconds=120)
    proc = start_report(tmp_path, proj, "--timeout", "100")
    try:
        assert wait_until(lambda: (tmp_path / "started").exists(), 60), proc.stderr.read() if proc.poll() else ""
        kernels = [c for c in our_processes(tmp_path) if "ipykernel" in c]
        assert kernels and str(tmp_path / "tmp") in kernels[0]  # its connection file lives in the run's folder
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
    finally:
        proc.kill()
    assert code == 128 + sig
    err = proc.stderr.read()
    assert "interrupted" in err and "Traceback" not in err, err
    assert_clean(tmp_path, proj)


def test_the_outer_time_limit_stops_the_kernel_and_cleans_up(tmp_path):
    proj = make_project(tmp_path, seconds=120)
    stale = tmp_path / "tmp" / "cmp-report-999999999-old"  # left by a run killed with SIGKILL
    stale.mkdir(parents=True)
    (stale / "kernel-1.json").write_text("{}", "utf-8")
    (proj / "reports").mkdir()
    (proj / "reports" / ".tiny.abc123.ipynb").write_text("{", "utf-8")  # a temp notebook of that run
    proc = start_report(tmp_path, proj, "--timeout", "4")
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 1
    assert "tiny: timed out after 4 s (outer limit); stopped" in err and "Traceback" not in err
    assert_clean(tmp_path, proj)


def test_a_date_parameter_is_a_clear_failure(tmp_path, monkeypatch):
    proj = make_project(tmp_path)
    monkeypatch.chdir(proj)
    path = proj / "params" / "tiny.yaml"
    path.write_text("notebook: tiny.ipynb\nparameters:\n  marker: 2025-01-01\n", "utf-8")
    with pytest.raises(CmpError, match=r"parameter marker is a date \(2025-01-01\); .*quote dates"):
        briefings.load_briefing(path)
    path.write_text("notebook: tiny.ipynb\nparameters:\n  seconds: .nan\n", "utf-8")
    with pytest.raises(CmpError, match="parameter seconds is nan; expected a finite number"):
        briefings.load_briefing(path)


# ================================================================ no traceback from the CLI


def test_broken_pipe_is_quiet(tmp_path):
    env = env_for(tmp_path)
    proc = subprocess.run(f"{sys.executable} -m cmp codebook | head -n 2", shell=True, capture_output=True,
                          text=True, timeout=60, env=env)
    assert len(proc.stdout.splitlines()) == 2 and proc.stderr == ""


def test_an_ascii_terminal_gets_escapes_not_a_traceback(built, tmp_path):
    raw, _, _ = built
    proc = cmp_run(["sources", "--raw-dir", str(raw)], tmp_path, PYTHONIOENCODING="ascii")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "\\u6d4b" in proc.stdout  # 测 of the jurisdiction's name, escaped


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc"])
def test_timeout_accepts_positive_finite_numbers_only(capsys, value):
    code, _, err = cli(["report", "--timeout", value], capsys)
    assert code == 2 and "expected a positive number of seconds" in err


def test_bad_report_timeout_in_the_environment(tmp_path, capsys, monkeypatch):
    proj = make_project(tmp_path)
    monkeypatch.setenv("CMP_REPORT_TIMEOUT", "abc")
    code, _, err = cli(["report", "--params-dir", str(proj / "params"), "--out-dir", str(proj / "reports")], capsys)
    assert code == 2 and "CMP_REPORT_TIMEOUT is 'abc'; expected a positive number of seconds" in err
    assert not (proj / "reports").exists()


def test_library_takes_the_timeout_as_an_argument(tmp_path, monkeypatch):
    monkeypatch.setenv("CMP_REPORT_TIMEOUT", "abc")  # read by the CLI only
    with pytest.raises(CmpError, match="timeout is 0; expected a positive number"):
        briefings.run_reports(params_dir=make_project(tmp_path) / "params", out_dir=tmp_path / "o", timeout=0)
    assert briefings.check_timeout("2.5") == 2.5


# ================================================================ encoding hints


TRAD = "青川市民政事業發展規劃：到二零二五年，養老機構護理型床位佔比達到百分之五十五以上。"
SIMP = "青川市民政事业发展规划：到2025年，养老机构护理型床位占比达到55%以上，每千名老年人拥有养老床位35张。"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SIMP.encode("utf-16"), "UTF-16LE-encoded (byte-order mark)"),
        (SIMP.encode("utf-16-le"), "iconv -f UTF-16LE"),
        (("abc " + SIMP).encode("utf-16-be"), "iconv -f UTF-16BE"),
        (TRAD.encode("big5"), "Big5-encoded (Traditional Chinese): convert it with `iconv -f BIG5"),
        (SIMP.encode("gbk"), "iconv -f GB18030"),
        (TRAD.encode("gb18030"), "iconv -f GB18030"),
        (b"\x00\x01\x02binary\xff\xfe", "looks binary"),
        (bytes(range(256)) * 4, "looks binary"),
    ],
)
def test_encoding_hint_names_the_likely_encoding(data, expected):
    assert expected in encoding_hint(data)


# ================================================================ rule-level checks of the helpers


def test_the_set_writer_waits_for_the_lock(tmp_path):
    out = tmp_path / "set"
    out.mkdir()
    script = ("import sys; from pathlib import Path; from cmp.model.outputs import write_outputs\n"
              "write_outputs(Path(sys.argv[1]), {'a.csv': b'new'})\n")
    with outputs.locked(out):  # another writer (or `cmp check`) holds the set
        proc = subprocess.Popen([sys.executable, "-c", script, str(out)], env=env_for(tmp_path),
                                stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        assert ready and "waiting for another cmp process" in proc.stderr.readline()
        time.sleep(0.5)
        assert proc.poll() is None and not (out / "a.csv").exists()  # blocked, wrote nothing
    assert proc.wait(timeout=30) == 0 and (out / "a.csv").read_bytes() == b"new"


def test_a_second_report_into_a_busy_folder_is_refused_at_once(tmp_path, monkeypatch):
    proj = make_project(tmp_path)
    monkeypatch.chdir(proj)
    out = proj / "reports"
    out.mkdir()
    with outputs.locked(out), pytest.raises(CmpError, match="another cmp process is writing into this folder"):
        briefings.run_reports(params_dir=proj / "params", out_dir=out, timeout=30)


def test_atomic_write_gives_an_ordinary_file_and_replaces_whole(tmp_path):
    target = tmp_path / "x.txt"
    outputs.atomic_write(target, "一")
    outputs.atomic_write(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]
    assert target.stat().st_mode & 0o777 == outputs.umask_mode()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"a": [1, "x", True, None, 2.5]}, None),
        ({"a": [1, {"b": float("inf")}]}, "p.a[1].b is inf; expected a finite number"),
        ({1: "x"}, "p has the key 1; keys must be text"),
        ([b"x"], "p[0] is a bytes"),
    ],
)
def test_parameter_values_must_be_json_data(value, problem):
    got = briefings._json_problem(value, "p")
    assert got == problem if problem is None else got.startswith(problem)


@pytest.mark.parametrize(("value", "ok"), [("1e-3", True), ("900", True), (5, True), ("0", False), (-0.1, False),
                                           ("nan", False), ("inf", False), (None, False), ("", False)])
def test_check_timeout_boundaries(value, ok):
    if ok:
        assert briefings.check_timeout(value) == float(value)
    else:
        with pytest.raises(CmpError, match="expected a positive number of seconds"):
            briefings.check_timeout(value)


def test_stale_work_folders_of_live_runs_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(briefings.tempfile, "gettempdir", lambda: str(tmp_path))
    live = tmp_path / f"{briefings.WORK_PREFIX}{os.getppid()}-a"  # the parent process is alive
    dead = tmp_path / f"{briefings.WORK_PREFIX}999999999-b"
    other = tmp_path / f"{briefings.WORK_PREFIX}x"  # not named by a run of this version: not ours to judge
    for d in (live, dead, other):
        d.mkdir()
    briefings._remove_stale_workdirs()
    assert live.is_dir() and other.is_dir() and not dead.exists()


def test_stray_kill_matches_a_folder_not_a_name_prefix(tmp_path):
    """Finishing briefing `beds` must not kill the runner of `beds-zh` (its folder name starts the same)."""
    import subprocess
    import sys

    from cmp.present.briefings import _kill_strays

    work = tmp_path / "work"
    (work / "beds").mkdir(parents=True)
    (work / "beds-zh").mkdir()
    sleeper = "import time, sys; time.sleep(30)"
    sibling = subprocess.Popen([sys.executable, "-c", sleeper, str(work / "beds-zh" / "result.json")])
    own = subprocess.Popen([sys.executable, "-c", sleeper, str(work / "beds" / "kernel-1.json")])
    try:
        time.sleep(0.3)
        _kill_strays(work / "beds")
        assert own.wait(timeout=10) == -signal.SIGKILL
        time.sleep(0.3)
        assert sibling.poll() is None, "the sibling briefing's process was killed"
    finally:
        for p in (sibling, own):
            p.kill()
            p.wait(timeout=10)
