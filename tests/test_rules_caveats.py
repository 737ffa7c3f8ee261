"""Rule-level tests of the one caveat rule (cmp.present.compare.row_caveats), which the comparison frame, its notes
and the charts all use: each caveat on a made-up row of an invented document (梧桐区's 14th plan), one rule per
assertion, and the chart taking the same codes whether or not its frame came from cmp.compare."""

from __future__ import annotations

import pandas as pd
import pytest

from cmp.present import charts
from cmp.present.compare import fact_values, is_previous_plan, row_caveats

IND = "elderly_care.beds_per_1000_elderly"
ME = {"denominator": "1,000 elderly", "scope": "jurisdiction"}
PLAN_14 = {"jurisdiction": "wutong", "period": "2021-2025", "title": "梧桐区“十四五”民政事业发展规划",
           "name_en": "Wutong District", "name_zh": "梧桐区", "level": "district", "doc_kind": "plan"}
DRAFT = {**PLAN_14, "title": "梧桐区“十四五”民政事业发展规划(征求意见稿)"}


def row(**kw) -> dict:
    """A plain 2025 target of 梧桐区 printed in its table: no caveat at all."""
    out = {"jurisdiction": "wutong", "indicator": IND, "kind": "target", "year": 2025, "value": 40.0,
           "comparator": "=", "method": "table", "plan": "14th-fyp", "flags": "", "fact_id": "f1"}
    out.update(kw)
    return out


def codes(r: dict, meta: dict = PLAN_14, readings: dict | None = None, mixed_with=()) -> list[str]:
    return [c for c, _ in row_caveats(r, ME, meta, readings or {}, mixed_with)]


def test_a_plain_printed_point_target_of_the_documents_own_plan_has_no_caveat():
    assert row_caveats(row(), ME, PLAN_14, {}) == []


@pytest.mark.parametrize(("comparator", "expected"), [(">=", ["floor"]), ("<=", ["ceiling"]), ("=", []), ("", [])])
def test_a_bound_is_a_floor_or_a_ceiling(comparator, expected):
    assert codes(row(comparator=comparator)) == expected


def test_a_derived_value_says_so():
    assert codes(row(method="derived")) == ["derived"]
    assert codes(row(method="prose")) == []


@pytest.mark.parametrize("kind", ["target", "baseline"])
def test_a_target_or_a_baseline_of_the_previous_plan_is_a_previous_plan_caveat(kind):
    got = row_caveats(row(kind=kind, year=2015 if kind == "baseline" else 2020, plan="13th-fyp"), ME, PLAN_14, {})
    assert got == [("previous_plan", {"plan_en": "13th Five-Year Plan", "plan_zh": "“十三五”规划"})]


def test_an_actual_of_the_previous_plan_is_a_fact_of_its_year_not_a_caveat():
    assert codes(row(kind="actual", year=2020, plan="13th-fyp")) == []


@pytest.mark.parametrize("plan", ["14th-fyp", "15th-fyp", "", "annual-2023"])
def test_the_documents_own_a_later_or_no_plan_is_not_previous(plan):
    assert codes(row(plan=plan)) == []


def test_previous_means_ending_before_the_documents_plan_begins():
    assert is_previous_plan("13th-fyp", "14th-fyp") and is_previous_plan("12th-fyp", "14th-fyp")
    assert not is_previous_plan("14th-fyp", "14th-fyp") and not is_previous_plan("15th-fyp", "14th-fyp")
    assert not is_previous_plan("13th-fyp", "") and not is_previous_plan("", "14th-fyp")


def test_a_draft_document_marks_every_row():
    assert codes(row(), DRAFT) == ["draft"]
    assert codes(row(kind="actual"), DRAFT) == ["draft"]


def test_an_inferred_year_says_so():
    assert codes(row(flags="range;year_assumed")) == ["year_inferred"]


def test_disputed_lists_every_reading_of_the_fact_once_in_order():
    got = row_caveats(row(flags="conflict"), ME, PLAN_14, {"f1": [40.0, 42.5, 40.0], "f2": [7.0]})
    assert got == [("disputed", {"values": "40 / 42.5"})]
    assert codes(row(flags="conflict_checked")) == []


def test_an_off_series_value_is_mixed_scope_with_what_it_fits():
    got = row_caveats(row(flags="denominator_suspect"), ME, PLAN_14, {})
    assert got == [("mixed_scope", {"denominator_en": "per 1,000 residents", "denominator_zh": "千名常住人口",
                                    "common_en": "per 1,000 elderly", "common_zh": "千名老年人"})]
    per_unit = dict(row_caveats(row(flags="per_unit_floor"), ME, PLAN_14, {}))["mixed_scope"]
    assert per_unit["denominator_en"] == "each institution or unit (a floor each must meet)"


def test_an_indicator_beside_others_of_another_denominator_is_mixed_scope():
    other = {"denominator": "1,000 residents", "scope": "jurisdiction"}
    got = row_caveats(row(), ME, PLAN_14, {}, [other, other])
    assert got == [("mixed_scope", {"denominator_en": "per 1,000 elderly", "denominator_zh": "千名老年人",
                                    "common_en": "per 1,000 residents", "common_zh": "千名常住人口"})]


def test_the_codes_come_in_one_fixed_order():
    r = row(kind="baseline", year=2015, plan="13th-fyp", comparator=">=", method="derived",
            flags="denominator_suspect;year_assumed;conflict")
    assert codes(r, DRAFT, {"f1": [1.0, 2.0]}) == ["mixed_scope", "floor", "derived", "previous_plan", "draft",
                                                   "year_inferred", "disputed"]


def test_fact_values_are_the_numbers_of_each_facts_readings():
    tab = pd.DataFrame({"fact_id": ["f1", "f1", "f2", "f3"], "row_id": ["a", "b", "c", "d"],
                        "value": [40.0, 42.0, None, 5.0], "preferred": [True, False, True, True]})
    assert fact_values(tab, ["f1", "f2"]) == {"f1": [40.0, 42.0]}


# ------------------------------------------------------------------------------------- the chart, same rule
def chart_frame(**kw) -> pd.DataFrame:
    r = {**row(**kw), "unit": "张", "value_low": None, "value_high": None, "value_text": "40", "row_id": "r1",
         "qualifier": "", "preferred": True, "denominator": "1,000 elderly", "scope": "jurisdiction"}
    return pd.DataFrame([r])


@pytest.mark.parametrize("kw", [{"comparator": ">="}, {"kind": "baseline", "year": 2015, "plan": "13th-fyp"},
                                {"method": "derived", "flags": "year_assumed"}, {}])
def test_a_chart_of_a_frame_without_codes_applies_the_same_rule(kw):
    manifest = [PLAN_14]
    data = charts.chart_points(chart_frame(**kw), IND, ["wutong"], manifest)
    point = data.points.iloc[0]
    assert charts._codes_of(point, data, {"wutong": PLAN_14}) == row_caveats(row(**kw), ME, PLAN_14, {})


def test_a_chart_lists_the_disputed_readings_of_its_table():
    frame = chart_frame(flags="conflict")
    table = pd.concat([frame, frame.assign(row_id="r2", value=44.0, preferred=False)], ignore_index=True)
    data = charts.chart_points(frame, IND, ["wutong"], [PLAN_14], table=table)
    assert charts._codes_of(data.points.iloc[0], data, {"wutong": PLAN_14}) == [("disputed", {"values": "40 / 44"})]


def test_a_chart_takes_cmp_compares_codes_and_details_when_the_frame_has_them():
    frame = chart_frame(comparator=">=").assign(caveat_codes="floor;draft")
    frame.attrs["caveats"] = [{"jurisdiction": "wutong", "indicator": IND, "code": "draft", "details": {},
                               "rows": ["r1"]}]
    data = charts.chart_points(frame, IND, ["wutong"], [PLAN_14])
    assert charts._codes_of(data.points.iloc[0], data, {"wutong": PLAN_14}) == [("floor", {}), ("draft", {})]
    notes = charts.note_items(data, {"wutong": PLAN_14}, "en")
    assert notes == ["Wutong District: floor (≥), not a point target ①, draft document"]
