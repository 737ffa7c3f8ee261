import pandas as pd

from cmp.cli import main
from cmp.model.checks import apply_checks, conflicts, plausibility
from cmp.model.tidy import to_frame


def row(**kw):
    base = {
        "row_id": "x-t-1", "jurisdiction": "x", "doc": "x.txt", "method": "table", "table": "T1", "row_no": 1,
        "category": "", "label": "l", "indicator": "", "kind": "target", "year": 2025, "value": 1.0, "unit": "%",
        "value_low": None, "value_high": None, "comparator": "=", "value_raw": "1", "unit_raw": "%",
        "value_text": "1", "attribute": "", "qualifier": "", "line": 1, "start": 0, "end": 1, "quote": "1",
        "derived_from": "", "note": "", "flags": "",
    }
    base.update(kw)
    return base


def test_per_1000_elderly_value_that_fits_residents_is_flagged_not_changed():
    df = to_frame([row(indicator="elderly_care.beds_per_1000_elderly", value=4.1, unit="张",
                       label="千名老人养老床位数")])
    out = plausibility(df)
    assert "denominator_suspect" in out["flags"][0] and out["value"][0] == 4.1
    assert "per 1,000 residents" in out["note"][0]
    ok = plausibility(to_frame([row(indicator="elderly_care.beds_per_1000_elderly", value=35.0, unit="张")]))
    assert ok["flags"][0] == ""


def test_share_above_100_is_implausible_but_growth_is_not():
    df = to_frame([
        row(row_id="a", indicator="elderly_care.nursing_bed_share", value=130.0),
        row(row_id="b", indicator="", value=112.5, label="城乡低保标准增长"),
        row(row_id="c", indicator="social_assistance.dibao_rural_standard_growth", value=150.0),
    ])
    flags = plausibility(df).set_index("row_id")["flags"]
    assert "implausible" in flags["a"] and flags["b"] == "" and flags["c"] == ""


def test_table_and_prose_disagreeing_are_both_flagged_and_kept():
    df = to_frame([
        row(row_id="t", indicator="elderly_care.nursing_bed_share", value=55.0),
        row(row_id="p", method="prose", table="", indicator="elderly_care.nursing_bed_share", value=60.0),
        row(row_id="o", jurisdiction="y", indicator="elderly_care.nursing_bed_share", value=70.0),
    ])
    out = conflicts(df).set_index("row_id")
    assert "conflict" in out.loc["t", "flags"] and "conflict" in out.loc["p", "flags"]
    assert "p=60" in out.loc["t", "note"] and "t=55" in out.loc["p", "note"]
    assert out.loc["o", "flags"] == ""  # another document is not a conflict
    assert list(out["value"]) == [55.0, 60.0, 70.0]


def test_baseline_and_actual_of_one_year_are_compared_targets_apart():
    df = to_frame([
        row(row_id="b", kind="baseline", year=2020, indicator="elderly_care.nursing_bed_share", value=54.0),
        row(row_id="a", kind="actual", year=2020, method="prose", indicator="elderly_care.nursing_bed_share",
            value=54.0),
        row(row_id="t", kind="target", year=2020, indicator="elderly_care.nursing_bed_share", value=39.0),
    ])
    out = apply_checks(df)
    assert not out["flags"].str.contains("conflict").any()
    df.loc[1, "value"] = 50.0
    out = conflicts(df)
    assert out["flags"].str.contains("conflict").sum() == 2


def test_cmp_check_on_the_committed_table(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "rows pass the schema" in out and "denominator_suspect" in out


def test_checks_never_drop_rows():
    df = to_frame([row(row_id=str(i), value=float(i) * 30) for i in range(5)])
    assert len(apply_checks(df)) == 5 and isinstance(apply_checks(df), pd.DataFrame)
