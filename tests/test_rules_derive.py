"""Rule-level tests of cmp.model.derive on small made-up tables whose rows carry their indicator already (derive
never maps): each formula, rounding, comparator rule, pairing rule and lineage field is asserted exactly, so a
flipped comparison, a dropped branch or a changed constant fails here (benchmarks/mutation.py runs these against
the module's mutants)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cmp.errors import CmpError
from cmp.model.derive import (
    CHANGE_COLUMNS,
    NURSING_SHARE,
    NURSING_SHARE_ALL,
    RURAL,
    RURAL_URBAN,
    UNIT_ASSUMED_FLAG,
    URBAN,
    URBAN_RURAL_WRITTEN,
    _fmt,
    _pick,
    change_table,
    combine,
    derive,
    ratio_parts,
    round_sensibly,
)
from cmp.model.tidy import COLUMN_NAMES, make_row_id, to_frame
from tests.derive_cases import each_case

NURSING = "elderly_care.nursing_beds"
INST = "elderly_care.institution_beds_total"
ALL_BEDS = "elderly_care.beds_total"
WORKERS = "social_work.professionals_per_1000_residents"
CHANGE = ".avg_annual_change"
TEXT = "青川市城市低保标准800元,农村低保标准600元;养老床位5000张,护理型床位2000张。"


def r(indicator: str, value: float | None, *, kind: str = "actual", year: int | None = 2020, unit: str = "元/人/月",
      comparator: str = "=", rid: str = "", line: int = 1, start: int = 0, **kw) -> dict:
    """One printed row of 青川市's document with its indicator already mapped."""
    row = {"jurisdiction": "qingchuan", "doc": "qc.txt", "method": "prose", "label": kw.pop("label", "某指标"),
           "indicator": indicator, "kind": kind, "year": year, "value": value, "unit": unit,
           "comparator": comparator, "line": line, "start": start, "end": start + 3, "quote": TEXT[start:start + 3],
           "qualifier": "", "flags": "", **kw}
    row["row_id"] = rid or make_row_id("qingchuan", indicator, kind, year, value, comparator, line, start,
                                       row["label"], row["qualifier"], row["unit"], row["doc"])
    return row


def run(rows: list[dict]) -> pd.DataFrame:
    return derive(to_frame(rows))


def run_each(cases: list[list[dict]]) -> list[pd.DataFrame]:
    """derive() once over several made-up cases, the output split back per case (each_case)."""
    return each_case(cases, run)


def of(out: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return out[out["indicator"] == indicator].reset_index(drop=True)


def std(urban: dict | None = None, rural: dict | None = None) -> list[dict]:
    u = r(URBAN, 800.0, rid="u", label="城市低保标准", start=7)
    v = r(RURAL, 600.0, rid="v", label="农村低保标准", start=19, line=2)
    u.update(urban or {})
    v.update(rural or {})
    return [u, v]


# ---------------------------------------------------------------------------------------------------- combine
@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [("=", "=", "="), ("=", ">=", "<="), ("=", "<=", ">="), (">=", "=", ">="), (">=", ">=", None),
     (">=", "<=", ">="), ("<=", "=", "<="), ("<=", ">=", "<="), ("<=", "<=", None),
     ("", "=", None), ("=", "", None), ("~", "~", None), (">", "=", None)],
)
def test_combine_every_pair(num, den, expected):
    assert combine(num, den) == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [(10.3923, 10.39), (123.456, 123.46), (0.0723, 0.072), (-0.0723, -0.072), (0.00123, 0.0012), (0.5, 0.5),
     (0.05678, 0.057), (1.005, 1.0), (-12.345, -12.35 if round(-12.345, 2) == -12.35 else round(-12.345, 2)),
     (99.999, 100.0), (0.0, 0.0)],
)
def test_round_sensibly(x, expected):
    assert round_sensibly(x) == expected


def test_round_sensibly_leaves_non_finite_values():
    assert round_sensibly(math.inf) == math.inf and math.isnan(round_sensibly(math.nan))
    assert round_sensibly(-math.inf) == -math.inf


def test_fmt():
    assert (_fmt(719.0), _fmt(6.1), _fmt(0.45), _fmt(0.1 + 0.2), _fmt(1234567.0)) == ("719", "6.1", "0.45", "0.3",
                                                                                   "1234567")


def test_pick_refuses_disagreement_and_takes_the_first_by_place():
    a = {"value": 1.0, "comparator": "=", "unit": "%", "line": 3, "start": 5, "row_id": "b"}
    assert _pick([]) is None and _pick([a]) is a
    assert _pick([a, {**a, "value": 2.0}]) is None
    assert _pick([a, {**a, "comparator": ">="}]) is None
    assert _pick([a, {**a, "unit": "‰"}]) is None
    earlier_line = {**a, "line": 2, "start": 9, "row_id": "z"}
    earlier_start = {**a, "start": 4, "row_id": "z"}
    earlier_id = {**a, "row_id": "a"}
    assert _pick([a, earlier_line]) is earlier_line
    assert _pick([a, earlier_start]) is earlier_start
    assert _pick([a, earlier_id]) is earlier_id


def test_ratio_parts_forms():
    assert ratio_parts(pd.Series({"value_raw": " 1:1.22 "})) == (1.0, 1.22)
    assert ratio_parts(pd.Series({"value_raw": "1.3比1"})) == (1.3, 1.0)
    assert ratio_parts(pd.Series({"value_raw": "1.3：1"})) == (1.3, 1.0)
    assert ratio_parts(pd.Series({"value_raw": "1.3:1", "value_low": 5.0, "value_high": 6.0})) == (1.3, 1.0)
    assert ratio_parts(pd.Series({"value_raw": None, "value_low": 5.0, "value_high": 6.0})) == (5.0, 6.0)
    assert ratio_parts(pd.Series({"value_raw": "", "value_low": 5.0, "value_high": None, "value": 2.0,
                                  "unit": "ratio"})) == (2.0, 1.0)
    assert ratio_parts(pd.Series({"value_raw": "", "value_low": None, "value_high": 6.0})) is None
    assert ratio_parts(pd.Series({"value_raw": "1.3", "value": None, "unit": "ratio"})) is None
    assert ratio_parts(pd.Series({"value_raw": "", "value": 2.0, "unit": None})) is None


# ------------------------------------------------------------------------------------ rural/urban dibao ratio
def test_the_rural_urban_ratio_row_in_full():
    out = run(std())
    assert list(out.columns) == COLUMN_NAMES and len(out) == 1
    x = out.iloc[0]
    assert (x["indicator"], x["value"], x["unit"], x["comparator"], x["kind"], x["year"]) == (
        RURAL_URBAN, 75.0, "%", "=", "actual", 2020)
    assert (x["method"], x["jurisdiction"], x["doc"], x["table"], x["label"]) == (
        "derived", "qingchuan", "qc.txt", "", "农村低保标准占城市低保标准比例(推算)")
    assert x["derived_from"] == "v;u" and x["row_id"] == make_row_id("qingchuan", "derived", RURAL_URBAN, "v", "u")
    assert x["note"] == "rural/urban = 600 / 800 × 100; quote, line and span are those of the first input (v)"
    assert (x["line"], x["start"], x["quote"], x["flags"]) == (2, 19, TEXT[19:22], "derived")
    assert bool(x["preferred"]) is True and x["fact_id"] == "" and pd.isna(x["value_low"])
    assert pd.isna(x["value_high"]) and pd.isna(x["row_no"]) and pd.isna(x["context_start"])
    assert (x["category"], x["value_raw"], x["unit_raw"], x["value_text"], x["attribute"], x["qualifier"]) == (
        "", "", "", "", "", "")


def test_a_derived_row_takes_context_locator_section_and_plan_of_its_first_input():
    place = {"context": TEXT[:30], "context_start": 0, "context_end": 30, "locator": "line 2",
             "section": "一、目标 > 指标", "plan": "14th-fyp", "value_raw": "600", "category": "救助"}
    x = run(std(rural=place)).iloc[0]
    assert (x["context"], x["context_start"], x["context_end"], x["locator"], x["section"], x["plan"]) == (
        TEXT[:30], 0, 30, "line 2", "一、目标 > 指标", "14th-fyp")
    assert (x["value_raw"], x["category"]) == ("", "")


def test_the_ratio_is_rounded_to_one_decimal():
    assert run(std(rural={"value": 537.0}, urban={"value": 719.0}))["value"].tolist() == [74.7]


RATIO_COMPARATORS = [("=", ">=", ">="), (">=", "=", "<="), ("<=", "=", ">="), (">=", ">=", None), ("<=", "<=", None)]


def test_ratio_comparators():
    outs = run_each([std(urban={"comparator": u}, rural={"comparator": v}) for u, v, _ in RATIO_COMPARATORS])
    for (u, v, expected), out in zip(RATIO_COMPARATORS, outs, strict=True):
        assert (out["comparator"].tolist() or [None]) == [expected], (u, v)


UNPAIRED_STANDARDS = [
    {"urban": {"value": 0.0}}, {"urban": {"value": -5.0}}, {"rural": {"unit": "元"}}, {"urban": {"unit": "人"}},
    {"rural": {"comparator": ""}}, {"rural": {"comparator": "~"}}, {"rural": {"flags": "no_value"}},
    {"rural": {"flags": "ratio"}}, {"rural": {"flags": "x;non_numeric"}}, {"urban": {"method": "derived"}},
    {"urban": {"method": "reconciled"}}, {"rural": {"year": None}}, {"rural": {"kind": "target"}},
    {"rural": {"indicator": "social_assistance.other"}}]


def test_no_ratio_from_rows_that_do_not_pair():
    outs = run_each([std(**patch) for patch in UNPAIRED_STANDARDS] + [std()])
    for patch, out in zip(UNPAIRED_STANDARDS, outs, strict=False):
        assert of(out, RURAL_URBAN).empty, patch
    assert of(outs[-1], RURAL_URBAN)["value"].tolist() == [75.0]  # the same rows unpatched do pair


def test_a_ratio_across_money_units_of_one_family_and_from_table_rows():
    out = run(std(rural={"unit": "元/月", "method": "table"}))
    assert of(out, RURAL_URBAN)["value"].tolist() == [75.0]


def test_ratio_flags_carry_over_except_structural_ones():
    out = run(std(urban={"flags": "year_assumed;multi_value"}, rural={"flags": "unit_in_label;derived"}))
    assert out["flags"].tolist() == ["derived;unit_in_label;year_assumed"]


def test_one_ratio_per_year_and_kind():
    rows = std() + std(urban={"year": 2025, "kind": "target", "rid": "u2", "value": 1000.0},
                       rural={"year": 2025, "kind": "target", "rid": "v2", "value": 900.0, "comparator": ">="})
    rows[2]["row_id"], rows[3]["row_id"] = "u2", "v2"
    out = of(run(rows), RURAL_URBAN)
    assert out[["year", "kind", "value", "comparator"]].values.tolist() == [[2020, "actual", 75.0, "="],
                                                                           [2025, "target", 90.0, ">="]]


# ------------------------------------------------------------------------------ from a printed urban:rural ratio
def written(**kw) -> dict:
    base = r(URBAN_RURAL_WRITTEN, None, unit="ratio", flags="ratio", value_raw="1.25:1", rid="w", kind="target",
             year=2025, label="城乡低保标准比")
    base.update(kw)
    return base


def test_the_rural_urban_ratio_from_a_printed_ratio():
    out = run([written(qualifier="全市")])
    x = out.iloc[0]
    assert (x["indicator"], x["value"], x["unit"], x["comparator"], x["kind"], x["year"], x["qualifier"]) == (
        RURAL_URBAN, 80.0, "%", "=", "target", 2025, "全市")
    assert x["note"].startswith("rural/urban = 1 / 1.25 × 100 (from the printed urban:rural ratio 1.25:1); quote")
    assert x["derived_from"] == "w" and x["label"] == "农村低保标准占城市低保标准比例(推算)"
    assert x["flags"] == "derived"


def test_a_printed_ratio_is_read_with_terms_in_order_and_rounded():
    outs = run_each([[written(value_raw="1:1.22")], [written(value_raw="1.22:1")], [written(value_raw="3:2")]])
    assert [out["value"].tolist() for out in outs] == [[122.0], [82.0], [66.7]]


NOT_A_PRINTED_RATIO = [{"value_raw": "0:1"}, {"flags": ""}, {"flags": "range"}, {"year": None},
                       {"method": "derived"}, {"indicator": URBAN}, {"value_raw": "", "value": 1.2, "unit": "%"}]


def test_no_ratio_from_a_printed_ratio_that_is_not_one():
    outs = run_each([[written(**patch)] for patch in NOT_A_PRINTED_RATIO] + [[written()]])
    for patch, out in zip(NOT_A_PRINTED_RATIO, outs, strict=False):
        assert out.empty, patch
    assert outs[-1]["value"].tolist() == [80.0]


def test_printed_ratios_in_row_id_order():
    out = run([written(row_id="b", value_raw="1.25:1"), written(row_id="a", value_raw="2:1", year=2020)])
    assert out["derived_from"].tolist() == ["a", "b"] and out["value"].tolist() == [50.0, 80.0]


# ----------------------------------------------------------------------------------------- nursing-bed share
def beds(nursing: dict | None = None, total: dict | None = None, total_id: str = INST) -> list[dict]:
    n = r(NURSING, 2000.0, unit="张", rid="n", start=40)
    t = r(total_id, 5000.0, unit="张", rid="t", start=30)
    n.update(nursing or {})
    t.update(total or {})
    return [n, t]


def test_the_nursing_share_over_institution_beds():
    x = run(beds()).iloc[0]
    assert (x["indicator"], x["value"], x["unit"], x["comparator"], x["year"], x["kind"]) == (
        NURSING_SHARE, 40.0, "%", "=", 2020, "actual")
    assert x["label"] == "养老机构护理型床位占比(推算)" and x["derived_from"] == "n;t"
    assert x["note"].startswith("nursing/total = 2000 / 5000 × 100 (denominator: beds in elderly-care institutions)")


def test_the_nursing_share_over_all_beds_is_its_own_indicator_and_rounded():
    x = run(beds(nursing={"value": 1400.0}, total={"value": 6400.0}, total_id=ALL_BEDS)).iloc[0]
    assert (x["indicator"], x["value"]) == (NURSING_SHARE_ALL, 21.9)
    assert x["label"] == "护理型床位占养老床位比例(推算)"
    assert "(denominator: all elderly-care beds)" in x["note"]


def test_institution_beds_win_and_an_unusable_preferred_total_falls_back():
    first = beds() + [r(ALL_BEDS, 8000.0, unit="张", rid="all")]
    second = beds(total={"value": 5000.0}) + [r(INST, 5100.0, unit="张", rid="t2"), r(ALL_BEDS, 8000.0, unit="张",
                                                                                     rid="all")]
    out, out2 = run_each([first, second])
    assert of(out, NURSING_SHARE)["value"].tolist() == [40.0] and of(out, NURSING_SHARE_ALL).empty
    # the two institution totals disagree: the all-beds total is the denominator
    assert of(out2, NURSING_SHARE).empty and of(out2, NURSING_SHARE_ALL)["value"].tolist() == [25.0]


SHARE_COMPARATORS = [(">=", "=", ">="), ("=", ">=", "<="), (">=", ">=", None), ("<=", ">=", "<=")]


def test_nursing_share_comparators():
    outs = run_each([beds(nursing={"comparator": n}, total={"comparator": t}) for n, t, _ in SHARE_COMPARATORS])
    for (n, t, expected), out in zip(SHARE_COMPARATORS, outs, strict=True):
        assert (of(out, NURSING_SHARE)["comparator"].tolist() or [None]) == [expected], (n, t)


UNPAIRED_BEDS = [
    {"total": {"value": 0.0}}, {"total": {"unit": "万张"}}, {"nursing": {"unit": "个"}},
    {"nursing": {"qualifier": "城市"}}, {"total": {"year": 2021}}, {"total": {"kind": "target"}},
    {"nursing": {"doc": "other.txt"}}, {"nursing": {"flags": "range"}}]


def test_no_nursing_share_from_rows_that_do_not_pair():
    outs = run_each([beds(**patch) for patch in UNPAIRED_BEDS] + [beds()])
    for patch, out in zip(UNPAIRED_BEDS, outs, strict=False):
        assert out.empty, patch
    assert outs[-1]["value"].tolist() == [40.0]


def test_nursing_share_keeps_the_qualifier():
    out = run(beds(nursing={"qualifier": "城区"}, total={"qualifier": "城区"}))
    assert out["qualifier"].tolist() == ["城区"] and out["value"].tolist() == [40.0]


# ------------------------------------------------------------------------------------- average annual change
def series(ind: str, unit: str, points: list[tuple], label: str = "某指标") -> list[dict]:
    """Rows (kind, year, value[, comparator]) of one indicator and label."""
    out = []
    for k, p in enumerate(points):
        kind, year, value = p[:3]
        out.append(r(ind, value, kind=kind, year=year, unit=unit, comparator=p[3] if len(p) > 3 else "=",
                     rid=f"{kind}{year}", label=label, start=k))
    return out


def test_compound_growth_for_a_count():
    out = run(series(ALL_BEDS, "张", [("baseline", 2020, 5000.0), ("target", 2025, 8000.0)]))
    x = out.iloc[0]
    expected = round(((8000 / 5000) ** (1 / 5) - 1) * 100, 2)
    assert (x["indicator"], x["value"], x["unit"], x["kind"], x["year"], x["comparator"]) == (
        ALL_BEDS + CHANGE, expected, "%/年", "target", 2025, "=")
    assert x["value"] == 9.86
    assert x["note"] == ("CAGR = ((8000 / 5000)^(1/(2025 − 2020)) − 1) × 100 = 9.86 % per year "
                         "(baseline 2020 → target 2025); quote, line and span are those of the first input "
                         "(baseline2020)")
    assert x["label"] == "某指标(年均变化,推算)" and x["derived_from"] == "baseline2020;target2025"
    assert x["flags"] == "derived"


def test_points_per_year_for_percent_and_per_mille():
    pct, per_mille, fall = (out.iloc[0] for out in run_each([
        series(NURSING_SHARE, "%", [("baseline", 2020, 30.0), ("target", 2025, 55.5, ">=")]),
        series(WORKERS, "‰", [("baseline", 2020, 1.0), ("target", 2023, 1.5)]),
        series(NURSING_SHARE, "%", [("baseline", 2020, 60.0), ("target", 2025, 50.0, "<=")])]))
    assert (pct["value"], pct["unit"], pct["comparator"]) == (5.1, "百分点/年", ">=")
    assert pct["note"].startswith("(55.5 − 30) / (2025 − 2020) = 5.1 percentage points per year (baseline 2020 → "
                                  "target 2025)")
    assert (per_mille["value"], per_mille["unit"]) == (0.17, "千分点/年")
    assert per_mille["note"].startswith("(1.5 − 1) / (2023 − 2020) = 0.17 per-mille points per year")
    assert (fall["value"], fall["comparator"]) == (-2.0, "<=")


CHANGE_COMPARATORS = [("=", ">=", ">="), (">=", "=", "<="), ("<=", "=", ">="), ("<=", ">=", ">="), ("<=", "<=", None)]


def test_change_comparators():
    outs = run_each([series(NURSING_SHARE, "%", [("baseline", 2020, 30.0, b), ("target", 2025, 40.0, t)])
                     for b, t, _ in CHANGE_COMPARATORS])
    for (b, t, expected), out in zip(CHANGE_COMPARATORS, outs, strict=True):
        assert (out["comparator"].tolist() or [None]) == [expected], (b, t)


def test_the_latest_start_before_the_target_and_a_baseline_before_an_actual():
    rows = series(ALL_BEDS, "张", [("baseline", 2018, 1000.0), ("actual", 2020, 2000.0), ("baseline", 2020, 4000.0),
                                  ("actual", 2026, 9.0), ("target", 2025, 8000.0)])
    x = run(rows).iloc[0]
    assert x["derived_from"] == "baseline2020;target2025" and x["value"] == round_sensibly((2 ** 0.2 - 1) * 100)
    rows = series(ALL_BEDS, "张", [("baseline", 2018, 1000.0), ("actual", 2020, 2000.0), ("target", 2025, 8000.0)])
    assert run(rows).iloc[0]["derived_from"] == "actual2020;target2025"


def test_each_target_year_gets_its_change_and_no_start_after_it():
    rows = series(ALL_BEDS, "张", [("baseline", 2020, 1000.0), ("target", 2022, 1210.0), ("target", 2025, 2000.0),
                                  ("target", 2019, 900.0)])
    out = run(rows)
    assert out[["year", "value"]].values.tolist() == [[2022, 10.0], [2025, round_sensibly((2 ** 0.2 - 1) * 100)]]


def test_a_target_in_the_start_year_has_no_change():
    assert run(series(ALL_BEDS, "张", [("baseline", 2020, 1000.0), ("target", 2020, 2000.0)])).empty


UNUSABLE_CHANGES = [
    [("baseline", 2020, 0.0), ("target", 2025, 10.0)], [("baseline", 2020, -1.0), ("target", 2025, 10.0)],
    [("baseline", 2020, 10.0), ("target", 2025, -0.5)],
    [("baseline", 2020, 10.0), ("baseline", 2020, 11.0), ("target", 2025, 20.0)],
    [("baseline", 2020, 10.0), ("target", 2025, 20.0), ("target", 2025, 21.0)],
    [("baseline", 2020, 10.0, "<="), ("target", 2025, 20.0, "<=")]]


def test_no_change_when_the_start_or_target_is_unusable():
    cases = []
    for points in [*UNUSABLE_CHANGES, [("baseline", 2020, 10.0), ("target", 2025, 20.0)]]:
        rows = series(ALL_BEDS, "张", points)
        for k, row in enumerate(rows):
            row["row_id"] = f"{row['row_id']}-{k}"
        cases.append(rows)
    outs = run_each(cases)
    for points, out in zip(UNUSABLE_CHANGES, outs, strict=False):
        assert out.empty, points
    assert outs[-1]["value"].tolist() == [round_sensibly((2 ** 0.2 - 1) * 100)]


def test_a_zero_target_is_minus_100_percent_and_shares_may_start_at_zero():
    assert run(series(ALL_BEDS, "张", [("baseline", 2020, 10.0), ("target", 2025, 0.0)]))["value"].tolist() == [-100.0]
    assert run(series(NURSING_SHARE, "%", [("baseline", 2020, 0.0), ("target", 2025, 10.0)]))["value"].tolist() == [
        2.0]


def test_a_target_year_skipped_does_not_stop_the_later_ones_and_any_positive_start_counts():
    points = [("baseline", 2020, 1000.0), ("target", 2022, 1210.0), ("target", 2025, 2000.0)]
    wrong_unit = series(ALL_BEDS, "张", points)
    wrong_unit[1]["unit"] = "个"  # 2022 in another unit: skipped
    two_floors = series(ALL_BEDS, "张", [("baseline", 2020, 1000.0, ">="), ("target", 2022, 1210.0, ">="),
                                         ("target", 2025, 2000.0)])  # 2022: two floors, no bound on the change
    negative = series(ALL_BEDS, "张", [("baseline", 2020, 1000.0), ("target", 2022, -5.0), ("target", 2025, 2000.0)])
    one = series(ALL_BEDS, "张", [("baseline", 2020, 1.0), ("target", 2025, 32.0)])  # a start of 1 is a start
    outs = run_each([wrong_unit, two_floors, negative, one])
    cagr = round_sensibly((2 ** 0.2 - 1) * 100)
    assert [out[["year", "value", "comparator"]].values.tolist() for out in outs] == [
        [[2025, cagr, "="]], [[2025, cagr, "<="]], [[2025, cagr, "="]], [[2025, 100.0, "="]]]


def test_a_nursing_share_over_a_total_of_one_bed():
    assert run(beds(nursing={"value": 1.0}, total={"value": 1.0}))["value"].tolist() == [100.0]


def test_change_needs_the_same_unit_label_and_qualifier():
    rows = series(ALL_BEDS, "张", [("baseline", 2020, 10.0), ("target", 2025, 20.0)])
    unit, label, qualifier, both = run_each([
        [rows[0], {**rows[1], "unit": "个"}], [rows[0], {**rows[1], "label": "别的"}],
        [rows[0], {**rows[1], "qualifier": "农村"}],
        [{**rows[0], "qualifier": "农村"}, {**rows[1], "qualifier": "农村"}]])
    assert unit.empty and label.empty and qualifier.empty
    assert both["qualifier"].tolist() == ["农村"]


def test_no_change_of_a_change_or_of_an_unmapped_row():
    rows = series(ALL_BEDS + CHANGE, "%/年", [("baseline", 2020, 1.0), ("target", 2025, 2.0)])
    assert run(rows).empty
    assert run(series("", "张", [("baseline", 2020, 1.0), ("target", 2025, 2.0)])).empty


def test_an_unprinted_unit_takes_the_codebooks_and_is_flagged():
    x = run(series(WORKERS, "", [("baseline", 2020, 1.0), ("target", 2025, 2.0)])).iloc[0]
    assert (x["unit"], x["value"]) == ("千分点/年", 0.2)
    assert x["flags"] == "derived;" + UNIT_ASSUMED_FLAG
    assert x["note"].startswith("(2 − 1) / (2025 − 2020) = 0.2 per-mille points per year (baseline 2020 → target "
                                "2025); unit not printed, codebook unit ‰ assumed; quote, line and span")
    x = run(series(ALL_BEDS, "", [("baseline", 2020, 1000.0), ("target", 2025, 2000.0)])).iloc[0]
    assert x["unit"] == "%/年" and x["note"].startswith("CAGR") and "codebook unit 张 assumed" in x["note"]


def test_the_change_keeps_the_targets_attribute():
    rows = series(ALL_BEDS, "张", [("baseline", 2020, 10.0), ("target", 2025, 20.0)])
    rows[1]["attribute"] = "binding"
    assert run(rows)["attribute"].tolist() == ["binding"]


# -------------------------------------------------------------------------------------------------- the whole
def test_derive_refuses_a_frame_without_tidy_columns():
    with pytest.raises(CmpError, match=r"^derive: the frame lacks column\(s\) row_id, jurisdiction"):
        derive(pd.DataFrame({"value": [1.0]}))


def test_output_order_and_no_duplicates():
    rows = std() + beds() + series(ALL_BEDS, "张", [("baseline", 2015, 1000.0), ("target", 2020, 2000.0)])
    rows += [written(year=2019)]
    out = run(rows + rows)  # each input twice: each slot agrees with itself, each derived row once
    assert out["indicator"].tolist() == [ALL_BEDS + CHANGE, NURSING_SHARE, RURAL_URBAN, RURAL_URBAN]
    assert out["year"].tolist() == [2020, 2020, 2019, 2020]
    assert out["row_id"].is_unique and list(out.index) == [0, 1, 2, 3]


def test_output_is_sorted_by_jurisdiction_indicator_year_kind_and_row_id():
    other = [{**x, "jurisdiction": "anhe", "row_id": x["row_id"] + "-a"} for x in std()]
    rows = std() + std(urban={"kind": "baseline", "row_id": "u0"}, rural={"kind": "baseline", "row_id": "v0"})
    out = run(rows + other)
    assert out[["jurisdiction", "kind"]].values.tolist() == [["anhe", "actual"], ["qingchuan", "actual"],
                                                             ["qingchuan", "baseline"]]
    out = run([written(row_id="b", value_raw="1.25:1"), written(row_id="a", value_raw="2:1")])
    assert out["derived_from"].tolist() == ["a", "b"]


def test_change_table_rows():
    rows = series(ALL_BEDS, "张", [("baseline", 2020, 5000.0), ("target", 2025, 8000.0, ">=")], label="养老床位")
    base = to_frame(rows)
    table = pd.concat([base, derive(base)], ignore_index=True)
    ch = change_table(table)
    assert list(ch.columns) == CHANGE_COLUMNS and len(ch) == 1
    x = ch.iloc[0]
    assert (x["jurisdiction"], x["indicator"], x["change_indicator"], x["label"], x["unit"]) == (
        "qingchuan", ALL_BEDS, ALL_BEDS + CHANGE, "养老床位", "张")
    assert (x["baseline_year"], x["baseline"], x["baseline_kind"], x["target_year"], x["target"]) == (
        2020, 5000.0, "baseline", 2025, 8000.0)
    assert (x["target_comparator"], x["change"], x["change_unit"], x["comparator"]) == (">=", 9.86, "%/年", ">=")
    assert (x["baseline_row_id"], x["target_row_id"]) == ("baseline2020", "target2025")
    assert x["row_id"] == table.iloc[2]["row_id"] and x["flags"] == "derived" and x["note"].startswith("CAGR")
    assert len(change_table(table, "qingchuan")) == 1 and change_table(table, "wutong").empty
    # a change whose inputs are gone, and derived rows that are not changes, give no row
    assert change_table(table[table["row_id"] != "target2025"]).empty
    ratio = pd.concat([to_frame(std()), derive(to_frame(std()))], ignore_index=True)
    assert change_table(ratio).empty and list(change_table(ratio).columns) == CHANGE_COLUMNS
    assert x["qualifier"] == ""


def test_change_table_skips_a_change_whose_inputs_are_gone_and_goes_on():
    a = series(ALL_BEDS, "张", [("baseline", 2015, 1000.0), ("target", 2020, 2000.0)], label="甲")
    b = series(NURSING_SHARE, "%", [("baseline", 2015, 10.0), ("target", 2020, 20.0)], label="乙")
    b = [{**x, "row_id": "b-" + x["row_id"]} for x in b]
    base = to_frame(a + b)
    table = pd.concat([base, derive(base)], ignore_index=True)
    table = table[table["row_id"] != a[1]["row_id"]]
    assert change_table(table)["indicator"].tolist() == [NURSING_SHARE]


def test_change_table_takes_the_targets_unit_when_the_baseline_prints_none():
    rows = series(ALL_BEDS, "张", [("baseline", 2020, 5000.0), ("target", 2025, 8000.0)])
    base = to_frame(rows)
    table = pd.concat([base, derive(base)], ignore_index=True)
    table.loc[0, "unit"] = ""
    assert change_table(table).iloc[0]["unit"] == "张"


def test_a_small_positive_urban_standard_still_gives_a_ratio_and_a_skipped_year_does_not_stop_the_rest():
    assert run(std(urban={"value": 0.5}, rural={"value": 0.4}))["value"].tolist() == [80.0]
    rows = std(urban={"year": 2019, "value": 0.0}, rural={"year": 2019}) + [
        {**x, "row_id": x["row_id"] + "2"} for x in std()]
    assert of(run(rows), RURAL_URBAN)["year"].tolist() == [2020]


@pytest.mark.parametrize("skip", [{"unit": "%"}, {"comparator": ">="}])
def test_a_year_skipped_for_its_unit_or_its_comparators_does_not_stop_the_later_years(skip):
    """2019's pair is unusable (the rural standard in another unit family, or both standards floors, whose ratio
    has no bound); 2020's pair still gives its ratio."""
    urban_2019 = {"year": 2019, "comparator": skip.get("comparator", "=")}
    rows = std(urban=urban_2019, rural={"year": 2019, **skip}) + [{**x, "row_id": x["row_id"] + "2"} for x in std()]
    assert of(run(rows), RURAL_URBAN)[["year", "value"]].to_dict("records") == [{"year": 2020, "value": 75.0}]
