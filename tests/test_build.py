import shutil
import subprocess
import sys

import pandas as pd
import pytest

import cmp
from cmp.build import run_build
from cmp.cli import main

from .conftest import RAW, ROOT, write_corpus

TIDY = ROOT / "data" / "tidy"
OUTPUTS = ("indicators.csv", "indicators.parquet", "quality.csv", "datapackage.json")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("tidy")
    summary = run_build(RAW, out)
    return out, summary


def test_committed_tidy_outputs_are_current_and_byte_identical(rebuilt):
    out, _ = rebuilt
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (TIDY / name).read_bytes(), f"{name} is stale: run `cmp build`"


def test_build_summary_counts(rebuilt):
    _, summary = rebuilt
    assert summary["documents"] == 5 and summary["tables"] == 8
    assert summary["by_method"]["table"] >= 230


def test_every_value_is_traceable(rebuilt):
    out, _ = rebuilt
    df = pd.read_csv(out / "indicators.csv", dtype=str, keep_default_na=False)
    raws = {p.name: p.read_text("utf-8") for p in RAW.glob("*.txt")}
    for r in df.itertuples(index=False):
        assert raws[r.doc][int(r.start):int(r.end)] == r.quote
        assert raws[r.doc][: int(r.start)].count("\n") + 1 == int(r.line)


def test_load_returns_proper_dtypes():
    df = cmp.load()
    assert str(df["value"].dtype) == "float64" and str(df["year"].dtype) == "Int64"
    assert str(df["label"].dtype).startswith("string")
    assert df["row_id"].is_unique


def test_datapackage_validates_with_frictionless(rebuilt):
    frictionless = pytest.importorskip("frictionless")
    out, _ = rebuilt
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_failed_build_leaves_previous_outputs_intact(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "tidy"
    assert main(["build", "--raw-dir", str(raw), "--out-dir", str(out)]) == 0
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    doc = next(raw.glob("wuhan*.txt"))
    doc.write_bytes(doc.read_bytes() + b"\n")
    capsys.readouterr()
    assert main(["build", "--raw-dir", str(raw), "--out-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert "checksum mismatch" in err and doc.name in err and "Traceback" not in err
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_build_reads_a_document_it_has_never_seen(tmp_path):
    text = (
        "某市民政事业发展规划\n表1 主要指标\n| 序号 | 指标 | 单位 | 2020年 | 2025年 | 属性 |\n"
        "|---|---|---|---|---|---|\n| 1 | 养老机构护理型床位占比 | % | 48 | 60 | 约束性 |\n"
        "| 2 | 每千名老年人拥有养老床位数 | 张 | 32 | ≥35 | 预期性 |\n"
        "二、主要任务\n到2025年,城乡低保标准分别达到每人每月900元、720元。\n"
    )
    raw = write_corpus(tmp_path / "raw", {"newcity.txt": text})
    out = tmp_path / "tidy"
    summary = run_build(raw, out)
    df = cmp.load(out)
    assert summary["tables"] == 1
    share = df[(df["label"] == "养老机构护理型床位占比") & (df["kind"] == "target")]
    assert share["value"].tolist() == [60] and share["indicator"].tolist() == ["elderly_care.nursing_bed_share"]


def test_cli_bad_raw_dir_is_a_clear_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cmp", "build", "--raw-dir", str(tmp_path / "nope"),
                           "--out-dir", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "raw folder not found" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
