"""Derived values: formulas, lineage, comparator rules, and nothing derived across documents, years or kinds."""

from __future__ import annotations

import pandas as pd
import pytest

from cmp.errors import CmpError
from cmp.model.codebook import map_rows
from cmp.model.derive import UNIT_ASSUMED_FLAG, combine, ratio_parts, round_sensibly
from cmp.model.derive import derive as _derive
from cmp.model.tidy import COLUMN_NAMES, make_row_id, to_frame
from tests.derive_cases import each_case

RAW = "城乡低保平均标准提高到每人每月719元、537元;养老床位6.4万张,其中护理型床位1.4万张。"
RURAL_URBAN = "social_assistance.dibao_rural_urban_ratio"
SHARE = "elderly_care.nursing_bed_share"
SHARE_ALL = "elderly_care.nursing_bed_share_all_beds"


def derive(df: pd.DataFrame) -> pd.DataFrame:
    """derive() on a table mapped first, as build.prepare does (derive itself never maps)."""
    return _derive(map_rows(df))


def derive_each(cases: list[list[dict]]) -> list[pd.DataFrame]:
    """derive() (mapped first) once over several made-up cases, the output split back per case (each_case)."""
    return each_case(cases, lambda rows: derive(to_frame(rows)))


def row(label: str, value: float | None, *, quote: str, kind: str = "actual", year: int | None = 2020,
        unit: str = "元/人/月", qualifier: str = "", comparator: str = "=", jurisdiction: str = "jining",
        doc: str = "jining.txt", method: str = "prose", text: str = RAW, **extra) -> dict:
    """One tidy row whose quote is really text[start:end] (line 1)."""
    start = text.index(quote)
    r = {"jurisdiction": jurisdiction, "doc": doc, "method": method, "label": label, "qualifier": qualifier,
         "kind": kind, "year": year, "value": value, "unit": unit, "comparator": comparator if value is not None
         else "", "line": 1, "start": start, "end": start + len(quote), "quote": quote, "value_text": quote,
         **extra}
    r["row_id"] = make_row_id(jurisdiction, method, doc, label, kind, year, qualifier, quote, value, comparator)
    return r


def standards(urban: dict | None = None, rural: dict | None = None) -> list[dict]:
    """Jining's urban and rural standards (719, 537 元), each patched by a dict of column values."""
    out = [row("城乡低保平均标准", 719, quote="719元", qualifier="城市"),
           row("城乡低保平均标准", 537, quote="537元", qualifier="农村")]
    out[0].update(urban or {})
    out[1].update(rural or {})
    return out


def only(out: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return out[out["indicator"] == indicator].reset_index(drop=True)


# ------------------------------------------------------------------------------------ rural/urban dibao ratio
def test_rural_urban_ratio_from_the_two_standards_with_formula_and_lineage():
    df = to_frame(standards())
    out = derive(df)
    assert list(out.columns) == COLUMN_NAMES
    r = only(out, RURAL_URBAN).iloc[0]
    rural, urban = df.iloc[1], df.iloc[0]
    assert r["value"] == 74.7 and r["unit"] == "%" and r["comparator"] == "="
    assert r["method"] == "derived" and r["kind"] == "actual" and r["year"] == 2020
    assert r["derived_from"] == f"{rural['row_id']};{urban['row_id']}"
    assert r["row_id"] == make_row_id("jining", "derived", RURAL_URBAN, rural["row_id"], urban["row_id"])
    assert r["note"].startswith("rural/urban = 537 / 719 × 100")
    assert "first input" in r["note"] and rural["row_id"] in r["note"]
    assert r["flags"].split(";")[0] == "derived"
    # place and quote are the first input's, so the schema rule quote == raw[start:end] still holds
    assert (r["quote"], r["start"], r["end"], r["line"]) == (rural["quote"], rural["start"], rural["end"], 1)
    assert RAW[r["start"]:r["end"]] == r["quote"]


MISMATCHES = [
    {"rural": {"year": 2019}},  # different year
    {"rural": {"kind": "target"}},  # different kind
    {"rural": {"doc": "other.txt"}},  # different document
    {"rural": {"jurisdiction": "wuhan"}},  # different jurisdiction
    {"rural": {"value": None}},  # no number
    {"rural": {"flags": "suspect_format"}},  # unreadable number
    {"urban": {"method": "derived"}},  # derived rows are never inputs
]


def test_no_ratio_across_documents_years_or_kinds_or_from_unusable_rows():
    outs = derive_each([standards(**mismatch) for mismatch in MISMATCHES] + [standards()])
    for mismatch, out in zip(MISMATCHES, outs, strict=False):
        assert only(out, RURAL_URBAN).empty, mismatch
    assert len(only(outs[-1], RURAL_URBAN)) == 1  # the same rows, unpatched, give the ratio


def test_a_slot_whose_rows_disagree_derives_nothing_but_agreeing_repeats_count_once():
    twice = standards() + [row("城市低保标准", 720, quote="719元", qualifier="")]
    assert only(derive(to_frame(twice)), RURAL_URBAN).empty
    again = standards() + [row("城市低保标准", 719, quote="719元", qualifier="", value_text="again")]
    assert only(derive(to_frame(again)), RURAL_URBAN)["value"].tolist() == [74.7]


BOUNDS = [("=", ">=", ">="), ("=", "<=", "<="), (">=", "=", "<="), ("<=", ">=", ">="), (">=", ">=", None)]


def test_comparators_propagate_only_as_bounds():
    outs = derive_each([standards(urban={"comparator": u}, rural={"comparator": v}) for u, v, _ in BOUNDS])
    for (u, v, expected), out in zip(BOUNDS, outs, strict=True):
        assert (only(out, RURAL_URBAN)["comparator"].tolist() or [None]) == [expected], (u, v)


def test_combine_rule():
    assert combine("=", "=") == "="
    assert combine(">=", "=") == ">="
    assert combine("=", ">=") == "<="
    assert combine(">=", ">=") is None
    assert combine("", "=") is None


@pytest.mark.parametrize(
    "extra",
    [
        {"value_raw": "1.22:1"},  # as the prose reader writes it (value 1.22, unit ratio)
        {"value_raw": "", "value_low": 1.22, "value_high": 1},  # as cmp.extract.numbers' Quantity holds it
    ],
)
def test_rural_urban_ratio_from_a_printed_urban_rural_ratio(extra):
    text = "城乡低保标准比由2015年的1.81:1缩小为2020年的1.22:1"
    value = None if "value_low" in extra else 1.22
    r = row("城乡低保标准比", value, quote="1.22:1", unit="ratio", text=text, flags="ratio", method="prose",
            jurisdiction="wuhan", doc="wuhan.txt", **extra)
    out = only(derive(to_frame([r])), RURAL_URBAN)
    assert out["value"].tolist() == [82.0]
    assert out.loc[0, "note"].startswith("rural/urban = 1 / 1.22 × 100 (from the printed urban:rural ratio 1.22:1)")
    assert out.loc[0, "derived_from"] == r["row_id"]
    assert text[out.loc[0, "start"]:out.loc[0, "end"]] == "1.22:1"


def test_ratio_parts():
    assert ratio_parts(pd.Series({"value_raw": "1.81:1"})) == (1.81, 1.0)
    assert ratio_parts(pd.Series({"value_raw": "", "value_low": 3.0, "value_high": 2.0})) == (3.0, 2.0)
    assert ratio_parts(pd.Series({"value_raw": "", "value": 1.5, "unit": "ratio"})) == (1.5, 1.0)
    assert ratio_parts(pd.Series({"value_raw": "", "value": 1.5, "unit": "%"})) is None


# ----------------------------------------------------------------------------------------- nursing-bed share
def beds(total_label: str = "养老床位") -> list[dict]:
    return [row("护理型床位", 14000, quote="1.4万张", unit="张"), row(total_label, 64000, quote="6.4万张", unit="张")]


def test_nursing_share_over_all_beds_is_its_own_indicator_never_the_institutions_name():
    out = derive(to_frame(beds()))
    assert only(out, SHARE).empty  # Jining's 21.9 (14,000 / 64,000) is never 养老机构护理型床位占比
    r = only(out, SHARE_ALL).iloc[0]
    assert r["value"] == 21.9 and r["unit"] == "%"
    assert r["label"] == "护理型床位占养老床位比例(推算)" and "养老机构" not in r["label"]
    assert r["note"].startswith("nursing/total = 14000 / 64000 × 100 (denominator: all elderly-care beds)")
    assert r["quote"] == "1.4万张"


def test_derive_does_not_map_labels_itself():
    assert _derive(to_frame(beds())).empty  # unmapped input: the build maps once, before deriving


def test_nursing_share_prefers_institution_beds():
    rows = beds() + [row("养老机构床位总数", 20000, quote="养老床位", unit="张")]
    out = only(derive(to_frame(rows)), SHARE)
    assert out["value"].tolist() == [70.0]
    assert only(derive(to_frame(rows)), SHARE_ALL).empty
    assert "beds in elderly-care institutions" in out.loc[0, "note"]


def test_nursing_share_needs_the_same_year():
    rows = beds()
    rows[1]["year"] = 2019
    assert only(derive(to_frame(rows)), SHARE).empty


# ------------------------------------------------------------------------------------- average annual change
WUHAN = "养老床位数(万张)预期性6.11010.6完成;护理型床位占养老床位总数的比例(%)预期性15≥3954完成"


def wuhan(label: str, value: float | None, quote: str, kind: str, year: int, unit: str, **kw) -> dict:
    return row(label, value, quote=quote, kind=kind, year=year, unit=unit, jurisdiction="wuhan", doc="wuhan.txt",
               method="table", text=WUHAN, table="T1", **kw)


def test_compound_annual_growth_for_counts_in_its_own_series():
    rows = [wuhan("养老床位数(万张)", 61000, "6.1", "baseline", 2015, "张"),
            wuhan("养老床位数(万张)", 100000, "10", "target", 2020, "张"),
            wuhan("养老床位数(万张)", 106000, "10.6", "actual", 2020, "张")]
    out = derive(to_frame(rows))
    assert set(out["indicator"]) == {"elderly_care.beds_total.avg_annual_change"}  # actual is not paired
    r = out.iloc[0]
    assert r["value"] == 10.39 and r["unit"] == "%/年" and r["kind"] == "target" and r["year"] == 2020
    assert r["note"].startswith("CAGR = ((100000 / 61000)^(1/(2020 − 2015)) − 1) × 100 = 10.39 % per year")
    assert "(baseline 2015 → target 2020)" in r["note"]
    assert r["derived_from"] == f"{rows[0]['row_id']};{rows[1]['row_id']}"
    assert r["quote"] == "6.1" and WUHAN[r["start"]:r["end"]] == "6.1"


def test_points_per_year_for_shares_and_a_floor_target_gives_a_floor():
    rows = [wuhan("护理型床位占养老床位总数的比例(%)", 15, "15", "baseline", 2015, "%"),
            wuhan("护理型床位占养老床位总数的比例(%)", 39, "≥39", "target", 2020, "%", comparator=">=",
                  attribute="expected")]
    r = derive(to_frame(rows)).iloc[0]
    assert r["indicator"] == "elderly_care.nursing_bed_share_all_beds.avg_annual_change"
    assert r["value"] == 4.8 and r["unit"] == "百分点/年" and r["comparator"] == ">="
    assert r["note"].startswith("(39 − 15) / (2020 − 2015) = 4.8 percentage points per year")
    assert r["attribute"] == "expected"


UNPAIRED = [
    ({"value": 0}, {}),  # no compound growth from zero
    ({}, {"doc": "other.txt"}),  # baseline and target from different documents
    ({"label": "养老床位"}, {}),  # different labels are different series
    ({"year": 2020}, {}),  # target not after the baseline
    ({"comparator": ">="}, {"comparator": ">="}),  # two floors: the change is unknown
    ({}, {"value": None}),  # no number
    ({}, {"flags": "range"}),
]


def test_no_change_derived_when_inputs_do_not_pair():
    cases = []
    for base, target in [*UNPAIRED, ({}, {})]:
        b = wuhan("养老床位数(万张)", 61000, "6.1", "baseline", 2015, "张")
        t = wuhan("养老床位数(万张)", 100000, "10", "target", 2020, "张")
        cases.append([{**b, **base}, {**t, **target}])
    outs = derive_each(cases)
    for (base, target), out in zip(UNPAIRED, outs, strict=False):
        assert out.empty, (base, target)
    assert len(outs[-1]) == 1  # the same rows, unpatched, give the change


def test_a_missing_unit_falls_back_to_the_codebook_and_is_flagged():
    text = "社会工作专业人才占全市常住人口比例 1.14 1.5"
    rows = [row("社会工作专业人才占全市常住人口比例", 1.14, quote="1.14", kind="baseline", unit="", text=text,
                method="table"),
            row("社会工作专业人才占全市常住人口比例", 1.5, quote="1.5", kind="target", year=2025, unit="", text=text,
                method="table")]
    r = derive(to_frame(rows)).iloc[0]
    assert r["indicator"] == "social_work.professionals_per_1000_residents.avg_annual_change"
    assert r["unit"] == "千分点/年" and r["value"] == 0.072
    assert UNIT_ASSUMED_FLAG in r["flags"].split(";") and "codebook unit ‰ assumed" in r["note"]


def test_unmapped_rows_derive_no_change():
    rows = [wuhan("某新指标", 1, "6.1", "baseline", 2015, "个"), wuhan("某新指标", 2, "10", "target", 2020, "个")]
    assert derive(to_frame(rows)).empty


# ----------------------------------------------------------------------------------------------- the whole
def test_derive_is_deterministic_and_ignores_its_own_output():
    rows = standards() + beds()
    df = to_frame(rows)
    once = derive(df)
    assert len(once) == 2
    again = derive(to_frame(pd.concat([df, once], ignore_index=True).to_dict("records")))
    pd.testing.assert_frame_equal(once, again)
    assert once["row_id"].is_unique


def test_round_sensibly():
    assert round_sensibly(10.3923) == 10.39
    assert round_sensibly(0.0723) == 0.072
    assert round_sensibly(0.0) == 0.0


def test_a_frame_without_the_tidy_columns_is_refused():
    with pytest.raises(CmpError, match="lacks column"):
        derive(pd.DataFrame({"label": ["养老床位"], "value": [1.0]}))


# ------------------------------------------------------------------------- annual change: which start, which rule
def _beds(value, quote, kind, year, **kw):
    return wuhan("养老床位数(万张)", value, quote, kind, year, "张", **kw)


def test_an_actual_starts_the_change_when_no_baseline_is_printed():
    rows = [_beds(61000, "6.1", "actual", 2015), _beds(100000, "10", "target", 2020)]
    r = derive(to_frame(rows)).iloc[0]
    assert r["value"] == 10.39 and r["derived_from"] == f"{rows[0]['row_id']};{rows[1]['row_id']}"


def test_a_baseline_beats_an_actual_of_the_same_year_and_the_latest_start_is_used():
    rows = [_beds(50000, "6.1", "baseline", 2015), _beds(61000, "6.1", "baseline", 2018),
            _beds(70000, "10.6", "actual", 2018), _beds(100000, "10", "target", 2020)]
    r = derive(to_frame(rows)).iloc[0]
    assert rows[1]["row_id"] in r["derived_from"] and "(baseline 2018 → target 2020)" in r["note"]
    assert r["value"] == round_sensibly(((100000 / 61000) ** 0.5 - 1) * 100)


def test_change_needs_one_unit_and_a_target_not_below_zero():
    b, t = _beds(61000, "6.1", "baseline", 2015), _beds(100000, "10", "target", 2020)
    unit, negative, zero = derive_each([[b, {**t, "unit": "个"}], [b, {**t, "value": -1.0}], [b, {**t, "value": 0.0}]])
    assert unit.empty and negative.empty
    assert zero.iloc[0]["value"] == -100.0  # a target of zero is a real (if odd) target


def test_per_mille_changes_are_points_per_year():
    text = "社会工作专业人才占全市常住人口比例 1.14 1.5"
    rows = [row("社会工作专业人才占全市常住人口比例", 1.0, quote="1.14", kind="baseline", unit="‰", text=text),
            row("社会工作专业人才占全市常住人口比例", 2.0, quote="1.5", kind="target", year=2025, unit="‰", text=text)]
    r = derive(to_frame(rows)).iloc[0]
    assert r["unit"] == "千分点/年" and r["value"] == 0.2
    assert "per-mille points per year" in r["note"] and UNIT_ASSUMED_FLAG not in r["flags"]


def test_change_table_gives_baseline_target_and_change_as_numbers():
    from cmp.model.derive import CHANGE_COLUMNS, change_table

    rows = [_beds(61000, "6.1", "baseline", 2015), _beds(100000, "10", "target", 2020)]
    base = map_rows(to_frame(rows))
    table = pd.concat([base, _derive(base)], ignore_index=True)
    ch = change_table(table, "wuhan")
    assert list(ch.columns) == CHANGE_COLUMNS and len(ch) == 1
    r = ch.iloc[0]
    assert (r["indicator"], r["baseline_year"], r["baseline"], r["target_year"], r["target"]) == (
        "elderly_care.beds_total", 2015, 61000, 2020, 100000)
    assert (r["change"], r["change_unit"], r["comparator"], r["baseline_kind"]) == (10.39, "%/年", "=", "baseline")
    assert change_table(table, "jining").empty
