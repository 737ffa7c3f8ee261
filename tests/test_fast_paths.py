"""Rule-level tests of the shortcuts that keep long tables fast: each must give what the slow path gives."""

import gc
import os

import pandas as pd
import pytest

from cmp import build, yamlio
from cmp.errors import CmpError
from cmp.extract import numbers
from cmp.extract.table_layouts import Cell, Column
from cmp.extract.table_rows import build_row
from cmp.model import codebook, reconcile, vocab
from cmp.model.tidy import COLUMNS, apply_dtypes, to_frame


def test_file_key_follows_edits_and_the_working_directory(tmp_path, monkeypatch):
    p = tmp_path / "a.yaml"
    p.write_text("x: 1\n", encoding="utf-8")
    first = yamlio.file_key(p)
    assert first[0] == str(p.resolve()) and first[1] > 0
    os.utime(p, (first[1] + 10, first[1] + 10))
    assert yamlio.file_key(p) == (first[0], first[1] + 10)
    monkeypatch.chdir(tmp_path)
    assert yamlio.file_key("a.yaml")[0] == first[0]  # a relative path is resolved against the working directory
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert yamlio.file_key("a.yaml") == (str((tmp_path / "sub" / "a.yaml").resolve()), 0.0)  # not a file here
    assert yamlio.file_key(tmp_path / "sub")[1] == 0.0  # a folder is not a file


def test_pinned_file_key_looks_once_and_only_inside(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("x: 1\n", encoding="utf-8")
    first = yamlio.file_key(p)
    with yamlio.pinned():
        assert yamlio.file_key(p) == first
        os.utime(p, (first[1] + 10, first[1] + 10))
        with yamlio.pinned():  # a nested use shares the outer one
            assert yamlio.file_key(p) == first
        assert yamlio.file_key(p) == first  # taken as first seen, for the whole build
        q = tmp_path / "b.yaml"
        assert yamlio.file_key(q)[1] == 0.0
    assert yamlio.file_key(p) == (first[0], first[1] + 10)  # outside, an edit is seen again
    with yamlio.pinned():
        assert yamlio.file_key(p) == (first[0], first[1] + 10)  # a new build looks again


def test_entry_and_codes_name_unknown_groups_and_codes():
    assert vocab.entry("plans", "14th-fyp")["first"] == 2021
    assert "14th-fyp" in vocab.codes("plans")
    with pytest.raises(CmpError, match="unknown vocabulary group 'nope'"):
        vocab.entry("nope", "x")
    with pytest.raises(CmpError, match="unknown vocabulary group 'version'"):
        vocab.codes("version")
    with pytest.raises(CmpError, match=r"unknown plans code '14th-fy'.*did you mean 14th-fyp"):
        vocab.entry("plans", "14th-fy")


@pytest.mark.parametrize("text", ["达到55%", "不低于55%", "55%以上", "控制在5%以内", "55%以下", "55%", "≥55%"])
def test_comparator_shortcut_agrees_with_the_word_lists(text):
    comparator, rest = numbers._strip_comparator(text)
    expected = ("=", text)
    for word in numbers._GE:
        if text.startswith(word):
            expected = (">=", text[len(word):].strip())
            break
    else:
        for word in numbers._LE:
            if text.startswith(word):
                expected = ("<=", text[len(word):].strip().removesuffix("以内"))
                break
        else:
            for suf, comp in [*((s, ">=") for s in numbers._GE_SUFFIX), *((s, "<=") for s in numbers._LE_SUFFIX)]:
                if text.endswith(suf):
                    expected = (comp, text[: -len(suf)].strip())
                    break
    assert (comparator, rest) == expected


def test_plain_cells_still_parse():
    assert [q.value for q in numbers.parse_cell("城市30农村43", "元")] == [30, 43]
    assert numbers.parse_cell("350-500㎡")[0].flags == ("range",)
    assert numbers.parse_cell("1:07")[0].flags == ("suspect_format",)
    assert numbers.parse_cell("社区服务站点12")[0].flags == ("non_numeric",)


def _cols():
    return [Column("indicator", "指标"), Column("unit", "单位"), Column("value", "2025年", kind="target", year=2025)]


def _cells(*texts):
    return [Cell(t, 10 * i, 10 * i + len(t), 1) for i, t in enumerate(texts)]


def test_a_row_as_printed_has_no_misfit_flags():
    row = build_row(_cells("养老床位数", "张", "120"), _cols(), None, "")
    assert row.flags == [] and row.notes == [] and row.value_flags == {}
    assert row.label.text == "养老床位数" and row.unit.text == "张" and row.values[0][1].text == "120"


def test_a_row_not_as_printed_is_still_flagged():
    missing = build_row(_cells("养老床位数", "120"), _cols(), None, "")
    assert "missing_cell" in missing.flags and "单位" in missing.notes[0]
    extra = build_row(_cells("养老床位数", "张", "120", "130"), _cols(), None, "")
    assert "extra_cell" in extra.flags and "column_ambiguous" in extra.flags


def test_label_keys_are_remembered_per_text_and_unit_suffix_still_dropped():
    assert codebook.label_key("全市养老床位数(张)") == codebook.label_key("养老床位数") == "养老床位数"
    assert codebook.label_key(None) == codebook.label_key(float("nan")) == ""
    assert codebook.label_key(12) == "12"


def test_map_rows_maps_like_map_label():
    df = to_frame([])
    df = pd.DataFrame({c: ["", ""] for c in df.columns})
    df["label"], df["unit"], df["indicator"] = ["养老床位总数", "没有这个指标"], ["张", ""], ["", "kept.id"]
    out = codebook.map_rows(df)
    assert list(out["indicator"]) == [codebook.map_label("养老床位总数", "", "张"), "kept.id"]
    assert out["indicator"].iloc[0] != ""


def test_apply_dtypes_fills_missing_text_even_on_typed_columns():
    df = to_frame([{"label": "a"}, {"label": None}])
    assert list(df["label"]) == ["a", ""]
    typed = df.copy()
    typed["label"] = pd.array(["a", None], dtype="string")
    typed["preferred"] = pd.array([True, None], dtype="boolean")
    out = apply_dtypes(typed)
    assert list(out["label"]) == ["a", ""] and list(out["preferred"]) == [True, True]
    assert all(str(out[c].dtype) == dt for c, (dt, _) in COLUMNS.items())
    again = apply_dtypes(out)
    pd.testing.assert_frame_equal(again, out)


def test_assign_plans_looks_up_each_caption_once_but_per_row_result():
    rows = [{"row_id": f"r{i}", "doc": "d.txt", "table": "T1", "section": "", "kind": kind, "year": year,
             "method": "table", "derived_from": "", "plan": ""}
            for i, (kind, year) in enumerate([("target", 2025), ("baseline", 2020), ("actual", 2018),
                                              ("target", None)])]
    df = pd.DataFrame(rows)
    out = reconcile.assign_plans(df, {"d.txt": {"period": "2021-2025"}}, {})
    assert list(out["plan"]) == ["14th-fyp", "14th-fyp", "13th-fyp", ""]
    named = reconcile.assign_plans(df, {"d.txt": {"period": "2021-2025"}}, {("d.txt", "T1"): "“十三五”主要指标"})
    assert set(named["plan"]) == {"13th-fyp"}


def test_build_restores_the_garbage_collector(monkeypatch):
    assert gc.isenabled()
    seen = []

    def fake(raw_dir, log=None):
        seen.append(gc.isenabled())
        raise CmpError("stop")

    monkeypatch.setattr(build, "_build_table", fake)
    with pytest.raises(CmpError):
        build.build_table("x")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(CmpError):
            build.build_table("x")
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_pinned_file_key_still_follows_the_working_directory_for_a_relative_path(tmp_path, monkeypatch):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.yaml").write_text("x: 1\n", encoding="utf-8")
    with yamlio.pinned():
        monkeypatch.chdir(tmp_path / "a")
        first = yamlio.file_key("x.yaml")
        monkeypatch.chdir(tmp_path / "b")
        assert yamlio.file_key("x.yaml")[0] == str((tmp_path / "b" / "x.yaml").resolve()) != first[0]
