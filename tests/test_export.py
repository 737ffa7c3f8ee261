"""Exports researchers open: the Excel workbook, the SQLite database, and `cmp search`.

A small made-up tidy table (two invented jurisdictions, one in Traditional script) drives the rule-level tests;
the real committed data/tidy is exported once.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from cmp.cli import main
from cmp.model.codebook import load_codebook
from cmp.model.outputs import csv_bytes
from cmp.model.tidy import to_frame
from cmp.present import export_sqlite, search
from cmp.present.export import (
    SOURCE_FIELDS,
    check_output_path,
    display_width,
    facts_frame,
    flag_meanings,
    flags_frame,
    input_fingerprint,
    load_inputs,
)
from cmp.present.export_xlsx import SHEETS, workbook_bytes, write_workbook

from .conftest import META, ROOT

QC_TEXT = "到2025年,全市养老机构护理型床位占比不低于60%,每千名老年人拥有养老床位40张。"
WT_TEXT = "新建社區養老服務中心3處,增加護理型床位120張。"


def _row(**kw) -> dict:
    base = {"method": "prose", "kind": "target", "comparator": "=", "attribute": "", "preferred": True, "plan": ""}
    return {**base, **kw}


def _rows() -> list[dict]:
    """Wutong (Traditional) first on purpose: results must follow the manifest, where Qingchuan comes first."""
    wt, qc = "wutong.txt", "qingchuan.txt"
    return [
        _row(row_id="wutong-p-1", jurisdiction="wutong", doc=wt, label="社區養老服務中心", kind="target", year=2023,
             value=3, unit="处", value_raw="3", value_text="3處", line=2, start=WT_TEXT.index("3處"),
             end=WT_TEXT.index("3處") + 2, quote="3處",
             context=WT_TEXT, context_start=0, context_end=len(WT_TEXT), locator="line 2", flags="year_assumed"),
        _row(row_id="wutong-p-2", jurisdiction="wutong", doc=wt, label="護理型床位",
             indicator="elderly_care.nursing_beds",
             year=2023, value=120, unit="张", value_raw="120", value_text="120張", line=2, start=WT_TEXT.index("120張"),
             end=WT_TEXT.index("120張") + 4,
             quote="120張", context=WT_TEXT, context_start=0, context_end=len(WT_TEXT), locator="line 2",
             flags="made_up_flag"),
        _row(row_id="qingchuan-t-1", jurisdiction="qingchuan", doc=qc, method="table", table="T1", row_no=1,
             label="养老机构护理型床位占比", indicator="elderly_care.nursing_bed_share", year=2025, value=60, unit="%",
             comparator=">=", value_raw="60", value_text="≥60", line=5, start=40, end=43, quote="≥60",
             context="≥60 |", context_start=40, context_end=45, locator="line 5", fact_id="f1"),
        _row(row_id="qingchuan-p-1", jurisdiction="qingchuan", doc=qc, label="护理型床位占比",
             indicator="elderly_care.nursing_bed_share", year=2025, value=60, unit="%", comparator=">=",
             value_raw="60", value_text="不低于60%", line=9, start=100 + QC_TEXT.index("不低于"),
             end=100 + QC_TEXT.index("不低于") + 6, quote="不低于60%",
             context=QC_TEXT, context_start=100, context_end=100 + len(QC_TEXT), locator="line 9",
             section="三、主要指标 > 养老服务", preferred=False, fact_id="f1"),
        _row(row_id="qingchuan-p-2", jurisdiction="qingchuan", doc=qc, label="每千名老年人拥有养老床位",
             indicator="elderly_care.beds_per_1000_elderly", year=2025, value=40.5, unit="张", value_raw="40",
             value_text="40张", line=9, start=100 + QC_TEXT.index("40张"), end=100 + QC_TEXT.index("40张") + 3,
             quote="40张", context=QC_TEXT,
             context_start=100, context_end=100 + len(QC_TEXT), locator="line 9", flags="no_value;unit_assumed"),
        _row(row_id="qingchuan-d-1", jurisdiction="qingchuan", doc=qc, method="derived", label="护理型床位占比(推算)",
             indicator="elderly_care.nursing_bed_share", kind="actual", year=2020, value=35.0, unit="%",
             line=5, start=40, end=43, quote="≥60", context="≥60 |", context_start=40, context_end=45,
             locator="line 5", derived_from="qingchuan-t-1", note="=(60-35)/5 made up", flags="derived"),
    ]


def _manifest_entry(jurisdiction: str, file: str, name_zh: str, name_en: str, script: str) -> dict:
    return {**META, "file": file, "sha256": "ab" * 32, "jurisdiction": jurisdiction, "name_zh": name_zh,
            "name_en": name_en, "script": script}


@pytest.fixture
def dirs(tmp_path) -> tuple[Path, Path]:
    """A made-up tidy folder and raw folder (manifest only) in tmp_path."""
    tidy, raw = tmp_path / "tidy", tmp_path / "raw"
    tidy.mkdir()
    raw.mkdir()
    (tidy / "indicators.csv").write_bytes(csv_bytes(to_frame(_rows())))
    docs = [_manifest_entry("qingchuan", "qingchuan.txt", "青川市", "Qingchuan", "simplified"),
            _manifest_entry("wutong", "wutong.txt", "梧桐区", "Wutong", "traditional")]
    (raw / "manifest.yaml").write_text(yaml.safe_dump({"documents": docs}, allow_unicode=True), "utf-8")
    return tidy, raw


@pytest.fixture
def inputs(dirs):
    return load_inputs(*dirs)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


# ---------------------------------------------------------------- shared parts


def test_display_width_counts_cjk_as_two_and_combining_marks_as_none():
    assert display_width("ab") == 2
    assert display_width("护理ab") == 6
    assert display_width("５") == 2  # full-width digit
    assert display_width("e\u0301") == 1


def test_facts_are_the_preferred_readings_with_bilingual_names(inputs):
    facts = facts_frame(inputs.table, inputs.manifest)
    assert len(facts) == 5  # six readings, one not preferred
    assert "qingchuan-p-1" not in set(facts["row_id"])
    share = facts[facts["row_id"] == "qingchuan-t-1"].iloc[0]
    assert share["other_readings"] == "qingchuan-p-1"  # the text reading of the same fact, kept as a source
    assert set(facts.loc[facts["row_id"] != "qingchuan-t-1", "other_readings"]) == {""}
    assert (share["jurisdiction_zh"], share["jurisdiction_en"]) == ("青川市", "Qingchuan")
    cb = load_codebook().set_index("id")
    assert share["indicator_zh"] == cb.loc["elderly_care.nursing_bed_share", "name_zh"]
    assert share["indicator_en"] == cb.loc["elderly_care.nursing_bed_share", "name_en"]


def test_flags_sheet_gives_both_meanings_counts_and_keeps_unknown_flags(inputs):
    flags = flags_frame(inputs.table).set_index("flag")
    meanings = flag_meanings()
    assert flags.loc["year_assumed", "meaning_en"] == meanings["year_assumed"][0]
    assert flags.loc["year_assumed", "meaning_zh"] == meanings["year_assumed"][1]
    assert flags.loc["no_value", "rows"] == 1 and flags.loc["conflict", "rows"] == 0
    assert flags.loc["made_up_flag", "rows"] == 1 and flags.loc["made_up_flag", "meaning_en"] == ""


def test_output_paths_need_the_right_suffix_and_a_writable_folder(tmp_path):
    assert check_output_path(tmp_path / "new" / "a.xlsx", "xlsx") == tmp_path / "new" / "a.xlsx"
    with pytest.raises(Exception, match=r"ending in \.xlsx"):
        check_output_path(tmp_path / "a.csv", "xlsx")
    (tmp_path / "file").write_text("x")
    with pytest.raises(Exception, match="not a writable folder"):
        check_output_path(tmp_path / "file" / "a.sqlite", "sqlite")


# ---------------------------------------------------------------- workbook


def test_workbook_has_every_sheet_with_frozen_header_autofilter_and_matching_row_counts(inputs, tmp_path):
    path = write_workbook(inputs, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", ws.title
        assert all(c.font.bold for c in ws[1])
    n = len(inputs.table)
    assert wb[SHEETS[0]].max_row == 1 + int(inputs.table["preferred"].sum())
    assert wb[SHEETS[1]].max_row == 1 + n
    assert wb[SHEETS[2]].max_row == 1 + len(inputs.manifest)
    assert wb[SHEETS[4]].max_row == 1 + len(load_codebook())
    sources = [c.value for c in wb[SHEETS[2]][1]]
    assert sources[: len(SOURCE_FIELDS)] == list(SOURCE_FIELDS) and "sha256" in sources


def test_workbook_stores_numbers_as_numbers_and_comparators_as_text(inputs, tmp_path):
    wb = openpyxl.load_workbook(write_workbook(inputs, tmp_path / "out.xlsx"))
    ws = wb[SHEETS[1]]
    head = [c.value for c in ws[1]]
    rows = {r[head.index("row_id")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    for col in ("value", "year", "line", "start"):
        assert all(isinstance(r[head.index(col)], (int, float)) for r in rows.values()), col
    assert rows["qingchuan-p-2"][head.index("value")] == 40.5
    at = 2 + list(rows).index("wutong-p-1")
    comparator = ws.cell(row=at, column=head.index("comparator") + 1)
    assert comparator.value == "=" and comparator.data_type == "s"
    note = ws.cell(row=2 + list(rows).index("qingchuan-d-1"), column=head.index("note") + 1)
    assert note.value == "=(60-35)/5 made up" and note.data_type == "s"  # text, never a formula
    assert rows["qingchuan-p-1"][head.index("preferred")] is False
    values = wb[SHEETS[0]]
    vhead = [c.value for c in values[1]]
    assert all(isinstance(r[vhead.index("数值 value")], (int, float)) for r in values.iter_rows(min_row=2,
                                                                                              values_only=True))


def test_column_widths_fit_cjk_text_by_display_width(inputs, tmp_path):
    wb = openpyxl.load_workbook(write_workbook(inputs, tmp_path / "out.xlsx"))
    ws = wb[SHEETS[1]]
    head = [c.value for c in ws[1]]
    label_col = ws.cell(1, head.index("label") + 1).column_letter
    # 每千名老年人拥有养老床位: 12 characters, 24 display columns
    assert ws.column_dimensions[label_col].width >= 24
    kind_col = ws.cell(1, head.index("kind") + 1).column_letter
    assert ws.column_dimensions[kind_col].width < 24


def test_workbook_bytes_are_identical_on_rebuild_and_carry_no_clock_time(inputs):
    first, second = workbook_bytes(inputs), workbook_bytes(inputs)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count(">2021-12-30T00:00:00Z<") == 2  # created and modified = latest source date


def test_export_gives_identical_bytes_in_two_processes(dirs, tmp_path):
    tidy, raw = dirs
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    outs = []
    for i in (1, 2):
        x, s = tmp_path / f"run{i}.xlsx", tmp_path / f"run{i}.sqlite"
        subprocess.run([sys.executable, "-m", "cmp", "export", "--xlsx", str(x), "--sqlite", str(s),
                        "--tidy-dir", str(tidy), "--raw-dir", str(raw)], check=True, env=env, capture_output=True)
        outs.append((x.read_bytes(), s.read_bytes()))
    assert outs[0][0] == outs[1][0]
    assert outs[0][1] == outs[1][1]


# ---------------------------------------------------------------- SQLite


def test_database_holds_the_tables_and_a_trigram_index_in_simplified_script(inputs, tmp_path):
    path = export_sqlite.write_database(inputs, tmp_path / "cmp.sqlite")
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"readings", "sources", "codebook", "flags", "search_text", "readings_fts", "meta"} <= names
    assert conn.execute("SELECT count(*) FROM readings").fetchone()[0] == len(inputs.table)
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 2
    assert conn.execute("SELECT typeof(value), typeof(year) FROM readings LIMIT 1").fetchone() == ("real", "integer")
    # the Traditional row is indexed as Simplified: a Simplified query finds it
    hit = conn.execute("SELECT r.row_id FROM readings_fts f JOIN readings r ON r.ord = f.rowid "
                       "WHERE readings_fts MATCH '\"社区养老服务\"'").fetchall()
    assert [h[0] for h in hit] == ["wutong-p-1", "wutong-p-2"]
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["fingerprint"] == input_fingerprint(inputs.tidy_dir, inputs.raw_dir)
    assert meta["full_text_index"] == "trigram"


def test_without_trigram_support_the_database_says_so_and_search_scans(inputs, tmp_path, monkeypatch):
    monkeypatch.setattr(export_sqlite, "trigram_supported", lambda conn: False)
    said = []
    path = export_sqlite.write_database(inputs, tmp_path / "cmp.sqlite", warn=said.append)
    assert len(said) == 1 and "trigram" in said[0] and "LIKE" in said[0]
    names = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "readings_fts" not in names
    index = search.open_index(inputs.tidy_dir, inputs.raw_dir, path)
    assert index.origin == str(path) and not index.full_text
    assert list(search.find(index, "護理型床位")["row_id"]) == ["qingchuan-t-1", "qingchuan-p-1", "qingchuan-p-2",
                                                             "wutong-p-1", "wutong-p-2"]


# ---------------------------------------------------------------- search


def test_search_uses_a_fresh_database_and_rebuilds_in_memory_when_stale(inputs, tmp_path):
    path = export_sqlite.write_database(inputs, tmp_path / "cmp.sqlite")
    assert search.open_index(inputs.tidy_dir, inputs.raw_dir, path).origin == str(path)
    csv = inputs.tidy_dir / "indicators.csv"
    csv.write_bytes(csv.read_bytes().replace("护理型床位占比".encode(), "护理型床位比例".encode()))
    index = search.open_index(inputs.tidy_dir, inputs.raw_dir, path)
    assert index.origin == "memory"
    assert "养老机构护理型床位比例" in set(search.find(index, "床位比例")["label"])


def test_search_finds_across_scripts_in_manifest_order_without_derived_rows(inputs):
    index = search.open_index(inputs.tidy_dir, inputs.raw_dir, None)
    simplified = search.find(index, "护理型床位")
    traditional = search.find(index, "護理型床位")
    assert list(simplified["row_id"]) == list(traditional["row_id"])
    # qingchuan (first in the manifest) before wutong, though the table lists wutong first
    assert list(simplified["jurisdiction"]) == ["qingchuan"] * 3 + ["wutong"] * 2
    assert "qingchuan-d-1" not in set(simplified["row_id"])
    assert search.find(index, "蓝鲸飞艇").empty


def test_short_queries_scan_with_like_instead_of_finding_nothing(inputs):
    index = search.open_index(inputs.tidy_dir, inputs.raw_dir, None)
    assert index.full_text
    assert set(search.find(index, "床位")["jurisdiction"]) == {"qingchuan", "wutong"}
    assert list(search.find(index, "處")["row_id"]) == ["wutong-p-1", "wutong-p-2"]  # 處 -> 处, one character
    assert search.find(index, "_").empty  # LIKE wildcards are literal
    assert list(search.find(index, "社區", kinds=["target"], jurisdictions=["wutong"])["row_id"]) == [
        "wutong-p-1", "wutong-p-2"]
    assert search.find(index, "社區", kinds=["baseline"]).empty


def test_one_line_per_statement_prefers_the_reading_whose_label_matches(inputs):
    index = search.open_index(inputs.tidy_dir, inputs.raw_dir, None)
    picked = search.pick_statements(search.find(index, "护理型床位"), "护理型床位")
    # the Wutong sentence holds two readings: only 護理型床位 names the term
    assert list(picked["row_id"]) == ["qingchuan-t-1", "qingchuan-p-1", "wutong-p-2"]
    nearest = search.pick_statements(search.find(index, "新建"), "新建")
    assert list(nearest["row_id"]) == ["wutong-p-1"]  # 3處 sits next to 新建, 120張 far from it


def test_snippet_marks_the_match_nearest_the_reading_within_the_width():
    text = "甲" * 30 + "床位" + "乙" * 30 + "床位" + "丙" * 30
    spans = search.match_spans(text, "床位")
    assert spans == [(30, 32), (62, 64)]
    near_second = search.snippet(text, spans, 20, ("【", "】"), focus=70)
    assert "乙【床位】丙" in near_second and near_second.startswith("…") and near_second.endswith("…")
    assert display_width(near_second.replace("【", "").replace("】", "")) <= 20
    assert search.snippet("短句", [], 20, ("【", "】")) == "短句"


def test_match_spans_map_simplified_query_back_to_traditional_text():
    assert search.match_spans("增加護理型床位120張", "护理型床位") == [(2, 7)]
    assert search.match_spans("ＡＢＣ abc", "abc") == [(0, 3), (4, 7)]  # full width folded, case ignored


def test_table_columns_align_by_display_width():
    rows = [["梧桐区", "target", "120 张"], ["qc", "baseline", "60 %"]]
    lines = search.format_table(rows, headers=("地区", "kind", "value")).splitlines()
    starts = set()
    for line in lines:
        prefix = line[: line.index(next(w for w in ("kind", "target", "baseline") if w in line))]
        starts.add(display_width(prefix))
    assert len(starts) == 1


def test_cmp_search_prints_a_highlighted_table_and_a_count(dirs, capsys, tmp_path):
    tidy, raw = dirs
    rc, out, _ = _run(capsys, "search", "護理型床位", "--tidy-dir", str(tidy), "--raw-dir", str(raw),
                      "--db", str(tmp_path / "none.sqlite"))
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["jurisdiction", "kind", "year", "value"]
    assert any("wutong" in ln and "120 张" in ln and "wutong.txt:2" in ln and "增加【護理型床位】120張" in ln
               for ln in lines)
    assert "\x1b[" not in out  # no ANSI codes when stdout is not a terminal
    assert lines[-1].startswith("3 statement(s) in 2 document(s)")


def test_cmp_search_uses_ansi_bold_only_on_a_terminal(inputs):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    assert search.run_search("床位", tidy_dir=inputs.tidy_dir, raw_dir=inputs.raw_dir, out=out) == 0
    assert "\x1b[1m床位\x1b[0m" in out.getvalue() and "【" not in out.getvalue()


def test_cmp_search_says_when_nothing_matches(dirs, capsys):
    tidy, raw = dirs
    rc, out, _ = _run(capsys, "search", "蓝鲸飞艇", "--tidy-dir", str(tidy), "--raw-dir", str(raw))
    assert rc == 1 and out.strip() == "no statement matches '蓝鲸飞艇'"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "床位", "--kind", "goal"], "valid kinds: baseline, target, actual"),
        (["search", "床位", "--jurisdiction", "paris"], "valid ids: qingchuan, wutong"),
        (["search", "  "], "search text is empty"),
        (["export", "--xlsx", "{tmp}/file/out.xlsx"], "not a writable folder"),
        (["export", "--sqlite", "{tmp}/out.csv"], "ending in .sqlite"),
        (["export", "--xlsx", "{tmp}/out.xlsx", "--tidy-dir", "{tmp}/missing"], "run `cmp build` first"),
        (["search", "床位", "--tidy-dir", "{tmp}/missing"], "run `cmp build` first"),
    ],
)
def test_bad_arguments_give_one_clear_message(dirs, capsys, tmp_path, argv, expected):
    tidy, raw = dirs
    (tmp_path / "file").write_text("x")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "--tidy-dir" not in argv:
        argv += ["--tidy-dir", str(tidy)]
    rc, out, err = _run(capsys, *argv, "--raw-dir", str(raw))
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and expected in err
    assert "Traceback" not in err and not list(tmp_path.glob("*.xlsx"))


# ---------------------------------------------------------------- the real table, once


def test_the_committed_table_exports_and_searches(tmp_path, capsys):
    tidy, raw = ROOT / "data" / "tidy", ROOT / "data" / "raw"
    inputs = load_inputs(tidy, raw)
    wb = openpyxl.load_workbook(write_workbook(inputs, tmp_path / "cmp.xlsx"), read_only=True)
    assert wb[SHEETS[1]].max_row == 1 + len(inputs.table)
    assert wb[SHEETS[0]].max_row == 1 + int(inputs.table["preferred"].sum())
    assert wb[SHEETS[2]].max_row == 1 + len(inputs.manifest)
    db = export_sqlite.write_database(inputs, tmp_path / "cmp.sqlite")
    # Xincheng's plan is in Traditional script: a Simplified query finds it, and a Traditional one finds Wuhan
    rc, out, _ = _run(capsys, "search", "护理型床位", "--jurisdiction", "xincheng", "--db", str(db))
    assert rc == 0 and "xincheng_2023_civil_affairs_tasks.txt:" in out and "【護理型床位】" in out
    rc, out, _ = _run(capsys, "search", "護理型床位", "--jurisdiction", "wuhan", "--db", str(db))
    assert rc == 0 and "wuhan_14th_fyp_civil_affairs.txt:" in out and "【护理型床位】" in out
