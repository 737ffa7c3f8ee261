"""Bad input: every case either builds what is sound (flagged) or stops with one clear message; never a
traceback, never a half-written data/tidy/, never a hang."""

import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cmp
from cmp.cli import main
from cmp.errors import CmpError
from cmp.extract.numbers import parse_cell
from cmp.extract.prose import extract_prose
from cmp.extract.tables import extract_tables
from cmp.ingest.normalize import normalize
from cmp.ingest.sources import Document

from .conftest import write_corpus

OUTPUTS = ("indicators.csv", "indicators.parquet", "quality.csv", "datapackage.json")
GOOD = ("一、主要指标\n| 序号 | 指标 | 单位 | 2020年 | 2025年 |\n|---|---|---|---|---|\n"
        "| 1 | 养老机构护理型床位占比 | % | 50 | 60 |\n二、任务\n")


def build(raw, out, capsys):
    capsys.readouterr()
    code = main(["build", "--raw-dir", str(raw), "--out-dir", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


@pytest.fixture
def prebuilt(tmp_path, capsys):
    """An output folder holding a good build, to prove a failed build leaves it intact."""
    out = tmp_path / "tidy"
    code, _ = build(write_corpus(tmp_path / "good", {"good.txt": GOOD}), out, capsys)
    assert code == 0
    return out, {n: (out / n).read_bytes() for n in OUTPUTS}


def assert_intact(prebuilt):
    out, before = prebuilt
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    "content,message",
    [
        (random.Random(1).randbytes(4096), "not valid UTF-8"),
        ("民政事业发展规划,养老床位达到6.4万张。".encode("gbk"), "GBK/GB18030"),
        (b"\x00\x01\x02binary\xff\xfe", "looks binary"),
    ],
)
def test_unreadable_documents_stop_with_one_clear_message(tmp_path, capsys, prebuilt, content, message):
    raw = write_corpus(tmp_path / "raw", {"bad.txt": content})
    code, err = build(raw, prebuilt[0], capsys)
    assert code == 2 and "bad.txt" in err and message in err
    assert len(err.strip().splitlines()) == 1
    assert_intact(prebuilt)


@pytest.mark.parametrize(
    "field,value,message",
    [("sha256", "0" * 64, "checksum mismatch"), ("script", "klingon", "expected one of simplified, traditional"),
     ("published", "yesterday", "expected an ISO date")],
)
def test_bad_manifest_stops_and_keeps_outputs(tmp_path, capsys, prebuilt, field, value, message):
    raw = write_corpus(tmp_path / "raw", {"a.txt": GOOD}, **{field: value})
    code, err = build(raw, prebuilt[0], capsys)
    assert code == 2 and message in err
    assert_intact(prebuilt)


def test_duplicate_jurisdiction_id(tmp_path, capsys, prebuilt):
    raw = write_corpus(tmp_path / "raw", {"a.txt": GOOD, "b.txt": GOOD}, jurisdiction="same")
    code, err = build(raw, prebuilt[0], capsys)
    assert code == 2 and "'same' is used by two entries" in err
    assert_intact(prebuilt)


def test_empty_document_builds_with_nothing_from_it(tmp_path, capsys):
    raw = write_corpus(tmp_path / "raw", {"empty.txt": "", "good.txt": GOOD})
    out = tmp_path / "tidy"
    code, err = build(raw, out, capsys)
    assert code == 0 and "no values found" in err and "empty.txt" in err
    df = cmp.load(out)
    assert set(df["doc"]) == {"good.txt"}


def test_cut_off_table_keeps_what_it_read_and_flags_the_rest(tmp_path, capsys):
    text = ("主要指标\n序号\n指标\n单位\n2020年\n2025年\n1\n养老机构护理型床位占比\n%\n50\n60\n"
            "2\n每千名老年人拥有养老床位数\n张\n")
    out = tmp_path / "tidy"
    code, _ = build(write_corpus(tmp_path / "raw", {"cut.txt": text}), out, capsys)
    assert code == 0
    df = cmp.load(out)
    cut = df[df["label"] == "每千名老年人拥有养老床位数"]
    assert len(cut) == 1 and cut["value"].isna().all() and "missing_cell" in cut["flags"].iloc[0]
    assert df[(df["label"] == "养老机构护理型床位占比") & (df["kind"] == "target")]["value"].tolist() == [60]


def test_rows_with_too_many_or_too_few_cells(tmp_path, capsys):
    text = ("| 指标 | 单位 | 2020年 | 2025年 |\n|---|---|---|---|\n"
            "| 社会工作专业人才总量 | 万人 | 0.31 | 0.45 | 多余 | 格子 |\n"
            "| 福利彩票销售网点数 | 个 | 600 |\n| 城镇社区综合服务设施覆盖率 | % | 100 | 100 |\n三、保障\n")
    out = tmp_path / "tidy"
    code, _ = build(write_corpus(tmp_path / "raw", {"cells.txt": text}), out, capsys)
    assert code == 0
    df = cmp.load(out)
    extra = df[df["label"] == "社会工作专业人才总量"]
    assert extra["value"].tolist() == [3100, 4500] and extra["flags"].str.contains("extra_cell").all()
    assert "多余" in extra["note"].iloc[0]
    few = df[df["label"] == "福利彩票销售网点数"]
    assert len(few) == 1 and "missing_cell" in few["flags"].iloc[0]
    last = df[df["label"] == "城镇社区综合服务设施覆盖率"]
    assert last["value"].tolist() == [100, 100] and not last["flags"].str.contains("missing_cell").any()


def test_html_and_script_tags_are_kept_as_text(tmp_path, capsys):
    text = GOOD + "<script>alert('x')</script><b>到2025年,养老机构护理型床位占比达到60%。</b>\n"
    out = tmp_path / "tidy"
    code, _ = build(write_corpus(tmp_path / "raw", {"html.txt": text}), out, capsys)
    assert code == 0
    df = cmp.load(out)
    for r in df.itertuples():
        assert text[r.start:r.end] == r.quote
    # the sentence inside <b>…</b> is read like any other: its value, unit, year and kind, quoted from the tag
    prose = df[df["method"] == "prose"]
    assert len(prose) == 1
    r = prose.iloc[0]
    assert (r["value"], r["unit"], r["year"], r["kind"], r["comparator"]) == (60, "%", 2025, "target", "=")
    assert "护理型床位占比" in r["label"] and r["quote"].startswith("60")
    assert r["start"] > text.index("<b>") and r["end"] < text.index("</b>")
    # nothing is read out of the script tag, and the table before it is untouched
    assert not df["quote"].str.contains("alert|script").any()
    assert df[df["method"] == "table"]["value"].tolist() == [50, 60]


def test_a_long_document_keeps_every_statement_and_exits_cleanly(tmp_path):
    """Every one of thousands of target lines reaches the table with its own value, kind and year.

    (How long a 20 MB document takes is measured in benchmarks/bench.py, not here.)"""
    n = 2_000
    lines = [f"第{i}条 到2025年,社区服务设施覆盖率达到{i % 97}%。" for i in range(n)]
    raw = write_corpus(tmp_path / "raw", {"big.txt": GOOD + "\n".join(lines) + "\n"})
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([sys.executable, "-m", "cmp", "build", "--raw-dir", str(raw), "--out-dir",
                           str(tmp_path / "tidy")], capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    df = cmp.load(tmp_path / "tidy")
    prose = df[df["method"] == "prose"]
    assert prose["value"].tolist() == [float(i % 97) for i in range(n)]
    assert set(prose["kind"]) == {"target"} and set(prose["year"]) == {2025}
    assert set(prose["unit"]) == {"%"}


# ---------------------------------------------------------------------------------------------------------------
# properties

TABLE_BITS = (
    "序号 指标 单位 2020年 2025年目标值 基期 目标值 实际值 指标属性 约束性 预期性 "
    "养老床位 护理型床位占比 % 万张 (人) —— - ≥ 1 2 3 12 0.5 99100100 30-40 1:07 "
    "城市30农村43 | 。 一、 (二) 到2025年 城乡低保标准 分别为 每人每月 830元 、 "
    "680元 提高到 万 亿 ‰ 以上 不低于 增长"
).split() + ["\t", " ", "\n", "\n\n"]

text_strategy = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(TABLE_BITS), max_size=80).map("".join),
)
META = {"jurisdiction": "prop", "file": "p.txt", "period": "2021-2025", "doc_kind": "five_year_plan"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_number_parser_never_raises_and_spans_hold(text):
    for q in parse_cell(text):
        assert text[q.start:q.end] == q.text
        if q.value is not None:
            assert q.value_raw and q.value_raw in q.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_table_parser_only_raises_its_own_error_and_quotes_hold(text):
    try:
        _, rows = extract_tables(META, normalize(text))
    except CmpError:
        return
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]
        if r["value"] is not None:
            assert r["value_raw"] and r["value_raw"].split("-")[0] in normalize(r["quote"]).text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_prose_parser_only_raises_its_own_error_and_quotes_hold(text):
    doc = Document(meta={**META, "file": "p.txt"}, text=text, path=None)
    try:
        rows = extract_prose(doc, normalize(text))
    except CmpError:
        return
    for r in rows:
        assert text[r["start"]:r["end"]] == r["quote"]
