"""Plausibility checks: flags and notes added by rule (checks.yaml, validated on load), values never changed."""

import pandas as pd
import pytest

from cmp.cli import main
from cmp.errors import CmpError
from cmp.model import checks
from cmp.model.checks import CHECKS_PATH, apply_checks, implied_base, per_unit_floors, plausibility
from cmp.model.tidy import to_frame

ELDERLY = "elderly_care.beds_per_1000_elderly"
RESIDENTS = "elderly_care.beds_per_1000_residents"
SHARE = "elderly_care.nursing_bed_share"


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


def flags_of(df: pd.DataFrame) -> dict[str, list[str]]:
    return {r: f.split(";") if f else [] for r, f in zip(df["row_id"], df["flags"], strict=True)}


def test_per_1000_elderly_value_that_fits_residents_is_flagged_not_changed():
    df = to_frame([row(indicator=ELDERLY, value=4.1, unit="张", label="千名老人养老床位数")])
    out = plausibility(df)
    assert "denominator_suspect" in out["flags"][0].split(";") and out["value"][0] == 4.1
    assert "per 1,000 residents" in out["note"][0]
    ok = plausibility(to_frame([row(indicator=ELDERLY, value=35.0, unit="张")]))
    assert ok["flags"][0] == "" and ok["note"][0] == ""


def test_suspect_bounds_are_strict_and_point_the_right_way():
    df = to_frame([row(row_id="lo", indicator=ELDERLY, value=10.0, unit="张"),     # at the bound: fine
                   row(row_id="lo2", indicator=ELDERLY, value=9.99, unit="张"),
                   row(row_id="hi", indicator=RESIDENTS, value=20.0, unit="张"),   # at the bound: fine
                   row(row_id="hi2", indicator=RESIDENTS, value=20.5, unit="张"),
                   row(row_id="res", indicator=RESIDENTS, value=4.1, unit="张")])  # low is fine per residents
    f = flags_of(plausibility(df))
    assert f["lo"] == [] and f["hi"] == [] and f["res"] == []
    assert "denominator_suspect" in f["lo2"] and "denominator_suspect" in f["hi2"]


def test_the_note_shows_the_arithmetic_from_a_count_of_the_same_document_and_year():
    df = to_frame([row(row_id="beds", indicator="elderly_care.beds_total", value=4634.0, unit="张", year=2015,
                       kind="baseline"),
                   row(row_id="other", indicator="elderly_care.beds_total", value=9000.0, unit="张", year=2016),
                   row(row_id="rate", indicator=ELDERLY, value=3.36, unit="张", year=2015, kind="baseline")])
    out = plausibility(df).set_index("row_id")
    assert "(4634 / 3.36 × 1000 ≈ 1,380,000 people)" in out.loc["rate", "note"]
    assert out.loc["beds", "note"] == ""


def test_no_arithmetic_without_a_count_from_the_same_document():
    df = to_frame([row(row_id="beds", doc="y.txt", indicator="elderly_care.beds_total", value=4634.0, unit="张"),
                   row(row_id="rate", indicator=ELDERLY, value=3.36, unit="张")])
    rule = checks.rules()["indicators"][ELDERLY]["suspect"]
    assert implied_base(df, 1, rule) == ""
    small = to_frame([row(indicator="elderly_care.beds_total", value=500.0, unit="张"),
                      row(indicator=ELDERLY, value=5.0, unit="张")])
    assert implied_base(small, 1, rule) == "500 / 5 × 1000 ≈ 100,000"


def test_ranges_are_inclusive_and_skip_derived_rows():
    df = to_frame([
        row(row_id="a", indicator=SHARE, value=130.0),
        row(row_id="edge", indicator=SHARE, value=100.0),
        row(row_id="zero", indicator=SHARE, value=0.0),
        row(row_id="neg", indicator=SHARE, value=-1.0),
        row(row_id="d", indicator=SHARE, value=130.0, method="derived"),
        row(row_id="b", indicator="", value=112.5, label="城乡低保标准增长"),
        row(row_id="c", indicator="social_assistance.dibao_rural_standard_growth", value=150.0),
        row(row_id="pm", indicator="social_work.some_rate", value=1001.0, unit="‰"),
        row(row_id="nan", indicator=SHARE, value=None),
    ])
    out = plausibility(df)
    f = flags_of(out)
    assert "implausible" in f["a"] and "implausible" in f["neg"] and "implausible" in f["pm"]
    assert f["edge"] == [] and f["zero"] == [] and f["d"] == [] and f["b"] == [] and f["c"] == [] and f["nan"] == []
    assert out.set_index("row_id").loc["a", "note"] == "value 130 outside plausible range 0-100"


def test_per_unit_floor_is_flagged_with_its_scope():
    df = to_frame([
        row(row_id="each", indicator=SHARE, label="各养老机构护理型床位占比", value=60.0, comparator=">="),
        row(row_id="star", indicator=SHARE, label="*各养老机构护理型床位占比", value=60.0),
        row(row_id="all", indicator=SHARE, label="全区养老机构护理型床位占比", value=60.0),
        row(row_id="count", indicator="elderly_care.nursing_beds", label="各养老机构护理型床位", value=60.0,
            unit="张"),
        row(row_id="unmapped", indicator="", label="各养老机构某比例", value=60.0),
    ])
    out = per_unit_floors(df)
    f = flags_of(out)
    assert f["each"] == ["per_unit_floor"] and f["star"] == ["per_unit_floor"]
    assert f["all"] == [] and f["count"] == [] and f["unmapped"] == []
    assert "a floor each must meet, not a jurisdiction-wide share" in out.set_index("row_id").loc["each", "note"]
    assert list(out["value"]) == [60.0] * 5


def test_checks_never_drop_rows():
    df = to_frame([row(row_id=str(i), value=float(i) * 30) for i in range(5)])
    assert len(apply_checks(df)) == 5 and isinstance(apply_checks(df), pd.DataFrame)


def _rules_file(tmp_path, old: str, new: str):
    p = tmp_path / "checks.yaml"
    text = CHECKS_PATH.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


@pytest.mark.parametrize(("old", "new", "message"), [
    ("unit_ranges:", "unit_range:", "checks key unit_ranges: missing"),
    ('"%": [0, 100]', '"%": [100, 0]', r"unit_ranges.%: expected \[low, high\]"),
    ("range: [10, 120]", "range: [10]", r"beds_per_1000_elderly.range: expected \[low, high\]"),
    ("      flag: denominator_suspect\n      fits: 1,000 residents",
     "      fits: 1,000 residents", r"suspect.flag: missing"),
    ("below: 10", "under: 10", "expected exactly one of below: N or above: N"),
    ("fits: 1,000 residents", "fits: everyone", "suspect.fits: expected a code of vocab.yaml denominators"),
    ("implied_base: {count: elderly_care.beds_total, per: 1000, of: people}\n  elderly_care.beds_per_1000_res",
     "implied_base: {count: elderly_care.beds_total}\n  elderly_care.beds_per_1000_res", "implied_base: expected"),
    ("words: [各, 每个, 每家, 每所]", "words: []", "per_unit.words: missing"),
    ("  flag: per_unit_floor", "  flag: ''", "per_unit.flag: missing"),
    ("  elderly_care.nursing_bed_share: {range: [0, 100]}", "  elderly_care.nursing_bed_share: {ranges: [0, 1]}",
     "indicators.elderly_care.nursing_bed_share: expected a mapping with range and/or suspect"),
])
def test_a_bad_rules_file_is_one_clear_error(tmp_path, old, new, message):
    p = _rules_file(tmp_path, old, new)
    with pytest.raises(CmpError, match=message) as err:
        checks.rules(p)
    assert "checks.yaml" in str(err.value)


def test_a_file_that_is_not_a_mapping_or_yaml(tmp_path):
    p = tmp_path / "checks.yaml"
    p.write_text("- a\n", encoding="utf-8")
    with pytest.raises(CmpError, match="must be a mapping"):
        checks.rules(p)
    p.write_text("a: [\n", encoding="utf-8")
    with pytest.raises(CmpError, match="not valid YAML"):
        checks.rules(p)


def test_cmp_check_on_the_committed_table(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "rows pass the schema" in out and "denominator_suspect" in out


def test_checks_never_remap_or_change_a_value():
    df = to_frame([row(row_id="a", indicator=ELDERLY, value=3.36, unit="张", label="千名老人养老床位数"),
                   row(row_id="b", indicator=SHARE, value=60.0, label="各养老机构护理型床位占比"),
                   row(row_id="c", indicator=SHARE, value=130.0)])
    out = apply_checks(df)
    cols = ["row_id", "indicator", "value", "unit", "comparator", "kind", "year", "label"]
    pd.testing.assert_frame_equal(out[cols], df[cols])
    assert all(out["flags"])  # each is flagged instead


def test_split_flags_is_the_one_flag_splitter():
    from cmp.model.checks import add_flag, split_flags

    assert split_flags("a;b;;c") == ["a", "b", "c"] and split_flags("") == [] and split_flags(None) == []
    assert split_flags(pd.NA) == [] and split_flags(float("nan")) == []
    assert add_flag("a", "b") == "a;b" and add_flag("a;b", "a") == "a;b" and add_flag("", "x") == "x"


def test_an_indicator_range_applies_and_flags_already_there_are_kept():
    df = to_frame([
        row(row_id="nan", indicator=ELDERLY, value=None, unit="张"),  # skipped, the next row still checked
        row(row_id="high", indicator=ELDERLY, value=130.0, unit="张", flags="unit_in_label", note="单位见指标名"),
        row(row_id="low", indicator=ELDERLY, value=9.0, unit="张", flags="year_assumed"),
    ]).set_axis([5, 7, 9])  # not a default index
    out = plausibility(df)
    assert list(out.index) == [5, 7, 9]
    f = flags_of(out)
    assert f["nan"] == [] and f["high"] == ["unit_in_label", "implausible"]
    assert f["low"] == ["year_assumed", "implausible", "denominator_suspect"]
    notes = out.set_index("row_id")["note"]
    assert notes["high"] == "单位见指标名; value 130 outside plausible range 10-120"
    assert notes["low"].endswith("values this low match beds per 1,000 residents")  # no count: no arithmetic


def test_per_unit_floor_keeps_flags_notes_and_index():
    df = to_frame([row(row_id="each", indicator=SHARE, label="各养老机构护理型床位占比", value=60.0,
                       flags="year_assumed", note="原注")]).set_axis([3])
    out = per_unit_floors(df)
    assert list(out.index) == [3] and out.loc[3, "flags"] == "year_assumed;per_unit_floor"
    assert out.loc[3, "note"].startswith("原注; scope: each unit ('各养老机构护理型床位占比')")
