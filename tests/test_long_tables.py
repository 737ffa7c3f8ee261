"""Rule-level tests of the column-wise passes that keep a long table fast (issue 10): each gives what the row-by-row
pass gave, on small made-up inputs, and the rows no rule reaches are left exactly as they were."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
import yaml

from cmp import build
from cmp.extract.table_layouts import Cell
from cmp.extract.table_line_headers import _names_columns
from cmp.ingest import normalize as nz
from cmp.model import checks, codebook, derive, outputs, reconcile
from cmp.model.tidy import COLUMN_NAMES, make_row_id, to_frame
from cmp.model.tidy import columns_of as _columns

SHARE = "elderly_care.nursing_bed_share"
BEDS = "elderly_care.nursing_beds"
TOTAL = "elderly_care.institution_beds_total"
DOCS = {"q.txt": {"period": "2021-2025", "doc_kind": "five_year_plan"}}


def row(n: int, **kw) -> dict:
    """A tidy table row of 青川市's made-up plan, unmapped unless `indicator` is given."""
    base = {
        "jurisdiction": "qingchuan", "doc": "q.txt", "method": "table", "table": "T1", "row_no": n, "category": "",
        "label": f"社区服务站点{n}", "indicator": "", "kind": "target", "year": 2025, "value": float(n), "unit": "个",
        "value_low": None, "value_high": None, "comparator": "=", "value_raw": str(n), "unit_raw": "个",
        "value_text": str(n), "attribute": "", "qualifier": "", "line": n, "start": 10 * n, "end": 10 * n + 2,
        "quote": str(n), "plan": "", "derived_from": "", "note": "", "flags": "",
    }
    base.update(kw)
    base.setdefault("row_id", make_row_id("qingchuan", base["method"], n, base["indicator"], base["kind"]))
    return base


def _to_csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, float_format=outputs.CSV_FLOAT, lineterminator="\n").encode("utf-8")


# ------------------------------------------------------------------------------------------------------- CSV
def _tricky() -> pd.DataFrame:
    return pd.DataFrame({
        "text": pd.Series(["a,b", 'say "hi"', "two\nlines", "old\rmac", "", None, "梧桐区，养老", " pad "],
                          dtype="string"),
        "str": pd.Series(["x", None, "y,z", "", "q", '"', "\n", "ok"], dtype="str"),
        "mixed": pd.Series([1, 2.5, True, None, pd.NA, "t,u", "v", 0], dtype=object),
        "words": pd.Series(["甲", None, "乙,丙", "丁", None, "戊", "己", "庚"], dtype=object),
        "count": pd.Series([1, None, -3, 2**40, 0, 7, None, 5], dtype="Int64"),
        "n": pd.Series([1, 2, 3, 4, 5, 6, 7, -8], dtype="int64"),
        "value": [0.1 + 0.2, np.nan, -0.0, 0.0, 1e20, 2 / 3, float("inf"), 123456789012345.0],
        "ok": pd.Series([True, False, None, True, True, False, None, True], dtype="boolean"),
        "flag": [True, False, True, True, False, False, True, True],
        'odd,"name': pd.Series(["k"] * 8, dtype="string"),
    })


def test_csv_bytes_are_those_of_to_csv_on_every_dtype_and_quoting_case():
    df = _tricky()
    assert outputs.csv_bytes(df) == _to_csv(df)
    text = outputs.csv_bytes(df).decode("utf-8")
    assert text.startswith('text,str,mixed,words,count,n,value,ok,flag,"odd,""name"\n')  # a header is a row
    assert '\n"a,b",x,1,甲,1,1,0.3,True,True,k\n' in text
    assert '\n"say ""hi""",,2.5,,,2,,False,False,k\n' in text  # NaN, NA and None are empty fields
    assert '\n"two\nlines","y,z",True,"乙,丙",-3,3,-0,,True,k\n' in text  # -0.0 is not merged with 0.0
    assert "\nold\rmac,,,丁,1099511627776,4,0,True,True,k\n" in text  # csv does not quote a lone CR (3.11)
    assert '\n梧桐区，养老,"\n",v,己,,7,inf,,True,k\n' in text


def test_csv_bytes_of_an_empty_frame_a_one_column_frame_and_shuffled_rows():
    df = _tricky()
    for frame in (df.head(0), df[["text"]], df[["value"]], df.sample(frac=1, random_state=3), df.iloc[::-1]):
        assert outputs.csv_bytes(frame) == _to_csv(frame)
    assert outputs.csv_bytes(df[["value"]]).split(b"\n")[2] == b'""'  # one column: csv quotes an empty row


def test_csv_bytes_fall_back_to_to_csv_for_other_dtypes():
    df = pd.DataFrame({"when": pd.to_datetime(["2021-01-01", "2025-12-31"]), "c": pd.Categorical(["a", "b"])})
    assert outputs._csv_cells(df["when"]) is None
    assert outputs.csv_bytes(df) == _to_csv(df)


def test_csv_quote_quotes_only_comma_quote_and_line_feed():
    import pyarrow as pa
    arr = pa.array(["plain", "a,b", 'q"', "l\nf", "c\rr", "t\tb"], pa.large_string())
    assert outputs._csv_quote(arr).to_pylist() == ["plain", '"a,b"', '"q"""', '"l\nf"', "c\rr", "t\tb"]


# ------------------------------------------------------------------------------------------------ folding
def test_fold_table_is_fold_char_for_every_character():
    for code in range(0x3100):
        assert chr(code).translate(nz.FOLD_TABLE) == nz.fold_char(chr(code)), hex(code)
    for code in (0xFEFF, 0xFF01, 0xFF0C, 0xFF5E, 0xFF5F, 0xFE6A, 0x2212):
        assert chr(code).translate(nz.FOLD_TABLE) == nz.fold_char(chr(code)), hex(code)


def test_fold_skips_only_text_with_nothing_to_fold():
    for text in ("社区服务站点12", "养老床位，达到５５％", "a\u3000b", "≧90", "plain ascii", ""):
        assert nz._fold(text) == text.translate(nz._TRANSLATE)
    assert nz._fold("５５％") == "55%"


def test_label_key_drops_quotes_folded_or_not_spaces_and_zero_width():
    assert codebook.label_key("＂养老 床位＂") == "养老床位"
    assert codebook.label_key("“养老\u200b床位”") == "养老床位"
    assert codebook.label_key("＇养老床位＇(张)") == "养老床位"
    assert codebook.label_key("养老床位（万张）") == "养老床位"  # full-width brackets fold, then the unit goes


# ------------------------------------------------------------------------------------------------ rows to a frame
def test_columns_read_rows_with_missing_extra_and_reordered_keys():
    rows = [row(1), row(2), {k: v for k, v in row(3).items() if k != "label"}, {**row(4), "extra": 1},
            dict(reversed(list(row(5).items())))]
    cols = _columns(rows)
    assert list(cols) == COLUMN_NAMES
    assert cols["label"] == ["社区服务站点1", "社区服务站点2", None, "社区服务站点4", "社区服务站点5"]
    assert cols["context"] == [None] * 5 and cols["row_no"] == [1, 2, 3, 4, 5]
    assert _columns([]) == {c: [] for c in COLUMN_NAMES}
    first_lacks = [{"label": "a"}, {"label": "b", "unit": "个"}]
    assert _columns(first_lacks)["unit"] == [None, "个"] and _columns(first_lacks)["label"] == ["a", "b"]
    df = to_frame(rows)
    assert df["label"].tolist()[2] == "" and df["row_no"].dtype == "Int64" and df["label"].dtype == "string"


# ------------------------------------------------------------------------------------------------ checks
def test_checks_flag_only_the_rows_a_rule_reaches_and_put_them_back_in_place():
    rows = [row(1), row(2, indicator=SHARE, unit="%", value=130.0), row(3, value=None),
            row(4, indicator=SHARE, unit="%", value=60.0, label="各养老机构护理型床位占比"),
            row(5, unit="%", value=130.0, flags="year_role_inferred", note="kept")]
    out = checks.apply_checks(to_frame(rows))
    assert out["flags"].tolist() == ["", "implausible", "", "per_unit_floor", "year_role_inferred"]
    assert out["note"].tolist()[0] == "" and out["note"].tolist()[4] == "kept"
    assert out["note"].tolist()[1] == "value 130 outside plausible range 0-100"
    assert "a floor each must meet" in out["note"].tolist()[3]
    assert out["value"].tolist()[:2] == [1.0, 130.0] and len(out) == 5


def test_checks_without_a_reachable_row_change_nothing_but_missing_text():
    df = to_frame([row(n, flags="year_role_inferred" if n % 2 else "") for n in range(1, 6)])
    df["note"] = pd.Series(["", None, "x", "", ""], dtype="string")
    out = checks.apply_checks(df)
    assert out["flags"].tolist() == df["flags"].tolist() and out["note"].tolist() == ["", "", "x", "", ""]


def test_quality_table_splits_flags_in_order_and_skips_empty_pieces():
    df = to_frame([row(1, flags="b;;a"), row(2, flags=""), row(3, flags="a"), row(4, flags=";c;")])
    q = checks.quality_table(df)
    assert list(q.columns) == checks.QUALITY_FIELDS
    assert list(zip(q["flag"], q["line"], strict=True)) == [("a", 1), ("a", 3), ("b", 1), ("c", 4)]
    assert q["label"].tolist() == ["社区服务站点1", "社区服务站点3", "社区服务站点1", "社区服务站点4"]
    assert checks.quality_table(df.head(0)).empty and list(checks.quality_table(to_frame([row(1)])).columns) == \
        checks.QUALITY_FIELDS


# ------------------------------------------------------------------------------------------------ plans, facts
def test_plans_are_remembered_per_key_and_still_follow_kind_and_year():
    rows = [row(1, kind="baseline", year=2020), row(2, kind="target", year=2020), row(3, kind="baseline", year=2020),
            row(4, kind="target", year=2025), row(5, kind="target", year=2025, section="“十三五”规划目标")]
    out = reconcile.assign_plans(to_frame(rows), DOCS, {})
    assert out["plan"].tolist() == ["14th-fyp", "13th-fyp", "14th-fyp", "14th-fyp", "13th-fyp"]


def test_reconcile_leaves_unmapped_rows_as_they_were_and_reconciles_the_rest():
    rows = [row(1, flags="year_role_inferred", note="n1", comparator="="),
            row(2, indicator=SHARE, unit="%", value=55.0, comparator=">=", method="prose", value_text="不低于55%"),
            row(3),
            row(4, indicator=SHARE, unit="%", value=55.0),
            row(5, indicator=SHARE, unit="%", value=60.0, year=None)]
    out = reconcile.reconcile(to_frame(rows), DOCS)
    assert out["fact_id"].tolist() == ["", "qingchuan:elderly_care.nursing_bed_share:2025:target", "",
                                       "qingchuan:elderly_care.nursing_bed_share:2025:target", ""]
    assert out["preferred"].tolist() == [True, False, True, True, True]
    assert out["comparator"].tolist() == ["=", ">=", "=", ">=", "="]  # the table reading keeps the text's floor
    assert out["flags"].tolist() == ["year_role_inferred", "", "", "comparator_added", ""]
    assert out["note"].tolist()[0] == "n1" and out["note"].tolist()[3].startswith("comparator >= from")
    assert out["row_id"].tolist() == [r["row_id"] for r in rows]


def test_derive_reads_mapped_rows_only():
    printed = [row(1, indicator=BEDS, unit="张", value=300.0), row(2, indicator=TOTAL, unit="张", value=600.0)]
    noise = [row(n) for n in range(3, 9)]
    alone = derive.derive(to_frame(printed))
    mixed = derive.derive(to_frame([noise[0], printed[0], *noise[1:4], printed[1], *noise[4:]]))
    assert len(alone) == 1 and alone["indicator"].tolist() == [SHARE] and alone["value"].tolist() == [50.0]
    pd.testing.assert_frame_equal(alone, mixed)


# ------------------------------------------------------------------------------------------------ table reader
def _cells(*texts: str) -> list[Cell]:
    return [Cell(t, 0, len(t), 1) for t in texts]


def test_a_line_is_a_header_only_when_every_cell_names_a_column():
    assert _names_columns(_cells("序号", "指标", "单位", "2025年"))
    assert _names_columns(_cells("指标", "", "2025年目标值"))  # an empty cell is skipped
    assert not _names_columns(_cells("12", "指标", "2025年"))  # a row number names no column
    assert not _names_columns(_cells("指标", "2025年", "社区服务站点3"))  # nor does a label, at any place
    assert not _names_columns(_cells("序号", "单位"))  # no indicator and no value column
    assert not _names_columns(_cells("", ""))


def _raw_dir(tmp_path, body: str):
    text = ("第二章 发展目标\n表1 主要指标\n" + body + "第三章 保障措施\n").encode("utf-8")
    (tmp_path / "big.txt").write_bytes(text)
    meta = {"file": "big.txt", "original_name": "big.txt", "sha256": hashlib.sha256(text).hexdigest(),
            "jurisdiction": "linhe", "name_zh": "临河县", "name_en": "Linhe (made up)", "level": "county",
            "parent": "made-up", "title": "made-up plan", "publisher": "made-up", "published": "2022-01-01",
            "doc_kind": "five_year_plan", "period": "2021-2025", "script": "simplified"}
    (tmp_path / "manifest.yaml").write_text(yaml.safe_dump({"documents": [meta]}, allow_unicode=True), "utf-8")
    return tmp_path


@pytest.mark.parametrize("layout", ["pipe", "cells"])
def test_a_5000_row_table_keeps_every_row_through_the_whole_build(tmp_path, layout):
    n = 5000
    if layout == "pipe":
        body = "| 序号 | 指标 | 单位 | 2020年 | 2025年 |\n" + "".join(
            f"| {i} | 社区服务站点{i} | 个 | {i % 97} | {i % 89 + 1} |\n" for i in range(1, n + 1))
    else:
        body = "序号\n指标\n单位\n2025年目标值\n" + "".join(f"{i}\n社区服务站点{i}\n个\n{i % 89 + 1}\n"
                                                           for i in range(1, n + 1))
    df, summary = build.build_table(_raw_dir(tmp_path, body))
    values = 2 if layout == "pipe" else 1
    assert len(df) == values * n and df["row_id"].is_unique and summary["tables"] == 1
    assert sorted(set(df["row_no"].tolist())) == list(range(1, n + 1))
    target = df[df["kind"] == "target"].sort_values("row_no")
    assert target["value"].tolist() == [float(i % 89 + 1) for i in range(1, n + 1)]
    assert target["label"].tolist()[-1] == f"社区服务站点{n}"
    assert (df["quote"] == df["value_raw"]).all()
